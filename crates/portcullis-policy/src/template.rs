//! Rule messages with `{selector}` placeholders.

use crate::selector::{Dialect, Selector};

/// A message template: literal text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The template as written.
    pub source: String,
    /// Its parts, in order.
    pub parts: Vec<Part>,
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text copied as is.
    Literal(String),
    /// A selector's value (missing values keep the placeholder text).
    Selector(Selector, String),
    /// A fact about the call: `{tool}`, `{path}`, `{command}`, `{url}`, `{agent}`, `{session}`.
    Fact(Fact, String),
}

/// Placeholders that are not selectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// The tool name.
    Tool,
    /// The first path the call touches (from arguments or the command).
    Path,
    /// The shell command.
    Command,
    /// The first URL.
    Url,
    /// The agent id.
    Agent,
    /// The session id.
    Session,
}

const FACTS: [(&str, Fact); 6] = [
    ("tool", Fact::Tool),
    ("path", Fact::Path),
    ("command", Fact::Command),
    ("url", Fact::Url),
    ("agent", Fact::Agent),
    ("session", Fact::Session),
];

impl Template {
    /// Parses a template. In the portcullis dialect an unknown placeholder is an error
    /// (message, help); in edictum's it is kept as literal text, as edictum does.
    pub(crate) fn parse(
        source: &str,
        dialect: Dialect,
    ) -> Result<Template, (String, Option<String>)> {
        let mut parts = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            let Some(close_rel) = rest.get(open + 1..).and_then(|r| r.find('}')) else {
                break;
            };
            let close = open + 1 + close_rel;
            let before = rest.get(..open).unwrap_or_default();
            let inner = rest.get(open + 1..close).unwrap_or_default();
            let raw = rest.get(open..=close).unwrap_or_default().to_owned();
            if !before.is_empty() {
                parts.push(Part::Literal(before.to_owned()));
            }
            if let Some((_, fact)) = FACTS.iter().find(|(n, _)| *n == inner) {
                parts.push(Part::Fact(*fact, raw));
            } else {
                match Selector::parse(inner, dialect) {
                    Ok(sel) => parts.push(Part::Selector(sel, raw)),
                    Err(e) if dialect == Dialect::Portcullis => {
                        return Err((
                            format!("in message placeholder `{{{inner}}}`: {}", e.0),
                            e.1,
                        ));
                    }
                    Err(_) => parts.push(Part::Literal(raw)),
                }
            }
            rest = rest.get(close + 1..).unwrap_or_default();
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_owned()));
        }
        Ok(Template {
            source: source.to_owned(),
            parts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_literals_selectors_and_facts() {
        let t = Template::parse("read {args.path} via {tool}!", Dialect::Portcullis).unwrap();
        assert_eq!(t.parts.len(), 5);
        assert!(matches!(&t.parts[1], Part::Selector(Selector::Args(p), _) if p == &["path"]));
        assert!(matches!(&t.parts[3], Part::Fact(Fact::Tool, _)));
        assert_eq!(t.parts[4], Part::Literal("!".into()));
    }

    #[test]
    fn unknown_placeholders_error_natively_and_stay_literal_in_edictum() {
        assert!(Template::parse("x {nope} y", Dialect::Portcullis).is_err());
        let t = Template::parse("x {nope} y {", Dialect::Edictum).unwrap();
        assert_eq!(
            t.parts,
            vec![
                Part::Literal("x ".into()),
                Part::Literal("{nope}".into()),
                Part::Literal(" y {".into())
            ]
        );
    }
}
