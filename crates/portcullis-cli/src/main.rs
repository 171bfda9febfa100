//! The `portcullis` command.

mod cmd;
mod common;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Decisions, ledger entries and audit records are many small JSON allocations; mimalloc makes
// the signed-ledger path measurably faster than the system allocator (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "\
Exit codes:
  0  allowed (allow, alert, redact), or the command succeeded
  1  not allowed (deny, require_approval, terminate), or a check/test failed
  2  usage, configuration or internal error (bad flags, invalid policy, unreadable file)";

/// An execution guard for AI agents: decide every tool call before it runs.
///
/// Every proposed tool call (shell command, file read or write, HTTP request, SQL, MCP call,
/// payment) is answered with allow, deny, require_approval, redact, alert or terminate, from a
/// YAML policy plus built-in detectors. Without `--policy`, portcullis uses `./portcullis.yaml`
/// when it exists, else the built-in `coding-agent` pack.
#[derive(Debug, Parser)]
#[command(name = "portcullis", version, after_help = EXIT_CODES, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(cmd::check::Args),
    Explain(cmd::explain::Args),
    Validate(cmd::validate::Args),
    Test(cmd::test::Args),
    Init(cmd::init::Args),
    Bench(cmd::bench::Args),
    Scan(cmd::scan::Args),
    Approvals(cmd::approvals::Args),
    Sessions(cmd::sessions::Args),
    Keygen(cmd::keygen::Args),
    Ledger(cmd::ledger::Args),
    Replay(cmd::replay::ReplayArgs),
    Diff(cmd::replay::DiffArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let result = match cli.command {
        Command::Check(a) => cmd::check::run(a),
        Command::Explain(a) => cmd::explain::run(a),
        Command::Validate(a) => cmd::validate::run(a),
        Command::Test(a) => cmd::test::run(a),
        Command::Init(a) => cmd::init::run(a),
        Command::Bench(a) => cmd::bench::run(a),
        Command::Scan(a) => cmd::scan::run(a),
        Command::Approvals(a) => cmd::approvals::run(a),
        Command::Sessions(a) => cmd::sessions::run(a),
        Command::Keygen(a) => cmd::keygen::run(a),
        Command::Ledger(a) => cmd::ledger::run(a),
        Command::Replay(a) => cmd::replay::replay(a),
        Command::Diff(a) => cmd::replay::diff(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed stdout (`portcullis … | head`) is not an error (as in ripgrep).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
