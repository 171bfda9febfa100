//! Errors of this crate.

use std::fmt;

/// An error parsing a target or building a policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EgressError {
    /// A target that is not a URL, host, `host:port`, IP address or socket path.
    #[error(transparent)]
    UnparseableTarget(UnparseableTarget),
    /// An allow- or deny-list entry that is not a host pattern.
    #[error(transparent)]
    InvalidPattern(InvalidPattern),
}

impl EgressError {
    /// The stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            EgressError::UnparseableTarget(_) => "egress_unparseable_target",
            EgressError::InvalidPattern(_) => "egress_invalid_pattern",
        }
    }

    pub(crate) fn unparseable(target: &str, reason: &str) -> EgressError {
        EgressError::UnparseableTarget(UnparseableTarget {
            target: portcullis_detect::excerpt(target, 200),
            reason: reason.to_lowercase(),
        })
    }

    pub(crate) fn invalid_pattern(pattern: &str, reason: &str) -> EgressError {
        EgressError::InvalidPattern(InvalidPattern {
            pattern: portcullis_detect::excerpt(pattern, 200),
            reason: reason.to_lowercase(),
        })
    }
}

/// A target that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnparseableTarget {
    target: String,
    reason: String,
}

impl UnparseableTarget {
    /// The target (cut to 200 bytes).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Why it could not be parsed.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for UnparseableTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unparseable network target `{}`: {}",
            self.target, self.reason
        )
    }
}

impl std::error::Error for UnparseableTarget {}

/// An invalid allow- or deny-list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPattern {
    pattern: String,
    reason: String,
}

impl InvalidPattern {
    /// The entry (cut to 200 bytes).
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Why it is invalid.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for InvalidPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid host pattern `{}`: {}",
            self.pattern, self.reason
        )
    }
}

impl std::error::Error for InvalidPattern {}
