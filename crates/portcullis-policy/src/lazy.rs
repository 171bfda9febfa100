//! Regexes checked when the policy loads and compiled the first time a rule needs them.
//!
//! Compiling a regex (especially a case-insensitive Unicode one) costs far more than parsing
//! it; a hook process decides one call and exits, so compiling every rule's regex up front
//! would dominate its start-up. The syntax is checked at load time (so a bad pattern is still a
//! load error with its position); `portcullis validate` also forces compilation to report
//! patterns over the size limit. A compile failure at decision time is an error that fails
//! closed.

use std::fmt;
use std::sync::OnceLock;

/// Size limit for one compiled regex (and four times this for a set).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

enum Compiled {
    One(regex::Regex),
    Set(regex::RegexSet),
}

/// One regex (`matches`) or a set (`matches_any`), compiled on first use.
pub struct LazyRegex {
    patterns: Vec<String>,
    set: bool,
    cell: OnceLock<Result<Compiled, String>>,
}

impl LazyRegex {
    pub(crate) fn one(pattern: &str) -> LazyRegex {
        LazyRegex {
            patterns: vec![pattern.to_owned()],
            set: false,
            cell: OnceLock::new(),
        }
    }

    pub(crate) fn set(patterns: Vec<String>) -> LazyRegex {
        LazyRegex {
            patterns,
            set: true,
            cell: OnceLock::new(),
        }
    }

    /// The patterns as written.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    fn compiled(&self) -> &Result<Compiled, String> {
        self.cell.get_or_init(|| {
            if self.set {
                regex::RegexSetBuilder::new(&self.patterns)
                    .size_limit(REGEX_SIZE_LIMIT * 4)
                    .dfa_size_limit(REGEX_SIZE_LIMIT * 4)
                    .build()
                    .map(Compiled::Set)
                    .map_err(|e| e.to_string())
            } else {
                regex::RegexBuilder::new(self.patterns.first().map_or("", String::as_str))
                    .size_limit(REGEX_SIZE_LIMIT)
                    .dfa_size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map(Compiled::One)
                    .map_err(|e| e.to_string())
            }
        })
    }

    /// Compiles now; the error text when the pattern cannot be compiled.
    pub fn force(&self) -> Result<(), String> {
        self.compiled().as_ref().map(|_| ()).map_err(Clone::clone)
    }

    /// Whether `text` matches (unanchored search); an error when the pattern cannot compile.
    pub fn is_match(&self, text: &str) -> Result<bool, String> {
        match self.compiled() {
            Ok(Compiled::One(r)) => Ok(r.is_match(text)),
            Ok(Compiled::Set(s)) => Ok(s.is_match(text)),
            Err(e) => Err(format!("regex cannot be compiled: {e}")),
        }
    }
}

impl fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LazyRegex")
            .field("patterns", &self.patterns)
            .field("set", &self.set)
            .field("cell", &self.cell.get().map(Result::is_ok))
            .finish()
    }
}

impl Clone for LazyRegex {
    fn clone(&self) -> LazyRegex {
        LazyRegex {
            patterns: self.patterns.clone(),
            set: self.set,
            cell: OnceLock::new(),
        }
    }
}

/// Checks a pattern's syntax the way the `regex` crate will (an error message when invalid).
pub(crate) fn check_syntax(pattern: &str) -> Result<(), String> {
    regex_syntax::ParserBuilder::new()
        .nest_limit(250)
        .build()
        .parse(pattern)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_on_first_use() {
        let r = LazyRegex::one(r"(?i)\bdrop\s+table\b");
        assert!(r.cell.get().is_none());
        assert_eq!(r.is_match("please DROP  TABLE x"), Ok(true));
        assert!(r.cell.get().is_some());
        let s = LazyRegex::set(vec!["^a".into(), "z$".into()]);
        assert_eq!(s.is_match("buzz"), Ok(true));
        assert_eq!(s.is_match("buzzy"), Ok(false));
    }

    #[test]
    fn syntax_errors_are_caught_before_compiling() {
        assert!(check_syntax("(unclosed").is_err());
        assert!(check_syntax("(?<!x)y").unwrap_err().contains("look-around"));
        assert!(check_syntax(r"\bok\b").is_ok());
    }

    #[test]
    fn a_pattern_too_big_to_compile_is_an_error_at_use() {
        let r = LazyRegex::one(r"\w{1000}\w{1000}\w{1000}");
        assert!(r.force().is_err());
        assert!(r.is_match("x").is_err());
    }
}
