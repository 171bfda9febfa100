//! Applying operators to values, with the documented coercion rules.
//!
//! - A missing value (or JSON `null`) makes every operator false except `exists: false`
//!   (and `not` around it), as in edictum.
//! - Lists (JSON arrays, `shell.codes`, `principal.roles`) are tested element by element:
//!   `contains`/`in`/`equals`/`starts_with`/`matches`/… hold when *some* element satisfies them;
//!   `not_in`/`not_equals` hold when *no* element matches.
//! - Numeric operators compare JSON numbers; a string that is exactly a decimal number
//!   (`"99999"`, `"1e3"`, `"-2.5"`) is compared by its value; any other type is a *type
//!   mismatch*, which is an error: the rule is reported and the decision fails closed (deny).
//! - String operators on a number, boolean or object are a type mismatch too.
//! - `equals` compares numbers by value (`1 == 1.0`), other values exactly.

use std::borrow::Cow;

use portcullis_policy::Op;
use serde_json::Value;

/// A value a selector resolved to.
#[derive(Debug, Clone)]
pub(crate) enum V<'a> {
    Missing,
    Json(&'a Value),
    Str(Cow<'a, str>),
    Num(f64),
    Bool(bool),
    List(Vec<Cow<'a, str>>),
}

/// Three-valued result: a type mismatch or internal failure is not "false".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tri {
    True,
    False,
    Error(String),
}

impl Tri {
    fn from(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }
}

fn is_absent(v: &V<'_>) -> bool {
    matches!(v, V::Missing | V::Json(Value::Null))
}

/// Parses a string that is exactly a decimal number (JSON number syntax, no whitespace).
pub(crate) fn numeric_str(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 64 {
        return None;
    }
    let ok = b
        .iter()
        .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'));
    let has_digit = b.iter().any(u8::is_ascii_digit);
    if !ok || !has_digit {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn as_num(v: &V<'_>) -> Option<f64> {
    match v {
        V::Num(n) => Some(*n),
        V::Json(Value::Number(n)) => n.as_f64(),
        V::Json(Value::String(s)) => numeric_str(s),
        V::Str(s) => numeric_str(s),
        _ => None,
    }
}

fn kind(v: &V<'_>) -> &'static str {
    match v {
        V::Missing => "missing",
        V::Json(Value::Null) => "null",
        V::Json(Value::Bool(_)) | V::Bool(_) => "a boolean",
        V::Json(Value::Number(_)) | V::Num(_) => "a number",
        V::Json(Value::String(_)) | V::Str(_) => "a string",
        V::Json(Value::Array(_)) | V::List(_) => "a list",
        V::Json(Value::Object(_)) => "an object",
    }
}

/// Equality between a resolved value and a JSON operand.
fn eq(v: &V<'_>, operand: &Value) -> bool {
    match (v, operand) {
        (V::Str(s), Value::String(o)) => s == o,
        (V::Json(Value::String(s)), Value::String(o)) => s == o,
        (V::Bool(b) | V::Json(Value::Bool(b)), Value::Bool(o)) => b == o,
        (V::Num(n), Value::Number(o)) => o.as_f64() == Some(*n),
        (V::Json(Value::Number(n)), Value::Number(o)) => n.as_f64() == o.as_f64(),
        (V::Json(j), o) => *j == o,
        _ => false,
    }
}

/// The strings of a list-like value (for element-wise operators), or `None`.
fn elements<'v>(v: &'v V<'_>) -> Option<Vec<&'v str>> {
    match v {
        V::List(items) => Some(items.iter().map(AsRef::as_ref).collect()),
        V::Json(Value::Array(items)) => Some(items.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

fn text<'v>(v: &'v V<'_>) -> Option<&'v str> {
    match v {
        V::Str(s) => Some(s),
        V::Json(Value::String(s)) => Some(s),
        _ => None,
    }
}

fn mismatch(op: &Op, v: &V<'_>) -> Tri {
    Tri::Error(format!(
        "type mismatch: operator `{}` cannot test {}",
        op.name(),
        kind(v)
    ))
}

/// Applies `op` to `v`.
pub(crate) fn apply(op: &Op, v: &V<'_>) -> Tri {
    if let Op::Exists(want) = op {
        return Tri::from(is_absent(v) != *want);
    }
    if is_absent(v) {
        return Tri::False;
    }
    match op {
        Op::Exists(_) => Tri::False,
        Op::Equals(o) => match elements(v) {
            Some(els) if !matches!(o, Value::Array(_)) => {
                Tri::from(els.iter().any(|e| o.as_str() == Some(e)))
            }
            _ => Tri::from(eq(v, o)),
        },
        Op::NotEquals(o) => match elements(v) {
            Some(els) if !matches!(o, Value::Array(_)) => {
                Tri::from(!els.iter().any(|e| o.as_str() == Some(e)))
            }
            _ => Tri::from(!eq(v, o)),
        },
        Op::In(list) => match elements(v) {
            Some(els) => Tri::from(
                els.iter()
                    .any(|e| list.iter().any(|o| o.as_str() == Some(e))),
            ),
            None => Tri::from(list.iter().any(|o| eq(v, o))),
        },
        Op::NotIn(list) => match elements(v) {
            Some(els) => Tri::from(
                !els.iter()
                    .any(|e| list.iter().any(|o| o.as_str() == Some(e))),
            ),
            None => Tri::from(!list.iter().any(|o| eq(v, o))),
        },
        Op::Contains(needle) => match (text(v), elements(v)) {
            (Some(s), _) => Tri::from(s.contains(needle.as_str())),
            (None, Some(els)) => Tri::from(els.iter().any(|e| e == needle)),
            _ => mismatch(op, v),
        },
        Op::ContainsAny(ca) => match (text(v), elements(v)) {
            (Some(s), _) => Tri::from(ca.matcher.is_match(s)),
            (None, Some(els)) => Tri::from(els.iter().any(|e| ca.needles.iter().any(|n| n == e))),
            _ => mismatch(op, v),
        },
        Op::StartsWith(p) => str_test(op, v, |s| s.starts_with(p.as_str())),
        Op::EndsWith(p) => str_test(op, v, |s| s.ends_with(p.as_str())),
        Op::Matches(re) | Op::MatchesAny(re) => {
            if let Err(e) = re.force() {
                return Tri::Error(format!("regex cannot be compiled: {e}"));
            }
            str_test(op, v, |s| re.is_match(s).unwrap_or(true))
        }
        Op::Glob(g) => str_test(op, v, |s| g.is_match(s)),
        Op::Gt(n) => num_test(op, v, |x| x > *n),
        Op::Gte(n) => num_test(op, v, |x| x >= *n),
        Op::Lt(n) => num_test(op, v, |x| x < *n),
        Op::Lte(n) => num_test(op, v, |x| x <= *n),
    }
}

fn str_test(op: &Op, v: &V<'_>, f: impl Fn(&str) -> bool) -> Tri {
    if let Some(s) = text(v) {
        return Tri::from(f(s));
    }
    match elements(v) {
        Some(els) => Tri::from(els.iter().any(|e| f(e))),
        None => mismatch(op, v),
    }
}

fn num_test(op: &Op, v: &V<'_>, f: impl Fn(f64) -> bool) -> Tri {
    match as_num(v) {
        Some(x) => Tri::from(f(x)),
        None => mismatch(op, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(yaml_op: &str, operand: &str) -> Op {
        let text = format!(
            "apiVersion: portcullis/v1\nkind: Policy\nrules:\n  - id: r\n    when: {{args.x: {{{yaml_op}: {operand}}}}}\n    then: {{effect: deny}}\n"
        );
        let p = portcullis_policy::Policy::from_yaml(&text, "t").unwrap();
        let Some(portcullis_policy::Expr::Test(t)) = p.rules[0].when.clone() else {
            panic!()
        };
        t.op
    }

    fn j(v: &Value) -> V<'_> {
        V::Json(v)
    }

    #[test]
    fn missing_values_only_satisfy_exists_false() {
        assert_eq!(apply(&op("exists", "false"), &V::Missing), Tri::True);
        assert_eq!(apply(&op("exists", "true"), &V::Missing), Tri::False);
        assert_eq!(apply(&op("not_in", "[a]"), &V::Missing), Tri::False);
        assert_eq!(apply(&op("gt", "1"), &j(&Value::Null)), Tri::False);
    }

    #[test]
    fn numeric_strings_compare_by_value_other_types_are_errors() {
        let gt = op("gt", "1000");
        assert_eq!(apply(&gt, &j(&json!("99999"))), Tri::True);
        assert_eq!(apply(&gt, &j(&json!("5"))), Tri::False);
        assert_eq!(apply(&gt, &j(&json!(1e4))), Tri::True);
        assert!(matches!(apply(&gt, &j(&json!("lots"))), Tri::Error(_)));
        assert!(matches!(apply(&gt, &j(&json!("NaN"))), Tri::Error(_)));
        assert!(matches!(apply(&gt, &j(&json!("inf"))), Tri::Error(_)));
        assert!(matches!(apply(&gt, &j(&json!(true))), Tri::Error(_)));
        assert!(matches!(apply(&gt, &j(&json!([5000]))), Tri::Error(_)));
    }

    #[test]
    fn string_operators_on_numbers_are_errors_and_lists_are_element_wise() {
        assert!(matches!(
            apply(&op("contains", "'.env'"), &j(&json!(5))),
            Tri::Error(_)
        ));
        let v = json!(["a.txt", ".env"]);
        assert_eq!(apply(&op("contains", "'.env'"), &j(&v)), Tri::True);
        assert_eq!(apply(&op("ends_with", "'.txt'"), &j(&v)), Tri::True);
        assert_eq!(apply(&op("not_in", "[x, y]"), &j(&v)), Tri::True);
        assert_eq!(apply(&op("in", "[x, .env]"), &j(&v)), Tri::True);
    }

    #[test]
    fn equality_is_numeric_for_numbers() {
        assert_eq!(apply(&op("equals", "1"), &j(&json!(1.0))), Tri::True);
        assert_eq!(apply(&op("equals", "'1'"), &j(&json!(1))), Tri::False);
        assert_eq!(
            apply(&op("not_equals", "prod"), &j(&json!("dev"))),
            Tri::True
        );
    }

    #[test]
    fn numeric_str_is_strict() {
        assert_eq!(numeric_str("12"), Some(12.0));
        assert_eq!(numeric_str("-2.5e1"), Some(-25.0));
        for bad in [
            "", " 1", "1 ", "0x10", "1_000", "infinity", "+", "e", "1e999",
        ] {
            assert_eq!(numeric_str(bad), None, "{bad}");
        }
    }
}
