//! `portcullis sessions`: inspect and reset session state.

use std::io::Write;

use anyhow::Context as _;
use portcullis::rfc3339;

use crate::common::StateArgs;

/// Inspect sessions (call counts, denials, severity, termination) and reset them.
///
/// A terminated session answers `terminate` to every call until an operator resets it.
///
/// Examples:
///   portcullis sessions list
///   portcullis sessions show claude-7f3a
///   portcullis sessions reset claude-7f3a
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    state: StateArgs,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Every session with state.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// One session's counters.
    Show {
        /// The session id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Forget a session's counters, severity and termination (approvals are kept).
    Reset {
        /// The session id.
        id: String,
    },
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    let store = a.state.open()?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match a.command {
        Command::List { json } => {
            let list = store.sessions()?;
            if json {
                serde_json::to_writer_pretty(&mut w, &list)?;
                writeln!(w)?;
            } else if list.is_empty() {
                writeln!(w, "no sessions")?;
            } else {
                for s in &list {
                    writeln!(
                        w,
                        "{}  calls={} denials={} severity={}{}  last={}",
                        s.session,
                        s.calls,
                        s.denials,
                        s.severity,
                        if s.terminated { " TERMINATED" } else { "" },
                        rfc3339(s.last_ms)
                    )?;
                }
            }
            Ok(0)
        }
        Command::Show { id, json } => {
            let s = store
                .session(&id)?
                .with_context(|| format!("no session `{id}`"))?;
            if json {
                serde_json::to_writer_pretty(&mut w, &s)?;
                writeln!(w)?;
            } else {
                let sum = &s.summary;
                writeln!(
                    w,
                    "session {}\n  calls {}  denials {}  severity {} (since {}){}",
                    sum.session,
                    sum.calls,
                    sum.denials,
                    sum.severity,
                    rfc3339(s.severity_since_ms),
                    if sum.terminated { "  TERMINATED" } else { "" }
                )?;
                for (t, n) in &s.calls_by_tool {
                    writeln!(w, "  tool {t}: {n}")?;
                }
                for (r, n) in &s.calls_by_rule {
                    writeln!(w, "  rule {r}: {n}")?;
                }
            }
            Ok(0)
        }
        Command::Reset { id } => {
            if store.reset_session(&id)? {
                writeln!(w, "reset session {id}")?;
                Ok(0)
            } else {
                writeln!(w, "session {id} had no state")?;
                Ok(1)
            }
        }
    }
}
