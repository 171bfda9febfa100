use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use portcullis_store::{
    ManualClock, MemoryStore, NewApproval, SqliteStore, Store, TxKey, TxOutcome, TxUpdate,
};

/// Environment variable naming the child role; unset in the parent.
pub(crate) const ROLE: &str = "PORTCULLIS_STORE_IT_ROLE";
/// Environment variable with the state file the child opens.
pub(crate) const DB: &str = "PORTCULLIS_STORE_IT_DB";
/// Environment variable with a per-child working file (output or marker).
pub(crate) const OUT: &str = "PORTCULLIS_STORE_IT_OUT";

/// 2026-01-01T00:00:00Z, the start time of every manual clock.
pub(crate) const T0: i64 = 1_767_225_600_000;

pub(crate) fn role() -> Option<String> {
    std::env::var(ROLE).ok()
}

pub(crate) fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} not set")))
}

/// A child process that is killed (SIGKILL) if the test panics before waiting for it.
pub(crate) struct ChildGuard(pub(crate) Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Starts this test binary running only `test` (its full path), as `role`.
pub(crate) fn spawn_self(test: &str, role: &str, db: &Path, out: &Path) -> ChildGuard {
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(ROLE, role)
        .env(DB, db)
        .env(OUT, out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    ChildGuard(child)
}

/// A named store under test, with its manual clock and (for SQLite) its directory.
pub(crate) struct Subject {
    pub(crate) name: &'static str,
    pub(crate) store: Box<dyn Store>,
    pub(crate) clock: Arc<ManualClock>,
    _dir: Option<tempfile::TempDir>,
}

/// Both implementations, on fresh state, with manual clocks at [`T0`].
pub(crate) fn subjects() -> Vec<Subject> {
    let clock = Arc::new(ManualClock::new(T0));
    let memory = MemoryStore::builder().clock(clock.clone()).build().unwrap();
    let clock2 = Arc::new(ManualClock::new(T0));
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::builder(dir.path().join("state.db"))
        .clock(clock2.clone())
        .open()
        .unwrap();
    vec![
        Subject {
            name: "memory",
            store: Box::new(memory),
            clock,
            _dir: None,
        },
        Subject {
            name: "sqlite",
            store: Box::new(sqlite),
            clock: clock2,
            _dir: Some(dir),
        },
    ]
}

impl Subject {
    pub(crate) fn now(&self) -> i64 {
        use portcullis_store::Clock;
        self.clock.now_ms()
    }

    /// Counts one call of `tool` in `session` and returns the outcome.
    pub(crate) fn call(&self, session: Option<&str>, tool: &str, update: TxUpdate) -> TxOutcome {
        let key = TxKey::new(session, tool, "hash", self.now());
        self.store.transact(&key, &mut |_| update.clone()).unwrap()
    }
}

pub(crate) fn counted() -> TxUpdate {
    TxUpdate {
        count_call: true,
        ..TxUpdate::default()
    }
}

pub(crate) fn new_approval(id: &str, deadline_ms: i64) -> NewApproval {
    NewApproval {
        approval_id: id.to_owned(),
        approver: Some("finance-lead".to_owned()),
        reason: "refund over 100".to_owned(),
        summary: "stripe.refund amount=250".to_owned(),
        deadline_ms,
    }
}
