use std::collections::BTreeMap;
use std::fs::{DirBuilder, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use portcullis_types::{SessionView, Severity};
use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Row, Transaction, TransactionBehavior,
    params,
};

use crate::memory::{apply_to_view, check_decision_input, sort_newest_first};
use crate::model::{
    check_session_keys, duplicate_id, effective_status, reusable, select_approval, unique_rules,
    validate_update,
};
use crate::{
    Approval, ApprovalFilter, ApprovalStatus, Clock, Options, SessionDetail, SessionSummary,
    SeverityConfig, SeverityState, Store, StoreError, TxKey, TxOutcome, TxUpdate, TxView,
};

mod schema;

/// The newest state-file schema version this build reads and writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = schema::MIGRATIONS.len() as i64;

/// Counted calls of a session between two bounded prunes of old per-call timestamps.
const PRUNE_EVERY: u64 = 64;
/// Most per-call rows one prune deletes.
const PRUNE_BATCH: i64 = 4096;
/// Most approvals read for one (session, action hash).
const APPROVALS_PER_ACTION: i64 = 64;

/// The on-disk store: one SQLite file in WAL mode, shared by every process that opens it.
///
/// Each [`transact`](Store::transact) is one `BEGIN IMMEDIATE` transaction, so it is atomic
/// against other threads (one connection behind a mutex) and other processes (SQLite's file
/// lock). Contention is absorbed by SQLite's busy timeout plus a bounded retry with jitter;
/// past the bound the call fails with `store_busy`.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<Connection>,
    path: PathBuf,
    opts: Options,
    max_attempts: u32,
    #[cfg(feature = "test-hooks")]
    crash: CrashHook,
}

/// Configures a [`SqliteStore`].
#[derive(Debug)]
pub struct SqliteStoreBuilder {
    path: PathBuf,
    opts: Options,
    busy_timeout: Duration,
    max_attempts: u32,
    #[cfg(feature = "test-hooks")]
    crash: CrashHook,
}

/// Test-only fault injection: what to do right after the first write of a transaction.
#[cfg(feature = "test-hooks")]
#[derive(Debug, Clone, Default)]
pub enum CrashHook {
    /// Nothing.
    #[default]
    Off,
    /// `std::process::abort()`.
    Abort,
    /// Create this marker file, then sleep forever (the test kills the process).
    Hang(PathBuf),
}

