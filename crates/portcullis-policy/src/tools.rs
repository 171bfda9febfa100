//! What a tool is: its kind and which arguments hold the command, path, URL or query.
//!
//! Detectors need to know what a call *does*. The `tools:` map of a policy says it for custom
//! tools; built-in aliases cover Claude Code, Gemini CLI, Codex, Cursor, MCP and common generic
//! names. Tools that are in neither are scanned generically (every string argument).

use std::collections::BTreeMap;

/// The kind of a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ToolKind {
    /// Runs a shell command.
    Shell,
    /// Reads a file.
    Read,
    /// Writes a file.
    Write,
    /// Edits a file in place.
    Edit,
    /// Lists or searches files.
    Search,
    /// Fetches a URL.
    Fetch,
    /// Runs SQL.
    Sql,
    /// An MCP tool.
    Mcp,
    /// Deploys something.
    Deploy,
    /// Moves money.
    Payment,
    /// Sends messages.
    Email,
    /// Anything else; scanned generically.
    Other,
}

impl ToolKind {
    /// Every kind with its policy spelling.
    pub const ALL: [(&'static str, ToolKind); 12] = [
        ("shell", ToolKind::Shell),
        ("read", ToolKind::Read),
        ("write", ToolKind::Write),
        ("edit", ToolKind::Edit),
        ("search", ToolKind::Search),
        ("fetch", ToolKind::Fetch),
        ("sql", ToolKind::Sql),
        ("mcp", ToolKind::Mcp),
        ("deploy", ToolKind::Deploy),
        ("payment", ToolKind::Payment),
        ("email", ToolKind::Email),
        ("other", ToolKind::Other),
    ];

    /// The policy spelling.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("other", |(n, _)| n)
    }

    /// Parses the policy spelling.
    pub fn parse(s: &str) -> Option<ToolKind> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }
}

/// What one tool is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolSpec {
    /// Its kind.
    pub kind: ToolKind,
    /// Arguments that hold a shell command (string, or list of argv strings).
    pub command: Vec<String>,
    /// Arguments that hold file paths.
    pub path: Vec<String>,
    /// Arguments that hold URLs.
    pub url: Vec<String>,
    /// Arguments that hold SQL.
    pub query: Vec<String>,
    /// Arguments that hold content to be written.
    pub content: Vec<String>,
    /// The argument naming the deploy/payment target.
    pub target: Option<String>,
    /// edictum's `side_effect` classification, when imported.
    pub side_effect: Option<String>,
}

impl ToolSpec {
    /// A spec of a kind with no argument names.
    pub fn of(kind: ToolKind) -> ToolSpec {
        ToolSpec {
            kind,
            command: Vec::new(),
            path: Vec::new(),
            url: Vec::new(),
            query: Vec::new(),
            content: Vec::new(),
            target: None,
            side_effect: None,
        }
    }
}

fn spec(kind: ToolKind, args: &[&str]) -> ToolSpec {
    let mut s = ToolSpec::of(kind);
    let names: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    match kind {
        ToolKind::Shell => s.command = names,
        ToolKind::Read | ToolKind::Search => s.path = names,
        ToolKind::Write | ToolKind::Edit => {
            s.path = names;
            s.content = ["content", "new_string", "new_source", "edits", "text"]
                .iter()
                .map(|a| (*a).to_owned())
                .collect();
        }
        ToolKind::Fetch => s.url = names,
        ToolKind::Sql => s.query = names,
        ToolKind::Deploy | ToolKind::Payment => s.target = names.into_iter().next(),
        ToolKind::Email | ToolKind::Mcp | ToolKind::Other => {}
    }
    s
}

const SHELL_ARGS: &[&str] = &["command", "cmd", "script", "commands"];
const PATH_ARGS: &[&str] = &[
    "file_path",
    "path",
    "absolute_path",
    "filePath",
    "filename",
    "file",
    "notebook_path",
    "paths",
    "target_file",
    "directory",
    "dir_path",
];
const URL_ARGS: &[&str] = &["url", "uri", "endpoint", "href"];
const SQL_ARGS: &[&str] = &["query", "sql", "statement"];

