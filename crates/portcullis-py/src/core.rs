//! The half of the bindings that needs no Python: building a guard from the keyword arguments
//! the Python API takes, assembling actions, the post-execution check of a wrapped tool's
//! result, secret scans and ledger verification. The pyo3 layer converts values and calls these.

use std::path::{Path, PathBuf};

use portcullis::ledger::{LedgerError, PublicKey, VerifyReport};
use portcullis::{
    Action, DecideInput, Decision, DecisionError, Effect, Guard, GuardError, GuardOptions, Mode,
    Policy, Principal, SessionView, StateOption,
};
use portcullis_detect_secrets::Scanner;
use portcullis_policy::Phase;
use portcullis_types::{ActionError, JsonMap, Resource};
use serde_json::Value;

/// How deep Python values may nest when converted to JSON (a self-referencing list would
/// otherwise recurse forever).
pub const MAX_DEPTH: usize = 128;

/// How the Python `Guard(...)` constructor was called.
#[derive(Debug, Clone, Default)]
pub struct GuardConfig {
    /// Policy files or `builtin:NAME`, composed in order. Empty with no `yaml`: the default
    /// (`./portcullis.yaml`, else `builtin:coding-agent`).
    pub policies: Vec<PathBuf>,
    /// Policy text, instead of files.
    pub yaml: Option<String>,
    /// The name load errors give the text (`<yaml>` when unset).
    pub origin: Option<String>,
    /// `enforce`, `observe`, `audit` or `debug`: overrides the policy's mode.
    pub mode: Option<String>,
    /// `None`: stateless. `memory`, `default` (the shared SQLite file) or a SQLite path.
    pub state: Option<String>,
    /// Signed ledger file (needs `key`).
    pub ledger: Option<PathBuf>,
    /// Ed25519 private key for the ledger.
    pub key: Option<PathBuf>,
    /// Ledger fsync policy.
    pub fsync: Option<String>,
    /// Audit JSON lines file.
    pub audit_file: Option<PathBuf>,
    /// Audit JSON lines on stdout.
    pub audit_stdout: bool,
    /// Record a trace of every rule tried.
    pub trace: bool,
}

