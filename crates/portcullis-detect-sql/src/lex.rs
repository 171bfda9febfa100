//! A small SQL lexer for what the parser throws away: comments (and the tricks played with
//! them), plus a keyword scan for text no dialect can parse.

use portcullis_types::Finding;

use crate::codes;

/// Keywords that mark a statement which changes something.
const WRITE_KEYWORDS: &[&str] = &[
    "DROP", "DELETE", "TRUNCATE", "UPDATE", "INSERT", "ALTER", "GRANT", "REVOKE", "CREATE",
    "REPLACE", "MERGE", "EXEC", "EXECUTE", "CALL", "COPY", "LOAD", "RENAME", "SHUTDOWN", "OUTFILE",
    "DUMPFILE",
];

/// What the lexer saw.
#[derive(Debug, Default)]
pub(crate) struct Lexed {
    /// Block comments `/* … */` and line comments, with their text.
    comments: Vec<Comment>,
    /// The code with every comment replaced by a space, strings kept.
    code_upper: String,
}

#[derive(Debug)]
struct Comment {
    text: String,
    /// Word characters directly on both sides (`DR/**/OP`, `UNION/**/SELECT`).
    glued: bool,
    /// MySQL executable comment `/*! … */` or optimizer hint body.
    executable: bool,
}

/// Lexes `sql`: tracks quotes (`'`, `"`, `` ` ``, `$$`), block and line comments.
pub(crate) fn scan(sql: &str) -> Lexed {
    let bytes = sql.as_bytes();
    let mut out = Lexed {
        comments: Vec::new(),
        code_upper: String::with_capacity(sql.len()),
    };
    let mut i = 0;
    let mut code_start = 0;
    let push_code = |out: &mut Lexed, from: usize, to: usize| {
        out.code_upper
            .push_str(&sql.get(from..to).unwrap_or_default().to_ascii_uppercase());
    };
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        match b {
            b'\'' | b'"' | b'`' => {
                i = skip_quoted(bytes, i, b);
            }
            b'/' if next == b'*' => {
                let end = find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2);
                let body = sql
                    .get(i + 2..end.saturating_sub(2).max(i + 2))
                    .unwrap_or_default();
                let before = i
                    .checked_sub(1)
                    .and_then(|j| bytes.get(j))
                    .copied()
                    .unwrap_or(b' ');
                let after = bytes.get(end).copied().unwrap_or(b' ');
                out.comments.push(Comment {
                    text: body.to_owned(),
                    glued: is_word(before) && is_word(after),
                    executable: body.starts_with('!'),
                });
                push_code(&mut out, code_start, i);
                out.code_upper.push(' ');
                i = end;
                code_start = end;
            }
            b'-' if next == b'-' => {
                let end = find(bytes, i, b"\n").unwrap_or(bytes.len());
                out.comments.push(Comment {
                    text: sql.get(i + 2..end).unwrap_or_default().to_owned(),
                    glued: false,
                    executable: false,
                });
                push_code(&mut out, code_start, i);
                out.code_upper.push(' ');
                i = end;
                code_start = end;
            }
            b'#' => {
                // MySQL line comment. In other dialects `#` is an operator; treating the rest
                // of the line as a comment here only adds findings, it never removes any.
                let end = find(bytes, i, b"\n").unwrap_or(bytes.len());
                out.comments.push(Comment {
                    text: sql.get(i + 1..end).unwrap_or_default().to_owned(),
                    glued: false,
                    executable: false,
                });
                i = end;
            }
            b'$' if next == b'$' => {
                let end = find(bytes, i + 2, b"$$").map_or(bytes.len(), |e| e + 2);
                i = end;
            }
            _ => i += 1,
        }
    }
    push_code(&mut out, code_start, bytes.len());
    out
}

impl Lexed {
    /// `sql.comment_obfuscation` and `sql.file_access` findings from the raw text.
    pub(crate) fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if self.comments.iter().any(|c| c.executable) {
            out.push(Finding::new(
                codes::COMMENT_OBFUSCATION,
                "mysql executable comment `/*! … */` runs the code inside it",
                60,
            ));
        }
        if self.comments.iter().any(|c| c.glued) {
            out.push(Finding::new(
                codes::COMMENT_OBFUSCATION,
                "comment glued between words splits or hides keywords",
                60,
            ));
        }
        if let Some(c) = self
            .comments
            .iter()
            .find(|c| !c.executable && has_write_keyword(&c.text.to_ascii_uppercase()))
        {
            let word = first_write_keyword(&c.text.to_ascii_uppercase()).unwrap_or("DROP");
            out.push(Finding::new(
                codes::COMMENT_OBFUSCATION,
                format!("comment holds the sql keyword `{word}`"),
                60,
            ));
        }
        let code = &self.code_upper;
        let words: Vec<&str> = code
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        for pair in words.windows(2) {
            if let [a, b] = pair
                && *a == "INTO"
                && (*b == "OUTFILE" || *b == "DUMPFILE")
            {
                out.push(Finding::new(
                    codes::FILE_ACCESS,
                    format!("`into {}` writes a server file", b.to_ascii_lowercase()),
                    90,
                ));
            }
        }
        if let Some(w) = words
            .iter()
            .find(|w| matches!(**w, "XP_CMDSHELL" | "SYS_EXEC" | "SYS_EVAL"))
        {
            out.push(Finding::new(
                codes::COPY_TO_PROGRAM,
                format!("`{}` runs a server-side command", w.to_ascii_lowercase()),
                90,
            ));
        }
        if words.windows(3).any(|w| matches!(w, [a, b, c] if *a == "LOAD" && *b == "DATA" && (*c == "INFILE" || *c == "LOCAL"))) {
            out.push(Finding::new(codes::FILE_ACCESS, "`load data infile` reads a file", 90));
        }
        out
    }

    /// The text with MySQL executable comments opened up (`/*!50000 DROP*/` → ` DROP `), when
    /// there are any.
    pub(crate) fn executable_comment_text(&self) -> Option<String> {
        if !self.comments.iter().any(|c| c.executable) {
            return None;
        }
        let mut text = String::new();
        for c in self.comments.iter().filter(|c| c.executable) {
            let body = c.text.trim_start_matches('!');
            let body = body.trim_start_matches(|ch: char| ch.is_ascii_digit());
            text.push_str(body);
            text.push(' ');
        }
        Some(text)
    }
}

