//! Errors of this crate.

use std::fmt;

/// An error building a [`crate::PathSet`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// A glob pattern that does not compile.
    #[error(transparent)]
    InvalidGlob(InvalidGlob),
}

impl PathError {
    /// The stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            PathError::InvalidGlob(_) => "path_invalid_glob",
        }
    }
}

/// A glob pattern that does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidGlob {
    pattern: String,
    reason: String,
}

impl InvalidGlob {
    pub(crate) fn new(pattern: &str, reason: &str) -> InvalidGlob {
        InvalidGlob {
            pattern: portcullis_detect::excerpt(pattern, 200),
            reason: reason.to_lowercase(),
        }
    }

    /// The pattern (cut to 200 bytes).
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Why it does not compile.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for InvalidGlob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid path glob `{}`: {}", self.pattern, self.reason)
    }
}

impl std::error::Error for InvalidGlob {}
