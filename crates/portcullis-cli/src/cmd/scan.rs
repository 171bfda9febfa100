//! `portcullis scan`: find and redact secrets in text.

use std::io::Write;
use std::path::PathBuf;

use portcullis_detect_secrets::{Scanner, redact};
use serde_json::json;

use crate::common::read_input;

/// Find secrets (API keys, tokens, private keys, database URLs with passwords, JWTs, …) in a
/// file or stdin, and print them redacted.
///
/// Offsets are bytes. Exit 1 when a secret is found, 0 when the text is clean.
///
/// Examples:
///   portcullis scan .env.production --json
///   git diff | portcullis scan -
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// The file (`-` for stdin).
    #[arg(default_value = "-")]
    file: PathBuf,
    /// Print `{"secret", "findings", "spans", "redacted"}`.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    let text = read_input(&a.file)?;
    let scanner = Scanner::builtin();
    let matches = scanner.scan(&text);
    let redacted = redact(&text, &matches);
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    if a.json {
        let findings: Vec<_> = matches
            .iter()
            .map(|m| json!({"code": m.code, "kind": m.kind, "start": m.start, "end": m.end}))
            .collect();
        let spans: Vec<_> = matches.iter().map(|m| [m.start, m.end]).collect();
        serde_json::to_writer(
            &mut w,
            &json!({"secret": !matches.is_empty(), "findings": findings, "spans": spans, "redacted": redacted}),
        )?;
        writeln!(w)?;
    } else {
        for m in &matches {
            writeln!(w, "{}:{}..{} {}", a.file.display(), m.start, m.end, m.code)?;
        }
        if matches.is_empty() {
            eprintln!("no secrets found");
        } else {
            eprintln!("{} secret(s) found; redacted text:", matches.len());
            write!(w, "{redacted}")?;
        }
    }
    Ok(u8::from(!matches.is_empty()))
}
