//! Compiled glob sets over normalised paths, for policy rules (`glob` operator on paths).

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::{InvalidGlob, PathError};
use crate::normalize::{NormalPath, normalize};

/// A compiled set of path globs. Build with [`PathSet::builder`] or [`PathSet::new`].
///
/// Patterns and paths are both normalised with [`normalize`], so `~/.ssh/**` matches
/// `/home/bob/.ssh/id_rsa` and `C:\Users\bob\.ssh\id_rsa`. A pattern without `/` is matched
/// against the file name alone (`*.pem` matches `certs/server.pem`); others against the whole
/// normalised path. `*` and `?` do not cross `/`; `**` does. Matching is case-insensitive
/// unless the builder says otherwise.
#[derive(Debug, Clone)]
pub struct PathSet {
    full: GlobSet,
    full_index: Vec<usize>,
    names: GlobSet,
    name_index: Vec<usize>,
    patterns: Vec<String>,
}

/// Builds a [`PathSet`].
#[derive(Debug, Clone)]
pub struct PathSetBuilder {
    patterns: Vec<String>,
    case_insensitive: bool,
}

impl PathSet {
    /// A builder (case-insensitive by default).
    pub fn builder() -> PathSetBuilder {
        PathSetBuilder {
            patterns: Vec::new(),
            case_insensitive: true,
        }
    }

    /// A case-insensitive set of `patterns`.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<PathSet, PathError> {
        let mut b = PathSet::builder();
        for p in patterns {
            b.add(p.as_ref());
        }
        b.build()
    }

    /// Whether any pattern matches `path` (normalised first).
    pub fn is_match(&self, path: &str) -> bool {
        self.is_match_normal(&normalize(path))
    }

    /// Whether any pattern matches an already normalised path.
    pub fn is_match_normal(&self, path: &NormalPath) -> bool {
        self.full.is_match(path.as_str()) || self.names.is_match(path.file_name())
    }

    /// The indices (in insertion order) of every pattern that matches `path`, ascending.
    pub fn matches(&self, path: &str) -> Vec<usize> {
        let path = normalize(path);
        let mut out: Vec<usize> = self
            .full
            .matches(path.as_str())
            .into_iter()
            .filter_map(|i| self.full_index.get(i).copied())
            .chain(
                self.names
                    .matches(path.file_name())
                    .into_iter()
                    .filter_map(|i| self.name_index.get(i).copied()),
            )
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The patterns as given, in insertion order.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// The number of patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether the set has no pattern (and so matches nothing).
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

impl PathSetBuilder {
    /// Adds a pattern.
    pub fn add(&mut self, pattern: &str) -> &mut PathSetBuilder {
        self.patterns.push(pattern.to_owned());
        self
    }

    /// Sets case sensitivity (default: insensitive, as on macOS and Windows).
    pub fn case_insensitive(&mut self, yes: bool) -> &mut PathSetBuilder {
        self.case_insensitive = yes;
        self
    }

    /// Compiles the set; the first invalid pattern is an error.
    pub fn build(&self) -> Result<PathSet, PathError> {
        let mut full = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        let mut full_index = Vec::new();
        let mut name_index = Vec::new();
        for (i, raw) in self.patterns.iter().enumerate() {
            if raw.contains('\0') {
                return Err(invalid(raw, "contains a NUL byte"));
            }
            if raw.trim().is_empty() {
                return Err(invalid(raw, "is empty"));
            }
            let norm = normalize(raw);
            let basename_only = !raw.contains(['/', '\\']) && !norm.is_absolute();
            let text = if basename_only {
                norm.file_name()
            } else {
                norm.as_str()
            };
            let glob = GlobBuilder::new(text)
                .literal_separator(true)
                .backslash_escape(false)
                .case_insensitive(self.case_insensitive)
                .empty_alternates(true)
                .build()
                .map_err(|e| invalid(raw, &e.kind().to_string()))?;
            if basename_only {
                names.add(glob);
                name_index.push(i);
            } else {
                full.add(glob);
                full_index.push(i);
            }
        }
        let full = full.build().map_err(|e| invalid("", &e.to_string()))?;
        let names = names.build().map_err(|e| invalid("", &e.to_string()))?;
        Ok(PathSet {
            full,
            full_index,
            names,
            name_index,
            patterns: self.patterns.clone(),
        })
    }
}

/// Whether the glob `pattern` matches `path`, with [`PathSet`]'s rules (case-insensitive).
/// Compile a [`PathSet`] instead when testing many paths.
pub fn glob_match(pattern: &str, path: &str) -> Result<bool, PathError> {
    Ok(PathSet::new(&[pattern])?.is_match(path))
}

fn invalid(pattern: &str, reason: &str) -> PathError {
    PathError::InvalidGlob(InvalidGlob::new(pattern, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_and_windows_forms_match() {
        let set = PathSet::new(&["~/.ssh/**", "*.pem", "/etc/**"]).unwrap();
        assert!(set.is_match("/home/bob/.ssh/id_rsa"));
        assert!(set.is_match(r"C:\Users\bob\.ssh\id_rsa"));
        assert!(set.is_match("certs/Server.PEM"));
        assert!(set.is_match("/proc/self/root/etc/passwd"));
        assert!(!set.is_match("src/main.rs"));
        assert_eq!(set.matches("/etc/x.pem"), [1, 2]);
    }

    #[test]
    fn star_does_not_cross_slash() {
        assert!(!glob_match("src/*.rs", "src/a/b.rs").unwrap());
        assert!(glob_match("src/**/*.rs", "src/a/b.rs").unwrap());
        assert!(glob_match("**/.env", "/repo/app/.env").unwrap());
        assert!(glob_match("**/.env", ".env").unwrap());
        assert!(glob_match("**/.env", "../.env").unwrap());
    }

    #[test]
    fn case_sensitivity_is_a_choice() {
        let set = PathSet::builder()
            .add("*.PEM")
            .case_insensitive(false)
            .build()
            .unwrap();
        assert!(!set.is_match("a.pem"));
        assert!(set.is_match("a.PEM"));
    }

    #[test]
    fn bad_patterns_are_errors() {
        let err = glob_match("a[", "x").unwrap_err();
        assert_eq!(err.code(), "path_invalid_glob");
        assert!(err.to_string().contains("`a[`"), "{err}");
        assert!(PathSet::new(&[""]).is_err());
        assert!(PathSet::new(&["a\0b"]).is_err());
    }
}
