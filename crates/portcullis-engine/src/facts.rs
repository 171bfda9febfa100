//! What detectors found about one action, computed lazily (at most once per detector per action,
//! and only when a rule that is still being evaluated needs it).

use std::cell::OnceCell;
use std::collections::BTreeMap;

use portcullis_detect_egress::EgressPolicy;
use portcullis_policy::Detector;
use portcullis_policy::tools::{ToolKind, ToolSpec};
use portcullis_types::{Action, Finding, Redaction};
use serde_json::Value;

use crate::detectors;

/// A detector field's value.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    dead_code,
    reason = "constructed by the detector adapters as they are wired in"
)]
pub(crate) enum Field {
    Bool(bool),
    Num(f64),
    List(Vec<String>),
}

/// One detector's output for one action.
#[derive(Debug, Clone, Default)]
pub(crate) struct DetectorFacts {
    pub(crate) findings: Vec<Finding>,
    pub(crate) fields: BTreeMap<&'static str, Field>,
    /// Set when the detector failed: the decision fails closed.
    pub(crate) error: Option<String>,
    /// Secret spans to redact (secrets detector only).
    pub(crate) redactions: Vec<Redaction>,
    /// Paths a shell command touches (shell detector only).
    pub(crate) shell_paths: Vec<(String, portcullis_detect_shell::Access)>,
    /// Network targets a shell command contacts (shell detector only).
    pub(crate) shell_net: Vec<(String, portcullis_detect_shell::NetKind, Vec<String>)>,
}

impl DetectorFacts {
    #[allow(
        dead_code,
        reason = "used by the detector adapters as they are wired in"
    )]
    pub(crate) fn set_codes(&mut self) {
        let mut codes: Vec<String> = self.findings.iter().map(|f| f.code.clone()).collect();
        codes.sort();
        codes.dedup();
        self.fields.insert("codes", Field::List(codes));
    }

    pub(crate) fn failed(detector: &str, message: String) -> DetectorFacts {
        DetectorFacts {
            error: Some(format!("{detector} detector: {message}")),
            ..DetectorFacts::default()
        }
    }
}

/// The strings of an action, by role, extracted once.
#[derive(Debug, Default)]
pub(crate) struct Inputs<'a> {
    /// Shell commands, with the JSON pointer of their argument.
    pub(crate) commands: Vec<(String, String)>,
    /// Paths with pointer and whether the call writes them.
    pub(crate) paths: Vec<(String, &'a str, bool)>,
    pub(crate) urls: Vec<(String, &'a str)>,
    pub(crate) queries: Vec<(String, &'a str)>,
}

pub(crate) struct Facts<'a> {
    pub(crate) action: &'a Action,
    pub(crate) kind: ToolKind,
    spec: Option<&'a ToolSpec>,
    pub(crate) egress: &'a Result<EgressPolicy, String>,
    inputs: OnceCell<Inputs<'a>>,
    cells: [OnceCell<DetectorFacts>; 5],
    pub(crate) roles: OnceCell<Vec<String>>,
    pub(crate) result_text: OnceCell<String>,
}

fn slot(d: Detector) -> Option<usize> {
    match d {
        Detector::Shell => Some(0),
        Detector::Path => Some(1),
        Detector::Secrets => Some(2),
        Detector::Egress => Some(3),
        Detector::Sql => Some(4),
        Detector::All => None,
    }
}

const ALL: [Detector; 5] = [
    Detector::Shell,
    Detector::Path,
    Detector::Secrets,
    Detector::Egress,
    Detector::Sql,
];

impl<'a> Facts<'a> {
    pub(crate) fn new(
        action: &'a Action,
        spec: Option<&'a ToolSpec>,
        egress: &'a Result<EgressPolicy, String>,
    ) -> Facts<'a> {
        let kind = spec.map_or_else(
            || {
                if action.tool.starts_with("mcp__") {
                    ToolKind::Mcp
                } else {
                    ToolKind::Other
                }
            },
            |s| s.kind,
        );
        Facts {
            action,
            kind,
            spec,
            egress,
            inputs: OnceCell::new(),
            cells: Default::default(),
            roles: OnceCell::new(),
            result_text: OnceCell::new(),
        }
    }

    pub(crate) fn inputs(&self) -> &Inputs<'a> {
        self.inputs
            .get_or_init(|| extract(self.action, self.spec, self.kind))
    }

    /// One detector's facts (runs it on first use).
    pub(crate) fn get(&self, d: Detector) -> Option<&DetectorFacts> {
        let i = slot(d)?;
        let cell = self.cells.get(i)?;
        Some(cell.get_or_init(|| match d {
            Detector::Shell => detectors::shell(self),
            Detector::Path => detectors::path(self),
            Detector::Secrets => detectors::secrets(self),
            Detector::Egress => detectors::egress(self),
            Detector::Sql => detectors::sql(self),
            Detector::All => DetectorFacts::default(),
        }))
    }

    /// Runs every detector (for `risk.score` and `findings.codes`).
    pub(crate) fn all(&self) -> impl Iterator<Item = &DetectorFacts> {
        ALL.into_iter().filter_map(|d| self.get(d))
    }

    /// Facts of the detectors that have run so far.
    pub(crate) fn computed(&self) -> impl Iterator<Item = &DetectorFacts> {
        self.cells.iter().filter_map(OnceCell::get)
    }

    /// The maximum risk of the findings computed so far.
    pub(crate) fn risk(&self) -> u8 {
        self.computed()
            .flat_map(|f| f.findings.iter())
            .map(|f| f.risk)
            .max()
            .unwrap_or(0)
    }
}

