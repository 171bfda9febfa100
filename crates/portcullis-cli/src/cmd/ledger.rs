//! `portcullis ledger`: verify and read the signed decision ledger.

use std::io::Write;
use std::path::PathBuf;

use portcullis::ledger::{
    PublicKey, SidecarMode, VerifyOptions, read_records, tail, verify_file_with,
};

/// Verify and read a decision ledger.
///
/// `verify` needs only public keys. It checks every entry's signature, the hash chain,
/// sequence numbers, checkpoints, and the `FILE.head` sidecar (which catches a cut tail).
/// Exit 0 when intact; exit 1 naming the first bad entry and the kind of damage
/// (bad_signature, broken_chain, gap, reordered, truncated, unknown_key, malformed_line,
/// hash_mismatch).
///
/// Examples:
///   portcullis ledger verify decisions.ndjson --pubkey keys/ledger.pub
///   portcullis ledger tail decisions.ndjson -n 20
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Check signatures, chain, sequence and checkpoints.
    Verify {
        /// The ledger file.
        file: PathBuf,
        /// Public key(s) (`*.pub`: SPKI PEM, OpenSSH, or 64 hex); repeat for rotated keys.
        #[arg(long = "pubkey", required = true, value_name = "PUB")]
        pubkeys: Vec<PathBuf>,
        /// Sidecar check: `auto` (use FILE.head if present), `require`, `ignore`, or a path.
        #[arg(long, default_value = "auto")]
        sidecar: String,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print every record (not verified).
    Show {
        /// The ledger file.
        file: PathBuf,
        /// Print raw JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Print the last N records (not verified).
    Tail {
        /// The ledger file.
        file: PathBuf,
        /// How many.
        #[arg(short = 'n', default_value_t = 10)]
        n: usize,
        /// Print raw JSON lines.
        #[arg(long)]
        json: bool,
    },
}

fn summary(rec: &serde_json::Value) -> String {
    let r = |k: &str| rec.get(k).cloned().unwrap_or(serde_json::Value::Null);
    if rec.get("type").and_then(|t| t.as_str()) == Some("checkpoint") {
        return format!("checkpoint seq={} head={}", r("seq"), r("head"));
    }
    let d = r("decision");
    let tool = rec
        .get("action")
        .and_then(|a| a.get("tool"))
        .and_then(|t| t.as_str())
        .unwrap_or("(action hash only)");
    format!(
        "#{} {} {} {} {}",
        r("seq"),
        r("time").as_str().unwrap_or(""),
        d.get("decision").and_then(|x| x.as_str()).unwrap_or("?"),
        tool,
        d.get("reason").and_then(|x| x.as_str()).unwrap_or("")
    )
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match a.command {
        Command::Verify {
            file,
            pubkeys,
            sidecar,
            json,
        } => {
            let mut keys = Vec::new();
            for p in &pubkeys {
                keys.push(PublicKey::load(p).map_err(|e| anyhow::anyhow!("{e}"))?);
            }
            let mode = match sidecar.as_str() {
                "auto" => SidecarMode::Auto,
                "require" => SidecarMode::Require,
                "ignore" => SidecarMode::Ignore,
                p => SidecarMode::Path(PathBuf::from(p)),
            };
            let report = verify_file_with(&file, &keys, &VerifyOptions { sidecar: mode });
            if json {
                serde_json::to_writer_pretty(&mut w, &report)?;
                writeln!(w)?;
            } else {
                writeln!(w, "{report}")?;
            }
            Ok(u8::from(!report.ok))
        }
        Command::Show { file, json } => {
            for rec in read_records(&file).map_err(|e| anyhow::anyhow!("{e}"))? {
                let rec = rec.map_err(|e| anyhow::anyhow!("{e}"))?;
                let v = serde_json::to_value(&rec.record)?;
                if json {
                    serde_json::to_writer(&mut w, &v)?;
                    writeln!(w)?;
                } else {
                    writeln!(w, "{}", summary(&v))?;
                }
            }
            Ok(0)
        }
        Command::Tail { file, n, json } => {
            for rec in tail(&file, n).map_err(|e| anyhow::anyhow!("{e}"))? {
                let v = serde_json::to_value(&rec.record)?;
                if json {
                    serde_json::to_writer(&mut w, &v)?;
                    writeln!(w)?;
                } else {
                    writeln!(w, "{}", summary(&v))?;
                }
            }
            Ok(0)
        }
    }
}
