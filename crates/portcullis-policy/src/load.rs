//! Loading: format detection, includes, built-in packs, composition and the policy hash.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use portcullis_types::{Effect, Mode};
use sha2::{Digest, Sha256};

use crate::error::{Cx, Diagnostic, PolicyError};
use crate::model::{
    AuditConfig, Defaults, EgressConfig, Format, Identity, Limits, Policy, Rule,
    SeverityThresholds, TestCase,
};
use crate::tools::{ToolSpec, builtin_tools};
use crate::walk::get;
use crate::yaml::{self, Kind, Node, Pos};
use crate::{aeg, edictum, native};

/// Largest policy file accepted (the same limit edictum uses).
pub const MAX_POLICY_BYTES: usize = 1 << 20;
const MAX_INCLUDE_DEPTH: usize = 16;

/// The built-in packs, by name (`builtin:<name>`).
pub const BUILTIN_PACKS: &[(&str, &str)] =
    &[("coding-agent", include_str!("../packs/coding-agent.yaml"))];

/// The text of a built-in pack.
pub fn builtin_pack(name: &str) -> Option<&'static str> {
    BUILTIN_PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

/// What one file contributes before includes are merged.
#[derive(Debug)]
pub(crate) struct Fragment {
    pub(crate) format: Format,
    pub(crate) name: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) defaults: Option<Defaults>,
    pub(crate) tools: BTreeMap<String, ToolSpec>,
    pub(crate) identity: Option<Identity>,
    pub(crate) includes: Vec<(String, Pos)>,
    pub(crate) rules: Vec<(Rule, Pos)>,
    pub(crate) limits: Option<Limits>,
    pub(crate) severity: Option<SeverityThresholds>,
    pub(crate) egress: EgressConfig,
    pub(crate) audit: Option<AuditConfig>,
    pub(crate) shadow: Option<(String, Pos)>,
    pub(crate) tests: Vec<TestCase>,
    pub(crate) observe_alongside: bool,
    pub(crate) json: serde_json::Value,
}

impl Fragment {
    pub(crate) fn new(format: Format, root: &Node) -> Fragment {
        Fragment {
            format,
            name: None,
            version: None,
            defaults: None,
            tools: BTreeMap::new(),
            identity: None,
            includes: Vec::new(),
            rules: Vec::new(),
            limits: None,
            severity: None,
            egress: EgressConfig::default(),
            audit: None,
            shadow: None,
            tests: Vec::new(),
            observe_alongside: false,
            json: root.to_json(),
        }
    }
}

/// Where a policy's text comes from, for resolving includes.
#[derive(Debug, Clone)]
enum Origin {
    File(PathBuf),
    Builtin(String),
    Inline(String),
}

impl Origin {
    fn label(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Builtin(n) => format!("builtin:{n}"),
            Origin::Inline(n) => n.clone(),
        }
    }

    fn dir(&self) -> Option<PathBuf> {
        match self {
            Origin::File(p) => p.parent().map(Path::to_path_buf),
            Origin::Builtin(_) | Origin::Inline(_) => None,
        }
    }
}

impl Policy {
    /// Loads a policy file (any supported format), its includes and its shadow bundle.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Policy, PolicyError> {
        Policy::from_files(&[path.as_ref().to_path_buf()])
    }

    /// Loads policy text. `origin` names it in errors; includes resolve against the current
    /// directory.
    pub fn from_yaml(text: &str, origin: &str) -> Result<Policy, PolicyError> {
        let mut loader = Loader::default();
        let frag = loader.load_text(text, &Origin::Inline(origin.to_owned()), 0)?;
        loader.assemble(vec![frag])
    }

    /// Loads a built-in pack (`coding-agent`).
    pub fn builtin(name: &str) -> Result<Policy, PolicyError> {
        let mut loader = Loader::default();
        let frag = loader.load_origin(&Origin::Builtin(name.to_owned()), None, 0)?;
        loader.assemble(vec![frag])
    }

    /// Loads and composes several files, as edictum composes bundles: rules are concatenated
    /// in order (duplicate ids are errors), the first file's defaults win, and a file with
    /// `observe_alongside: true` becomes the shadow bundle.
    pub fn from_files(paths: &[PathBuf]) -> Result<Policy, PolicyError> {
        let mut loader = Loader::default();
        let mut frags = Vec::new();
        for p in paths {
            let spec = p.to_string_lossy();
            let origin = match spec.strip_prefix("builtin:") {
                Some(name) => Origin::Builtin(name.to_owned()),
                None => Origin::File(p.clone()),
            };
            frags.push(loader.load_origin(&origin, None, 0)?);
        }
        loader.assemble(frags)
    }
}

