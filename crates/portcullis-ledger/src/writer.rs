//! The appending side: O(1) appends, cross-process locking, group commit.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
#[cfg(unix)]
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use portcullis_types::{Action, Decision, LedgerRef};
use serde::Serialize;
use serde_json::Value;

use crate::canonical::{check_representable, sha256_hex, to_canonical};
use crate::clock::{Clock, SystemClock};
use crate::keys::SigningKey;
use crate::masking::Masking;
use crate::record::{
    CheckpointParts, EntryParts, GENESIS_HASH, MAX_LINE_BYTES, Record, parse_line,
};
use crate::tail::scan_tail;
use crate::{LedgerError, sidecar_path};

/// When the writer calls `fdatasync`. See docs/design/ledger.md for the trade-offs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "policy")]
pub enum FsyncPolicy {
    /// After every commit, before any append in it returns: an entry whose append returned
    /// survives power loss. Concurrent appends share one sync (group commit); a single thread
    /// pays one sync per append (~5k appends/s on an SSD-backed VM).
    Always,
    /// After `every` entries (counted across commits), and at every checkpoint and close. An
    /// append returns once its line is in the page cache: it survives a crash of the process
    /// but up to `every − 1` entries may be lost on power loss.
    Batch {
        /// Entries between syncs (at least 1).
        every: u32,
    },
    /// Only at checkpoints and close; the OS writes back when it likes.
    Never,
}

impl Default for FsyncPolicy {
    fn default() -> FsyncPolicy {
        FsyncPolicy::Batch { every: 64 }
    }
}

impl FromStr for FsyncPolicy {
    type Err = LedgerError;

    /// `always`, `batch` (every 64), `batch:N` or `never`.
    fn from_str(s: &str) -> Result<FsyncPolicy, LedgerError> {
        match s {
            "always" => Ok(FsyncPolicy::Always),
            "never" => Ok(FsyncPolicy::Never),
            "batch" => Ok(FsyncPolicy::default()),
            other => other
                .strip_prefix("batch:")
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|&n| n > 0)
                .map(|every| FsyncPolicy::Batch { every })
                .ok_or_else(|| {
                    LedgerError::writer(
                        "invalid_fsync_policy",
                        format!("unknown fsync policy `{other}`; expected `always`, `batch`, `batch:N` or `never`"),
                    )
                }),
        }
    }
}

/// Whether entries carry the action itself or only its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionRecording {
    /// Record the (redacted, masked) action and its hash.
    #[default]
    Full,
    /// Privacy mode: record only `action_hash`.
    HashOnly,
}

/// Counters of a writer's work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WriterStats {
    /// Entries appended.
    pub appends: u64,
    /// Commits (one lock, one write each).
    pub commits: u64,
    /// `fdatasync` calls on the ledger.
    pub syncs: u64,
    /// Checkpoints written.
    pub checkpoints: u64,
    /// Times another process had appended and the tail was re-read.
    pub rescans: u64,
    /// Torn (unterminated) tails cut off before appending.
    pub repairs: u64,
    /// Commits that failed and were rolled back.
    pub failures: u64,
}

/// Configures and opens a [`LedgerWriter`].
#[derive(Debug)]
pub struct WriterBuilder {
    path: PathBuf,
    key: SigningKey,
    fsync: FsyncPolicy,
    checkpoint_every: u64,
    max_batch: usize,
    action: ActionRecording,
    masking: Masking,
    clock: Arc<dyn Clock>,
}

impl WriterBuilder {
    /// The fsync policy (default `batch` every 64 entries).
    pub fn fsync(mut self, policy: FsyncPolicy) -> WriterBuilder {
        self.fsync = policy;
        self
    }

    /// Write a signed checkpoint after every entry whose seq is a multiple of `n` (default
    /// 1024; at least 1). The sidecar is updated at each checkpoint.
    pub fn checkpoint_every(mut self, n: u64) -> WriterBuilder {
        self.checkpoint_every = n.max(1);
        self
    }

