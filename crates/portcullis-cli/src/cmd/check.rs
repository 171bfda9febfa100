//! `portcullis check`: decide one action, or a JSONL batch.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use portcullis::{Action, Decision, DecisionError, Effect, Guard};

use crate::common::{ActionArgs, PolicyArgs, read_input};
use crate::output;

/// Decide one tool call (or a batch) and print the decision.
///
/// Examples:
///   portcullis check --tool Bash --arg command='rm -rf ~'
///   portcullis check --tool read_file --arg path=.env --json
///   portcullis check --policy policy.yaml --input calls.jsonl > decisions.jsonl
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
    /// Read actions from a JSONL file (`-` for stdin) and write one decision per line.
    #[arg(long, short = 'i', value_name = "FILE", conflicts_with = "tool")]
    pub(crate) input: Option<PathBuf>,
    /// Print the decision as JSON (batches are always JSON lines).
    #[arg(long)]
    pub(crate) json: bool,
    /// Include a trace of every rule tried.
    #[arg(long)]
    pub(crate) trace: bool,
}

pub(crate) fn guard(policy: &PolicyArgs, trace: bool) -> anyhow::Result<Guard> {
    let p = policy.load()?;
    Guard::builder()
        .policy(p)
        .trace(trace)
        .build()
        .context("building the guard")
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    let guard = guard(&a.policy, a.trace)?;
    if let Some(input) = &a.input {
        return batch(&guard, &read_input(input)?);
    }
    let action = a.action.build()?;
    let d = guard.check(&action);
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

/// A decision for a line that is not a valid action: deny, with the error.
pub(crate) fn invalid_line(guard: &Guard, line_no: usize, message: &str) -> Decision {
    let mut d = guard.check(&Action::new("<invalid>", serde_json::Map::new()));
    d.decision = Effect::Deny;
    d.would_decision = Effect::Deny;
    d.rule_ids.clear();
    d.findings.clear();
    d.redactions = None;
    d.reason = format!("line {line_no} is not a valid action: {message}");
    d.errors = vec![DecisionError::new("action_invalid", d.reason.clone())];
    d
}

fn batch(guard: &Guard, text: &str) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let d = match Action::from_json(line) {
            Ok(action) => guard.check(&action),
            Err(e) => invalid_line(guard, i + 1, e.message()),
        };
        serde_json::to_writer(&mut w, &d)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(0)
}
