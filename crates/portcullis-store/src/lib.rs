#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod clock;
mod error;
mod memory;
mod model;
mod path;
pub mod severity;
mod sqlite;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::StoreError;
pub use memory::{MemoryStore, MemoryStoreBuilder};
pub use model::{
    Approval, ApprovalFilter, ApprovalStatus, MAX_ID_LEN, MAX_KEYS_PER_SESSION, MAX_NAME_LEN,
    MAX_RATE_WINDOWS, MAX_RULE_IDS, MAX_TEXT_LEN, NewApproval, RateWindow, SessionDetail,
    SessionSummary, TxKey, TxOutcome, TxUpdate, TxView, new_approval_id,
};
pub use path::default_state_path;
pub use severity::{SeverityConfig, SeverityState};
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub use sqlite::CrashHook;
pub use sqlite::{SCHEMA_VERSION, SqliteStore, SqliteStoreBuilder};

/// Default retention of per-call timestamps, and so the longest rate window: 24 hours.
pub const DEFAULT_RETENTION_MS: i64 = 24 * 60 * 60 * 1000;

/// Session state and approvals, shared by every front end.
///
/// Implementations are atomic per transaction: [`transact`](Store::transact) reads the view,
/// runs the closure and applies its update as one unit that no other thread or process can
/// interleave with.
pub trait Store: Send + Sync {
    /// Runs `f` inside one exclusive transaction for `key.session`.
    ///
    /// `f` receives the session's view (as before this call) and the approval bound to
    /// `key.action_hash`, and returns what to record. `f` may run more than once when the
    /// transaction is retried after lock contention; only the last run's update is applied, so
    /// `f` must not have side effects other than overwriting its own captured output.
    ///
    /// With `key.session == None` no session state is read or written, but approvals are
    /// created and consumed as usual.
    fn transact(
        &self,
        key: &TxKey<'_>,
        f: &mut dyn FnMut(&TxView) -> TxUpdate,
    ) -> Result<TxOutcome, StoreError>;

    /// Every session with state, ordered by id.
    fn sessions(&self) -> Result<Vec<SessionSummary>, StoreError>;

    /// One session's state, if it has any.
    fn session(&self, id: &str) -> Result<Option<SessionDetail>, StoreError>;

    /// Forgets a session's counters, windows, severity and termination; returns whether it had
    /// state. Its approvals are kept (a human refusal is not undone by a reset).
    fn reset_session(&self, id: &str) -> Result<bool, StoreError>;

    /// Approvals matching `filter`, newest first.
    fn approvals(&self, filter: &ApprovalFilter) -> Result<Vec<Approval>, StoreError>;

    /// Grants a pending approval. The grant covers one call, until the approval's deadline.
    fn grant(&self, id: &str, by: Option<&str>, note: Option<&str>)
    -> Result<Approval, StoreError>;

    /// Refuses a pending approval, for good.
    fn deny_approval(
        &self,
        id: &str,
        by: Option<&str>,
        note: Option<&str>,
    ) -> Result<Approval, StoreError>;

    /// One approval by id, with its status as of now (for `check --wait` polling).
    fn approval(&self, id: &str) -> Result<Option<Approval>, StoreError>;
}

/// Options shared by every store implementation.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) clock: std::sync::Arc<dyn Clock>,
    pub(crate) severity: SeverityConfig,
    pub(crate) retention_ms: i64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            clock: std::sync::Arc::new(SystemClock),
            severity: SeverityConfig::default(),
            retention_ms: DEFAULT_RETENTION_MS,
        }
    }
}

impl Options {
    pub(crate) fn validate(&self) -> Result<(), StoreError> {
        self.severity.validate()?;
        if self.retention_ms <= 0 {
            return Err(StoreError::invalid(
                "retention",
                format!("retention `{}` ms must be positive", self.retention_ms),
            ));
        }
        Ok(())
    }
}