#[derive(Default)]
struct Loader {
    stack: Vec<String>,
    warnings: Vec<Diagnostic>,
    sources: Vec<String>,
    hashes: Vec<serde_json::Value>,
}

/// A file after its own includes are merged: the fragment chain in order.
struct Loaded {
    top: Fragment,
    included: Vec<Loaded>,
    shadow: Option<Box<Policy>>,
}

impl Loader {
    fn load_origin(
        &mut self,
        origin: &Origin,
        at: Option<(&Cx, Pos)>,
        depth: usize,
    ) -> Result<Loaded, PolicyError> {
        let text = match origin {
            Origin::Builtin(name) => {
                let Some(t) = builtin_pack(name) else {
                    let names: Vec<&str> = BUILTIN_PACKS.iter().map(|(n, _)| *n).collect();
                    let mut cx =
                        at.map_or_else(|| Cx::new("<command line>"), |(c, _)| Cx::new(&c.file));
                    cx.push(
                        "policy_unknown_pack",
                        at.map(|(_, p)| p),
                        format!("unknown built-in pack `builtin:{name}`"),
                        Some(format!("built-in packs: {}", names.join(", "))),
                    );
                    return Err(PolicyError::Invalid(cx.errors));
                };
                t.to_owned()
            }
            Origin::File(path) => read_file(path)?,
            Origin::Inline(_) => String::new(),
        };
        self.load_text(&text, origin, depth)
    }

    fn load_text(
        &mut self,
        text: &str,
        origin: &Origin,
        depth: usize,
    ) -> Result<Loaded, PolicyError> {
        let label = origin.label();
        let mut cx = Cx::new(&label);
        if text.len() > MAX_POLICY_BYTES {
            cx.push(
                "policy_too_large",
                None,
                format!(
                    "policy is {} bytes, more than the {MAX_POLICY_BYTES}-byte limit",
                    text.len()
                ),
                None,
            );
            return Err(PolicyError::Invalid(cx.errors));
        }
        if self.stack.contains(&label) {
            cx.push(
                "policy_include_cycle",
                None,
                format!("include cycle: {} → {label}", self.stack.join(" → ")),
                Some("remove one of the includes".to_owned()),
            );
            return Err(PolicyError::Invalid(cx.errors));
        }
        if depth > MAX_INCLUDE_DEPTH {
            cx.push(
                "policy_include_depth",
                None,
                format!("includes nested deeper than {MAX_INCLUDE_DEPTH} levels"),
                None,
            );
            return Err(PolicyError::Invalid(cx.errors));
        }
        let root = match yaml::parse(text) {
            Ok(r) => r,
            Err((pos, msg)) => {
                cx.push("policy_yaml", pos, msg, None);
                return Err(PolicyError::Invalid(cx.errors));
            }
        };
        let Kind::Map(entries) = &root.kind else {
            cx.push(
                "policy_type_mismatch",
                Some(root.pos),
                format!("a policy must be a mapping, found {}", root.kind.describe()),
                Some("start the file with `apiVersion: portcullis/v1`".to_owned()),
            );
            return Err(PolicyError::Invalid(cx.errors));
        };
        let frag = match get(entries, "apiVersion").map(|n| (&n.kind, n.pos)) {
            Some((Kind::Str(v), _)) if v == "portcullis/v1" => {
                native::parse(&mut cx, &root, entries)
            }
            Some((Kind::Str(v), _)) if v == "edictum/v1" => edictum::parse(&mut cx, &root, entries),
            Some((_, pos)) => {
                let found = get(entries, "apiVersion")
                    .map(|n| n.to_json().to_string())
                    .unwrap_or_default();
                cx.push(
                    "policy_unknown_api_version",
                    Some(pos),
                    format!("unknown apiVersion `{}`", found.trim_matches('"')),
                    Some("supported: `portcullis/v1`, `edictum/v1`, and agent-execution-guard policy.yaml (no apiVersion)".to_owned()),
                );
                return Err(PolicyError::Invalid(cx.errors));
            }
            None if aeg::looks_like(entries) => aeg::parse(&mut cx, &root, entries),
            None => {
                cx.push(
                    "policy_missing_api_version",
                    Some(root.pos),
                    "missing `apiVersion`".to_owned(),
                    Some(
                        "start the file with `apiVersion: portcullis/v1` and `kind: Policy`"
                            .to_owned(),
                    ),
                );
                return Err(PolicyError::Invalid(cx.errors));
            }
        };
        self.sources.push(label.clone());
        self.hashes.push(frag.json.clone());
        // Includes and shadow, resolved relative to this file.
        self.stack.push(label.clone());
        let mut included = Vec::new();
        let mut shadow = None;
        let includes = frag.includes.clone();
        for (spec, pos) in &includes {
            let origin = resolve(spec, origin);
            match self.load_origin(&origin, Some((&cx, *pos)), depth + 1) {
                Ok(l) => included.push(l),
                Err(PolicyError::Io { path, message }) => cx.push(
                    "policy_include_unreadable",
                    Some(*pos),
                    format!("cannot read include `{path}`: {message}"),
                    None,
                ),
                Err(e) => {
                    self.stack.pop();
                    return Err(merge_errors(cx, e));
                }
            }
        }
        if let Some((spec, pos)) = &frag.shadow {
            let o = resolve(spec, origin);
            let mut sub = Loader::default();
            match sub.load_origin(&o, Some((&cx, *pos)), depth + 1) {
                Ok(l) => match sub.assemble(vec![l]) {
                    Ok(p) => shadow = Some(Box::new(p)),
                    Err(e) => {
                        self.stack.pop();
                        return Err(merge_errors(cx, e));
                    }
                },
                Err(PolicyError::Io { path, message }) => cx.push(
                    "policy_include_unreadable",
                    Some(*pos),
                    format!("cannot read shadow policy `{path}`: {message}"),
                    None,
                ),
                Err(e) => {
                    self.stack.pop();
                    return Err(merge_errors(cx, e));
                }
            }
        }
        self.stack.pop();
        self.warnings.append(&mut cx.warnings);
        if !cx.errors.is_empty() {
            return Err(PolicyError::Invalid(cx.errors));
        }
        Ok(Loaded {
            top: frag,
            included,
            shadow,
        })
    }

