#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod adapter;
mod codes;
mod commands;
mod expand;
mod ir;
mod opts;
mod paths;
mod walk;

use portcullis_types::Finding;

pub use codes::{ALL_CODES, is_destructive};

/// Longest command text analysed; longer input is reported as `shell.unparseable`.
pub const MAX_INPUT_BYTES: usize = 64 * 1024;

/// Most nested re-parses (`bash -c`, `eval`, `su -c`, `ssh host CMD`, text fed to a shell).
pub const MAX_REPARSE_DEPTH: u8 = 8;

/// Analyses one shell command line: what it runs, touches and contacts, and what is dangerous.
///
/// Never panics; work is bounded by [`MAX_INPUT_BYTES`], [`MAX_REPARSE_DEPTH`] and internal
/// step budgets. Anything that cannot be verified sets [`ShellAnalysis::unparseable`] and adds a
/// `shell.unparseable` finding.
pub fn analyze(command: &str) -> ShellAnalysis {
    walk::analyze(command)
}

/// Everything [`analyze`] learned about one command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShellAnalysis {
    /// Every simple command, wrappers unwrapped, recursively, in execution order.
    pub commands: Vec<SimpleCommand>,
    /// Findings; `location` is `None`, `span` is a byte span in the input when known.
    pub findings: Vec<Finding>,
    /// The parse was not clean or a depth/size cap was hit.
    pub unparseable: bool,
    /// File paths the command touches, as written after word decoding.
    pub paths: Vec<PathUse>,
    /// Network endpoints the command contacts.
    pub network: Vec<NetUse>,
}

impl ShellAnalysis {
    /// The highest finding risk, 0 when there is none.
    pub fn max_risk(&self) -> u8 {
        self.findings.iter().map(|f| f.risk).max().unwrap_or(0)
    }

    /// Every finding code, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.findings.iter().map(|f| f.code.as_str())
    }

    /// Whether a finding with `code` is present.
    pub fn has(&self, code: &str) -> bool {
        self.codes().any(|c| c == code)
    }
}

/// One simple command after unwrapping wrappers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    /// The program: basename, quotes and backslashes removed (`/bin/r''m` → `rm`).
    pub name: String,
    /// The arguments after expansion.
    pub args: Vec<Word>,
    /// The wrappers that led here, outermost first (`sudo`, `env`, `xargs`, `bash -c`…).
    pub wrappers: Vec<String>,
    /// Re-parse depth: 0 for the input itself, 1 inside `bash -c "…"`, and so on.
    pub depth: u8,
}

/// One argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// Fully known text.
    Static(String),
    /// Depends on run-time values; the raw text with the known parts decoded.
    Dynamic(String),
}

impl Word {
    /// The text, static or raw.
    pub fn as_str(&self) -> &str {
        match self {
            Word::Static(s) | Word::Dynamic(s) => s,
        }
    }

    /// Whether the value is fully known.
    pub fn is_static(&self) -> bool {
        matches!(self, Word::Static(_))
    }
}

/// A file path a command touches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PathUse {
    /// The path as written after decoding (`~/.ssh/id_*`, `$HOME` shown as `~`); globs kept.
    pub path: String,
    /// What the command does with it.
    pub access: Access,
    /// The command that touches it.
    pub command: String,
}

/// How a path is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    /// Read.
    Read,
    /// Created, written, appended or modified (including permissions).
    Write,
    /// Deleted.
    Delete,
    /// Executed or sourced.
    Execute,
    /// Sent over the network.
    Upload,
}

/// A network endpoint a command contacts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NetUse {
    /// The command.
    pub command: String,
    /// URL or `host[:port]` as written.
    pub target: String,
    /// What kind of contact.
    pub kind: NetKind,
    /// Local files sent, when known.
    pub files: Vec<String>,
}

/// The kind of a network contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NetKind {
    /// Downloads content.
    Fetch,
    /// Sends local data.
    Upload,
    /// Opens a connection (ssh, nc, telnet, `/dev/tcp`).
    Connect,
    /// Gives a remote party a shell.
    ReverseShell,
    /// Talks to a git remote (push, clone, fetch, pull).
    GitRemote,
    /// Publishes a package.
    Publish,
    /// Sends mail.
    Mail,
    /// Resolves a name (possibly carrying data in it).
    Dns,
}