impl SqliteStoreBuilder {
    /// The clock used for approval listing, grants and severity in summaries (default: system).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> SqliteStoreBuilder {
        self.opts.clock = clock;
        self
    }

    /// The severity state machine's thresholds.
    pub fn severity(mut self, cfg: SeverityConfig) -> SqliteStoreBuilder {
        self.opts.severity = cfg;
        self
    }

    /// How long per-call timestamps are kept; also the longest rate window accepted.
    pub fn retention_ms(mut self, ms: i64) -> SqliteStoreBuilder {
        self.opts.retention_ms = ms;
        self
    }

    /// How long SQLite itself waits for a lock before one attempt fails (default 2 s).
    pub fn busy_timeout(mut self, timeout: Duration) -> SqliteStoreBuilder {
        self.busy_timeout = timeout;
        self
    }

    /// How many attempts a transaction gets before `store_busy` (default 8, at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> SqliteStoreBuilder {
        self.max_attempts = attempts.max(1);
        self
    }

    #[cfg(feature = "test-hooks")]
    #[doc(hidden)]
    pub fn crash_hook(mut self, hook: CrashHook) -> SqliteStoreBuilder {
        self.crash = hook;
        self
    }

    /// Creates the file (mode 0600, parent directories 0700) if needed, opens it, switches it
    /// to WAL and migrates it to [`SCHEMA_VERSION`].
    pub fn open(self) -> Result<SqliteStore, StoreError> {
        self.opts.validate()?;
        prepare_file(&self.path)?;
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| map_sql(e, &self.path))?;
        conn.busy_timeout(self.busy_timeout)
            .map_err(|e| map_sql(e, &self.path))?;
        let store = SqliteStore {
            conn: Mutex::new(conn),
            path: self.path,
            opts: self.opts,
            max_attempts: self.max_attempts,
            #[cfg(feature = "test-hooks")]
            crash: self.crash,
        };
        store.with_retry(|conn| {
            // journal_mode answers with the mode in force; a file system without shared memory
            // keeps the rollback journal, which is slower but equally correct.
            let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "trusted_schema", "OFF")?;
            Ok(())
        })?;
        store.with_retry(|conn| migrate(conn, &store.path))?;
        Ok(store)
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the state file at `path` with default options.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        SqliteStore::builder(path).open()
    }

    /// Configures a store on the state file at `path`.
    pub fn builder(path: impl AsRef<Path>) -> SqliteStoreBuilder {
        SqliteStoreBuilder {
            path: path.as_ref().to_path_buf(),
            opts: Options::default(),
            // Up to 12 × 5 s: generous, because SQLite's busy handler is not fair and a hook
            // process on a loaded machine can lose the lock race many times in a row; still
            // bounded, after which the caller fails closed with `store_busy`.
            busy_timeout: Duration::from_secs(5),
            max_attempts: 12,
            #[cfg(feature = "test-hooks")]
            crash: CrashHook::Off,
        }
    }

    /// The state file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs SQLite's `integrity_check`; `store_corrupt` with SQLite's report when it fails.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let report = self.with_retry(|conn| {
            let mut stmt = conn.prepare("PRAGMA integrity_check")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })?;
        if report == ["ok"] {
            Ok(())
        } else {
            Err(StoreError::corrupt(report.join("; ")))
        }
    }

    /// The file's schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.with_retry(|conn| Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?))
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        // A panic in a transaction's closure unwinds through `Transaction::drop`, which rolls
        // back; this is a second line of defence so a poisoned connection never carries an
        // open transaction into the next call.
        if !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        conn
    }

    /// Runs `op` until it succeeds, fails with something other than lock contention, or the
    /// attempts run out. Sleeps with full jitter between attempts, outside the mutex.
    fn with_retry<T>(
        &self,
        mut op: impl FnMut(&mut Connection) -> Result<T, TxError>,
    ) -> Result<T, StoreError> {
        self.with_retry_counted(|conn, _| op(conn)).map(|(v, _)| v)
    }

    fn with_retry_counted<T>(
        &self,
        mut op: impl FnMut(&mut Connection, u32) -> Result<T, TxError>,
    ) -> Result<(T, u32), StoreError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = {
                let mut conn = self.lock();
                op(&mut conn, attempt)
            };
            match result {
                Ok(v) => return Ok((v, attempt)),
                Err(TxError::Sql(e)) if is_busy(&e) => {
                    if attempt >= self.max_attempts {
                        return Err(StoreError::Busy { attempts: attempt });
                    }
                    std::thread::sleep(backoff(attempt));
                }
                Err(TxError::Sql(e)) => return Err(map_sql(e, &self.path)),
                Err(TxError::Store(e)) => return Err(e),
            }
        }
    }

    #[cfg_attr(
        not(feature = "test-hooks"),
        expect(
            clippy::unused_self,
            reason = "the crash hook reads self only in test builds"
        )
    )]
    fn first_write_done(&self) {
        #[cfg(feature = "test-hooks")]
        match &self.crash {
            CrashHook::Off => {}
            CrashHook::Abort => std::process::abort(),
            CrashHook::Hang(marker) => {
                let _ = std::fs::write(marker, b"in transaction");
                loop {
                    std::thread::sleep(Duration::from_secs(1));
                }
            }
        }
    }

    fn try_transact(
        &self,
        conn: &mut Connection,
        key: &TxKey<'_>,
        f: &mut dyn FnMut(&TxView) -> TxUpdate,
    ) -> Result<(SessionView, Option<Approval>), TxError> {
        let cfg = &self.opts.severity;
        let now = key.now_ms;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let loaded = match key.session {
            Some(id) => load_session(&tx, id)?,
            None => None,
        };
        let view = build_view(&tx, key, loaded.as_ref(), cfg)?;
        let approval = find_approval(&tx, key.session, key.action_hash, now)?;
        let before = TxView { view, approval };
        let mut update = f(&before);
        validate_update(&mut update)?;

        if let Some(id) = key.session
            && update.count_call
        {
            check_session_keys(
                id,
                &before.view.calls_by_tool,
                &before.view.calls_by_rule,
                key.tool,
                &update.rule_ids,
            )?;
        }
        let mut reported = None;
        if let Some(id) = &update.consume_approval {
            let current = load_approval(&tx, id, now)?;
            let ok = current.as_ref().is_some_and(|a| {
                a.status == ApprovalStatus::Granted
                    && a.session.as_deref() == key.session
                    && a.action_hash == key.action_hash
            });
            let changed = ok
                && tx.execute(
                    "UPDATE approvals SET status = 'consumed', consumed_ms = ?2
                     WHERE approval_id = ?1 AND status = 'granted'",
                    params![id, now],
                )? == 1;
            if !changed {
                return Err(StoreError::ApprovalNotGranted { id: id.clone() }.into());
            }
            self.first_write_done();
            reported = load_approval(&tx, id, now)?;
        }
        if let Some(n) = update.new_approval.take() {
            if let Some(a) = reusable(before.approval.as_ref()) {
                reported = Some(a.clone());
            } else {
                let a = n.into_approval(key);
                insert_approval(&tx, &a)?;
                self.first_write_done();
                reported = Some(a);
            }
        }

        let mut view = before.view;
        if let Some(id) = key.session
            && (update.count_call || update.terminate)
        {
            let state = loaded
                .as_ref()
                .map_or_else(|| SeverityState::new(now), |s| s.severity.clone());
            let state = if update.count_call {
                state.record(cfg, now, update.risk)
            } else {
                state
            };
            write_session(&tx, id, key, &update, &state)?;
            self.first_write_done();
            if update.count_call {
                tx.execute(
                    "INSERT INTO tool_counts (session, tool, calls) VALUES (?1, ?2, 1)
                     ON CONFLICT (session, tool) DO UPDATE SET calls = calls + 1",
                    params![id, key.tool],
                )?;
                for r in unique_rules(&update.rule_ids) {
                    tx.execute(
                        "INSERT INTO rule_counts (session, rule_id, matches) VALUES (?1, ?2, 1)
                         ON CONFLICT (session, rule_id) DO UPDATE SET matches = matches + 1",
                        params![id, r],
                    )?;
                }
                tx.execute(
                    "INSERT INTO calls (session, tool, ts_ms) VALUES (?1, ?2, ?3)",
                    params![id, key.tool, now],
                )?;
                let calls_after = loaded.as_ref().map_or(0, |s| s.calls) + 1;
                if calls_after % PRUNE_EVERY == 0 {
                    tx.execute(
                        "DELETE FROM calls WHERE rowid IN
                         (SELECT rowid FROM calls WHERE ts_ms < ?1 LIMIT ?2)",
                        params![now.saturating_sub(self.opts.retention_ms), PRUNE_BATCH],
                    )?;
                }
            }
            view = apply_to_view(view, key, &update, state.at(cfg, now).level);
        }
        tx.commit()?;
        Ok((view, reported))
    }

    fn decide(
        &self,
        id: &str,
        to: ApprovalStatus,
        by: Option<&str>,
        note: Option<&str>,
    ) -> Result<Approval, StoreError> {
        let (by, note) = check_decision_input(id, by, note)?;
        let now = self.opts.clock.now_ms();
        self.with_retry(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let Some(current) = load_approval(&tx, id, now)? else {
                return Err(StoreError::ApprovalNotFound { id: id.to_owned() }.into());
            };
            if current.status != ApprovalStatus::Pending {
                return Err(StoreError::ApprovalNotPending {
                    id: id.to_owned(),
                    status: current.status,
                }
                .into());
            }
            tx.execute(
                "UPDATE approvals SET status = ?2, decided_by = ?3, note = ?4, decided_ms = ?5
                 WHERE approval_id = ?1",
                params![id, to.as_str(), by, note, now],
            )?;
            let updated = load_approval(&tx, id, now)?;
            tx.commit()?;
            updated.ok_or_else(|| StoreError::ApprovalNotFound { id: id.to_owned() }.into())
        })
    }
}

