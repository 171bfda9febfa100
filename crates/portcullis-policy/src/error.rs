use std::fmt;
use std::sync::Arc;

use crate::yaml::Pos;

/// Why a policy could not be loaded: every problem found, each with its place in the file.
///
/// Structural YAML errors stop the parse at the first one; semantic errors (unknown keys,
/// selectors, operators, bad regexes, duplicate ids) are all collected in one pass.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The file is not valid YAML or not a valid policy.
    #[error("{}", render(.0))]
    Invalid(Vec<Diagnostic>),
    /// The file could not be read.
    #[error("cannot read `{path}`: {message}")]
    Io {
        /// The path.
        path: String,
        /// The OS error.
        message: String,
    },
}

impl PolicyError {
    /// The diagnostics, for an invalid policy.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            PolicyError::Invalid(d) => d,
            PolicyError::Io { .. } => &[],
        }
    }

    /// The stable code of the first problem.
    pub fn code(&self) -> &str {
        match self {
            PolicyError::Invalid(d) => d.first().map_or("policy_invalid", |d| d.code),
            PolicyError::Io { .. } => "policy_unreadable",
        }
    }
}

fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.to_string());
    }
    out
}

/// One problem in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) file: Arc<str>,
    pub(crate) pos: Option<Pos>,
    pub(crate) help: Option<String>,
    pub(crate) warning: bool,
}

impl Diagnostic {
    /// Stable machine code, e.g. `policy_unknown_field`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The message (lowercase, offending value in backticks).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The file (or `<inline>` for text).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Line, from 1.
    pub fn line(&self) -> Option<u32> {
        self.pos.map(|p| p.line)
    }

    /// Column, from 1.
    pub fn column(&self) -> Option<u32> {
        self.pos.map(|p| p.col)
    }

    /// How to fix it, when there is an obvious fix.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// Whether this is a warning (the policy still loads) rather than an error.
    pub fn is_warning(&self) -> bool {
        self.warning
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(p) = self.pos {
            write!(f, ":{}:{}", p.line, p.col)?;
        }
        let level = if self.warning { "warning" } else { "error" };
        write!(f, ": {level}[{}]: {}", self.code, self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics while validating one file.
#[derive(Debug)]
pub(crate) struct Cx {
    pub(crate) file: Arc<str>,
    pub(crate) errors: Vec<Diagnostic>,
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Cx {
    pub(crate) fn new(file: &str) -> Cx {
        Cx {
            file: Arc::from(file),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub(crate) fn error(&mut self, code: &'static str, pos: Pos, message: impl Into<String>) {
        self.push(code, Some(pos), message.into(), None);
    }

    pub(crate) fn error_help(
        &mut self,
        code: &'static str,
        pos: Pos,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(code, Some(pos), message.into(), Some(help.into()));
    }

    pub(crate) fn push(
        &mut self,
        code: &'static str,
        pos: Option<Pos>,
        message: String,
        help: Option<String>,
    ) {
        self.errors.push(Diagnostic {
            code,
            message,
            file: self.file.clone(),
            pos,
            help,
            warning: false,
        });
    }

    pub(crate) fn warn(&mut self, code: &'static str, pos: Pos, message: String, help: String) {
        self.warnings.push(Diagnostic {
            code,
            message,
            file: self.file.clone(),
            pos: Some(pos),
            help: Some(help),
            warning: true,
        });
    }
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score >= 0.8 && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// `help: did you mean `x`?` or a list of what is valid.
pub(crate) fn hint(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("expected one of: {}", candidates.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("startswith", ["starts_with", "ends_with"]),
            Some("starts_with")
        );
        assert_eq!(did_you_mean("zzz", ["starts_with", "ends_with"]), None);
    }

    #[test]
    fn renders_file_line_column_and_help() {
        let mut cx = Cx::new("p.yaml");
        cx.error_help(
            "policy_unknown_operator",
            Pos { line: 3, col: 7 },
            "unknown operator `startswith`",
            "did you mean `starts_with`?",
        );
        let e = PolicyError::Invalid(cx.errors);
        assert_eq!(
            e.to_string(),
            "p.yaml:3:7: error[policy_unknown_operator]: unknown operator `startswith`\n  help: did you mean `starts_with`?"
        );
        assert_eq!(e.code(), "policy_unknown_operator");
    }
}