    fn assemble(mut self, files: Vec<Loaded>) -> Result<Policy, PolicyError> {
        let mut cx = Cx::new("<policy>");
        let first_format = files.first().map_or(Format::Portcullis, |l| l.top.format);
        let mut policy = Policy {
            name: None,
            version: None,
            format: first_format,
            defaults: Defaults {
                effect: Effect::Deny,
                mode: Mode::Enforce,
            },
            tools: builtin_tools(),
            identity: None,
            rules: Vec::new(),
            limits: Limits::default(),
            severity: SeverityThresholds::default(),
            egress: EgressConfig::default(),
            audit: AuditConfig::default(),
            shadow: None,
            tests: Vec::new(),
            hash: String::new(),
            sources: std::mem::take(&mut self.sources),
            warnings: std::mem::take(&mut self.warnings),
        };
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut shadow_rules: Vec<Rule> = Vec::new();
        let mut defaults_set = false;
        for (i, file) in files.into_iter().enumerate() {
            let observe = file.top.observe_alongside && i > 0;
            let mut target: Vec<Rule> = Vec::new();
            merge(&mut policy, file, &mut target, &mut defaults_set, i == 0);
            if observe {
                for mut r in target {
                    r.id = format!("{}:candidate", r.id);
                    shadow_rules.push(r);
                }
            } else {
                for r in target {
                    if let Some(first) = seen.get(&r.id) {
                        let (file, pos) = split_origin(&r.origin);
                        let mut fcx = Cx::new(file);
                        fcx.push(
                            "policy_duplicate_rule_id",
                            pos,
                            format!("duplicate rule id `{}` (first defined at {first})", r.id),
                            Some(
                                "rule ids must be unique across a policy and its includes"
                                    .to_owned(),
                            ),
                        );
                        cx.errors.append(&mut fcx.errors);
                        continue;
                    }
                    seen.insert(r.id.clone(), r.origin.clone());
                    policy.rules.push(r);
                }
            }
        }
        if !shadow_rules.is_empty() {
            let mut sh = policy.clone();
            sh.rules = shadow_rules;
            sh.shadow = None;
            sh.hash = hash(&[serde_json::Value::String("observe_alongside".into())]);
            policy.shadow = Some(Box::new(sh));
        }
        if !cx.errors.is_empty() {
            return Err(PolicyError::Invalid(cx.errors));
        }
        policy.hash = hash(&self.hashes);
        Ok(policy)
    }
}