/// Quotes one argv element for the shell, so a Codex-style `["bash", "-lc", "…"]` command
/// is analysed as the shell would run it.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,@%+".contains(&b))
    {
        return s.to_owned();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn command_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => {
            let parts: Option<Vec<String>> =
                items.iter().map(|i| i.as_str().map(shell_quote)).collect();
            parts.map(|p| p.join(" "))
        }
        _ => None,
    }
}

const GENERIC_COMMAND_ARGS: [&str; 3] = ["command", "cmd", "script"];

fn pointer(key: &str) -> String {
    format!("/{}", key.replace('~', "~0").replace('/', "~1"))
}

fn extract<'a>(action: &'a Action, spec: Option<&'a ToolSpec>, kind: ToolKind) -> Inputs<'a> {
    let mut inp = Inputs::default();
    let args = &action.args;
    let writes = matches!(kind, ToolKind::Write | ToolKind::Edit);
    if let Some(spec) = spec {
        for name in &spec.command {
            if let Some(c) = args.get(name).and_then(command_text) {
                inp.commands.push((pointer(name), c));
            }
        }
        for name in &spec.path {
            match args.get(name) {
                Some(Value::String(p)) => inp.paths.push((pointer(name), p, writes)),
                Some(Value::Array(items)) => {
                    for (i, it) in items.iter().enumerate() {
                        if let Some(p) = it.as_str() {
                            inp.paths
                                .push((format!("{}/{i}", pointer(name)), p, writes));
                        }
                    }
                }
                _ => {}
            }
        }
        for name in &spec.url {
            if let Some(Value::String(u)) = args.get(name) {
                inp.urls.push((pointer(name), u));
            }
        }
        for name in &spec.query {
            if let Some(Value::String(q)) = args.get(name) {
                inp.queries.push((pointer(name), q));
            }
        }
    }
    if matches!(kind, ToolKind::Other | ToolKind::Mcp) {
        // Unknown tools: look at every string argument for what it could be.
        for (k, v) in args {
            let Value::String(s) = v else { continue };
            if GENERIC_COMMAND_ARGS.contains(&k.as_str()) {
                inp.commands.push((pointer(k), s.clone()));
            } else if s.contains("://") {
                inp.urls.push((pointer(k), s));
            } else if looks_like_path(k, s) {
                inp.paths.push((pointer(k), s, false));
            } else if matches!(k.as_str(), "query" | "sql" | "statement") {
                inp.queries.push((pointer(k), s));
            }
        }
    }
    inp
}

fn looks_like_path(key: &str, s: &str) -> bool {
    if s.len() > 4096 || s.contains('\n') {
        return false;
    }
    let keyish = [
        "path",
        "file",
        "dir",
        "filename",
        "target",
        "source",
        "destination",
    ]
    .iter()
    .any(|k| key.to_ascii_lowercase().contains(k));
    keyish
        || s.starts_with('/')
        || s.starts_with("~/")
        || s.starts_with("./")
        || s.starts_with("../")
        || s.starts_with(".env")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argv_commands_are_quoted_for_the_shell() {
        let v = serde_json::json!(["bash", "-lc", "rm -rf / && echo 'x'"]);
        assert_eq!(
            command_text(&v).unwrap(),
            "bash -lc 'rm -rf / && echo '\\''x'\\'''"
        );
        assert_eq!(command_text(&serde_json::json!([1])), None);
    }

    #[test]
    fn pointers_escape_json_pointer_characters() {
        assert_eq!(pointer("a/b~c"), "/a~1b~0c");
    }
}
