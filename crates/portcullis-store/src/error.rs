use std::io;
use std::path::PathBuf;

use crate::ApprovalStatus;

/// Everything that can go wrong in a [`Store`](crate::Store).
///
/// Every variant has a stable [`code`](StoreError::code). A caller deciding a tool call turns any
/// error from [`Store::transact`](crate::Store::transact) into a fail-closed deny; see
/// `docs/design/store.md` for what to do with each code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The state file stayed locked by other writers through every retry.
    #[error("state store busy: still locked after {attempts} attempts")]
    Busy {
        /// How many times the transaction was tried.
        attempts: u32,
    },
    /// The state file is damaged or is not a portcullis state file.
    #[error("state store corrupt: {detail}")]
    Corrupt {
        /// What was found.
        detail: String,
    },
    /// The state file or its directory could not be created, opened, read or written.
    #[error("state store i/o error at `{path}`: {source}")]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The state file was written by a newer portcullis (schema version above the known one).
    #[error(
        "state file `{path}` has schema version {found}, newer than the {known} this portcullis knows; upgrade portcullis or point it at another state file"
    )]
    SchemaTooNew {
        /// The state file.
        path: PathBuf,
        /// The file's `user_version`.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// Any other SQLite failure (a bug or resource exhaustion rather than contention).
    #[error("state store error: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// A key, id or window passed to the store is out of bounds.
    #[error("invalid {what}: {detail}")]
    InvalidInput {
        /// Which input (`session id`, `tool name`, `rate window`, …).
        what: &'static str,
        /// Why, with the offending value (truncated) in backticks.
        detail: String,
    },
    /// The operating system's random number generator failed (approval ids need it).
    #[error("random number generator failed: {0}")]
    Rng(String),
    /// No approval has this id.
    #[error("approval `{id}` not found")]
    ApprovalNotFound {
        /// The id asked for.
        id: String,
    },
    /// The approval was already decided, consumed or expired, so it cannot be granted or denied.
    #[error("approval `{id}` is {status}, not pending")]
    ApprovalNotPending {
        /// The approval id.
        id: String,
        /// Its current status.
        status: ApprovalStatus,
    },
    /// A transaction asked to consume an approval that is not a live grant for this call.
    #[error("approval `{id}` is not a live grant for this call")]
    ApprovalNotGranted {
        /// The approval id.
        id: String,
    },
}

impl StoreError {
    /// The stable snake_case code of this error.
    pub const fn code(&self) -> &'static str {
        match self {
            StoreError::Busy { .. } => "store_busy",
            StoreError::Corrupt { .. } => "store_corrupt",
            StoreError::Io { .. } => "store_io",
            StoreError::SchemaTooNew { .. } => "store_schema_too_new",
            StoreError::Sqlite(_) => "store_internal",
            StoreError::InvalidInput { .. } => "store_invalid_input",
            StoreError::Rng(_) => "store_rng",
            StoreError::ApprovalNotFound { .. } => "approval_not_found",
            StoreError::ApprovalNotPending { .. } => "approval_not_pending",
            StoreError::ApprovalNotGranted { .. } => "approval_not_granted",
        }
    }

    pub(crate) fn invalid(what: &'static str, detail: impl Into<String>) -> StoreError {
        StoreError::InvalidInput {
            what,
            detail: detail.into(),
        }
    }

    pub(crate) fn corrupt(detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            detail: detail.into(),
        }
    }
}

/// Shortens a hostile value for an error message (at most 64 bytes, on a char boundary).
pub(crate) fn excerpt(value: &str) -> String {
    const MAX: usize = 64;
    if value.len() <= MAX {
        return value.to_owned();
    }
    let mut out: String = value
        .char_indices()
        .take_while(|(i, c)| i + c.len_utf8() <= MAX)
        .map(|(_, c)| c)
        .collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        assert_eq!(StoreError::Busy { attempts: 3 }.code(), "store_busy");
        assert_eq!(
            StoreError::ApprovalNotPending {
                id: "apr_x".into(),
                status: ApprovalStatus::Denied
            }
            .to_string(),
            "approval `apr_x` is denied, not pending"
        );
    }

    #[test]
    fn excerpt_cuts_on_char_boundary() {
        let long = "é".repeat(100);
        let cut = excerpt(&long);
        assert!(cut.ends_with('…'));
        assert_eq!(cut.chars().count(), 33);
        assert_eq!(excerpt("short"), "short");
    }
}