    /// Most entries one commit takes from the queue (default 256).
    pub fn max_batch(mut self, n: usize) -> WriterBuilder {
        self.max_batch = n.max(1);
        self
    }

    /// Record the action or only its hash (privacy mode).
    pub fn action_recording(mut self, mode: ActionRecording) -> WriterBuilder {
        self.action = mode;
        self
    }

    /// Masking applied to `{"decision", "action"}` before anything is written.
    pub fn masking(mut self, masking: Masking) -> WriterBuilder {
        self.masking = masking;
        self
    }

    /// The clock for entry and checkpoint times (default: [`SystemClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> WriterBuilder {
        self.clock = clock;
        self
    }

    /// Opens (or creates, mode 0600) the ledger and finds its head by reading only its tail.
    /// A torn last line left by a crashed writer is cut off here (see docs/design/ledger.md).
    pub fn open(self) -> Result<LedgerWriter, LedgerError> {
        self.masking.validate()?;
        let mut opts = OpenOptions::new();
        opts.read(true).append(true).create(true);
        #[cfg(unix)]
        opts.mode(0o600);
        let file = opts
            .open(&self.path)
            .map_err(|e| LedgerError::io("open ledger", &self.path, e))?;
        let mut core = Core {
            file: Arc::new(file),
            head: Head::genesis(),
            len: None,
            unsynced: 0,
            poisoned: None,
            stats: WriterStats::default(),
            closed: false,
        };
        {
            let _lock = FileLock::exclusive(&core.file, &self.path)?;
            sync_head(&mut core, &self.path)?;
        }
        Ok(LedgerWriter {
            sidecar: sidecar_path(&self.path),
            path: self.path,
            key: self.key,
            fsync: self.fsync,
            checkpoint_every: self.checkpoint_every,
            max_batch: self.max_batch,
            action: self.action,
            masking: self.masking,
            clock: self.clock,
            queue: Mutex::new(Queue::default()),
            wake: Condvar::new(),
            core: Mutex::new(core),
        })
    }
}

/// Appends signed, hash-chained entries to one ledger file.
///
/// `Send + Sync`: share it (`Arc`) between threads. Concurrent appends are queued and committed
/// together: one file lock, one `write`, one sync for the whole batch (group commit). Several
/// processes may append to the same file; `flock` serialises them and each re-reads only the
/// tail when the file grew under it.
pub struct LedgerWriter {
    path: PathBuf,
    sidecar: PathBuf,
    key: SigningKey,
    fsync: FsyncPolicy,
    checkpoint_every: u64,
    max_batch: usize,
    action: ActionRecording,
    masking: Masking,
    clock: Arc<dyn Clock>,
    queue: Mutex<Queue>,
    wake: Condvar,
    core: Mutex<Core>,
}

impl fmt::Debug for LedgerWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LedgerWriter")
            .field("path", &self.path)
            .field("key_id", self.key.key_id())
            .field("fsync", &self.fsync)
            .finish_non_exhaustive()
    }
}

impl LedgerWriter {
    /// A builder for a writer of the ledger at `path`, signing with `key`.
    pub fn builder(path: impl Into<PathBuf>, key: SigningKey) -> WriterBuilder {
        WriterBuilder {
            path: path.into(),
            key,
            fsync: FsyncPolicy::default(),
            checkpoint_every: 1024,
            max_batch: 256,
            action: ActionRecording::Full,
            masking: Masking::default(),
            clock: Arc::new(SystemClock),
        }
    }

    /// Opens the ledger at `path` with default settings.
    pub fn open(path: impl Into<PathBuf>, key: SigningKey) -> Result<LedgerWriter, LedgerError> {
        LedgerWriter::builder(path, key).open()
    }

