//! OPA-style decision-log masking: replace or remove values by JSON pointer before a record
//! reaches the ledger or any sink.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::LedgerError;

/// The text that replaces a masked value.
pub const MASKED: &str = "[MASKED]";

/// Most pointers a [`Masking`] accepts (each is applied to every record).
const MAX_POINTERS: usize = 1024;

/// Which values to hide in audit records.
///
/// Pointers are RFC 6901 JSON pointers into the record `{"decision": …, "action": …}`, e.g.
/// `/action/args/password` or `/decision/reason`. A segment `*` matches every member of an
/// object or element of an array (`/action/args/headers/*`). `mask` replaces the value with
/// `"[MASKED]"`; `drop` removes it. Masks apply first, then drops; a pointer that matches
/// nothing is ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Masking {
    /// Values to replace with `"[MASKED]"`.
    #[serde(default)]
    pub mask: Vec<String>,
    /// Values to remove.
    #[serde(default)]
    pub drop: Vec<String>,
}

impl Masking {
    /// Masks and drops, checked (code `invalid_pointer`).
    pub fn new(mask: Vec<String>, drop: Vec<String>) -> Result<Masking, LedgerError> {
        let m = Masking { mask, drop };
        m.validate()?;
        Ok(m)
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.mask.is_empty() && self.drop.is_empty()
    }

    /// Checks every pointer: each must be empty or start with `/`, and `~` must be followed by
    /// `0` or `1`.
    pub fn validate(&self) -> Result<(), LedgerError> {
        if self.mask.len() + self.drop.len() > MAX_POINTERS {
            return Err(LedgerError::masking(format!(
                "too many masking pointers (more than {MAX_POINTERS})"
            )));
        }
        for p in self.mask.iter().chain(&self.drop) {
            segments(p)?;
        }
        Ok(())
    }

    /// Applies the masks, then the drops, to `record`.
    pub fn apply(&self, record: &mut Value) -> Result<(), LedgerError> {
        for p in &self.mask {
            let segs = segments(p)?;
            visit(record, &segs, &mut |v| {
                *v = Value::String(MASKED.to_owned());
            });
        }
        for p in &self.drop {
            let segs = segments(p)?;
            if let Some((last, parent)) = segs.split_last() {
                visit(record, parent, &mut |v| remove(v, last));
            }
        }
        Ok(())
    }
}

fn segments(pointer: &str) -> Result<Vec<String>, LedgerError> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let rest = pointer.strip_prefix('/').ok_or_else(|| {
        LedgerError::masking(format!("JSON pointer `{pointer}` must start with `/`"))
    })?;
    rest.split('/')
        .map(|seg| {
            let mut out = String::with_capacity(seg.len());
            let mut chars = seg.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => {
                            return Err(LedgerError::masking(format!(
                                "JSON pointer `{pointer}` has `~` not followed by `0` or `1`"
                            )));
                        }
                    }
                } else {
                    out.push(c);
                }
            }
            Ok(out)
        })
        .collect()
}

/// Calls `f` on every value the segments reach (`*` fans out).
fn visit(value: &mut Value, segs: &[String], f: &mut dyn FnMut(&mut Value)) {
    let Some((first, rest)) = segs.split_first() else {
        f(value);
        return;
    };
    match value {
        Value::Object(map) if first == "*" => {
            for v in map.values_mut() {
                visit(v, rest, f);
            }
        }
        Value::Object(map) => {
            if let Some(v) = map.get_mut(first.as_str()) {
                visit(v, rest, f);
            }
        }
        Value::Array(items) if first == "*" => {
            for v in items {
                visit(v, rest, f);
            }
        }
        Value::Array(items) => {
            if let Some(v) = index(first).and_then(|i| items.get_mut(i)) {
                visit(v, rest, f);
            }
        }
        _ => {}
    }
}

fn remove(parent: &mut Value, key: &str) {
    match parent {
        Value::Object(map) if key == "*" => map.clear(),
        Value::Object(map) => {
            map.remove(key);
        }
        Value::Array(items) if key == "*" => items.clear(),
        Value::Array(items) => {
            if let Some(i) = index(key).filter(|&i| i < items.len()) {
                items.remove(i);
            }
        }
        _ => {}
    }
}

/// An RFC 6901 array index: digits without a leading zero.
fn index(seg: &str) -> Option<usize> {
    if seg.is_empty() || (seg.len() > 1 && seg.starts_with('0')) {
        return None;
    }
    if !seg.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    seg.parse().ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn masks_and_drops_by_pointer() {
        let m = Masking::new(
            vec![
                "/action/args/password".into(),
                "/action/args/headers/*".into(),
                "/action/args/a~1b".into(),
                "/action/list/1".into(),
                "/nope/nothing".into(),
            ],
            vec!["/decision/reason".into(), "/action/list/0".into()],
        )
        .unwrap();
        let mut r = json!({
            "decision": {"decision": "allow", "reason": "because"},
            "action": {"args": {"password": "hunter2", "user": "bob",
                                "headers": {"auth": "x", "cookie": "y"}, "a/b": 1},
                       "list": [1, 2, 3]}
        });
        m.apply(&mut r).unwrap();
        assert_eq!(
            r,
            json!({
                "decision": {"decision": "allow"},
                "action": {"args": {"password": "[MASKED]", "user": "bob",
                                    "headers": {"auth": "[MASKED]", "cookie": "[MASKED]"},
                                    "a/b": "[MASKED]"},
                           "list": ["[MASKED]", 3]}
            })
        );
    }

    #[test]
    fn rejects_bad_pointers() {
        for bad in ["action/args", "/a/~2", "/a~"] {
            let err = Masking::new(vec![bad.into()], vec![]).unwrap_err();
            assert_eq!(err.code(), "invalid_pointer", "{bad}");
        }
    }

    #[test]
    fn empty_pointer_masks_whole_record() {
        let m = Masking::new(vec![String::new()], vec![]).unwrap();
        let mut r = json!({"a": 1});
        m.apply(&mut r).unwrap();
        assert_eq!(r, json!("[MASKED]"));
    }
}