/// Why a guard, an action or a verification could not be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BindError {
    /// Building the guard failed (policy, store, ledger, options).
    #[error(transparent)]
    Guard(#[from] GuardError),
    /// An unknown mode.
    #[error("unknown mode `{0}`: expected enforce, observe, audit or debug")]
    Mode(String),
    /// The action is malformed.
    #[error(transparent)]
    Action(#[from] ActionError),
    /// A key could not be loaded.
    #[error(transparent)]
    Key(#[from] LedgerError),
}

/// Which Python exception a [`BindError`] becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The policy is invalid (`PolicyError`).
    Policy,
    /// An option is invalid (`ConfigError`).
    Config,
    /// The state store failed (`StoreError`).
    Store,
    /// The ledger or a key failed (`LedgerError`).
    Ledger,
    /// A value passed to `check` is malformed (`ValueError`).
    Value,
}

impl BindError {
    /// The stable code.
    pub fn code(&self) -> &str {
        match self {
            BindError::Guard(g) => g.code(),
            BindError::Mode(_) => "mode_invalid",
            BindError::Action(a) => a.code(),
            BindError::Key(k) => k.code(),
        }
    }

    /// The exception family.
    pub fn kind(&self) -> ErrorKind {
        match self {
            BindError::Guard(GuardError::Policy(_) | GuardError::MissingPolicy) => {
                ErrorKind::Policy
            }
            BindError::Guard(GuardError::Store(_)) => ErrorKind::Store,
            BindError::Guard(GuardError::Ledger(_)) | BindError::Key(_) => ErrorKind::Ledger,
            BindError::Guard(_) | BindError::Mode(_) => ErrorKind::Config,
            BindError::Action(_) => ErrorKind::Value,
        }
    }
}

/// Parses a mode name.
pub fn parse_mode(s: &str) -> Result<Mode, BindError> {
    Mode::parse(s).ok_or_else(|| BindError::Mode(s.to_owned()))
}

impl GuardConfig {
    /// The facade options these arguments mean.
    pub fn options(&self) -> Result<GuardOptions, BindError> {
        let mode = self.mode.as_deref().map(parse_mode).transpose()?;
        let state = self.state.as_deref().map(|s| match s {
            "memory" | ":memory:" => StateOption::Memory,
            "default" => StateOption::Default,
            path => StateOption::File(PathBuf::from(path)),
        });
        Ok(GuardOptions {
            policies: self.policies.clone(),
            mode,
            state,
            ledger: self.ledger.clone(),
            key: self.key.clone(),
            fsync: self.fsync.clone(),
            audit_stdout: self.audit_stdout,
            audit_file: self.audit_file.clone(),
            otlp: None,
            trace: self.trace,
            clock: None,
        })
    }

    /// Loads the policy: the text when given, else the files (or the default).
    pub fn policy(&self) -> Result<Policy, BindError> {
        let opts = self.options()?;
        match &self.yaml {
            Some(text) => {
                let origin = self.origin.as_deref().unwrap_or("<yaml>");
                let mut p = Policy::from_yaml(text, origin).map_err(GuardError::from)?;
                if let Some(m) = opts.mode {
                    p.defaults.mode = m;
                }
                Ok(p)
            }
            None => Ok(opts.load_policy()?),
        }
    }

    /// Builds the guard through the facade, as every front end does.
    pub fn build(&self) -> Result<Guard, BindError> {
        let opts = self.options()?;
        let policy = self.policy()?;
        Ok(opts.build_with(policy)?)
    }
}

/// The parts of one call as the Python `check` takes them.
#[derive(Debug, Clone, Default)]
pub struct CallParts {
    /// The tool name.
    pub tool: String,
    /// The arguments.
    pub args: JsonMap,
    /// Who is asking (open object: `agent`, `user`, `session`, `roles`, …).
    pub principal: Option<JsonMap>,
    /// The session id (overrides `principal["session"]`).
    pub session: Option<String>,
    /// The environment (`dev`, `prod`).
    pub environment: Option<String>,
    /// Free-form context.
    pub context: Option<JsonMap>,
    /// The resource (`{"type": …, "path": …}`).
    pub resource: Option<Value>,
    /// The tool's output, for post-execution rules.
    pub result: Option<Value>,
    /// The caller's id for the call.
    pub action_id: Option<String>,
}

/// Assembles the action, checking the principal's named fields and the resource's shape.
pub fn build_action(parts: CallParts) -> Result<Action, ActionError> {
    let mut principal = match parts.principal {
        Some(m) => Principal::from_map(m)?,
        None => Principal::new(),
    };
    if let Some(s) = parts.session {
        principal = principal.with("session", Value::String(s))?;
    }
    let resource = match parts.resource {
        None | Some(Value::Null) => None,
        Some(v) => Some(resource_of(v)?),
    };
    Ok(Action {
        tool: parts.tool,
        args: parts.args,
        principal,
        environment: parts.environment,
        resource,
        context: parts.context.unwrap_or_default(),
        action_id: parts.action_id,
        timestamp: None,
        result: parts.result,
    })
}

fn resource_of(v: Value) -> Result<Resource, ActionError> {
    // Parsed by the action parser itself, so the checks and messages match the CLI's.
    let probe = serde_json::json!({"tool": "", "resource": v});
    Ok(Action::from_value(probe)?.resource.unwrap_or_default())
}

/// Checks a wrapped tool's result after it ran: the policy's `post` rules, and redaction of
/// secrets in the result.
///
/// The pre-execution check already counted the call in its session and used any approval, so
/// this decision is made without session state and its effect comes only from post rules that
/// matched (plus `redact` when the result holds a secret that a redact rule covers): pre rules
/// that match again do not change it. It is written to the ledger when one is configured.
pub fn check_result(guard: &Guard, action: &Action, pre_decision_id: &str) -> Decision {
    let program = guard.program();
    let policy = program.policy();
    let now = guard.clock().now_ms();
    let input = DecideInput {
        decision_id: format!("{pre_decision_id}.result"),
        timestamp: portcullis::rfc3339(now),
        trace: false,
    };
    let mut d = program.decide(action, &SessionView::default(), &input);
    let policy_mode = policy.defaults.mode;
    let mut effect = Effect::Allow;
    let mut would = Effect::Allow;
    let mut post_ids = Vec::new();
    for id in &d.rule_ids {
        let Some(rule) = policy
            .rules
            .iter()
            .find(|r| &r.id == id && r.phase == Phase::Post)
        else {
            continue;
        };
        post_ids.push(id.clone());
        would = would.max(rule.effect);
        let enforced = policy_mode != Mode::Audit && rule.mode.unwrap_or(policy_mode).enforces();
        if enforced {
            effect = effect.max(rule.effect);
        }
    }
    let result_redacted = d.redactions.as_ref().is_some_and(|r| r.result.is_some());
    if result_redacted && policy_mode.enforces() {
        effect = effect.max(Effect::Redact);
        would = would.max(Effect::Redact);
    }
    if post_ids.is_empty() && !result_redacted {
        "no post-execution rule matched the result".clone_into(&mut d.reason);
    }
    d.rule_ids = post_ids;
    d.decision = effect;
    d.would_decision = would;
    d.approval_id = None;
    d.approver = None;
    d.approval_timeout = None;
    record(guard, action, &mut d);
    d
}

/// Appends a post-execution decision to the ledger; a failed append fails closed.
fn record(guard: &Guard, action: &Action, d: &mut Decision) {
    let Some(ledger) = guard.ledger() else {
        return;
    };
    let mut logged = action.clone();
    logged.args = redact_map(&action.args, 0);
    logged.context = redact_map(&action.context, 0);
    logged.result = action.result.as_ref().map(|v| redact_value(v, 0));
    match ledger.append(d, &logged) {
        Ok(r) => d.ledger = Some(r),
        Err(e) => {
            d.errors.push(DecisionError::new(
                "ledger_unavailable",
                format!("cannot write the ledger: {e}"),
            ));
            d.would_decision = d.would_decision.max(Effect::Deny);
            if d.enforced {
                d.decision = d.decision.max(Effect::Deny);
                d.reason = format!("failed closed: cannot write the ledger: {e}");
            }
        }
    }
}

fn redact_map(m: &JsonMap, depth: usize) -> JsonMap {
    m.iter()
        .map(|(k, v)| (k.clone(), redact_value(v, depth + 1)))
        .collect()
}

fn redact_value(v: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::String("[REDACTED:too_deep]".to_owned());
    }
    match v {
        Value::String(s) => {
            let matches = Scanner::builtin().scan(s);
            if matches.is_empty() {
                v.clone()
            } else {
                Value::String(portcullis_detect_secrets::redact(s, &matches))
            }
        }
        Value::Array(xs) => Value::Array(xs.iter().map(|x| redact_value(x, depth + 1)).collect()),
        Value::Object(m) => Value::Object(redact_map(m, depth + 1)),
        other => other.clone(),
    }
}

