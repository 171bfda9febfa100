//! `portcullis explain`: the trace of one decision, or the selector reference.

use std::io::Write;

use portcullis_policy::{OPERATORS, known_selectors};

use crate::common::{ActionArgs, PolicyArgs};
use crate::output;

/// Show why an action gets its decision: every rule tried, each test and its result.
///
/// Examples:
///   portcullis explain --tool Bash --arg command='sudo rm -rf /'
///   portcullis explain --selectors        # every selector and operator rules can use
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    #[command(flatten)]
    policy: PolicyArgs,
    #[command(flatten)]
    action: ActionArgs,
    /// List the selectors and operators available in rules, then exit.
    #[arg(long)]
    selectors: bool,
    /// Print the decision with its trace as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    if a.selectors {
        writeln!(w, "selectors:")?;
        for s in known_selectors() {
            writeln!(w, "  {s}")?;
        }
        writeln!(w, "operators:\n  {}", OPERATORS.join(" "))?;
        writeln!(w, "combinators:\n  all any not")?;
        return Ok(0);
    }
    let opts = crate::common::guard_options(&a.policy, None, None, true);
    let guard = crate::common::build_guard(&opts)?;
    let action = a.action.build()?;
    let d = guard.check(&action);
    if a.json {
        serde_json::to_writer_pretty(&mut w, &d)?;
        writeln!(w)?;
        return Ok(output::exit_code(&d));
    }
    let on = output::color();
    let program = guard.program();
    let policy = program.policy();
    writeln!(
        w,
        "policy {} ({}, {} rules, default {}, mode {})",
        policy.sources.join(" + "),
        policy.format.as_str(),
        policy.rules.len(),
        policy.defaults.effect,
        policy.defaults.mode
    )?;
    writeln!(w, "tool `{}`", action.tool)?;
    let steps = d.trace.as_deref().unwrap_or_default();
    if steps.is_empty() {
        writeln!(w, "  no rule applies to this tool")?;
    }
    for s in steps {
        let mark = if s.matched { "match" } else { "  -  " };
        writeln!(w, "  {mark} {}: {}", s.rule_id, s.detail)?;
    }
    output::decision(&mut w, &d, on)?;
    Ok(output::exit_code(&d))
}
