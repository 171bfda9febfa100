//! `portcullis validate`: load policy files and report every problem.

use std::io::Write;
use std::path::PathBuf;

use portcullis::{Policy, PolicyError};
use serde_json::json;

/// Check policy files without deciding anything.
///
/// Every problem is reported with file:line:column, a stable code and a help line; exit 2 when
/// any file is invalid.
///
/// Example:
///   portcullis validate policy.yaml ../shared/bench/edictum_bundle.yaml
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// Policy files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print a JSON report.
    #[arg(long)]
    json: bool,
}

fn diag_json(d: &portcullis_policy::Diagnostic) -> serde_json::Value {
    json!({
        "code": d.code(),
        "message": d.message(),
        "file": d.file(),
        "line": d.line(),
        "column": d.column(),
        "help": d.help(),
    })
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    let mut failed = false;
    let mut report = Vec::new();
    for f in &a.files {
        match Policy::from_file(f) {
            Ok(p) if !p.compile_regexes().is_empty() => {
                failed = true;
                let errors = p.compile_regexes();
                if a.json {
                    report.push(json!({"file": f.display().to_string(), "ok": false,
                        "errors": errors.iter().map(|m| json!({"code": "policy_invalid_regex", "message": m})).collect::<Vec<_>>()}));
                } else {
                    for m in errors {
                        eprintln!("{m}");
                    }
                }
            }
            Ok(p) => {
                if a.json {
                    report.push(json!({
                        "file": f.display().to_string(), "ok": true,
                        "format": p.format.as_str(), "rules": p.rules.len(),
                        "policy_hash": p.hash,
                        "warnings": p.warnings.iter().map(diag_json).collect::<Vec<_>>(),
                    }));
                } else {
                    writeln!(
                        w,
                        "ok: {} ({}, {} rules, {} tests)",
                        f.display(),
                        p.format.as_str(),
                        p.rules.len(),
                        p.tests.len()
                    )?;
                    for warn in &p.warnings {
                        writeln!(w, "{warn}")?;
                    }
                }
            }
            Err(e) => {
                failed = true;
                if a.json {
                    let errors: Vec<_> = match &e {
                        PolicyError::Invalid(d) => d.iter().map(diag_json).collect(),
                        other => vec![json!({"code": other.code(), "message": other.to_string()})],
                    };
                    report.push(
                        json!({"file": f.display().to_string(), "ok": false, "errors": errors}),
                    );
                } else {
                    eprintln!("{e}");
                }
            }
        }
    }
    if a.json {
        serde_json::to_writer_pretty(&mut w, &report)?;
        writeln!(w)?;
    }
    Ok(if failed { 2 } else { 0 })
}