/// One secret found by [`scan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanMatch {
    /// The kind (`aws_access_key`).
    pub kind: &'static str,
    /// The finding code (`secret.aws_access_key`).
    pub code: &'static str,
    /// First character of the secret (code points: Python `str` indices).
    pub start: usize,
    /// One past its last character (code points).
    pub end: usize,
    /// First byte of the secret in the UTF-8 text.
    pub byte_start: usize,
    /// One past its last byte.
    pub byte_end: usize,
    /// Risk, 0–100.
    pub risk: u8,
    /// `low`, `medium` or `high`.
    pub confidence: &'static str,
}

/// What [`scan`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOutput {
    /// Every secret, in text order.
    pub matches: Vec<ScanMatch>,
    /// The text with each secret replaced by `[REDACTED:<kind>]`.
    pub redacted: String,
}

/// Scans text for secrets with the built-in scanner (the one the engine's detectors use).
pub fn scan(text: &str) -> ScanOutput {
    let mut found = Scanner::builtin().scan(text);
    found.sort_by_key(|m| (m.start, m.end));
    let redacted = portcullis_detect_secrets::redact(text, &found);
    // Byte offsets → code point offsets in one pass over the text.
    let mut matches = Vec::with_capacity(found.len());
    let mut chars_before = 0_usize;
    let mut byte_pos = 0_usize;
    let count_to = |target: usize, chars: &mut usize, pos: &mut usize| {
        let target = target.min(text.len());
        if target > *pos {
            *chars += text.get(*pos..target).map_or(0, |s| s.chars().count());
            *pos = target;
        }
        *chars
    };
    for m in &found {
        let start = count_to(m.start, &mut chars_before, &mut byte_pos);
        let mut c = chars_before;
        let mut p = byte_pos;
        let end = count_to(m.end, &mut c, &mut p);
        matches.push(ScanMatch {
            kind: m.kind,
            code: m.code,
            start,
            end,
            byte_start: m.start,
            byte_end: m.end,
            risk: m.risk,
            confidence: m.confidence.as_str(),
        });
    }
    ScanOutput { matches, redacted }
}

