//! Resolving selectors against an action, its session and the detectors.

use std::borrow::Cow;

use portcullis_policy::{Detector, Selector, SessionField};
use portcullis_types::SessionView;
use serde_json::Value;

use crate::Program;
use crate::eval::V;
use crate::facts::{Facts, Field};

/// Walks `path` into a JSON value (objects by key, arrays by index).
pub(crate) fn walk<'a>(mut v: &'a Value, path: &[String]) -> Option<&'a Value> {
    for seg in path {
        v = match v {
            Value::Object(m) => m.get(seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn json(v: Option<&Value>) -> V<'_> {
    v.map_or(V::Missing, V::Json)
}

pub(crate) fn resolve<'a>(
    sel: &Selector,
    facts: &'a Facts<'_>,
    session: &'a SessionView,
    program: &'a Program,
) -> V<'a> {
    let action = facts.action;
    match sel {
        Selector::ToolName => V::Str(Cow::Borrowed(&action.tool)),
        Selector::ToolKind => V::Str(Cow::Borrowed(facts.kind.as_str())),
        Selector::Args(path) => match path.split_first() {
            None => V::Missing,
            Some((first, rest)) => json(action.args.get(first).and_then(|v| walk(v, rest))),
        },
        Selector::Principal(path) => {
            if path.len() == 1 && path.first().is_some_and(|p| p == "roles") {
                let roles = facts.roles.get_or_init(|| {
                    let mut r: Vec<String> = action.principal.roles().map(str::to_owned).collect();
                    if let (Some(id), Some(agent)) =
                        (&program.policy().identity, action.principal.agent())
                        && let Some(a) = id.agents.iter().find(|a| a.id == agent)
                    {
                        r.extend(a.roles.iter().cloned());
                    }
                    r.sort();
                    r.dedup();
                    r
                });
                return V::List(roles.iter().map(|s| Cow::Borrowed(s.as_str())).collect());
            }
            match path.split_first() {
                None => V::Missing,
                Some((first, rest)) => {
                    json(action.principal.field(first).and_then(|v| walk(v, rest)))
                }
            }
        }
        Selector::Environment => action
            .environment
            .as_deref()
            .map_or(V::Missing, |e| V::Str(Cow::Borrowed(e))),
        Selector::Resource(path) => {
            let r = action.resource.as_ref();
            let v = match path.first().map(String::as_str) {
                Some("type") => r.and_then(|r| r.kind.as_deref()),
                Some("path") => r.and_then(|r| r.path.as_deref()),
                _ => None,
            };
            v.map_or(V::Missing, |s| V::Str(Cow::Borrowed(s)))
        }
        Selector::Context(path) => match path.split_first() {
            None => V::Missing,
            Some((first, rest)) => json(action.context.get(first).and_then(|v| walk(v, rest))),
        },
        Selector::Session(f) => match f {
            SessionField::Calls => V::Num(session.calls as f64),
            SessionField::Denials => V::Num(session.denials as f64),
            SessionField::Severity => V::Str(Cow::Borrowed(session.severity.as_str())),
            SessionField::CallsTool(t) => {
                V::Num(session.calls_by_tool.get(t).copied().unwrap_or(0) as f64)
            }
            SessionField::RuleCalls(r) => {
                V::Num(session.calls_by_rule.get(r).copied().unwrap_or(0) as f64)
            }
        },
        Selector::RiskScore => {
            let max = facts
                .all()
                .flat_map(|f| f.findings.iter())
                .map(|f| f.risk)
                .max()
                .unwrap_or(0);
            V::Num(f64::from(max))
        }
        Selector::Detector(d) => {
            if d.detector == Detector::All {
                let mut codes: Vec<Cow<'a, str>> = facts
                    .all()
                    .flat_map(|f| f.findings.iter())
                    .map(|f| Cow::Borrowed(f.code.as_str()))
                    .collect();
                codes.sort();
                codes.dedup();
                return V::List(codes);
            }
            let Some(df) = facts.get(d.detector) else {
                return V::Missing;
            };
            match df.fields.get(d.field) {
                Some(Field::Bool(b)) => V::Bool(*b),
                Some(Field::Num(n)) => V::Num(*n),
                Some(Field::List(l)) => {
                    V::List(l.iter().map(|s| Cow::Borrowed(s.as_str())).collect())
                }
                None => match d.ty {
                    portcullis_policy::ValueType::Bool => V::Bool(false),
                    portcullis_policy::ValueType::StrList => V::List(Vec::new()),
                    portcullis_policy::ValueType::Num => V::Num(0.0),
                    _ => V::Missing,
                },
            }
        }
        Selector::Result(path) => match &action.result {
            None => V::Missing,
            Some(r) => json(walk(r, path)),
        },
        Selector::ResultText => match &action.result {
            None => V::Missing,
            Some(Value::String(s)) => V::Str(Cow::Borrowed(s)),
            Some(other) => V::Str(Cow::Borrowed(
                facts.result_text.get_or_init(|| other.to_string()).as_str(),
            )),
        },
    }
}