    /// Appends one decision and returns where it was written.
    ///
    /// On error nothing was written (a partial write is truncated away) and the caller should
    /// fail closed. Errors: encoding refusals (`value_not_finite`, `integer_out_of_range`,
    /// `entry_too_large`), `ledger_io`, `ledger_poisoned`, `malformed_record` (the file's last
    /// line is not a ledger record).
    pub fn append(&self, decision: &Decision, action: &Action) -> Result<LedgerRef, LedgerError> {
        let prepared = self.prepare(decision, action)?;
        let mut q = lock(&self.queue);
        let ticket = q.next_ticket;
        q.next_ticket += 1;
        q.pending.push_back((ticket, prepared));
        loop {
            if let Some(result) = q.done.remove(&ticket) {
                return result;
            }
            if q.committing {
                q = self.wake.wait(q).unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            // Become the leader: commit everything queued so far (up to max_batch).
            q.committing = true;
            let n = q.pending.len().min(self.max_batch);
            let batch: Vec<(u64, Prepared)> = q.pending.drain(..n).collect();
            drop(q);
            let results = self.commit(batch);
            q = lock(&self.queue);
            q.committing = false;
            q.done.extend(results);
            self.wake.notify_all();
        }
    }

    /// Appends several decisions in one commit (one lock, one `write`, at most one sync), in
    /// order, and returns where each went. All or nothing: on error none was written.
    ///
    /// For callers that already hold a batch (`check` on a JSONL file, a batch HTTP request):
    /// it amortises the per-commit system calls that a single thread otherwise pays per entry.
    pub fn append_many(
        &self,
        records: &[(&Decision, &Action)],
    ) -> Result<Vec<LedgerRef>, LedgerError> {
        let prepared = records
            .iter()
            .map(|(d, a)| self.prepare(d, a))
            .collect::<Result<Vec<_>, _>>()?;
        let items: Vec<&Prepared> = prepared.iter().collect();
        let mut core = lock(&self.core);
        let result = self.commit_locked(&mut core, &items);
        if result.is_err() {
            core.stats.failures += 1;
        }
        result
    }

    /// Forces everything written so far to disk (`fdatasync`).
    pub fn sync(&self) -> Result<(), LedgerError> {
        let mut core = lock(&self.core);
        core.check_usable()?;
        core.file
            .sync_data()
            .map_err(|e| self.poison(&mut core, "sync ledger", e))?;
        core.stats.syncs += 1;
        core.unsynced = 0;
        Ok(())
    }

    /// Writes a signed checkpoint of the current head (unless the last record already is one),
    /// syncs, and updates the sidecar. Returns the head it vouches for.
    pub fn checkpoint(&self) -> Result<LedgerRef, LedgerError> {
        let mut core = lock(&self.core);
        core.check_usable()?;
        let _lock = FileLock::exclusive(&core.file, &self.path)?;
        sync_head(&mut core, &self.path)?;
        let start = core.len.unwrap_or_default();
        if !core.head.checkpointed {
            let mut buf = Vec::new();
            self.write_checkpoint(&core.head, &mut buf);
            self.write_out(&mut core, &buf, start, 0, Some(&buf))?;
            core.head.checkpointed = true;
            core.len = Some(start + buf.len() as u64);
        }
        Ok(LedgerRef {
            seq: core.head.seq,
            hash: core.head.hash.clone(),
            key_id: self.key.key_id().to_string(),
        })
    }

    /// Closes cleanly: a final checkpoint, a sync and the sidecar.
    pub fn close(self) -> Result<LedgerRef, LedgerError> {
        let head = self.checkpoint()?;
        lock(&self.core).closed = true;
        Ok(head)
    }

    /// The head as this writer last saw it (another process may have appended since).
    pub fn head(&self) -> LedgerRef {
        let core = lock(&self.core);
        LedgerRef {
            seq: core.head.seq,
            hash: core.head.hash.clone(),
            key_id: self.key.key_id().to_string(),
        }
    }

    /// Counters.
    pub fn stats(&self) -> WriterStats {
        lock(&self.core).stats
    }

    /// The ledger file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The signing key's id.
    pub fn key_id(&self) -> &crate::KeyId {
        self.key.key_id()
    }

    fn prepare(&self, decision: &Decision, action: &Action) -> Result<Prepared, LedgerError> {
        let time = self.clock.now();
        let (decision_c, action_c) = if self.masking.is_empty() {
            (to_canonical(decision)?, to_canonical(action)?)
        } else {
            // Check before converting: `to_value` would turn a non-finite float into null.
            check_representable(decision)?;
            check_representable(action)?;
            let to_value = |v: serde_json::Result<Value>| {
                v.map_err(|e| {
                    LedgerError::encode("encode_failed", format!("cannot encode record: {e}"))
                })
            };
            let mut record = serde_json::json!({
                "decision": to_value(serde_json::to_value(decision))?,
                "action": to_value(serde_json::to_value(action))?,
            });
            self.masking.apply(&mut record)?;
            let d = record.get("decision").unwrap_or(&Value::Null);
            let a = record.get("action").unwrap_or(&Value::Null);
            (to_canonical(d)?, to_canonical(a)?)
        };
        let action_hash = sha256_hex(&action_c);
        let size = decision_c.len() + action_c.len() + 1024;
        if size > MAX_LINE_BYTES {
            return Err(LedgerError::encode(
                "entry_too_large",
                format!(
                    "ledger entry of about {size} bytes exceeds the {MAX_LINE_BYTES}-byte line limit"
                ),
            ));
        }
        Ok(Prepared {
            decision: decision_c,
            action: (self.action == ActionRecording::Full).then_some(action_c),
            action_hash,
            policy_hash: json_string(&decision.policy_hash)?,
            time: json_string(time.as_str())?,
        })
    }

    fn commit(&self, batch: Vec<(u64, Prepared)>) -> Vec<(u64, Result<LedgerRef, LedgerError>)> {
        let mut core = lock(&self.core);
        let items: Vec<&Prepared> = batch.iter().map(|(_, p)| p).collect();
        match self.commit_locked(&mut core, &items) {
            Ok(refs) => batch
                .iter()
                .map(|(t, _)| *t)
                .zip(refs.into_iter().map(Ok))
                .collect(),
            Err(e) => {
                core.stats.failures += 1;
                batch
                    .iter()
                    .map(|(t, _)| (*t, Err(e.duplicate())))
                    .collect()
            }
        }
    }

    fn commit_locked(
        &self,
        core: &mut Core,
        items: &[&Prepared],
    ) -> Result<Vec<LedgerRef>, LedgerError> {
        core.check_usable()?;
        let _lock = FileLock::exclusive(&core.file, &self.path)?;
        sync_head(core, &self.path)?;
        let start = core.len.unwrap_or_default();
        let key_id = self.key.key_id().as_str();
        let mut head = core.head.clone();
        let mut buf = Vec::with_capacity(items.iter().map(|p| p.decision.len() + 600).sum());
        let mut refs = Vec::with_capacity(items.len());
        let mut checkpoint: Option<(usize, usize)> = None;
        for p in items {
            let seq = head.seq + 1;
            let parts = EntryParts {
                action: p.action.as_deref(),
                action_hash: &p.action_hash,
                decision: &p.decision,
                key_id,
                policy_hash: &p.policy_hash,
                prev_hash: &head.hash,
                seq,
                time: &p.time,
            };
            let hash = parts.write_line(|body| self.key.sign(body), &mut buf);
            refs.push(LedgerRef {
                seq,
                hash: hash.clone(),
                key_id: key_id.to_owned(),
            });
            head = Head {
                seq,
                hash,
                checkpointed: false,
            };
            if seq.is_multiple_of(self.checkpoint_every) {
                let from = buf.len();
                self.write_checkpoint(&head, &mut buf);
                checkpoint = Some((from, buf.len()));
                head.checkpointed = true;
            }
        }
        let checkpoint_line = checkpoint
            .and_then(|(a, b)| buf.get(a..b))
            .map(<[u8]>::to_vec);
        self.write_out(
            core,
            &buf,
            start,
            items.len() as u64,
            checkpoint_line.as_deref(),
        )?;
        core.stats.appends += items.len() as u64;
        core.stats.commits += 1;
        core.head = head;
        core.len = Some(start + buf.len() as u64);
        Ok(refs)
    }

    fn write_checkpoint(&self, head: &Head, buf: &mut Vec<u8>) {
        let time = self.clock.now();
        // INVARIANT: a Timestamp is ASCII digits and `-T:.Z`, so it always encodes.
        let time = json_string(time.as_str()).unwrap_or_else(|_| b"\"\"".to_vec());
        CheckpointParts {
            head: &head.hash,
            key_id: self.key.key_id().as_str(),
            seq: head.seq,
            time: &time,
        }
        .write_line(|body| self.key.sign(body), buf);
    }

    /// Writes `buf` at the end (file lock held), syncs per policy, updates the sidecar. On any
    /// failure truncates back to `start`.
    fn write_out(
        &self,
        core: &mut Core,
        buf: &[u8],
        start: u64,
        entries: u64,
        checkpoint: Option<&[u8]>,
    ) -> Result<(), LedgerError> {
        if let Err(e) = core.file.as_ref().write_all(buf) {
            return Err(self.rollback(core, start, "append to ledger", e));
        }
        core.unsynced += entries;
        let sync = checkpoint.is_some()
            || match self.fsync {
                FsyncPolicy::Always => true,
                FsyncPolicy::Batch { every } => core.unsynced >= u64::from(every.max(1)),
                FsyncPolicy::Never => false,
            };
        if sync {
            if let Err(e) = core.file.sync_data() {
                // After a failed fsync the kernel may have dropped dirty pages: nothing about
                // the file can be trusted any more (see "fsyncgate").
                let err = self.rollback(core, start, "sync ledger", e);
                core.poisoned = Some(err.to_string());
                return Err(err);
            }
            core.stats.syncs += 1;
            core.unsynced = 0;
        }
        if let Some(line) = checkpoint {
            if let Err(e) = write_sidecar(&self.sidecar, line) {
                return Err(self.rollback(core, start, "update ledger sidecar", e));
            }
            core.stats.checkpoints += 1;
        }
        Ok(())
    }

    fn rollback(&self, core: &mut Core, start: u64, action: &str, err: io::Error) -> LedgerError {
        let error = LedgerError::io(action, &self.path, err);
        match core.file.set_len(start) {
            Ok(()) => core.len = Some(start),
            Err(e) => {
                core.len = None;
                core.poisoned = Some(format!("{error}; truncating back failed too: {e}"));
            }
        }
        error
    }

    fn poison(&self, core: &mut Core, action: &str, err: io::Error) -> LedgerError {
        let error = LedgerError::io(action, &self.path, err);
        core.poisoned = Some(error.to_string());
        error
    }
}

impl Drop for LedgerWriter {
    fn drop(&mut self) {
        let (closed, poisoned) = {
            let core = lock(&self.core);
            (core.closed, core.poisoned.is_some())
        };
        if !closed && !poisoned {
            // Best effort: a clean close is a checkpoint. Errors cannot be reported from drop;
            // call `close()` to see them.
            let _ = self.checkpoint();
        }
    }
}

/// The canonical JSON of a string: quoted as is when it needs no escaping (the common case:
/// hex digests and timestamps), otherwise through the canonicaliser.
fn json_string(s: &str) -> Result<Vec<u8>, LedgerError> {
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        let mut out = Vec::with_capacity(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(out)
    } else {
        to_canonical(s)
    }
}

/// One queued entry: everything that does not depend on the chain, computed outside the lock.
struct Prepared {
    decision: Vec<u8>,
    action: Option<Vec<u8>>,
    action_hash: String,
    policy_hash: Vec<u8>,
    time: Vec<u8>,
}

#[derive(Default)]
struct Queue {
    next_ticket: u64,
    pending: VecDeque<(u64, Prepared)>,
    done: BTreeMap<u64, Result<LedgerRef, LedgerError>>,
    committing: bool,
}

struct Core {
    file: Arc<File>,
    head: Head,
    /// File length after our last write, `None` when unknown (then the tail is re-read).
    len: Option<u64>,
    unsynced: u64,
    poisoned: Option<String>,
    stats: WriterStats,
    closed: bool,
}

impl Core {
    fn check_usable(&self) -> Result<(), LedgerError> {
        match &self.poisoned {
            Some(reason) => Err(LedgerError::writer(
                "ledger_poisoned",
                format!("ledger writer stopped after an unrecoverable error: {reason}"),
            )),
            None => Ok(()),
        }
    }
}

#[derive(Debug, Clone)]
struct Head {
    seq: u64,
    hash: String,
    /// Whether the last record is a checkpoint of this head.
    checkpointed: bool,
}

impl Head {
    fn genesis() -> Head {
        Head {
            seq: 0,
            hash: GENESIS_HASH.to_owned(),
            checkpointed: false,
        }
    }
}

/// Brings `core.head` up to date with the file (file lock held): cheap when nobody else wrote.
fn sync_head(core: &mut Core, path: &Path) -> Result<(), LedgerError> {
    let len = core
        .file
        .metadata()
        .map_err(|e| LedgerError::io("stat ledger", path, e))?
        .len();
    if core.len == Some(len) {
        return Ok(());
    }
    if core.len.is_some() {
        core.stats.rescans += 1;
    }
    let tail =
        scan_tail(&core.file, len).map_err(|e| LedgerError::io("read ledger tail", path, e))?;
    if tail.complete_len < len {
        // A writer died mid-write: cut the unterminated line (it was never acknowledged).
        core.file
            .set_len(tail.complete_len)
            .map_err(|e| LedgerError::io("repair torn ledger tail", path, e))?;
        core.stats.repairs += 1;
    }
    core.head = match tail.last_line {
        None => Head::genesis(),
        Some(line) => {
            let parsed = parse_line(&line, false).map_err(|m| {
                LedgerError::record(format!(
                    "cannot append to `{}`: its last line is not a ledger record ({m})",
                    path.display()
                ))
            })?;
            match parsed.record {
                Record::Entry(e) => Head {
                    seq: e.seq,
                    hash: parsed.hash,
                    checkpointed: false,
                },
                Record::Checkpoint(c) => Head {
                    seq: c.seq,
                    hash: c.head,
                    checkpointed: true,
                },
            }
        }
    };
    core.len = Some(tail.complete_len);
    Ok(())
}

/// Replaces the sidecar atomically: write a temporary file, sync it, rename, sync the directory.
fn write_sidecar(path: &Path, line: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut opts = OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    opts.mode(0o600);
    let mut f = opts.open(&tmp)?;
    f.write_all(line)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        // The rename is durable only once the directory is synced.
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// An exclusive `flock` on the ledger, released on drop (and by the kernel if we die).
struct FileLock(Arc<File>);

impl FileLock {
    fn exclusive(file: &Arc<File>, path: &Path) -> Result<FileLock, LedgerError> {
        file.lock()
            .map_err(|e| LedgerError::io("lock ledger", path, e))?;
        Ok(FileLock(Arc::clone(file)))
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_string_fast_path_matches_the_canonicaliser() {
        for s in [
            "abc",
            "2026-01-01T00:00:00Z",
            "a/b",
            "~\x7f",
            "q\"uote",
            "back\\slash",
            "tab\t",
            "é",
            "",
        ] {
            assert_eq!(json_string(s).unwrap(), to_canonical(s).unwrap(), "{s:?}");
        }
    }
}