impl Store for SqliteStore {
    fn transact(
        &self,
        key: &TxKey<'_>,
        f: &mut dyn FnMut(&TxView) -> TxUpdate,
    ) -> Result<TxOutcome, StoreError> {
        key.validate(self.opts.retention_ms)?;
        let ((view, approval), attempts) =
            self.with_retry_counted(|conn, _| self.try_transact(conn, key, f))?;
        Ok(TxOutcome {
            view,
            approval,
            attempts,
        })
    }

    fn sessions(&self) -> Result<Vec<SessionSummary>, StoreError> {
        let now = self.opts.clock.now_ms();
        let cfg = &self.opts.severity;
        self.with_retry(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {SESSION_COLS} FROM sessions ORDER BY session"
            ))?;
            let rows = stmt.query_map([], raw_session)?;
            let mut out = Vec::new();
            for row in rows {
                let s = row?.check()?;
                out.push(s.summary(cfg, now));
            }
            Ok(out)
        })
    }

    fn session(&self, id: &str) -> Result<Option<SessionDetail>, StoreError> {
        let now = self.opts.clock.now_ms();
        let cfg = &self.opts.severity;
        self.with_retry(|conn| {
            let tx = conn.transaction()?;
            let Some(s) = load_session(&tx, id)? else {
                return Ok(None);
            };
            Ok(Some(SessionDetail {
                summary: s.summary(cfg, now),
                severity_since_ms: s.severity.at(cfg, now).since_ms,
                calls_by_tool: s.by_tool,
                calls_by_rule: s.by_rule,
            }))
        })
    }

    fn reset_session(&self, id: &str) -> Result<bool, StoreError> {
        self.with_retry(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let had = tx.execute("DELETE FROM sessions WHERE session = ?1", [id])? > 0;
            let mut had_rows = 0;
            for table in ["tool_counts", "rule_counts", "calls"] {
                had_rows += tx.execute(&format!("DELETE FROM {table} WHERE session = ?1"), [id])?;
            }
            tx.commit()?;
            Ok(had || had_rows > 0)
        })
    }

    fn approvals(&self, filter: &ApprovalFilter) -> Result<Vec<Approval>, StoreError> {
        let now = self.opts.clock.now_ms();
        let limit = filter
            .limit
            .map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let status = filter.status.map(ApprovalStatus::as_str);
        self.with_retry(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {APPROVAL_COLS} FROM approvals
                 WHERE (?1 IS NULL OR session = ?1)
                   AND (?2 IS NULL OR (CASE WHEN status IN ('pending', 'granted')
                                             AND deadline_ms < ?3
                                            THEN 'expired' ELSE status END) = ?2)
                 ORDER BY created_ms DESC, approval_id LIMIT ?4"
            ))?;
            let rows = stmt.query_map(params![filter.session, status, now, limit], raw_approval)?;
            let mut out = Vec::new();
            for row in rows {
                out.push(row?.check(now)?);
            }
            sort_newest_first(&mut out);
            Ok(out)
        })
    }

    fn grant(
        &self,
        id: &str,
        by: Option<&str>,
        note: Option<&str>,
    ) -> Result<Approval, StoreError> {
        self.decide(id, ApprovalStatus::Granted, by, note)
    }

    fn deny_approval(
        &self,
        id: &str,
        by: Option<&str>,
        note: Option<&str>,
    ) -> Result<Approval, StoreError> {
        self.decide(id, ApprovalStatus::Denied, by, note)
    }

    fn approval(&self, id: &str) -> Result<Option<Approval>, StoreError> {
        let now = self.opts.clock.now_ms();
        self.with_retry(|conn| load_approval(conn, id, now))
    }
}

