//! Shell-style globs for tool names and string values, with Python `fnmatch` semantics
//! (`*` matches any run of characters including `/` and `.`, `?` one character, `[abc]` and
//! `[!abc]` classes; case-sensitive), compiled to a linear-time regex.

use std::fmt;

/// A compiled glob.
#[derive(Clone)]
pub struct Glob {
    pattern: String,
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    Any,
    Exact,
    Prefix(String),
    Regex(regex::Regex),
}

impl Glob {
    /// Compiles a glob. Never fails: an unclosed `[` is a literal, as in `fnmatch`.
    pub fn new(pattern: &str) -> Glob {
        let kind = if pattern == "*" {
            Kind::Any
        } else if !pattern.contains(['*', '?', '[']) {
            Kind::Exact
        } else if let Some(prefix) = pattern.strip_suffix('*')
            && !prefix.contains(['*', '?', '['])
        {
            Kind::Prefix(prefix.to_owned())
        } else {
            let re = translate(pattern);
            match regex::RegexBuilder::new(&re).size_limit(1 << 20).build() {
                Ok(r) => Kind::Regex(r),
                // A glob translates to a small regex over escaped literals; should that ever
                // fail (size limit), fall back to exact comparison, which can only match less.
                Err(_) => Kind::Exact,
            }
        };
        Glob {
            pattern: pattern.to_owned(),
            kind,
        }
    }

    /// A glob that matches exactly `text` (no wildcards, whatever it contains).
    pub fn literal(text: &str) -> Glob {
        Glob {
            pattern: text.to_owned(),
            kind: Kind::Exact,
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the pattern has no wildcard (it names exactly one string).
    pub fn is_exact(&self) -> bool {
        matches!(self.kind, Kind::Exact)
    }

    /// Whether the pattern is `*`.
    pub fn is_any(&self) -> bool {
        matches!(self.kind, Kind::Any)
    }

    /// Whether `text` matches the whole pattern.
    pub fn is_match(&self, text: &str) -> bool {
        match &self.kind {
            Kind::Any => true,
            Kind::Exact => text == self.pattern,
            Kind::Prefix(p) => text.starts_with(p.as_str()),
            Kind::Regex(r) => r.is_match(text),
        }
    }
}

impl fmt::Debug for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Glob({:?})", self.pattern)
    }
}

impl PartialEq for Glob {
    fn eq(&self, other: &Glob) -> bool {
        self.pattern == other.pattern
    }
}

fn translate(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::from("(?s)^");
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '*' => out.push_str(".*"),
            '?' => out.push('.'),
            '[' => {
                // Find the closing bracket; `]` right after `[` or `[!` is literal.
                let mut j = i + 1;
                if chars.get(j) == Some(&'!') {
                    j += 1;
                }
                if chars.get(j) == Some(&']') {
                    j += 1;
                }
                while chars.get(j).is_some_and(|&c| c != ']') {
                    j += 1;
                }
                if j >= chars.len() {
                    out.push_str("\\[");
                } else {
                    let inner: String = chars.get(i + 1..j).unwrap_or_default().iter().collect();
                    out.push('[');
                    let body = inner.strip_prefix('!').map_or_else(
                        || inner.clone(),
                        |rest| {
                            out.push('^');
                            rest.to_owned()
                        },
                    );
                    for ch in body.chars() {
                        if ch == '-' {
                            out.push('-');
                        } else {
                            out.push_str(&regex::escape(&ch.to_string()));
                        }
                    }
                    out.push(']');
                    i = j;
                }
            }
            _ => out.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    out.push('$');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnmatch_semantics() {
        assert!(Glob::new("*").is_match(""));
        assert!(Glob::new("mcp_*").is_match("mcp_database"));
        assert!(!Glob::new("mcp_*").is_match("xmcp_database"));
        assert!(Glob::new("mcp__*__read*").is_match("mcp__fs__read_file"));
        assert!(Glob::new("a?c").is_match("abc"));
        assert!(!Glob::new("a?c").is_match("ac"));
        assert!(Glob::new("[ab]x").is_match("bx"));
        assert!(!Glob::new("[!ab]x").is_match("bx"));
        assert!(Glob::new("[!ab]x").is_match("cx"));
        assert!(Glob::new("*.env").is_match("dir/sub/.env"));
        assert!(Glob::new("file[").is_match("file["));
        assert!(Glob::new("a.b").is_match("a.b"));
        assert!(!Glob::new("a.b").is_match("axb"));
        assert!(Glob::new("[a-c]").is_match("b"));
        assert!(!Glob::new("Read").is_match("read"));
    }

    #[test]
    fn odd_names_never_panic() {
        for p in ["[", "[!", "[]", "[!]", "\\", "(*)", "*[*", "💥*", "a[💥]"] {
            let g = Glob::new(p);
            let _ = g.is_match("💥x");
            let _ = g.is_match(p);
        }
        assert!(Glob::new("a[💥]").is_match("a💥"));
    }
}