/// Deepest parenthesis nesting outside quotes and comments.
pub(crate) fn max_paren_depth(sql: &str) -> usize {
    let code = scan(sql).code_upper;
    let mut depth = 0usize;
    let mut max = 0usize;
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i).copied().unwrap_or(0) {
            q @ (b'\'' | b'"' | b'`') => {
                i = skip_quoted(bytes, i, q);
                continue;
            }
            b'(' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    max
}

/// Risk of text no dialect parses: higher when it holds write or DDL keywords.
pub(crate) fn unparseable_risk(sql: &str) -> u8 {
    if has_write_keyword(&sql.to_ascii_uppercase()) {
        80
    } else {
        60
    }
}

/// Destructive statements spotted by keyword in text that does not parse (fail closed).
pub(crate) fn keyword_fallback(sql: &str) -> Vec<Finding> {
    let upper = scan(sql).code_upper;
    let words: Vec<&str> = upper
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        let next2 = words.get(i + 2).copied().unwrap_or("");
        let target = if next == "IF" || next == "TEMPORARY" {
            next2
        } else {
            next
        };
        match (*w, target) {
            ("DROP", "DATABASE") => out.push(Finding::new(
                codes::DROP_DATABASE,
                "drop database (unparsed text)",
                95,
            )),
            ("DROP", "SCHEMA") => out.push(Finding::new(
                codes::DROP_SCHEMA,
                "drop schema (unparsed text)",
                95,
            )),
            ("DROP", "TABLE") => out.push(Finding::new(
                codes::DROP_TABLE,
                "drop table (unparsed text)",
                90,
            )),
            ("TRUNCATE", _) => out.push(Finding::new(
                codes::TRUNCATE,
                "truncate (unparsed text)",
                90,
            )),
            ("CREATE", "USER" | "ROLE" | "LOGIN") => {
                out.push(Finding::new(
                    codes::CREATE_USER,
                    "create user or role (unparsed text)",
                    70,
                ));
            }
            ("ALTER" | "DROP", "USER" | "ROLE" | "LOGIN") => {
                out.push(Finding::new(
                    codes::ALTER_USER,
                    "alter or drop user or role (unparsed text)",
                    70,
                ));
            }
            ("GRANT", _) => out.push(Finding::new(codes::GRANT, "grant (unparsed text)", 70)),
            ("REVOKE", _) => out.push(Finding::new(codes::REVOKE, "revoke (unparsed text)", 70)),
            ("DELETE", _) if !words.contains(&"WHERE") => {
                out.push(Finding::new(
                    codes::DELETE_WITHOUT_WHERE,
                    "delete without where (unparsed text)",
                    85,
                ));
            }
            _ => {}
        }
    }
    out
}

fn has_write_keyword(upper: &str) -> bool {
    first_write_keyword(upper).is_some()
}

fn first_write_keyword(upper: &str) -> Option<&'static str> {
    upper
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find_map(|w| WRITE_KEYWORDS.iter().copied().find(|k| *k == w))
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let rest = hay.get(from..)?;
    rest.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Skips a quoted string or identifier starting at `start`; doubled quotes and backslash
/// escapes stay inside.
fn skip_quoted(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        if b == b'\\' && quote != b'`' {
            i += 2;
            continue;
        }
        if b == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_of(sql: &str) -> Vec<String> {
        scan(sql).findings().into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn comments_inside_strings_are_not_comments() {
        assert!(codes_of("SELECT '/*! DROP */', '-- DROP' FROM t").is_empty());
    }

    #[test]
    fn executable_and_glued_comments() {
        assert_eq!(
            codes_of("SELECT 1 /*!50000 UNION SELECT password FROM users*/"),
            ["sql.comment_obfuscation"]
        );
        assert_eq!(
            codes_of("SELECT 1 UNION/**/SELECT 2"),
            ["sql.comment_obfuscation"]
        );
        assert_eq!(
            codes_of("SELECT 1 -- drop table users"),
            ["sql.comment_obfuscation"]
        );
        assert!(codes_of("SELECT 1 -- returns one row").is_empty());
    }

    #[test]
    fn executable_comment_text_opens_comments() {
        let l = scan("SELECT 1; /*!50000 DROP TABLE users*/");
        assert_eq!(
            l.executable_comment_text().as_deref(),
            Some(" DROP TABLE users ")
        );
    }

    #[test]
    fn fallback_finds_destructive_keywords() {
        let codes: Vec<_> = keyword_fallback("DROP DATABASE IF EXISTS prod ;; ???")
            .into_iter()
            .map(|f| f.code)
            .collect();
        assert_eq!(codes, ["sql.drop_database"]);
    }
}
