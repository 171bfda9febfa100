//! `portcullis check`: decide one action, or a JSONL batch.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::bail;
use portcullis::{Action, ApprovalStatus, Decision, DecisionError, Effect, Guard};

use crate::common::{
    ActionArgs, AuditArgs, PolicyArgs, StateArgs, build_guard, guard_options, read_input,
};
use crate::output;

/// Decide one tool call (or a batch) and print the decision.
///
/// Examples:
///   portcullis check --tool Bash --arg command='rm -rf ~'
///   portcullis check --tool read_file --arg path=.env --json
///   portcullis check --tool deploy --arg env=prod --session s1 --wait 10m
///   portcullis check --policy policy.yaml --input calls.jsonl > decisions.jsonl
///
/// Session counters, rate limits and approvals are kept in the state file (see `--state`), so
/// a `require_approval` answer can be granted with `portcullis approvals grant ID` and the same
/// call then goes through once. With `--wait` the command blocks until the approval is answered.
///
/// A batch (`--input`) reads one JSON action per line (`{"tool","args","principal",…}`) and
/// writes one decision per line, in input order; a line that is not a valid action gets a
/// `deny` decision with the error listed. Single-action exit code: 0 when the call may run,
/// 1 when it may not; batches exit 0 once every line is decided.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
    #[command(flatten)]
    pub(crate) action: ActionArgs,
    #[command(flatten)]
    pub(crate) state: StateArgs,
    #[command(flatten)]
    pub(crate) audit: AuditArgs,
    /// Read actions from a JSONL file (`-` for stdin) and write one decision per line.
    #[arg(long, short = 'i', value_name = "FILE", conflicts_with = "tool")]
    pub(crate) input: Option<PathBuf>,
    /// Print the decision as JSON (batches are always JSON lines).
    #[arg(long)]
    pub(crate) json: bool,
    /// Include a trace of every rule tried.
    #[arg(long)]
    pub(crate) trace: bool,
    /// When the answer is `require_approval`, wait up to DURATION (`30s`, `10m`) for a human to
    /// grant or refuse it, then decide again.
    #[arg(long, value_name = "DURATION", conflicts_with = "input")]
    pub(crate) wait: Option<String>,
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    let wait = match &a.wait {
        Some(w) => match portcullis_policy::parse_duration(w) {
            Some(secs) if secs > 0 => Some(Duration::from_secs(secs)),
            _ => bail!(
                "invalid duration `{w}` for `--wait`\n  help: write a number with a unit: `30s`, `10m`, `1h`"
            ),
        },
        None => None,
    };
    let opts = guard_options(&a.policy, a.state.option(true), Some(&a.audit), a.trace);
    let guard = build_guard(&opts)?;
    if let Some(input) = &a.input {
        let code = batch(&guard, &read_input(input)?);
        finish(&guard)?;
        return code;
    }
    let action = a.action.build()?;
    let mut d = guard.check(&action);
    if let (Some(limit), Effect::RequireApproval) = (wait, d.decision) {
        d = wait_for_approval(&guard, &action, d, limit);
    }
    finish(&guard)?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    if a.json {
        serde_json::to_writer(&mut w, &d)?;
        writeln!(w)?;
    } else {
        output::decision(&mut w, &d, output::color())?;
    }
    w.flush()?;
    Ok(output::exit_code(&d))
}

fn finish(guard: &Guard) -> anyhow::Result<()> {
    guard.flush().map_err(|e| anyhow::anyhow!("{e}"))
}

/// Polls the approval until it is answered, expires, or `limit` passes; then decides again.
fn wait_for_approval(guard: &Guard, action: &Action, first: Decision, limit: Duration) -> Decision {
    let (Some(store), Some(id)) = (guard.store(), first.approval_id.clone()) else {
        return first;
    };
    eprintln!("waiting for approval {id} (grant with: portcullis approvals grant {id})");
    let start = Instant::now();
    loop {
        match store.approval(&id) {
            Ok(Some(a)) if a.status != ApprovalStatus::Pending => return guard.check(action),
            Ok(None) | Err(_) => return guard.check(action),
            Ok(Some(_)) => {}
        }
        if start.elapsed() >= limit {
            let mut d = first;
            d.reason = format!("{}; no answer to approval {id} within the wait", d.reason);
            return d;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A decision for a line that is not a valid action: deny, with the error.
pub(crate) fn invalid_line(guard: &Guard, line_no: usize, message: &str) -> Decision {
    let mut d = guard.check(&Action::new("<invalid>", serde_json::Map::new()));
    d.decision = Effect::Deny;
    d.would_decision = Effect::Deny;
    d.rule_ids.clear();
    d.findings.clear();
    d.redactions = None;
    d.approval_id = None;
    d.reason = format!("line {line_no} is not a valid action: {message}");
    d.errors = vec![DecisionError::new("action_invalid", d.reason.clone())];
    d
}

/// Lines decided and recorded together (one ledger commit per chunk).
const BATCH: usize = 64;

fn batch(guard: &Guard, text: &str) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    for chunk in lines.chunks(BATCH) {
        // Valid lines are decided as one batch; invalid ones get their deny in place.
        let parsed: Vec<Result<Action, String>> = chunk
            .iter()
            .map(|(_, l)| Action::from_json(l).map_err(|e| e.message().to_owned()))
            .collect();
        let actions: Vec<Action> = parsed
            .iter()
            .filter_map(|p| p.as_ref().ok().cloned())
            .collect();
        let mut decided = guard.check_batch(&actions).into_iter();
        for ((i, _), p) in chunk.iter().zip(&parsed) {
            let d = match p {
                Ok(_) => match decided.next() {
                    Some(d) => d,
                    None => invalid_line(guard, i + 1, "internal error: missing decision"),
                },
                Err(msg) => invalid_line(guard, i + 1, msg),
            };
            serde_json::to_writer(&mut w, &d)?;
            w.write_all(b"\n")?;
        }
    }
    w.flush()?;
    Ok(0)
}
