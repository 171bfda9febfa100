//! Helpers for validating the YAML tree by hand, with positioned errors.

use crate::error::{Cx, hint};
use crate::yaml::{Key, Kind, Node};

pub(crate) type Entries = [(Key, Node)];

pub(crate) fn get<'a>(entries: &'a Entries, key: &str) -> Option<&'a Node> {
    entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
}

impl Cx {
    pub(crate) fn map<'a>(&mut self, node: &'a Node, what: &str) -> Option<&'a Entries> {
        match &node.kind {
            Kind::Map(m) => Some(m),
            other => {
                self.error(
                    "policy_type_mismatch",
                    node.pos,
                    format!("{what} must be a mapping, found {}", other.describe()),
                );
                None
            }
        }
    }

    pub(crate) fn seq<'a>(&mut self, node: &'a Node, what: &str) -> Option<&'a [Node]> {
        match &node.kind {
            Kind::Seq(s) => Some(s),
            other => {
                self.error(
                    "policy_type_mismatch",
                    node.pos,
                    format!("{what} must be a list, found {}", other.describe()),
                );
                None
            }
        }
    }

    /// Reports every key not in `allowed`, with a "did you mean" hint.
    pub(crate) fn check_keys(&mut self, entries: &Entries, allowed: &[&str], what: &str) {
        for (k, _) in entries {
            if !allowed.contains(&k.name.as_str()) {
                self.error_help(
                    "policy_unknown_field",
                    k.pos,
                    format!("unknown field `{}` in {what}", k.name),
                    hint(&k.name, allowed),
                );
            }
        }
    }

    pub(crate) fn string<'a>(&mut self, node: &'a Node, what: &str) -> Option<&'a str> {
        match &node.kind {
            Kind::Str(s) => Some(s),
            other => {
                self.error(
                    "policy_type_mismatch",
                    node.pos,
                    format!("{what} must be a string, found {}", other.describe()),
                );
                None
            }
        }
    }

    /// A string, or a scalar written without quotes (`version: 1`), as text.
    pub(crate) fn scalar_text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.kind {
            Kind::Str(s) => Some(s.clone()),
            Kind::Int(i) => Some(i.to_string()),
            Kind::Float(f) => Some(f.to_string()),
            Kind::Bool(b) => Some(b.to_string()),
            other => {
                self.error(
                    "policy_type_mismatch",
                    node.pos,
                    format!("{what} must be a string, found {}", other.describe()),
                );
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        match &node.kind {
            Kind::Bool(b) => Some(*b),
            other => {
                self.error(
                    "policy_type_mismatch",
                    node.pos,
                    format!("{what} must be true or false, found {}", other.describe()),
                );
                None
            }
        }
    }

    pub(crate) fn uint(&mut self, node: &Node, what: &str) -> Option<u64> {
        match &node.kind {
            Kind::Int(i) if *i >= 0 => u64::try_from(*i).ok(),
            other => {
                self.error(
                    "policy_type_mismatch",
                    node.pos,
                    format!(
                        "{what} must be a non-negative integer, found {}",
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    pub(crate) fn risk(&mut self, node: &Node, what: &str) -> Option<u8> {
        let v = self.uint(node, what)?;
        if v > 100 {
            self.error(
                "policy_out_of_range",
                node.pos,
                format!("{what} must be between 0 and 100, found `{v}`"),
            );
            return None;
        }
        u8::try_from(v).ok()
    }

    /// A string or a list of strings.
    pub(crate) fn strings(&mut self, node: &Node, what: &str) -> Option<Vec<String>> {
        match &node.kind {
            Kind::Str(s) => Some(vec![s.clone()]),
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.string(item, what)?.to_owned());
                }
                Some(out)
            }
            other => {
                self.error(
                    "policy_type_mismatch",
                    node.pos,
                    format!(
                        "{what} must be a string or a list of strings, found {}",
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    /// A duration: seconds as an integer, or `30s`, `15m`, `2h`, `1d`.
    pub(crate) fn duration_secs(&mut self, node: &Node, what: &str) -> Option<u64> {
        match &node.kind {
            Kind::Int(i) if *i > 0 => u64::try_from(*i).ok(),
            Kind::Str(s) => match parse_duration(s) {
                Some(v) if v > 0 => Some(v),
                _ => {
                    self.error_help(
                        "policy_invalid_duration",
                        node.pos,
                        format!("invalid duration `{s}` for {what}"),
                        "write a number with a unit: `30s`, `15m`, `2h` or `1d`",
                    );
                    None
                }
            },
            other => {
                self.error_help(
                    "policy_invalid_duration",
                    node.pos,
                    format!("{what} must be a duration, found {}", other.describe()),
                    "write a number with a unit: `30s`, `15m`, `2h` or `1d`",
                );
                None
            }
        }
    }
}

/// Parses `30s`, `15m`, `2h`, `1d`, `90` (seconds) into seconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, 's')) => (s.get(..i)?, 1),
        Some((i, 'm')) => (s.get(..i)?, 60),
        Some((i, 'h')) => (s.get(..i)?, 3600),
        Some((i, 'd')) => (s.get(..i)?, 86_400),
        Some(_) => (s, 1),
        None => return None,
    };
    num.trim().parse::<u64>().ok()?.checked_mul(mult)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Some(900));
        assert_eq!(parse_duration("30s"), Some(30));
        assert_eq!(parse_duration("2h"), Some(7200));
        assert_eq!(parse_duration("1d"), Some(86_400));
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("m"), None);
        assert_eq!(parse_duration("-1m"), None);
        assert_eq!(parse_duration("99999999999999999999d"), None);
        assert_eq!(parse_duration(""), None);
    }
}
