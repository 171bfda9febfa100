//! Selectors: what a rule test looks at (`args.path`, `principal.role`, `shell.codes`, …).

use std::fmt;

/// What a rule test reads from the action, the session or a detector.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selector {
    /// `tool.name`.
    ToolName,
    /// `tool.kind`: the kind from the `tools:` map (`shell`, `read`, …).
    ToolKind,
    /// `args` or `args.<path>`.
    Args(Vec<String>),
    /// `principal.<field>[.<path>]` (`principal.roles` includes identity roles).
    Principal(Vec<String>),
    /// `environment`.
    Environment,
    /// `resource.type` or `resource.path`.
    Resource(Vec<String>),
    /// `context.<path>`.
    Context(Vec<String>),
    /// `session.*`.
    Session(SessionField),
    /// `risk.score`.
    RiskScore,
    /// A detector-backed selector (`shell.codes`, `path.sensitive`, …).
    Detector(DetectorField),
    /// `result` or `result.<path>`: the tool's output (post rules).
    Result(Vec<String>),
    /// `output.text` (edictum): the tool's output as text.
    ResultText,
}

/// `session.*` selectors.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SessionField {
    /// `session.calls`: calls so far in the session.
    Calls,
    /// `session.calls.<tool>`: calls of one tool so far.
    CallsTool(String),
    /// `session.denials`: calls not allowed so far.
    Denials,
    /// `session.severity`: `active`, `observe` or `cooldown`.
    Severity,
    /// `session.rule_calls.<rule>`: times a rule matched so far.
    RuleCalls(String),
}

/// Which detector backs a selector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Detector {
    /// Shell commands.
    Shell,
    /// File paths.
    Path,
    /// Secrets.
    Secrets,
    /// Network egress.
    Egress,
    /// SQL.
    Sql,
    /// Every detector (`findings.codes`).
    All,
}

/// A detector-backed selector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DetectorField {
    /// The detector.
    pub detector: Detector,
    /// The field after the prefix (`codes`, `sensitive`).
    pub field: &'static str,
    /// Its value type.
    pub ty: ValueType,
}

/// The type of value a selector yields, for load-time operator checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// Unknown until run time (tool arguments, context).
    Any,
    /// A string.
    Str,
    /// A number.
    Num,
    /// A boolean.
    Bool,
    /// A list of strings.
    StrList,
}

impl ValueType {
    /// A word for messages.
    pub fn describe(self) -> &'static str {
        match self {
            ValueType::Any => "any value",
            ValueType::Str => "a string",
            ValueType::Num => "a number",
            ValueType::Bool => "a boolean",
            ValueType::StrList => "a list of strings",
        }
    }
}

const DETECTOR_FIELDS: &[(&str, Detector, &str, ValueType)] = &[
    ("shell.codes", Detector::Shell, "codes", ValueType::StrList),
    (
        "shell.commands",
        Detector::Shell,
        "commands",
        ValueType::StrList,
    ),
    (
        "shell.dangerous",
        Detector::Shell,
        "dangerous",
        ValueType::Bool,
    ),
    (
        "shell.unparseable",
        Detector::Shell,
        "unparseable",
        ValueType::Bool,
    ),
    ("shell.risk", Detector::Shell, "risk", ValueType::Num),
    (
        "path.sensitive",
        Detector::Path,
        "sensitive",
        ValueType::Bool,
    ),
    ("path.critical", Detector::Path, "critical", ValueType::Bool),
    ("path.codes", Detector::Path, "codes", ValueType::StrList),
    ("path.paths", Detector::Path, "paths", ValueType::StrList),
    ("secrets.found", Detector::Secrets, "found", ValueType::Bool),
    (
        "secrets.kinds",
        Detector::Secrets,
        "kinds",
        ValueType::StrList,
    ),
    (
        "secrets.codes",
        Detector::Secrets,
        "codes",
        ValueType::StrList,
    ),
    ("secrets.count", Detector::Secrets, "count", ValueType::Num),
    (
        "egress.codes",
        Detector::Egress,
        "codes",
        ValueType::StrList,
    ),
    (
        "egress.hosts",
        Detector::Egress,
        "hosts",
        ValueType::StrList,
    ),
    ("egress.urls", Detector::Egress, "urls", ValueType::StrList),
    (
        "egress.connects",
        Detector::Egress,
        "connects",
        ValueType::Bool,
    ),
    ("egress.upload", Detector::Egress, "upload", ValueType::Bool),
    (
        "egress.unknown_host",
        Detector::Egress,
        "unknown_host",
        ValueType::Bool,
    ),
    (
        "egress.private",
        Detector::Egress,
        "private",
        ValueType::Bool,
    ),
    ("sql.codes", Detector::Sql, "codes", ValueType::StrList),
    ("sql.kinds", Detector::Sql, "kinds", ValueType::StrList),
    (
        "sql.destructive",
        Detector::Sql,
        "destructive",
        ValueType::Bool,
    ),
    ("sql.read_only", Detector::Sql, "read_only", ValueType::Bool),
    (
        "sql.unparseable",
        Detector::Sql,
        "unparseable",
        ValueType::Bool,
    ),
    ("sql.multiple", Detector::Sql, "multiple", ValueType::Bool),
    ("findings.codes", Detector::All, "codes", ValueType::StrList),
];

