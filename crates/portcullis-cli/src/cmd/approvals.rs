//! `portcullis approvals`: list, show, grant and refuse pending approvals.

use std::io::Write;

use anyhow::Context as _;
use portcullis::{Approval, ApprovalFilter, ApprovalStatus, rfc3339};

use crate::common::StateArgs;

/// Answer `require_approval` decisions.
///
/// A grant covers exactly one later call of the same action (same tool, arguments and
/// principal) before the approval's deadline; a refusal makes that call a deny.
///
/// Examples:
///   portcullis approvals list
///   portcullis approvals grant apr_3f2a… --by alice --note "ticket OPS-12"
///   portcullis approvals deny apr_3f2a…
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
    /// List approvals (newest first; pending only unless `--all` or `--status`).
    List {
        /// Show every status.
        #[arg(long)]
        all: bool,
        /// Only this status.
        #[arg(long, value_parser = ["pending", "granted", "denied", "consumed", "expired"])]
        status: Option<String>,
        /// Only this session.
        #[arg(long)]
        session: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one approval.
    Show {
        /// The approval id (`apr_…`).
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Grant a pending approval: the same call may then run once.
    Grant {
        /// The approval id (`apr_…`).
        id: String,
        /// Who grants it (default: $USER).
        #[arg(long)]
        by: Option<String>,
        /// Why.
        #[arg(long)]
        note: Option<String>,
    },
    /// Refuse a pending approval: the call stays denied.
    Deny {
        /// The approval id (`apr_…`).
        id: String,
        /// Who refuses it (default: $USER).
        #[arg(long)]
        by: Option<String>,
        /// Why.
        #[arg(long)]
        note: Option<String>,
    },
}

fn who(by: Option<String>) -> Option<String> {
    by.or_else(|| std::env::var("USER").ok())
}

fn line(a: &Approval) -> String {
    format!(
        "{}  {:<8}  {}  approver={}  session={}  deadline={}\n    {}\n    {}",
        a.approval_id,
        a.status,
        a.tool,
        a.approver.as_deref().unwrap_or("-"),
        a.session.as_deref().unwrap_or("-"),
        rfc3339(a.deadline_ms),
        a.reason,
        a.summary
    )
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    let store = a.state.open()?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match a.command {
        Command::List {
            all,
            status,
            session,
            json,
        } => {
            let status = match (status, all) {
                (Some(s), _) => ApprovalStatus::parse(&s),
                (None, true) => None,
                (None, false) => Some(ApprovalStatus::Pending),
            };
            let list = store.approvals(&ApprovalFilter {
                status,
                session,
                limit: None,
            })?;
            if json {
                serde_json::to_writer_pretty(&mut w, &list)?;
                writeln!(w)?;
            } else if list.is_empty() {
                writeln!(w, "no approvals")?;
            } else {
                for ap in &list {
                    writeln!(w, "{}", line(ap))?;
                }
            }
            Ok(0)
        }
        Command::Show { id, json } => {
            let ap = store
                .approval(&id)?
                .with_context(|| format!("no approval `{id}`"))?;
            if json {
                serde_json::to_writer_pretty(&mut w, &ap)?;
                writeln!(w)?;
            } else {
                writeln!(w, "{}", line(&ap))?;
            }
            Ok(0)
        }
        Command::Grant { id, by, note } => {
            let ap = store.grant(&id, who(by).as_deref(), note.as_deref())?;
            writeln!(
                w,
                "granted {} until {}: {}",
                ap.approval_id,
                rfc3339(ap.deadline_ms),
                ap.summary
            )?;
            Ok(0)
        }
        Command::Deny { id, by, note } => {
            let ap = store.deny_approval(&id, who(by).as_deref(), note.as_deref())?;
            writeln!(w, "refused {}: {}", ap.approval_id, ap.summary)?;
            Ok(0)
        }
    }
}
