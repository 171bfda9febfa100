//! A generic YAML tree in which every node and every mapping key knows its line and column.
//!
//! Policy files are read into this tree first (serde-saphyr does the parsing, with its budgets
//! against alias bombs and deep nesting, and rejects duplicate keys), then validated by hand, so
//! that every semantic error — unknown key, unknown selector, bad regex — points at the exact
//! place in the file.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, MergeKeyPolicy, Options, Spanned};

/// A 1-based line and column in a policy file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos {
        line: u32::try_from(s.referenced.line()).unwrap_or(u32::MAX),
        col: u32::try_from(s.referenced.column()).unwrap_or(u32::MAX),
    }
}

/// One YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) pos: Pos,
    pub(crate) kind: Kind,
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub(crate) pos: Pos,
    pub(crate) name: String,
}

/// The value of a node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

impl Kind {
    /// A word for error messages: "a string", "a list".
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// Converts the node to JSON (used for operands, test cases and the policy hash).
    pub(crate) fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Int(i) => Value::from(*i),
            Kind::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Kind::Str(s) => Value::String(s.clone()),
            Kind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Parses YAML text into a positioned tree. Errors carry the position serde-saphyr reports.
pub(crate) fn parse(text: &str) -> Result<Node, (Option<Pos>, String)> {
    check_depth(text)?;
    let mut options = Options::default();
    // Security properties, stated rather than inherited: a repeated key must not silently
    // override the first, and `<<` merges are refused so what a reviewer reads is what runs.
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.merge_keys = MergeKeyPolicy::Error;
    options.with_snippet = false;
    // YAML 1.2 booleans only: `tool: y` or `country: no` stay strings (the "Norway problem").
    options.strict_booleans = true;
    match serde_saphyr::from_str_with_options::<Spanned<Kind>>(text, options) {
        Ok(s) => Ok(Node {
            pos: pos_of(&s),
            kind: s.value,
        }),
        Err(e) => {
            let pos = e.location().map(|l| Pos {
                line: u32::try_from(l.line()).unwrap_or(u32::MAX),
                col: u32::try_from(l.column()).unwrap_or(u32::MAX),
            });
            Err((pos, strip_location_suffix(&e.to_string())))
        }
    }
}

/// Deepest nesting of mappings and sequences accepted. Policies need about a dozen levels;
/// the recursive deserializer needs stack per level, so the limit is checked first with the
/// parser's iterative event stream (which cannot overflow).
const MAX_YAML_DEPTH: usize = 48;

fn check_depth(text: &str) -> Result<(), (Option<Pos>, String)> {
    use serde_saphyr::granit_parser::{Event, Parser};
    let mut depth = 0usize;
    for ev in Parser::new_from_str(text) {
        match ev {
            Ok((Event::SequenceStart(..) | Event::MappingStart(..), span)) => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    let pos = Pos {
                        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
                        col: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
                    };
                    return Err((
                        Some(pos),
                        format!("nesting deeper than {MAX_YAML_DEPTH} levels"),
                    ));
                }
            }
            Ok((Event::SequenceEnd | Event::MappingEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
            // Syntax errors are reported by the full parse, with its message.
            Err(_) => break,
        }
    }
    Ok(())
}

/// serde-saphyr appends " at line L, column C" to its messages; we print positions ourselves.
fn strip_location_suffix(msg: &str) -> String {
    let first = msg.lines().next().unwrap_or(msg);
    let text = match first.rfind(" at line ") {
        Some(i) => first.get(..i).unwrap_or(first),
        None => first,
    };
    // "duplicate mapping key: defaults, set DuplicateKeyPolicy in Options if acceptable"
    if let Some(rest) = text.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return format!("duplicate key `{key}`: a key may appear only once in a mapping");
    }
    text.to_owned()
}

struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyText, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<KeyText, E> {
                Ok(KeyText(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Kind;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Kind, E> {
                Ok(Kind::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Kind, E> {
                Ok(Kind::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
                Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Kind, E> {
                Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Kind, E> {
                Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kind, E> {
                Ok(Kind::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
                Ok(Kind::Str(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
                Ok(Kind::Str(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
                Ok(Kind::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
                Ok(Kind::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Kind, D2::Error> {
                Kind::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Kind>>()? {
                    items.push(Node {
                        pos: pos_of(&item),
                        kind: item.value,
                    });
                }
                Ok(Kind::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
                    let value = map.next_value::<Spanned<Kind>>()?;
                    entries.push((
                        Key {
                            pos: pos_of(&key),
                            name: key.value.0,
                        },
                        Node {
                            pos: pos_of(&value),
                            kind: value.value,
                        },
                    ));
                }
                Ok(Kind::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(n: &Node) -> &[(Key, Node)] {
        match &n.kind {
            Kind::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn scalars_keep_their_yaml_types_and_positions() {
        let n = parse("a: 1\nb: '1'\nc: true\nd: 1.5\ne: ~\nf:\n  - x\n  - {g: h}\n").unwrap();
        let m = map(&n);
        assert_eq!(m[0].1.kind, Kind::Int(1));
        assert_eq!(m[1].1.kind, Kind::Str("1".into()));
        assert_eq!(m[2].1.kind, Kind::Bool(true));
        assert_eq!(m[3].1.kind, Kind::Float(1.5));
        assert_eq!(m[4].1.kind, Kind::Null);
        assert_eq!(
            parse("a: y\nb: no\n").unwrap().to_json(),
            serde_json::json!({"a": "y", "b": "no"})
        );
        assert_eq!(m[1].0.pos, Pos { line: 2, col: 1 });
        assert_eq!(m[1].1.pos, Pos { line: 2, col: 4 });
        let Kind::Seq(items) = &m[5].1.kind else {
            panic!()
        };
        assert_eq!(items[1].pos.line, 8);
        assert_eq!(map(&items[1])[0].0.pos, Pos { line: 8, col: 6 });
    }

    #[test]
    fn duplicate_keys_are_errors_with_position() {
        let (pos, msg) = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(msg.contains("duplicate"), "{msg}");
        assert_eq!(pos.map(|p| p.line), Some(3));
    }

    #[test]
    fn merge_keys_are_refused() {
        assert!(parse("base: &b {x: 1}\nr:\n  <<: *b\n  y: 2\n").is_err());
    }

    #[test]
    fn alias_bomb_is_refused_not_expanded() {
        let mut s = String::from("a0: &a0 [x,x,x,x,x,x,x,x,x]\n");
        for i in 1..10 {
            let p = i - 1;
            let refs = vec![format!("*a{p}"); 9].join(",");
            s.extend([format!("a{i}: &a{i} [{refs}]\n")]);
        }
        assert!(parse(&s).is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let s = "[".repeat(100_000);
        assert!(parse(&s).is_err());
        for n in [49, 1000, 50_000] {
            let (_, msg) = parse(&"- ".repeat(n)).unwrap_err();
            assert!(msg.contains("nesting deeper"), "{msg}");
        }
        // The deepest accepted nesting still parses within a test thread's 2 MiB stack.
        assert!(parse(&"- ".repeat(47)).is_ok());
        assert!(parse(&format!("{}1{}", "[".repeat(47), "]".repeat(47))).is_ok());
        assert!(parse(&format!("{}1{}", "{a: ".repeat(47), "}".repeat(47))).is_ok());
        let block: String = (0..47).map(|i| " ".repeat(i) + "a:\n").collect();
        assert!(parse(&(block + &" ".repeat(47) + "b")).is_ok());
    }
}