/// Every fixed selector name, for "did you mean" hints and docs.
pub fn known_selectors() -> Vec<&'static str> {
    let mut v = vec![
        "tool.name",
        "tool.kind",
        "args.<path>",
        "principal.<field>",
        "environment",
        "resource.type",
        "resource.path",
        "context.<path>",
        "session.calls",
        "session.calls.<tool>",
        "session.denials",
        "session.severity",
        "session.rule_calls.<rule>",
        "risk.score",
        "result.<path>",
    ];
    v.extend(DETECTOR_FIELDS.iter().map(|(n, ..)| *n));
    v
}

/// Which selector vocabulary a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Portcullis,
    /// edictum: adds `output.text` and `metadata.*`; `principal.*` is limited to edictum's fields.
    Edictum,
}

/// A selector that could not be parsed: the message and an optional help line.
pub(crate) type SelectorError = (String, Option<String>);

const EDICTUM_PRINCIPAL: [&str; 6] = [
    "user_id",
    "service_id",
    "org_id",
    "role",
    "ticket_ref",
    "claims",
];

impl Selector {
    /// Parses a selector.
    pub(crate) fn parse(text: &str, dialect: Dialect) -> Result<Selector, SelectorError> {
        let path = |rest: &str| -> Result<Vec<String>, SelectorError> {
            let segs: Vec<String> = rest.split('.').map(str::to_owned).collect();
            if segs.iter().any(String::is_empty) {
                return Err((format!("selector `{text}` has an empty path segment"), None));
            }
            Ok(segs)
        };
        match text {
            "tool.name" => return Ok(Selector::ToolName),
            "tool.kind" => return Ok(Selector::ToolKind),
            "environment" => return Ok(Selector::Environment),
            "risk.score" => return Ok(Selector::RiskScore),
            "args" => return Ok(Selector::Args(Vec::new())),
            "result" => return Ok(Selector::Result(Vec::new())),
            "output.text" => return Ok(Selector::ResultText),
            "session.calls" => return Ok(Selector::Session(SessionField::Calls)),
            "session.denials" => return Ok(Selector::Session(SessionField::Denials)),
            "session.severity" => return Ok(Selector::Session(SessionField::Severity)),
            _ => {}
        }
        if let Some(&(_, detector, field, ty)) = DETECTOR_FIELDS.iter().find(|(n, ..)| *n == text) {
            return Ok(Selector::Detector(DetectorField {
                detector,
                field,
                ty,
            }));
        }
        if let Some(rest) = text.strip_prefix("args.") {
            return path(rest).map(Selector::Args);
        }
        if let Some(rest) = text.strip_prefix("principal.") {
            let segs = path(rest)?;
            if dialect == Dialect::Edictum
                && let Some(first) = segs.first()
                && !EDICTUM_PRINCIPAL.contains(&first.as_str())
            {
                // edictum resolves any other principal field to "missing", so a rule on it
                // never fires: refuse it rather than fail open silently.
                return Err((
                    format!(
                        "unknown selector `{text}`: edictum principals have no field `{first}`"
                    ),
                    Some(crate::error::hint(first, &EDICTUM_PRINCIPAL)),
                ));
            }
            if dialect == Dialect::Edictum
                && segs.first().is_some_and(|s| s != "claims")
                && segs.len() > 1
            {
                return Err((
                    format!("unknown selector `{text}`: only `principal.claims` has sub-fields"),
                    None,
                ));
            }
            return Ok(Selector::Principal(segs));
        }
        if let Some(rest) = text.strip_prefix("context.") {
            return path(rest).map(Selector::Context);
        }
        if let Some(rest) = text.strip_prefix("metadata.")
            && dialect == Dialect::Edictum
        {
            return path(rest).map(Selector::Context);
        }
        if let Some(rest) = text.strip_prefix("result.") {
            return path(rest).map(Selector::Result);
        }
        if let Some(rest) = text.strip_prefix("resource.") {
            return match rest {
                "type" | "path" => Ok(Selector::Resource(vec![rest.to_owned()])),
                _ => Err((
                    format!("unknown selector `{text}`"),
                    Some(crate::error::hint(rest, &["type", "path"])),
                )),
            };
        }
        if let Some(rest) = text.strip_prefix("session.calls.") {
            return Ok(Selector::Session(SessionField::CallsTool(rest.to_owned())));
        }
        if let Some(rest) = text.strip_prefix("session.rule_calls.") {
            return Ok(Selector::Session(SessionField::RuleCalls(rest.to_owned())));
        }
        if text.starts_with("env.") {
            return Err((
                format!(
                    "selector `{text}` reads the process environment, which portcullis does not do at decision time"
                ),
                Some(
                    "pass the value in the action's `context` and test `context.<name>` instead"
                        .to_owned(),
                ),
            ));
        }
        let known = known_selectors();
        let help = match crate::error::did_you_mean(text, known.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => "selectors start with tool., args., principal., environment, resource., context., session., risk., result., shell., path., secrets., egress., sql. or findings.".to_owned(),
        };
        Err((format!("unknown selector `{text}`"), Some(help)))
    }