/// A failure inside one attempt: SQLite's (maybe retryable) or ours (never retried).
#[derive(Debug)]
enum TxError {
    Sql(rusqlite::Error),
    Store(StoreError),
}

impl From<rusqlite::Error> for TxError {
    fn from(e: rusqlite::Error) -> TxError {
        TxError::Sql(e)
    }
}

impl From<StoreError> for TxError {
    fn from(e: StoreError) -> TxError {
        TxError::Store(e)
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

fn map_sql(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            StoreError::Busy { attempts: 1 }
        }
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            StoreError::corrupt(format!("`{}`: {e}", path.display()))
        }
        Some(
            ErrorCode::SystemIoFailure
            | ErrorCode::CannotOpen
            | ErrorCode::DiskFull
            | ErrorCode::ReadOnly
            | ErrorCode::PermissionDenied
            | ErrorCode::FileLockingProtocolFailed,
        ) => StoreError::Io {
            path: path.to_path_buf(),
            source: io::Error::other(e),
        },
        _ => StoreError::Sqlite(e),
    }
}

/// Full jitter: a random sleep in `[0, min(200, 2^attempt)]` ms.
fn backoff(attempt: u32) -> Duration {
    let cap_ms = 2_u64.saturating_pow(attempt).min(200);
    let mut b = [0_u8; 8];
    let r = if getrandom::fill(&mut b).is_ok() {
        u64::from_le_bytes(b)
    } else {
        u64::from(attempt).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    };
    Duration::from_micros(r % (cap_ms * 1000 + 1))
}

