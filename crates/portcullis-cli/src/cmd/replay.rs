//! `portcullis replay` and `portcullis diff`: re-decide past actions under another policy.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use portcullis::{Action, DecideInput, Effect, Program, SessionView};
use serde_json::{Value, json};

use crate::common::{load_policies, read_input};

/// Re-decide past actions under a new policy and show every decision that would change.
///
/// The input is a ledger (`portcullis ledger`), an audit log of `{decision, action}` lines,
/// or plain actions (one JSON object per line) together with `--baseline POLICY` to compare
/// against. Decisions are made statelessly (no session counters), so limits and approvals are
/// not replayed.
///
/// Examples:
///   portcullis replay --policy new.yaml --input decisions.ndjson
///   portcullis replay --policy new.yaml --baseline old.yaml --input calls.jsonl --json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct ReplayArgs {
    /// The new policy (repeat to compose).
    #[arg(long = "policy", short = 'p', required = true, value_name = "FILE")]
    policy: Vec<PathBuf>,
    /// Compare against this policy instead of the recorded decisions.
    #[arg(long, value_name = "FILE")]
    baseline: Vec<PathBuf>,
    /// Ledger, audit log, or actions (JSONL; `-` for stdin).
    #[arg(long, short = 'i', value_name = "FILE")]
    input: PathBuf,
    /// Print a JSON report.
    #[arg(long)]
    json: bool,
    /// Exit 1 when any decision changes.
    #[arg(long)]
    fail_on_change: bool,
}

/// Decide the same actions under two policies and show where they differ.
///
/// Examples:
///   portcullis diff old.yaml new.yaml --input testdata/bench/corpus.jsonl
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct DiffArgs {
    /// The old policy.
    old: PathBuf,
    /// The new policy.
    new: PathBuf,
    /// Actions (or a ledger / audit log) as JSONL; `-` for stdin.
    #[arg(long, short = 'i', value_name = "FILE")]
    input: PathBuf,
    /// Print a JSON report.
    #[arg(long)]
    json: bool,
    /// Exit 1 when any decision changes.
    #[arg(long)]
    fail_on_change: bool,
}

/// A decision that changed.
struct Change {
    line: usize,
    tool: String,
    old: (Effect, Vec<String>),
    new: (Effect, Vec<String>, String),
}

/// One input line: an action and, when recorded, its decision and rules.
struct Item {
    line: usize,
    action: Action,
    recorded: Option<(Effect, Vec<String>)>,
}

fn parse_items(text: &str) -> anyhow::Result<(Vec<Item>, usize)> {
    let mut items = Vec::new();
    let mut skipped = 0;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => bail!("line {}: not JSON: {e}", i + 1),
        };
        if v.get("type").and_then(Value::as_str) == Some("checkpoint") {
            continue;
        }
        let (action_v, decision_v) = match (v.get("action"), v.get("decision")) {
            (Some(a), Some(d)) if a.is_object() => (a.clone(), Some(d)),
            (None, Some(_)) => {
                // A ledger in privacy mode keeps only the action's hash.
                skipped += 1;
                continue;
            }
            _ => (v.clone(), None),
        };
        let action =
            Action::from_value(action_v).map_err(|e| anyhow::anyhow!("line {}: {e}", i + 1))?;
        let recorded = decision_v.and_then(|d| {
            let effect = d
                .get("decision")
                .and_then(Value::as_str)
                .and_then(Effect::parse)?;
            let rules = d
                .get("rule_ids")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            Some((effect, rules))
        });
        items.push(Item {
            line: i + 1,
            action,
            recorded,
        });
    }
    Ok((items, skipped))
}

fn compare(
    items: &[Item],
    baseline: Option<&Program>,
    new: &Program,
    skipped: usize,
    json: bool,
    fail_on_change: bool,
) -> anyhow::Result<u8> {
    let session = SessionView::default();
    let input = DecideInput::default();
    let mut changes = Vec::new();
    let mut transitions: BTreeMap<String, usize> = BTreeMap::new();
    let mut new_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for it in items {
        let old = match (baseline, &it.recorded) {
            (Some(p), _) => {
                let d = p.decide(&it.action, &session, &input);
                (d.decision, d.rule_ids)
            }
            (None, Some(r)) => r.clone(),
            (None, None) => bail!(
                "line {} is a plain action with no recorded decision\n  help: pass `--baseline POLICY`, or replay a ledger or audit log",
                it.line
            ),
        };
        let d = new.decide(&it.action, &session, &input);
        *new_counts.entry(d.decision.as_str()).or_default() += 1;
        if d.decision != old.0 || d.rule_ids != old.1 {
            *transitions
                .entry(format!("{} → {}", old.0, d.decision))
                .or_default() += 1;
            changes.push(Change {
                line: it.line,
                tool: it.action.tool.clone(),
                old,
                new: (d.decision, d.rule_ids, d.reason),
            });
        }
    }
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    if json {
        let list: Vec<Value> = changes
            .iter()
            .map(|c| {
                json!({
                    "line": c.line, "tool": c.tool,
                    "old": {"decision": c.old.0, "rule_ids": c.old.1},
                    "new": {"decision": c.new.0, "rule_ids": c.new.1, "reason": c.new.2},
                })
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut w,
            &json!({"total": items.len(), "skipped": skipped, "changed": changes.len(),
                    "transitions": transitions, "new_decisions": new_counts, "changes": list}),
        )?;
        writeln!(w)?;
    } else {
        for c in &changes {
            writeln!(
                w,
                "line {}: {} {} → {} {:?}  ({})",
                c.line, c.tool, c.old.0, c.new.0, c.new.1, c.new.2
            )?;
        }
        writeln!(w, "{} of {} decisions change", changes.len(), items.len())?;
        for (t, n) in &transitions {
            writeln!(w, "  {t}: {n}")?;
        }
        if skipped > 0 {
            writeln!(
                w,
                "  ({skipped} entries skipped: recorded without the action, privacy mode)"
            )?;
        }
    }
    Ok(u8::from(fail_on_change && !changes.is_empty()))
}

pub(crate) fn replay(a: ReplayArgs) -> anyhow::Result<u8> {
    let (items, skipped) = parse_items(&read_input(&a.input)?)?;
    let new = Program::compile(load_policies(&a.policy)?);
    let baseline = if a.baseline.is_empty() {
        None
    } else {
        Some(Program::compile(load_policies(&a.baseline)?))
    };
    compare(
        &items,
        baseline.as_ref(),
        &new,
        skipped,
        a.json,
        a.fail_on_change,
    )
}

pub(crate) fn diff(a: DiffArgs) -> anyhow::Result<u8> {
    let (items, skipped) = parse_items(&read_input(&a.input)?)?;
    let old = Program::compile(load_policies(std::slice::from_ref(&a.old))?);
    let new = Program::compile(load_policies(std::slice::from_ref(&a.new))?);
    compare(&items, Some(&old), &new, skipped, a.json, a.fail_on_change)
}
