//! `portcullis test`: run a policy's inline tests and corpus case files.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use portcullis::{Action, DecideInput, Policy, Program, SessionView};
use portcullis_test::CaseFile;

use crate::common::policy_error;
use crate::output;

/// Run the `tests:` of policy files, and decision-corpus case files.
///
/// A policy file's inline tests each give an action and the expected decision (and optionally
/// the exact matching rules and finding codes). A case file (`cases:` with `call:` and
/// `want:`) runs each case under its policy. Failures are shown as a diff; exit 1 when any
/// test fails.
///
/// Examples:
///   portcullis test portcullis.yaml
///   portcullis test testdata/corpus/shell/*.yaml
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// Policy files or case files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Show passing tests too.
    #[arg(long, short = 'v')]
    verbose: bool,
}

fn is_case_file(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| {
        t.lines().any(|l| l.starts_with("cases:"))
            && !t.lines().any(|l| l.starts_with("apiVersion:"))
    })
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    let on = output::color();
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &a.files {
        let results = if is_case_file(file) {
            run_cases(file)?
        } else {
            let policy = Policy::from_file(file)
                .map_err(|e| policy_error(&e, std::slice::from_ref(file)))?;
            if policy.tests.is_empty() {
                writeln!(w, "{}: no tests", file.display())?;
            }
            run_inline(&policy)
        };
        for (name, outcome) in results {
            match outcome {
                Ok(()) => {
                    passed += 1;
                    if a.verbose {
                        writeln!(
                            w,
                            "{} {}: {name}",
                            output::effect_label(portcullis::Effect::Allow, on)
                                .replace("allow", "ok"),
                            file.display()
                        )?;
                    }
                }
                Err(diff) => {
                    failed += 1;
                    writeln!(
                        w,
                        "{} {}: {name}\n{diff}",
                        output::effect_label(portcullis::Effect::Deny, on).replace("deny", "FAIL"),
                        file.display()
                    )?;
                }
            }
        }
    }
    writeln!(w, "{passed} passed, {failed} failed")?;
    Ok(u8::from(failed > 0))
}

type Outcome = (String, Result<(), String>);

fn run_inline(policy: &Policy) -> Vec<Outcome> {
    let tests = policy.tests.clone();
    let program = Program::compile(policy.clone());
    tests
        .into_iter()
        .map(|t| {
            let outcome = Action::from_value(t.action.clone())
                .map_err(|e| e.to_string())
                .and_then(|action| {
                    let d =
                        program.decide(&action, &SessionView::default(), &DecideInput::default());
                    let mut diff = String::new();
                    if d.decision != t.expect {
                        let _ = writeln!(
                            diff,
                            "  decision: want {}, got {} ({})",
                            t.expect, d.decision, d.reason
                        );
                    }
                    if let Some(rules) = &t.rules
                        && rules != &d.rule_ids
                    {
                        let _ = writeln!(diff, "  rules: want {rules:?}, got {:?}", d.rule_ids);
                    }
                    let codes: Vec<&str> = d.codes().collect();
                    for c in &t.codes {
                        if !codes.contains(&c.as_str()) {
                            let _ = writeln!(diff, "  codes: want `{c}`, got {codes:?}");
                        }
                    }
                    if diff.is_empty() {
                        Ok(())
                    } else {
                        Err(format!("{}  at {}", diff, t.origin))
                    }
                });
            (t.name, outcome)
        })
        .collect()
}

fn run_cases(path: &Path) -> anyhow::Result<Vec<Outcome>> {
    let file = CaseFile::load(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = Vec::new();
    for case in &file.cases {
        let outcome = file.policy_for(case).and_then(|p| {
            let program = Program::compile(p);
            let action = portcullis_test::action_of(case)?;
            let session = case.session.clone().unwrap_or_default();
            let d = program.decide(&action, &session, &DecideInput::default());
            portcullis_test::check(case, &d)
        });
        out.push((case.name.clone(), outcome));
    }
    Ok(out)
}