/// Creates the parent directories (0700) and the file (0600) unless they exist.
fn prepare_file(path: &Path) -> Result<(), StoreError> {
    let io_err = |p: &Path| {
        let p = p.to_path_buf();
        move |source| StoreError::Io { path: p, source }
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(io_err(parent))?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_err(path)(e)),
    }
}

/// Brings the file to [`SCHEMA_VERSION`], one migration per `BEGIN IMMEDIATE` transaction, so
/// processes opening a fresh file at the same time migrate it exactly once.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), TxError> {
    // Fast path without the write lock, so opening never waits for a busy writer.
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == SCHEMA_VERSION {
        let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app == schema::APPLICATION_ID {
            return Ok(());
        }
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew {
                path: path.to_path_buf(),
                found: version,
                known: SCHEMA_VERSION,
            }
            .into());
        }
        if version == 0 {
            let objects: i64 =
                tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            if objects > 0 {
                return Err(StoreError::corrupt(format!(
                    "`{}` is a SQLite database but not a portcullis state file",
                    path.display()
                ))
                .into());
            }
        } else {
            let app: i32 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            if app != schema::APPLICATION_ID {
                return Err(StoreError::corrupt(format!(
                    "`{}` has application id {app:#x}, not a portcullis state file",
                    path.display()
                ))
                .into());
            }
        }
        let Some(step) = usize::try_from(version)
            .ok()
            .and_then(|v| schema::MIGRATIONS.get(v))
        else {
            return Ok(());
        };
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

const SESSION_COLS: &str = "session, calls, denials, severity, severity_since_ms, \
     severity_last_hot_ms, severity_hits, terminated, first_ms, last_ms";

const APPROVAL_COLS: &str = "approval_id, action_hash, session, tool, summary, approver, reason, \
     created_ms, deadline_ms, status, decided_by, note, decided_ms, consumed_ms";

/// A `sessions` row as stored, before its values are checked.
struct RawSession {
    session: String,
    calls: i64,
    denials: i64,
    severity: String,
    since_ms: i64,
    last_hot_ms: Option<i64>,
    hits: String,
    terminated: i64,
    first_ms: i64,
    last_ms: i64,
}

fn raw_session(r: &Row<'_>) -> rusqlite::Result<RawSession> {
    Ok(RawSession {
        session: r.get(0)?,
        calls: r.get(1)?,
        denials: r.get(2)?,
        severity: r.get(3)?,
        since_ms: r.get(4)?,
        last_hot_ms: r.get(5)?,
        hits: r.get(6)?,
        terminated: r.get(7)?,
        first_ms: r.get(8)?,
        last_ms: r.get(9)?,
    })
}

/// One session's stored state.
struct Loaded {
    session: String,
    calls: u64,
    denials: u64,
    severity: SeverityState,
    terminated: bool,
    first_ms: i64,
    last_ms: i64,
    by_tool: BTreeMap<String, u64>,
    by_rule: BTreeMap<String, u64>,
}

impl RawSession {
    fn check(self) -> Result<Loaded, StoreError> {
        let level = Severity::parse(&self.severity)
            .ok_or_else(|| StoreError::corrupt(format!("unknown severity `{}`", self.severity)))?;
        let hits: Vec<i64> = serde_json::from_str(&self.hits)
            .map_err(|e| StoreError::corrupt(format!("bad severity hits: {e}")))?;
        if hits.len() > crate::severity::MAX_ESCALATION_CALLS as usize {
            return Err(StoreError::corrupt("too many severity hits"));
        }
        Ok(Loaded {
            calls: count(self.calls)?,
            denials: count(self.denials)?,
            severity: SeverityState {
                level,
                since_ms: self.since_ms,
                last_hot_ms: self.last_hot_ms,
                hits,
            },
            terminated: self.terminated != 0,
            first_ms: self.first_ms,
            last_ms: self.last_ms,
            session: self.session,
            by_tool: BTreeMap::new(),
            by_rule: BTreeMap::new(),
        })
    }
}

