//! Rule messages and redaction.

use portcullis_policy::{Detector, Fact, Part, Rule, Template};
use portcullis_types::{Action, Redaction, Redactions, SessionView};
use serde_json::Value;

use crate::Program;
use crate::eval::V;
use crate::facts::Facts;
use crate::resolve::resolve;

/// Longest value put into a message.
const PLACEHOLDER_CAP: usize = 200;

fn cap(s: &str) -> String {
    if s.len() <= PLACEHOLDER_CAP {
        return s.to_owned();
    }
    let mut end = PLACEHOLDER_CAP - 3;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", s.get(..end).unwrap_or_default())
}

fn value_text(v: &V<'_>) -> Option<String> {
    match v {
        V::Missing | V::Json(Value::Null) => None,
        V::Json(Value::String(s)) => Some(s.clone()),
        V::Json(other) => Some(other.to_string()),
        V::Str(s) => Some(s.to_string()),
        V::Num(n) => Some(if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", *n as i64)
        } else {
            n.to_string()
        }),
        V::Bool(b) => Some(b.to_string()),
        V::List(items) => Some(items.join(", ")),
    }
}

pub(crate) fn render(
    t: &Template,
    facts: &Facts<'_>,
    session: &SessionView,
    program: &Program,
) -> String {
    let mut out = String::with_capacity(t.source.len() + 16);
    for part in &t.parts {
        match part {
            Part::Literal(s) => out.push_str(s),
            Part::Selector(sel, raw) => match value_text(&resolve(sel, facts, session, program)) {
                Some(s) => out.push_str(&cap(&s)),
                None => out.push_str(raw),
            },
            Part::Fact(f, raw) => match fact(*f, facts) {
                Some(s) => out.push_str(&cap(&s)),
                None => out.push_str(raw),
            },
        }
    }
    out
}

fn fact(f: Fact, facts: &Facts<'_>) -> Option<String> {
    let a = facts.action;
    match f {
        Fact::Tool => Some(a.tool.clone()),
        Fact::Agent => a.principal.agent().map(str::to_owned),
        Fact::Session => a.principal.session().map(str::to_owned),
        Fact::Command => facts.inputs().commands.first().map(|(_, c)| c.clone()),
        Fact::Url => facts
            .inputs()
            .urls
            .first()
            .map(|(_, u)| (*u).to_owned())
            .or_else(|| list_field(facts, Detector::Egress, "urls")),
        Fact::Path => list_field(facts, Detector::Path, "paths").or_else(|| {
            facts
                .inputs()
                .paths
                .first()
                .map(|(_, p, _)| (*p).to_owned())
        }),
    }
}

fn list_field(facts: &Facts<'_>, d: Detector, field: &str) -> Option<String> {
    match facts.get(d)?.fields.get(field)? {
        crate::facts::Field::List(l) => l.first().cloned(),
        _ => None,
    }
}

/// Replaces every secret in `text` with `[REDACTED:<kind>]`.
pub fn redact_text(text: &str) -> String {
    crate::detectors::redact_text(text)
}

/// Whether any string in `value` (keys included) holds a secret.
pub fn has_secret(value: &Value) -> bool {
    match value {
        Value::String(s) => crate::detectors::has_secret(s),
        Value::Array(items) => items.iter().any(has_secret),
        Value::Object(m) => map_has_secret(m),
        _ => false,
    }
}

/// Whether any key or string value in an object holds a secret.
pub fn map_has_secret(m: &serde_json::Map<String, Value>) -> bool {
    m.iter()
        .any(|(k, v)| crate::detectors::has_secret(k) || has_secret(v))
}

/// A copy of `value` with every secret in every string replaced by `[REDACTED:<kind>]`
/// (for logs and the ledger).
pub fn redact_json(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(redact_text(s)),
        Value::Array(items) => Value::Array(items.iter().map(redact_json).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (redact_text(k), redact_json(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The redacted arguments (and result) for a decision with redact rules.
pub(crate) fn redactions(action: &Action, facts: &Facts<'_>, rules: &[&Rule]) -> Redactions {
    let mut spans: Vec<Redaction> = facts
        .get(Detector::Secrets)
        .map(|s| s.redactions.clone())
        .unwrap_or_default();
    spans.sort_by(|a, b| (a.pointer.as_str(), a.start).cmp(&(b.pointer.as_str(), b.start)));
    let mut args = Value::Object(action.args.clone());
    for r in spans.iter().filter(|r| !r.pointer.starts_with("/~result")) {
        apply_span(&mut args, r);
    }
    // Spans are applied right to left per string so offsets stay valid.
    let args = match args {
        Value::Object(m) => m,
        _ => action.args.clone(),
    };
    let result = action.result.as_ref().map(|res| {
        let mut text = match res {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        for rule in rules {
            for re in &rule.redact_patterns {
                text = re.replace_all(&text, "[REDACTED]").into_owned();
            }
        }
        Value::String(redact_text(&text))
    });
    Redactions {
        spans,
        args,
        result,
    }
}

fn apply_span(root: &mut Value, r: &Redaction) {
    let Some(Value::String(s)) = root.pointer_mut(&r.pointer) else {
        return;
    };
    if r.start <= r.end
        && r.end <= s.len()
        && s.is_char_boundary(r.start)
        && s.is_char_boundary(r.end)
    {
        s.replace_range(r.start..r.end, &format!("[REDACTED:{}]", r.kind));
    }
}