    /// The value type this selector yields.
    pub fn value_type(&self) -> ValueType {
        match self {
            Selector::ToolName
            | Selector::ToolKind
            | Selector::Environment
            | Selector::ResultText => ValueType::Str,
            Selector::Resource(_) => ValueType::Str,
            Selector::RiskScore => ValueType::Num,
            Selector::Session(f) => match f {
                SessionField::Severity => ValueType::Str,
                _ => ValueType::Num,
            },
            Selector::Detector(d) => d.ty,
            Selector::Principal(p) => match p.first().map(String::as_str) {
                Some("roles") if p.len() == 1 => ValueType::StrList,
                Some("agent" | "user" | "session" | "owner" | "team") if p.len() == 1 => {
                    ValueType::Str
                }
                _ => ValueType::Any,
            },
            Selector::Args(_) | Selector::Context(_) | Selector::Result(_) => ValueType::Any,
        }
    }

    /// The detector this selector needs, if any.
    pub fn detector(&self) -> Option<Detector> {
        match self {
            Selector::Detector(d) => Some(d.detector),
            Selector::RiskScore => Some(Detector::All),
            _ => None,
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |prefix: &str, p: &[String], f: &mut fmt::Formatter<'_>| {
            f.write_str(prefix)?;
            for s in p {
                write!(f, ".{s}")?;
            }
            Ok(())
        };
        match self {
            Selector::ToolName => f.write_str("tool.name"),
            Selector::ToolKind => f.write_str("tool.kind"),
            Selector::Args(p) => join("args", p, f),
            Selector::Principal(p) => join("principal", p, f),
            Selector::Environment => f.write_str("environment"),
            Selector::Resource(p) => join("resource", p, f),
            Selector::Context(p) => join("context", p, f),
            Selector::Session(s) => match s {
                SessionField::Calls => f.write_str("session.calls"),
                SessionField::CallsTool(t) => write!(f, "session.calls.{t}"),
                SessionField::Denials => f.write_str("session.denials"),
                SessionField::Severity => f.write_str("session.severity"),
                SessionField::RuleCalls(r) => write!(f, "session.rule_calls.{r}"),
            },
            Selector::RiskScore => f.write_str("risk.score"),
            Selector::Detector(d) => {
                let prefix = match d.detector {
                    Detector::Shell => "shell",
                    Detector::Path => "path",
                    Detector::Secrets => "secrets",
                    Detector::Egress => "egress",
                    Detector::Sql => "sql",
                    Detector::All => "findings",
                };
                write!(f, "{prefix}.{}", d.field)
            }
            Selector::Result(p) => join("result", p, f),
            Selector::ResultText => f.write_str("output.text"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays_round_trip() {
        for s in [
            "tool.name",
            "args.path",
            "args.a.b.c",
            "principal.role",
            "principal.claims.tier",
            "environment",
            "context.risk",
            "session.calls",
            "session.calls.Bash",
            "session.severity",
            "risk.score",
            "shell.codes",
            "path.sensitive",
            "secrets.found",
            "result.status",
            "output.text",
            "findings.codes",
        ] {
            let sel = Selector::parse(s, Dialect::Portcullis).unwrap();
            assert_eq!(sel.to_string(), s);
        }
    }

    #[test]
    fn unknown_selectors_get_a_hint() {
        let (msg, help) = Selector::parse("path.sensitiv", Dialect::Portcullis).unwrap_err();
        assert_eq!(msg, "unknown selector `path.sensitiv`");
        assert_eq!(help.as_deref(), Some("did you mean `path.sensitive`?"));
        assert!(Selector::parse("args.", Dialect::Portcullis).is_err());
        assert!(Selector::parse("env.HOME", Dialect::Edictum).is_err());
    }

    #[test]
    fn edictum_principal_fields_are_checked() {
        assert!(Selector::parse("principal.role", Dialect::Edictum).is_ok());
        assert!(Selector::parse("principal.claims.x", Dialect::Edictum).is_ok());
        let (msg, help) = Selector::parse("principal.rol", Dialect::Edictum).unwrap_err();
        assert!(msg.contains("`principal.rol`"), "{msg}");
        assert_eq!(help.as_deref(), Some("did you mean `role`?"));
        assert!(Selector::parse("principal.team", Dialect::Portcullis).is_ok());
    }
}
