//! Compiling `when:` trees: combinators, selectors and operators, with load-time type checks.

use serde_json::Value;

use crate::LazyRegex;
use crate::error::{Cx, hint};
use crate::glob::Glob;
use crate::model::{ContainsAny, Expr, OPERATORS, Op, Test};
use crate::selector::{Dialect, Selector, ValueType};
use crate::yaml::{Key, Kind, Node, Pos};

/// Maximum nesting of `all`/`any`/`not` (deeper trees are refused at load time).
const MAX_DEPTH: usize = 16;
/// Size limit for one compiled regex.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

pub(crate) fn compile_when(cx: &mut Cx, node: &Node, dialect: Dialect) -> Option<Expr> {
    compile(cx, node, dialect, 0)
}

fn compile(cx: &mut Cx, node: &Node, dialect: Dialect, depth: usize) -> Option<Expr> {
    if depth > MAX_DEPTH {
        cx.error(
            "policy_too_deep",
            node.pos,
            format!("condition nested deeper than {MAX_DEPTH} levels"),
        );
        return None;
    }
    let entries = cx.map(node, "a condition")?;
    if entries.is_empty() {
        cx.error("policy_empty_condition", node.pos, "empty condition");
        return None;
    }
    // A combinator must be alone in its mapping (as in edictum's schema).
    if let Some((k, _)) = entries
        .iter()
        .find(|(k, _)| matches!(k.name.as_str(), "all" | "any" | "not"))
        && entries.len() > 1
    {
        cx.error_help(
            "policy_mixed_condition",
            k.pos,
            format!("`{}` must be the only key of its condition", k.name),
            "wrap the tests in `all:` to combine them",
        );
        return None;
    }
    if dialect == Dialect::Edictum && entries.len() > 1 {
        let (k, _) = entries.get(1)?;
        cx.error_help(
            "policy_mixed_condition",
            k.pos,
            "an edictum condition has exactly one selector",
            "combine several tests with `all:`",
        );
        return None;
    }
    let mut tests = Vec::new();
    for (key, value) in entries {
        match key.name.as_str() {
            "all" | "any" => {
                let items = cx.seq(value, &format!("`{}`", key.name))?;
                if items.is_empty() {
                    cx.error(
                        "policy_empty_condition",
                        value.pos,
                        format!("`{}` needs at least one condition", key.name),
                    );
                    return None;
                }
                let mut children = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    match compile(cx, item, dialect, depth + 1) {
                        Some(e) => children.push(e),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                return Some(if key.name == "all" {
                    Expr::All(children)
                } else {
                    Expr::Any(children)
                });
            }
            "not" => {
                let inner = compile(cx, value, dialect, depth + 1)?;
                return Some(Expr::Not(Box::new(inner)));
            }
            _ => tests.push(compile_leaf(cx, key, value, dialect)?),
        }
    }
    if tests.len() == 1 {
        tests.pop()
    } else {
        Some(Expr::All(tests))
    }
}

fn compile_leaf(cx: &mut Cx, key: &Key, value: &Node, dialect: Dialect) -> Option<Expr> {
    let selector = match Selector::parse(&key.name, dialect) {
        Ok(s) => s,
        Err((msg, help)) => {
            cx.push("policy_unknown_selector", Some(key.pos), msg, help);
            return None;
        }
    };
    match &value.kind {
        Kind::Map(ops) => {
            if ops.is_empty() {
                cx.error(
                    "policy_empty_condition",
                    value.pos,
                    format!("`{}` needs an operator", key.name),
                );
                return None;
            }
            if dialect == Dialect::Edictum && ops.len() > 1 {
                let (k, _) = ops.get(1)?;
                cx.error_help(
                    "policy_mixed_condition",
                    k.pos,
                    "an edictum test has exactly one operator",
                    "combine several tests with `all:`",
                );
                return None;
            }
            let mut out = Vec::with_capacity(ops.len());
            let mut ok = true;
            for (op_key, operand) in ops {
                match compile_op(cx, &selector, op_key, operand) {
                    Some(op) => out.push(Expr::Test(Test {
                        text: describe(&selector, &op_key.name, operand),
                        selector: selector.clone(),
                        op,
                    })),
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            if out.len() == 1 {
                out.pop()
            } else {
                Some(Expr::All(out))
            }
        }
        // Shorthand: `path.sensitive: true` means `equals`, a list means `in`.
        Kind::Seq(_) if dialect == Dialect::Portcullis => {
            let k = Key {
                pos: value.pos,
                name: "in".to_owned(),
            };
            let op = compile_op(cx, &selector, &k, value)?;
            Some(Expr::Test(Test {
                text: describe(&selector, "in", value),
                selector,
                op,
            }))
        }
        Kind::Str(_) | Kind::Int(_) | Kind::Float(_) | Kind::Bool(_)
            if dialect == Dialect::Portcullis =>
        {
            let k = Key {
                pos: value.pos,
                name: "equals".to_owned(),
            };
            let op = compile_op(cx, &selector, &k, value)?;
            Some(Expr::Test(Test {
                text: describe(&selector, "equals", value),
                selector,
                op,
            }))
        }
        other => {
            cx.error_help(
                "policy_type_mismatch",
                value.pos,
                format!(
                    "the test on `{}` must be a mapping of operator to operand, found {}",
                    key.name,
                    other.describe()
                ),
                format!("for example `{}: {{equals: value}}`", key.name),
            );
            None
        }
    }
}

fn describe(selector: &Selector, op: &str, operand: &Node) -> String {
    let v = operand.to_json();
    format!("{selector} {op} {v}")
}

fn mismatch(cx: &mut Cx, pos: Pos, selector: &Selector, op: &str, needs: &str) {
    cx.error_help(
        "policy_type_mismatch",
        pos,
        format!(
            "operator `{op}` needs {needs}, but `{selector}` is {}",
            selector.value_type().describe()
        ),
        "use an operator that fits the selector's type (see `portcullis explain --selectors`)",
    );
}

fn compile_op(cx: &mut Cx, selector: &Selector, key: &Key, operand: &Node) -> Option<Op> {
    let ty = selector.value_type();
    let stringy = matches!(ty, ValueType::Any | ValueType::Str | ValueType::StrList);
    let numeric = matches!(ty, ValueType::Any | ValueType::Num);
    let op = key.name.as_str();
    match op {
        "exists" => Some(Op::Exists(cx.boolean(operand, "`exists`")?)),
        "equals" | "not_equals" => {
            let v = scalar(cx, operand, op)?;
            if !operand_fits(ty, &v) {
                mismatch(
                    cx,
                    key.pos,
                    selector,
                    op,
                    &format!("{} operand", json_kind(&v)),
                );
                return None;
            }
            Some(if op == "equals" {
                Op::Equals(v)
            } else {
                Op::NotEquals(v)
            })
        }
        "in" | "not_in" => {
            let items = cx.seq(operand, &format!("the operand of `{op}`"))?;
            if items.is_empty() {
                cx.error(
                    "policy_empty_list",
                    operand.pos,
                    format!("`{op}` needs a non-empty list"),
                );
                return None;
            }
            let mut vals = Vec::with_capacity(items.len());
            for item in items {
                let v = scalar(cx, item, op)?;
                if !(operand_fits(ty, &v) || ty == ValueType::StrList && v.is_string()) {
                    mismatch(
                        cx,
                        item.pos,
                        selector,
                        op,
                        &format!("{} items", json_kind(&v)),
                    );
                    return None;
                }
                vals.push(v);
            }
            Some(if op == "in" {
                Op::In(vals)
            } else {
                Op::NotIn(vals)
            })
        }
        "contains" | "starts_with" | "ends_with" => {
            if !stringy {
                mismatch(cx, key.pos, selector, op, "a string value");
                return None;
            }
            let s = cx
                .string(operand, &format!("the operand of `{op}`"))?
                .to_owned();
            Some(match op {
                "contains" => Op::Contains(s),
                "starts_with" => Op::StartsWith(s),
                _ => Op::EndsWith(s),
            })
        }
        "contains_any" => {
            if !stringy {
                mismatch(cx, key.pos, selector, op, "a string value");
                return None;
            }
            let needles = string_list(cx, operand, op)?;
            let matcher = match aho_corasick::AhoCorasick::new(&needles) {
                Ok(m) => m,
                Err(e) => {
                    cx.error(
                        "policy_invalid_operand",
                        operand.pos,
                        format!("cannot build matcher for `contains_any`: {e}"),
                    );
                    return None;
                }
            };
            Some(Op::ContainsAny(Box::new(ContainsAny { needles, matcher })))
        }
        "matches" => {
            if !stringy {
                mismatch(cx, key.pos, selector, op, "a string value");
                return None;
            }
            let pat = cx.string(operand, "the operand of `matches`")?;
            check_regex(cx, operand.pos, pat)?;
            Some(Op::Matches(Box::new(LazyRegex::one(pat))))
        }
        "matches_any" => {
            if !stringy {
                mismatch(cx, key.pos, selector, op, "a string value");
                return None;
            }
            let items = cx.seq(operand, "the operand of `matches_any`")?;
            if items.is_empty() {
                cx.error(
                    "policy_empty_list",
                    operand.pos,
                    "`matches_any` needs a non-empty list",
                );
                return None;
            }
            let mut pats = Vec::with_capacity(items.len());
            for item in items {
                let p = cx.string(item, "a `matches_any` pattern")?;
                check_regex(cx, item.pos, p)?;
                pats.push(p.to_owned());
            }
            Some(Op::MatchesAny(Box::new(LazyRegex::set(pats))))
        }
        "glob" => {
            if !stringy {
                mismatch(cx, key.pos, selector, op, "a string value");
                return None;
            }
            let pat = cx.string(operand, "the operand of `glob`")?;
            Some(Op::Glob(Box::new(Glob::new(pat))))
        }
        "gt" | "gte" | "lt" | "lte" => {
            if !numeric {
                mismatch(cx, key.pos, selector, op, "a number value");
                return None;
            }
            let n = match &operand.kind {
                Kind::Int(i) => *i as f64,
                Kind::Float(f) if f.is_finite() => *f,
                other => {
                    cx.error(
                        "policy_type_mismatch",
                        operand.pos,
                        format!(
                            "the operand of `{op}` must be a number, found {}",
                            other.describe()
                        ),
                    );
                    return None;
                }
            };
            Some(match op {
                "gt" => Op::Gt(n),
                "gte" => Op::Gte(n),
                "lt" => Op::Lt(n),
                _ => Op::Lte(n),
            })
        }
        _ => {
            cx.error_help(
                "policy_unknown_operator",
                key.pos,
                format!("unknown operator `{op}`"),
                hint(op, &OPERATORS),
            );
            None
        }
    }
}

fn scalar(cx: &mut Cx, node: &Node, op: &str) -> Option<Value> {
    match &node.kind {
        Kind::Seq(_) | Kind::Map(_) => {
            cx.error(
                "policy_type_mismatch",
                node.pos,
                format!(
                    "the operand of `{op}` must be a single value, found {}",
                    node.kind.describe()
                ),
            );
            None
        }
        _ => Some(node.to_json()),
    }
}

fn string_list(cx: &mut Cx, node: &Node, op: &str) -> Option<Vec<String>> {
    let items = cx.seq(node, &format!("the operand of `{op}`"))?;
    if items.is_empty() {
        cx.error(
            "policy_empty_list",
            node.pos,
            format!("`{op}` needs a non-empty list"),
        );
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(cx.string(item, &format!("an item of `{op}`"))?.to_owned());
    }
    Some(out)
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "a null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn operand_fits(ty: ValueType, v: &Value) -> bool {
    match ty {
        ValueType::Any => true,
        ValueType::Str => v.is_string() || v.is_null(),
        ValueType::Num => v.is_number() || v.is_null(),
        ValueType::Bool => v.is_boolean() || v.is_null(),
        ValueType::StrList => false,
    }
}

fn first_line(s: &str) -> String {
    let line = s
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim();
    line.strip_prefix("error: ").unwrap_or(line).to_owned()
}

/// Checks a pattern's syntax at load time; it is compiled when first used.
fn check_regex(cx: &mut Cx, pos: Pos, pattern: &str) -> Option<()> {
    match crate::lazy::check_syntax(pattern) {
        Ok(()) => Some(()),
        Err(text) => {
            let help = if text.contains("look-around") || text.contains("backreferences") {
                "portcullis regexes run in linear time, so look-around and backreferences are not supported; rewrite the pattern without them"
            } else {
                "see https://docs.rs/regex/latest/regex/#syntax"
            };
            cx.error_help(
                "policy_invalid_regex",
                pos,
                format!("invalid regex `{pattern}`: {}", first_line(&text)),
                help,
            );
            None
        }
    }
}

#[allow(dead_code, reason = "eager compilation, kept for redact patterns")]
pub(crate) fn regex(cx: &mut Cx, pos: Pos, pattern: &str) -> Option<regex::Regex> {
    match regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
    {
        Ok(r) => Some(r),
        Err(e) => {
            let text = e.to_string();
            let help = if text.contains("look-around") || text.contains("backreferences") {
                "portcullis regexes run in linear time, so look-around and backreferences are not supported; rewrite the pattern without them".to_owned()
            } else if matches!(e, regex::Error::CompiledTooBig(_)) {
                "the pattern compiles to more than 1 MiB; simplify it or split it into several tests".to_owned()
            } else {
                "see https://docs.rs/regex/latest/regex/#syntax".to_owned()
            };
            cx.error_help(
                "policy_invalid_regex",
                pos,
                format!("invalid regex `{pattern}`: {}", first_line(&text)),
                help,
            );
            None
        }
    }
}