/// Built-in tool aliases: Claude Code, Gemini CLI, Codex, Cursor and generic names.
pub fn builtin_tools() -> BTreeMap<String, ToolSpec> {
    let mut m = BTreeMap::new();
    let mut add = |names: &[&str], kind: ToolKind, args: &[&str]| {
        for n in names {
            m.insert((*n).to_owned(), spec(kind, args));
        }
    };
    // Claude Code.
    add(&["Bash", "BashOutput"], ToolKind::Shell, SHELL_ARGS);
    add(&["Read", "LS"], ToolKind::Read, PATH_ARGS);
    add(&["Write"], ToolKind::Write, PATH_ARGS);
    add(
        &["Edit", "MultiEdit", "NotebookEdit"],
        ToolKind::Edit,
        PATH_ARGS,
    );
    add(&["Glob", "Grep"], ToolKind::Search, PATH_ARGS);
    add(&["WebFetch"], ToolKind::Fetch, URL_ARGS);
    // Gemini CLI.
    add(&["run_shell_command"], ToolKind::Shell, SHELL_ARGS);
    add(
        &["read_file", "read_many_files", "list_directory"],
        ToolKind::Read,
        PATH_ARGS,
    );
    add(&["write_file"], ToolKind::Write, PATH_ARGS);
    add(&["replace", "edit_file", "edit"], ToolKind::Edit, PATH_ARGS);
    add(
        &["glob", "search_file_content", "grep"],
        ToolKind::Search,
        PATH_ARGS,
    );
    add(&["web_fetch"], ToolKind::Fetch, &["url", "prompt"]);
    // Codex and Cursor.
    add(
        &["shell", "local_shell", "exec_command", "container.exec"],
        ToolKind::Shell,
        SHELL_ARGS,
    );
    add(&["apply_patch"], ToolKind::Edit, &["input", "patch"]);
    // Generic names.
    add(
        &[
            "bash",
            "sh",
            "exec",
            "run_command",
            "terminal",
            "execute_command",
        ],
        ToolKind::Shell,
        SHELL_ARGS,
    );
    add(&["open_file", "cat"], ToolKind::Read, PATH_ARGS);
    add(&["create_file", "save_file"], ToolKind::Write, PATH_ARGS);
    add(
        &[
            "http_request",
            "fetch",
            "http_get",
            "http_post",
            "curl",
            "browse",
        ],
        ToolKind::Fetch,
        URL_ARGS,
    );
    add(
        &[
            "sql_query",
            "sql",
            "query_database",
            "execute_sql",
            "run_sql",
        ],
        ToolKind::Sql,
        SQL_ARGS,
    );
    add(&["send_email", "send_message"], ToolKind::Email, &[]);
    add(
        &["deploy_service", "deploy"],
        ToolKind::Deploy,
        &["service"],
    );
    add(
        &[
            "transfer_funds",
            "stripe.refund",
            "create_payment",
            "refund",
        ],
        ToolKind::Payment,
        &["to_account"],
    );
    m
}

/// The spec for `tool`: the policy's map first, then the built-in aliases, then `mcp__*`.
pub fn resolve<'a>(tools: &'a BTreeMap<String, ToolSpec>, tool: &str) -> Option<&'a ToolSpec> {
    tools.get(tool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_every_agent_family() {
        let t = builtin_tools();
        for (name, kind) in [
            ("Bash", ToolKind::Shell),
            ("Read", ToolKind::Read),
            ("run_shell_command", ToolKind::Shell),
            ("read_file", ToolKind::Read),
            ("shell", ToolKind::Shell),
            ("apply_patch", ToolKind::Edit),
            ("WebFetch", ToolKind::Fetch),
            ("sql_query", ToolKind::Sql),
        ] {
            assert_eq!(t.get(name).map(|s| s.kind), Some(kind), "{name}");
        }
        let read = t.get("read_file").unwrap();
        for a in ["path", "absolute_path", "file_path"] {
            assert!(read.path.iter().any(|p| p == a), "{a}");
        }
    }

    #[test]
    fn kind_spellings_round_trip() {
        for (n, k) in ToolKind::ALL {
            assert_eq!(ToolKind::parse(n), Some(k));
            assert_eq!(k.as_str(), n);
        }
    }
}