impl Loaded {
    fn summary(&self, cfg: &SeverityConfig, now_ms: i64) -> SessionSummary {
        SessionSummary {
            session: self.session.clone(),
            calls: self.calls,
            denials: self.denials,
            severity: self.severity.at(cfg, now_ms).level,
            terminated: self.terminated,
            first_ms: self.first_ms,
            last_ms: self.last_ms,
        }
    }
}

fn count(v: i64) -> Result<u64, StoreError> {
    u64::try_from(v).map_err(|_| StoreError::corrupt(format!("negative counter `{v}`")))
}

fn load_session(tx: &Transaction<'_>, id: &str) -> Result<Option<Loaded>, TxError> {
    let raw = tx
        .prepare_cached(&format!(
            "SELECT {SESSION_COLS} FROM sessions WHERE session = ?1"
        ))?
        .query_row([id], raw_session)
        .optional()?;
    let Some(raw) = raw else {
        return Ok(None);
    };
    let mut s = raw.check()?;
    s.by_tool = load_counts(
        tx,
        "SELECT tool, calls FROM tool_counts WHERE session = ?1",
        id,
    )?;
    s.by_rule = load_counts(
        tx,
        "SELECT rule_id, matches FROM rule_counts WHERE session = ?1",
        id,
    )?;
    Ok(Some(s))
}

fn load_counts(
    tx: &Transaction<'_>,
    sql: &str,
    id: &str,
) -> Result<BTreeMap<String, u64>, TxError> {
    let mut stmt = tx.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (k, v) = row?;
        out.insert(k, count(v)?);
    }
    Ok(out)
}

fn build_view(
    tx: &Transaction<'_>,
    key: &TxKey<'_>,
    loaded: Option<&Loaded>,
    cfg: &SeverityConfig,
) -> Result<SessionView, TxError> {
    let mut view = SessionView {
        session: key.session.map(str::to_owned),
        ..SessionView::default()
    };
    for w in key.rate_windows {
        view.window_calls.insert(w.key.clone(), 0);
    }
    let (Some(id), Some(s)) = (key.session, loaded) else {
        return Ok(view);
    };
    view.calls = s.calls;
    view.calls_by_tool.clone_from(&s.by_tool);
    view.calls_by_rule.clone_from(&s.by_rule);
    view.denials = s.denials;
    view.severity = s.severity.at(cfg, key.now_ms).level;
    view.terminated = s.terminated;
    for w in key.rate_windows {
        let from = key.now_ms.saturating_sub(w.window_ms);
        let n: i64 = if w.tool == "*" {
            tx.prepare_cached("SELECT count(*) FROM calls WHERE session = ?1 AND ts_ms >= ?2")?
                .query_row(params![id, from], |r| r.get(0))?
        } else {
            tx.prepare_cached(
                "SELECT count(*) FROM calls WHERE session = ?1 AND tool = ?2 AND ts_ms >= ?3",
            )?
            .query_row(params![id, w.tool, from], |r| r.get(0))?
        };
        view.window_calls.insert(w.key.clone(), count(n)?);
    }
    Ok(view)
}

fn write_session(
    tx: &Transaction<'_>,
    id: &str,
    key: &TxKey<'_>,
    update: &TxUpdate,
    state: &SeverityState,
) -> Result<(), TxError> {
    let hits = serde_json::to_string(&state.hits)
        .map_err(|e| StoreError::corrupt(format!("cannot encode severity hits: {e}")))?;
    let counted = i64::from(update.count_call);
    tx.prepare_cached(
        "INSERT INTO sessions (session, calls, denials, severity, severity_since_ms,
             severity_last_hot_ms, severity_hits, terminated, first_ms, last_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT (session) DO UPDATE SET
             calls = calls + ?2,
             denials = denials + ?3,
             severity = ?4,
             severity_since_ms = ?5,
             severity_last_hot_ms = ?6,
             severity_hits = ?7,
             terminated = max(terminated, ?8),
             first_ms = CASE WHEN ?2 = 1 THEN min(first_ms, ?9) ELSE first_ms END,
             last_ms = CASE WHEN ?2 = 1 THEN max(last_ms, ?9) ELSE last_ms END",
    )?
    .execute(params![
        id,
        counted,
        i64::from(update.count_call && update.denied),
        state.level.as_str(),
        state.since_ms,
        state.last_hot_ms,
        hits,
        i64::from(update.terminate),
        key.now_ms,
    ])?;
    Ok(())
}

