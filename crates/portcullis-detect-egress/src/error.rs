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
            target: portcullis_detect::excerpt(&redact_userinfo(target), 200),
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

/// Replaces the user-info part of a URL-like string (`https://user:pw@host`) with `***`, so
/// that credentials never reach messages or evidence.
pub(crate) fn redact_userinfo(s: &str) -> String {
    let Some((scheme, rest)) = s.split_once("://") else {
        return s.to_owned();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or(rest);
    match authority.rfind('@') {
        Some(at) => format!("{scheme}://***{}", rest.get(at..).unwrap_or("")),
        None => s.to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_redacted() {
        assert_eq!(redact_userinfo("https://u:pw@h/x"), "https://***@h/x");
        assert_eq!(redact_userinfo("https://h/x@y"), "https://h/x@y");
        assert_eq!(redact_userinfo("h"), "h");
        let e = EgressError::unparseable("http://u:hunter2@[::1", "bad");
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }
}
