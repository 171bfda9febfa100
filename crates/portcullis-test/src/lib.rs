#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use portcullis_policy::{Policy, PolicyError};
use portcullis_types::{Action, Decision, Effect, SessionView};
use serde::Deserialize;
use serde_json::Value;

/// One corpus file: a default policy and its cases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// The policy for every case that does not name its own.
    #[serde(default)]
    pub policy: Option<PolicyRef>,
    /// What the file covers.
    #[serde(default)]
    pub description: Option<String>,
    /// The cases.
    pub cases: Vec<Case>,
    /// The file's directory (for relative policy paths); set by [`CaseFile::load`].
    #[serde(skip)]
    pub dir: PathBuf,
    /// The file's path; set by [`CaseFile::load`].
    #[serde(skip)]
    pub path: PathBuf,
}

/// A policy reference: `builtin:NAME`, a path, or inline policy YAML as a mapping.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum PolicyRef {
    /// `builtin:NAME` or a path relative to the case file.
    Name(String),
    /// An inline policy.
    Inline(serde_json::Map<String, Value>),
}

/// One case: a call and the decision wanted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Unique name within the file.
    pub name: String,
    /// The policy, when not the file's.
    #[serde(default)]
    pub policy: Option<PolicyRef>,
    /// Session state before the call.
    #[serde(default)]
    pub session: Option<SessionView>,
    /// The call.
    pub call: Value,
    /// What must come out.
    pub want: Want,
    /// Where the case came from (a public test suite, an issue, an evasion we found).
    #[serde(default)]
    pub source: Option<String>,
}

/// The expected decision.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Want {
    /// The decision.
    pub decision: Effect,
    /// Exact matching rule ids, in order.
    #[serde(default)]
    pub rule_ids: Option<Vec<String>>,
    /// Codes that must be present (findings and errors).
    #[serde(default)]
    pub codes: Vec<String>,
    /// Codes that must be absent.
    #[serde(default)]
    pub absent_codes: Vec<String>,
    /// A substring of the reason.
    #[serde(default)]
    pub reason_contains: Option<String>,
}

impl CaseFile {
    /// Parses a case file's text.
    pub fn parse(text: &str, path: &Path) -> Result<CaseFile, String> {
        let mut f: CaseFile = serde_saphyr::from_str(text).map_err(|e| {
            format!(
                "{}: {}",
                path.display(),
                e.to_string().lines().next().unwrap_or("")
            )
        })?;
        f.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        f.path = path.to_path_buf();
        Ok(f)
    }

    /// Loads a case file.
    pub fn load(path: &Path) -> Result<CaseFile, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        CaseFile::parse(&text, path)
    }

    /// The policy a case runs under.
    pub fn policy_for(&self, case: &Case) -> Result<Policy, String> {
        let r = case
            .policy
            .as_ref()
            .or(self.policy.as_ref())
            .ok_or_else(|| format!("case `{}` has no policy", case.name))?;
        load_ref(r, &self.dir).map_err(|e| format!("case `{}`: {e}", case.name))
    }

    /// The policy source text/path of a case, for front ends that take a file.
    pub fn policy_source(&self, case: &Case) -> Option<PolicySource> {
        match case.policy.as_ref().or(self.policy.as_ref())? {
            PolicyRef::Name(n) if n.starts_with("builtin:") => {
                Some(PolicySource::Builtin(n.clone()))
            }
            PolicyRef::Name(n) => Some(PolicySource::File(self.dir.join(n))),
            PolicyRef::Inline(m) => Some(PolicySource::Yaml(
                serde_json::to_string(&Value::Object(m.clone())).unwrap_or_default(),
            )),
        }
    }
}

/// Where a case's policy comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicySource {
    /// `builtin:NAME`.
    Builtin(String),
    /// A file.
    File(PathBuf),
    /// Inline policy text (JSON, which is YAML).
    Yaml(String),
}

fn load_ref(r: &PolicyRef, dir: &Path) -> Result<Policy, PolicyError> {
    match r {
        PolicyRef::Name(n) => match n.strip_prefix("builtin:") {
            Some(b) => Policy::builtin(b),
            None => Policy::from_file(dir.join(n)),
        },
        PolicyRef::Inline(m) => {
            let text = serde_json::to_string(&Value::Object(m.clone())).unwrap_or_default();
            Policy::from_yaml(&text, "<inline policy>")
        }
    }
}

/// Parses a case's call into an action.
pub fn action_of(case: &Case) -> Result<Action, String> {
    Action::from_value(case.call.clone()).map_err(|e| format!("case `{}`: {e}", case.name))
}

/// Checks a decision against what a case wants; the error is a readable diff.
pub fn check(case: &Case, d: &Decision) -> Result<(), String> {
    let w = &case.want;
    let mut diff = String::new();
    if d.decision != w.decision {
        let _ = writeln!(diff, "  decision: want {}, got {}", w.decision, d.decision);
    }
    if let Some(rules) = &w.rule_ids
        && rules != &d.rule_ids
    {
        let _ = writeln!(diff, "  rule_ids: want {rules:?}, got {:?}", d.rule_ids);
    }
    let codes: Vec<&str> = d.codes().collect();
    for c in &w.codes {
        if !codes.contains(&c.as_str()) {
            let _ = writeln!(diff, "  codes: want `{c}` present, got {codes:?}");
        }
    }
    for c in &w.absent_codes {
        if codes.contains(&c.as_str()) {
            let _ = writeln!(diff, "  codes: want `{c}` absent, got {codes:?}");
        }
    }
    if let Some(s) = &w.reason_contains
        && !d.reason.contains(s.as_str())
    {
        let _ = writeln!(
            diff,
            "  reason: want it to contain {s:?}, got {:?}",
            d.reason
        );
    }
    if diff.is_empty() {
        Ok(())
    } else {
        Err(format!("case `{}`:\n{diff}", case.name))
    }
}

/// Every `*.yaml` case file under `dir`, sorted.
pub fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The repository's corpus directory (`testdata/corpus`).
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/corpus")
}

/// Counts of a corpus run.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Cases run.
    pub run: usize,
    /// Failures, each a readable diff.
    pub failures: Vec<String>,
    /// Cases per file.
    pub per_file: BTreeMap<String, usize>,
}

/// Runs every case of every corpus file through `decide` (policy, action, session) and
/// collects failures. `skip_session` leaves out cases that need an injected session view
/// (front ends that keep their own state).
pub fn run_corpus(
    dir: &Path,
    skip_session: bool,
    mut decide: impl FnMut(&CaseFile, &Case, &Action) -> Result<Decision, String>,
) -> Summary {
    let mut s = Summary::default();
    for path in case_files(dir) {
        let file = match CaseFile::load(&path) {
            Ok(f) => f,
            Err(e) => {
                s.failures.push(e);
                continue;
            }
        };
        let mut names = std::collections::BTreeSet::new();
        for case in &file.cases {
            if !names.insert(case.name.clone()) {
                s.failures.push(format!(
                    "{}: duplicate case name `{}`",
                    path.display(),
                    case.name
                ));
            }
            if skip_session && case.session.is_some() {
                continue;
            }
            s.run += 1;
            *s.per_file.entry(path.display().to_string()).or_default() += 1;
            let action = match action_of(case) {
                Ok(a) => a,
                Err(e) => {
                    s.failures.push(format!("{}: {e}", path.display()));
                    continue;
                }
            };
            match decide(&file, case, &action).and_then(|d| check(case, &d)) {
                Ok(()) => {}
                Err(e) => s.failures.push(format!("{}: {e}", path.display())),
            }
        }
    }
    s
}