/// An `approvals` row as stored.
struct RawApproval {
    a: Approval,
    stored_status: String,
}

fn raw_approval(r: &Row<'_>) -> rusqlite::Result<RawApproval> {
    Ok(RawApproval {
        a: Approval {
            approval_id: r.get(0)?,
            action_hash: r.get(1)?,
            session: r.get(2)?,
            tool: r.get(3)?,
            summary: r.get(4)?,
            approver: r.get(5)?,
            reason: r.get(6)?,
            created_ms: r.get(7)?,
            deadline_ms: r.get(8)?,
            status: ApprovalStatus::Pending,
            decided_by: r.get(10)?,
            note: r.get(11)?,
            decided_ms: r.get(12)?,
            consumed_ms: r.get(13)?,
        },
        stored_status: r.get(9)?,
    })
}

impl RawApproval {
    fn check(mut self, now_ms: i64) -> Result<Approval, StoreError> {
        let stored = ApprovalStatus::parse(&self.stored_status)
            .filter(|s| *s != ApprovalStatus::Expired)
            .ok_or_else(|| {
                StoreError::corrupt(format!("unknown approval status `{}`", self.stored_status))
            })?;
        self.a.status = effective_status(stored, self.a.deadline_ms, now_ms);
        Ok(self.a)
    }
}

fn load_approval(conn: &Connection, id: &str, now_ms: i64) -> Result<Option<Approval>, TxError> {
    let raw = conn
        .prepare_cached(&format!(
            "SELECT {APPROVAL_COLS} FROM approvals WHERE approval_id = ?1"
        ))?
        .query_row([id], raw_approval)
        .optional()?;
    Ok(raw.map(|r| r.check(now_ms)).transpose()?)
}

fn find_approval(
    tx: &Transaction<'_>,
    session: Option<&str>,
    hash: &str,
    now_ms: i64,
) -> Result<Option<Approval>, TxError> {
    // Denied first (a refusal sticks), then newest; bounded.
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {APPROVAL_COLS} FROM approvals
         WHERE action_hash = ?1 AND session IS ?2 AND status != 'consumed'
         ORDER BY (status = 'denied') DESC, created_ms DESC LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![hash, session, APPROVALS_PER_ACTION], raw_approval)?;
    let mut candidates = Vec::new();
    for row in rows {
        candidates.push(row?.check(now_ms)?);
    }
    Ok(select_approval(candidates))
}

fn insert_approval(tx: &Transaction<'_>, a: &Approval) -> Result<(), TxError> {
    let result = tx
        .prepare_cached(&format!(
            "INSERT INTO approvals ({APPROVAL_COLS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        ))?
        .execute(params![
            a.approval_id,
            a.action_hash,
            a.session,
            a.tool,
            a.summary,
            a.approver,
            a.reason,
            a.created_ms,
            a.deadline_ms,
            a.status.as_str(),
            a.decided_by,
            a.note,
            a.decided_ms,
            a.consumed_ms,
        ]);
    match result {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
            Err(duplicate_id(&a.approval_id).into())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded() {
        for attempt in 1..40 {
            assert!(backoff(attempt) <= Duration::from_millis(200));
        }
        assert!(backoff(1) <= Duration::from_millis(2));
    }

    #[test]
    fn busy_and_locked_are_retryable_others_not() {
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        assert!(is_busy(&busy));
        let corrupt = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            None,
        );
        assert!(!is_busy(&corrupt));
        assert_eq!(map_sql(corrupt, Path::new("x")).code(), "store_corrupt");
        assert_eq!(map_sql(busy, Path::new("x")).code(), "store_busy");
    }
}