/// Merges one loaded file (includes first) into `policy`, collecting its rules into `rules`.
fn merge(
    policy: &mut Policy,
    file: Loaded,
    rules: &mut Vec<Rule>,
    defaults_set: &mut bool,
    is_top: bool,
) {
    for inc in file.included {
        let mut ignored = true;
        merge(policy, inc, rules, &mut ignored, false);
    }
    let f = file.top;
    if is_top || policy.name.is_none() {
        if f.name.is_some() {
            policy.name = f.name;
        }
        if f.version.is_some() {
            policy.version = f.version;
        }
    }
    if let Some(d) = f.defaults
        && !*defaults_set
        && is_top
    {
        policy.defaults = d;
        policy.format = f.format;
        *defaults_set = true;
    }
    policy.tools.extend(f.tools);
    if let Some(id) = f.identity {
        policy.identity = Some(match policy.identity.take() {
            None => id,
            Some(mut prev) => {
                prev.agents.extend(id.agents);
                if is_top {
                    prev.unknown_agent = id.unknown_agent;
                    prev.unknown_tool = id.unknown_tool;
                }
                prev
            }
        });
    }
    rules.extend(f.rules.into_iter().map(|(r, _)| r));
    if let Some(l) = f.limits {
        policy.limits = l;
    }
    if let Some(s) = f.severity {
        policy.severity = s;
    }
    let allow: BTreeSet<String> = policy
        .egress
        .allow
        .drain(..)
        .chain(f.egress.allow)
        .collect();
    let deny: BTreeSet<String> = policy.egress.deny.drain(..).chain(f.egress.deny).collect();
    policy.egress.allow = allow.into_iter().collect();
    policy.egress.deny = deny.into_iter().collect();
    if let Some(a) = f.audit {
        policy.audit = a;
    }
    if is_top {
        policy.tests.extend(f.tests);
        if let Some(s) = file.shadow {
            policy.shadow = Some(s);
        }
    }
}

/// Splits a rule origin `file:line:col` back into its parts.
fn split_origin(origin: &str) -> (&str, Option<Pos>) {
    let mut it = origin.rsplitn(3, ':');
    let col = it.next().and_then(|c| c.parse().ok());
    let line = it.next().and_then(|l| l.parse().ok());
    match (it.next(), line, col) {
        (Some(file), Some(line), Some(col)) => (file, Some(Pos { line, col })),
        _ => (origin, None),
    }
}

fn merge_errors(mut cx: Cx, e: PolicyError) -> PolicyError {
    match e {
        PolicyError::Invalid(mut d) => {
            cx.errors.append(&mut d);
            PolicyError::Invalid(cx.errors)
        }
        other => other,
    }
}

fn resolve(spec: &str, from: &Origin) -> Origin {
    if let Some(name) = spec.strip_prefix("builtin:") {
        return Origin::Builtin(name.to_owned());
    }
    let p = PathBuf::from(spec);
    if p.is_absolute() {
        return Origin::File(p);
    }
    match from.dir() {
        Some(d) => Origin::File(d.join(p)),
        None => Origin::File(p),
    }
}

fn read_file(path: &Path) -> Result<String, PolicyError> {
    let io = |e: std::io::Error| PolicyError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_POLICY_BYTES as u64 {
        let mut cx = Cx::new(&path.display().to_string());
        cx.push(
            "policy_too_large",
            None,
            format!(
                "policy is {} bytes, more than the {MAX_POLICY_BYTES}-byte limit",
                meta.len()
            ),
            None,
        );
        return Err(PolicyError::Invalid(cx.errors));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| PolicyError::Io {
        path: path.display().to_string(),
        message: format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()),
    })
}

/// SHA-256 of the canonical JSON form of every loaded file, in load order.
fn hash(parts: &[serde_json::Value]) -> String {
    // serde_json's default map is ordered by key, so this serialisation is canonical for our
    // purposes: the same policy content always gives the same bytes.
    let text = serde_json::to_string(parts).unwrap_or_default();
    hex::encode(Sha256::digest(text.as_bytes()))
}