/// Loads a public key from a file, or parses it when the string is a key itself (64 hex
/// digits, a PEM block or an OpenSSH `ssh-ed25519 …` line).
pub fn public_key(spec: &str) -> Result<PublicKey, BindError> {
    let t = spec.trim();
    let is_text = t.starts_with("-----BEGIN")
        || t.starts_with("ssh-")
        || (t.len() == 64 && t.bytes().all(|c| c.is_ascii_hexdigit()));
    if is_text {
        Ok(PublicKey::parse(t.as_bytes())?)
    } else {
        Ok(PublicKey::load(Path::new(spec))?)
    }
}

/// Verifies a ledger file with the given public keys (paths or key text).
pub fn verify(path: &Path, pubkeys: &[String]) -> Result<VerifyReport, BindError> {
    let keys = pubkeys
        .iter()
        .map(|k| public_key(k))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(portcullis::ledger::verify_file(path, &keys))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> JsonMap {
        match v {
            Value::Object(m) => m,
            _ => JsonMap::new(),
        }
    }

    #[test]
    fn session_overrides_principal_session() {
        let a = build_action(CallParts {
            tool: "bash".into(),
            principal: Some(map(json!({"agent": "a", "session": "old"}))),
            session: Some("new".into()),
            ..CallParts::default()
        })
        .unwrap();
        assert_eq!(a.principal.session(), Some("new"));
        assert_eq!(a.principal.agent(), Some("a"));
    }

    #[test]
    fn mistyped_principal_and_resource_are_errors() {
        let bad = build_action(CallParts {
            tool: "t".into(),
            principal: Some(map(json!({"roles": "admin"}))),
            ..CallParts::default()
        });
        assert!(bad.unwrap_err().message().contains("roles"));
        let bad = build_action(CallParts {
            tool: "t".into(),
            resource: Some(json!({"kind": "file"})),
            ..CallParts::default()
        });
        assert!(bad.is_err());
        let ok = build_action(CallParts {
            tool: "t".into(),
            resource: Some(json!({"type": "file", "path": "/x"})),
            ..CallParts::default()
        })
        .unwrap();
        assert_eq!(ok.resource.unwrap().path.as_deref(), Some("/x"));
    }

    #[test]
    fn unknown_mode_is_a_config_error() {
        let cfg = GuardConfig {
            mode: Some("strict".into()),
            ..GuardConfig::default()
        };
        let e = cfg.options().unwrap_err();
        assert_eq!(e.code(), "mode_invalid");
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(e.to_string().contains("`strict`"));
    }

    #[test]
    fn scan_offsets_are_code_points() {
        let text = "héllo AKIAIOSFODNN7EXAMPLF and more";
        let out = scan(text);
        let m = out.matches.first().expect("one match");
        assert_eq!(m.kind, "aws_access_key");
        let chars: Vec<char> = text.chars().collect();
        let secret: String = chars[m.start..m.end].iter().collect();
        assert_eq!(secret, "AKIAIOSFODNN7EXAMPLF");
        assert_eq!(m.byte_start, m.start + 1, "é is two bytes");
        assert!(out.redacted.contains("[REDACTED:aws_access_key]"));
        assert!(!out.redacted.contains("AKIAIOSFODNN7EXAMPLF"));
    }

    #[test]
    fn public_key_text_or_path() {
        let e = public_key("/nonexistent/key.pub").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Ledger);
        assert!(public_key(&"zz".repeat(32)).is_err());
    }
}
