//! Verification with public keys only.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::canonical::{sha256_hex, to_canonical};
use crate::keys::PublicKey;
use crate::record::{GENESIS_HASH, MAX_LINE_BYTES, Record, parse_line};
use crate::sidecar_path;
use crate::tail::{LineRead, read_line_bounded};

/// Where verification gets the sidecar (the latest signed checkpoint, kept beside the ledger).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SidecarMode {
    /// Use `LEDGER.head` when it exists.
    #[default]
    Auto,
    /// `LEDGER.head` must exist (a deleted sidecar is reported as `truncated`).
    Require,
    /// Do not read a sidecar (truncation after the last checkpoint goes unnoticed).
    Ignore,
    /// Read the sidecar from this path (e.g. a copy kept elsewhere), which must exist.
    Path(PathBuf),
}

/// Options for [`verify_file_with`].
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// How to find the sidecar.
    pub sidecar: SidecarMode,
}

/// What kind of damage verification found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// A signature does not verify: the record was changed after signing.
    BadSignature,
    /// An entry's `prev_hash` is not the hash of the entry before it.
    BrokenChain,
    /// Entries are missing: the expected seq appears nowhere later in the file.
    Gap,
    /// The expected seq appears later in the file (or an earlier seq appears again).
    Reordered,
    /// The file ends before a seq vouched for by the sidecar, or the sidecar's checkpoint is
    /// missing from the file.
    Truncated,
    /// A record names a key id none of the given public keys has.
    UnknownKey,
    /// A line that is not a canonical ledger record (including a torn, unterminated last line).
    MalformedLine,
    /// A hash that a record states does not match: `action_hash`, or a checkpoint's or the
    /// sidecar's head.
    HashMismatch,
    /// The file could not be read.
    Unreadable,
}

impl FailureKind {
    /// The stable code (`bad_signature`, ...).
    pub const fn code(self) -> &'static str {
        match self {
            FailureKind::BadSignature => "bad_signature",
            FailureKind::BrokenChain => "broken_chain",
            FailureKind::Gap => "gap",
            FailureKind::Reordered => "reordered",
            FailureKind::Truncated => "truncated",
            FailureKind::UnknownKey => "unknown_key",
            FailureKind::MalformedLine => "malformed_line",
            FailureKind::HashMismatch => "hash_mismatch",
            FailureKind::Unreadable => "unreadable",
        }
    }
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Which record a failure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A decision entry (or a line expected to be one).
    Entry,
    /// A checkpoint line.
    Checkpoint,
    /// The sidecar file.
    Sidecar,
}

/// The first damage found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// What is wrong.
    pub kind: FailureKind,
    /// 1-based line number in the ledger (absent for sidecar problems found before reading).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The first seq that cannot be trusted in its place: every entry before it verified. For
    /// checkpoint and sidecar problems, the seq the checkpoint vouches for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// Which record.
    pub record: RecordKind,
    /// Details in words.
    pub message: String,
}

/// The newest entry verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadRef {
    /// Its seq.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
}

/// A checkpoint seen in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckpointRef {
    /// The seq it vouches for.
    pub seq: u64,
    /// The head hash it vouches for.
    pub head: String,
    /// When it was written.
    pub time: String,
    /// Who signed it.
    pub key_id: String,
    /// Its line.
    pub line: u64,
}

/// What happened with the sidecar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SidecarStatus {
    /// No sidecar was found (mode `auto`): truncation after the last checkpoint in the file
    /// cannot be detected.
    Absent,
    /// Not read (mode `ignore`).
    Ignored,
    /// Read, signature valid, and consistent with the ledger.
    Matched,
    /// Read and found inconsistent (see `failure`), or unreadable.
    Failed,
    /// Verification stopped before the sidecar could be compared.
    Unchecked,
}

/// The result of verifying a ledger. `ok` is true only when nothing is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Whether the whole ledger verified.
    pub ok: bool,
    /// Entries verified (on failure: those before it).
    pub entries: u64,
    /// Checkpoints verified.
    pub checkpoints: u64,
    /// The last verified entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<HeadRef>,
    /// The last verified checkpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_checkpoint: Option<CheckpointRef>,
    /// Whether the last record is a checkpoint of the head (the last writer closed cleanly).
    pub clean_close: bool,
    /// Sidecar outcome.
    pub sidecar: SidecarStatus,
    /// Key ids that signed verified records, sorted.
    pub key_ids: Vec<String>,
    /// The first damage found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.failure {
            None => write!(f, "ok: {} entries", self.entries)?,
            Some(fail) => {
                write!(f, "FAILED: {}", fail.kind)?;
                if let Some(seq) = fail.seq {
                    write!(f, " at seq {seq}")?;
                }
                if let Some(line) = fail.line {
                    write!(f, " (line {line})")?;
                }
                write!(
                    f,
                    ": {}; {} entries verified before it",
                    fail.message, self.entries
                )?;
            }
        }
        if let Some(h) = &self.head {
            write!(f, "; head seq {} hash {}", h.seq, h.hash)?;
        }
        if let Some(c) = &self.last_checkpoint {
            write!(f, "; last checkpoint seq {} at line {}", c.seq, c.line)?;
        }
        if self.failure.is_none() && !self.clean_close {
            f.write_str("; not closed cleanly")?;
        }
        Ok(())
    }
}

/// Verifies the ledger at `path` with the given public keys, using `LEDGER.head` if present.
///
/// Never panics and never errors: problems (including I/O) are in the report.
pub fn verify_file(path: &Path, keys: &[PublicKey]) -> VerifyReport {
    verify_file_with(path, keys, &VerifyOptions::default())
}

/// Like [`verify_file`], with options.
///
/// Takes a shared `flock` while reading the file length and the sidecar, so that a ledger
/// being appended to is checked as a consistent snapshot (writers hold the exclusive lock).
pub fn verify_file_with(path: &Path, keys: &[PublicKey], options: &VerifyOptions) -> VerifyReport {
    let unreadable = |message: String, record: RecordKind| VerifyReport {
        sidecar: if record == RecordKind::Sidecar {
            SidecarStatus::Failed
        } else {
            SidecarStatus::Unchecked
        },
        ..VerifyReport::failed(Failure {
            kind: if record == RecordKind::Sidecar {
                FailureKind::Truncated
            } else {
                FailureKind::Unreadable
            },
            line: None,
            seq: None,
            record,
            message,
        })
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return unreadable(
                format!("cannot open `{}`: {e}", path.display()),
                RecordKind::Entry,
            );
        }
    };
    let (len, sidecar) = {
        if let Err(e) = file.lock_shared() {
            return unreadable(
                format!("cannot lock `{}`: {e}", path.display()),
                RecordKind::Entry,
            );
        }
        let len = file.metadata().map(|m| m.len());
        let sidecar = match &options.sidecar {
            SidecarMode::Ignore => Ok(None),
            SidecarMode::Auto => read_optional(&sidecar_path(path)),
            SidecarMode::Require => read_required(&sidecar_path(path)),
            SidecarMode::Path(p) => read_required(p),
        };
        let _ = file.unlock();
        match len {
            Ok(len) => (len, sidecar),
            Err(e) => {
                return unreadable(
                    format!("cannot stat `{}`: {e}", path.display()),
                    RecordKind::Entry,
                );
            }
        }
    };
    let sidecar = match sidecar {
        Ok(s) => s,
        Err(message) => return unreadable(message, RecordKind::Sidecar),
    };
    let mut report = verify_reader(BufReader::new(file.take(len)), keys, sidecar.as_deref());
    if options.sidecar == SidecarMode::Ignore {
        report.sidecar = SidecarStatus::Ignored;
    }
    report
}

/// Verifies a ledger held in memory, with an optional sidecar (its bytes).
pub fn verify_bytes(ledger: &[u8], keys: &[PublicKey], sidecar: Option<&[u8]>) -> VerifyReport {
    verify_reader(ledger, keys, sidecar)
}

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match File::open(path) {
        Ok(f) => read_small(f, path).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot open sidecar `{}`: {e}", path.display())),
    }
}

fn read_required(path: &Path) -> Result<Option<Vec<u8>>, String> {
    File::open(path)
        .map_err(|e| format!("cannot open sidecar `{}`: {e}", path.display()))
        .and_then(|f| read_small(f, path))
        .map(Some)
}

fn read_small(f: File, path: &Path) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    f.take(64 * 1024)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read sidecar `{}`: {e}", path.display()))?;
    Ok(buf)
}

impl VerifyReport {
    fn failed(failure: Failure) -> VerifyReport {
        VerifyReport {
            ok: false,
            entries: 0,
            checkpoints: 0,
            head: None,
            last_checkpoint: None,
            clean_close: false,
            sidecar: SidecarStatus::Unchecked,
            key_ids: Vec::new(),
            failure: Some(failure),
        }
    }
}

struct SidecarHead {
    seq: u64,
    head: String,
    line: Vec<u8>,
}

struct Verifier<'k> {
    keys: BTreeMap<&'k str, &'k PublicKey>,
    expected: u64,
    prev_hash: String,
    entries: u64,
    checkpoints: u64,
    last_checkpoint: Option<CheckpointRef>,
    last_is_checkpoint: bool,
    key_ids: BTreeSet<String>,
    sidecar: Option<SidecarHead>,
    sidecar_seen: bool,
}

fn verify_reader(
    mut reader: impl BufRead,
    keys: &[PublicKey],
    sidecar: Option<&[u8]>,
) -> VerifyReport {
    let mut v = Verifier {
        keys: keys.iter().map(|k| (k.key_id().as_str(), k)).collect(),
        expected: 1,
        prev_hash: GENESIS_HASH.to_owned(),
        entries: 0,
        checkpoints: 0,
        last_checkpoint: None,
        last_is_checkpoint: false,
        key_ids: BTreeSet::new(),
        sidecar: None,
        sidecar_seen: false,
    };
    let mut sidecar_status = SidecarStatus::Absent;
    if let Some(bytes) = sidecar {
        match v.check_sidecar(bytes) {
            Ok(head) => {
                v.sidecar = Some(head);
                sidecar_status = SidecarStatus::Unchecked;
            }
            Err(failure) => {
                let mut r = v.report(Some(failure));
                r.sidecar = SidecarStatus::Failed;
                return r;
            }
        }
    }
    let result = v.run(&mut reader);
    let failure = result.err();
    if v.sidecar.is_some() {
        sidecar_status = match &failure {
            None => SidecarStatus::Matched,
            Some(f) if f.record == RecordKind::Sidecar => SidecarStatus::Failed,
            Some(_) => SidecarStatus::Unchecked,
        };
    }
    let mut report = v.report(failure);
    report.sidecar = sidecar_status;
    report
}

impl Verifier<'_> {
    fn report(&self, failure: Option<Failure>) -> VerifyReport {
        VerifyReport {
            ok: failure.is_none(),
            entries: self.entries,
            checkpoints: self.checkpoints,
            head: (self.entries > 0).then(|| HeadRef {
                seq: self.expected - 1,
                hash: self.prev_hash.clone(),
            }),
            last_checkpoint: self.last_checkpoint.clone(),
            clean_close: self.last_is_checkpoint,
            sidecar: SidecarStatus::Unchecked,
            key_ids: self.key_ids.iter().cloned().collect(),
            failure,
        }
    }

    fn check_sidecar(&self, bytes: &[u8]) -> Result<SidecarHead, Failure> {
        let fail = |kind, seq, message: String| Failure {
            kind,
            line: None,
            seq,
            record: RecordKind::Sidecar,
            message,
        };
        let line = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let parsed = parse_line(line, true).map_err(|m| {
            fail(
                FailureKind::MalformedLine,
                None,
                format!("sidecar is not a checkpoint: {m}"),
            )
        })?;
        let Record::Checkpoint(c) = &parsed.record else {
            return Err(fail(
                FailureKind::MalformedLine,
                None,
                "sidecar holds an entry, not a checkpoint".into(),
            ));
        };
        let key = self.keys.get(c.key_id.as_str()).ok_or_else(|| {
            fail(
                FailureKind::UnknownKey,
                Some(c.seq),
                format!("sidecar is signed by unknown key `{}`", c.key_id),
            )
        })?;
        if !key.verify(&parsed.signed.body, &parsed.signed.sig) {
            return Err(fail(
                FailureKind::BadSignature,
                Some(c.seq),
                "sidecar signature does not verify".into(),
            ));
        }
        if c.seq == 0 && c.head != GENESIS_HASH {
            return Err(fail(
                FailureKind::HashMismatch,
                Some(0),
                "sidecar head for seq 0 is not the genesis hash".into(),
            ));
        }
        Ok(SidecarHead {
            seq: c.seq,
            head: c.head.clone(),
            line: line.to_vec(),
        })
    }

    fn run(&mut self, reader: &mut impl BufRead) -> Result<(), Failure> {
        let mut buf = Vec::with_capacity(4096);
        let mut line_no = 0_u64;
        loop {
            line_no += 1;
            let read =
                read_line_bounded(reader, &mut buf, MAX_LINE_BYTES).map_err(|e| Failure {
                    kind: FailureKind::Unreadable,
                    line: Some(line_no),
                    seq: Some(self.expected),
                    record: RecordKind::Entry,
                    message: format!("read error: {e}"),
                })?;
            match read {
                LineRead::Eof => break,
                LineRead::TooLong => {
                    return Err(self.entry_failure(
                        FailureKind::MalformedLine,
                        line_no,
                        format!("line longer than {MAX_LINE_BYTES} bytes"),
                    ));
                }
                LineRead::Line { terminated: false } => {
                    return Err(self.entry_failure(
                        FailureKind::MalformedLine,
                        line_no,
                        "last line is not newline-terminated: a torn write from a writer that \
                         crashed (the next writer cuts it off)"
                            .into(),
                    ));
                }
                LineRead::Line { terminated: true } => self.line(&buf, line_no, reader)?,
            }
        }
        self.finish(line_no - 1)
    }

    fn entry_failure(&self, kind: FailureKind, line: u64, message: String) -> Failure {
        Failure {
            kind,
            line: Some(line),
            seq: Some(self.expected),
            record: RecordKind::Entry,
            message,
        }
    }

    fn line(&mut self, line: &[u8], line_no: u64, rest: &mut impl BufRead) -> Result<(), Failure> {
        let parsed = parse_line(line, true)
            .map_err(|m| self.entry_failure(FailureKind::MalformedLine, line_no, m))?;
        let record_kind = match parsed.record {
            Record::Entry(_) => RecordKind::Entry,
            Record::Checkpoint(_) => RecordKind::Checkpoint,
        };
        let fail_here = |kind, seq, message: String| Failure {
            kind,
            line: Some(line_no),
            seq: Some(seq),
            record: record_kind,
            message,
        };
        // Position-based, not content-based: a damaged record's own seq cannot be trusted.
        let seq_here = match &parsed.record {
            Record::Entry(_) => self.expected,
            Record::Checkpoint(_) => self.expected - 1,
        };
        let key_id = parsed.record.key_id();
        let Some(key) = self.keys.get(key_id) else {
            return Err(fail_here(
                FailureKind::UnknownKey,
                seq_here,
                format!("signed by key `{key_id}`, which is not among the given public keys"),
            ));
        };
        if !key.verify(&parsed.signed.body, &parsed.signed.sig) {
            return Err(fail_here(
                FailureKind::BadSignature,
                seq_here,
                format!("signature by key `{key_id}` does not verify"),
            ));
        }
        let key_id = key_id.to_owned();
        match parsed.record {
            Record::Entry(e) => {
                if e.seq != self.expected {
                    return Err(self.misplaced(e.seq, line_no, RecordKind::Entry, rest));
                }
                if e.prev_hash != self.prev_hash {
                    return Err(fail_here(
                        FailureKind::BrokenChain,
                        e.seq,
                        format!(
                            "prev_hash `{}` is not the hash of entry {} (`{}`)",
                            e.prev_hash,
                            e.seq - 1,
                            self.prev_hash
                        ),
                    ));
                }
                if let Some(action) = &e.action {
                    let hash = to_canonical(action)
                        .map(|c| sha256_hex(&c))
                        .unwrap_or_default();
                    if hash != e.action_hash {
                        return Err(fail_here(
                            FailureKind::HashMismatch,
                            e.seq,
                            format!(
                                "action_hash `{}` is not the hash of the recorded action",
                                e.action_hash
                            ),
                        ));
                    }
                }
                if let Some(sc) = &self.sidecar
                    && sc.seq == e.seq
                    && sc.head != parsed.hash
                {
                    return Err(Failure {
                        kind: FailureKind::HashMismatch,
                        line: Some(line_no),
                        seq: Some(e.seq),
                        record: RecordKind::Sidecar,
                        message: format!(
                            "the sidecar vouches for head `{}` at seq {}, but the entry's hash is `{}`",
                            sc.head, e.seq, parsed.hash
                        ),
                    });
                }
                self.prev_hash = parsed.hash;
                self.expected += 1;
                self.entries += 1;
                self.last_is_checkpoint = false;
            }
            Record::Checkpoint(c) => {
                let last = self.expected - 1;
                if c.seq > last {
                    return Err(self.misplaced(c.seq, line_no, RecordKind::Checkpoint, rest));
                }
                if c.seq < last {
                    return Err(fail_here(
                        FailureKind::Reordered,
                        last,
                        format!("checkpoint for seq {} appears after entry {last}", c.seq),
                    ));
                }
                if c.head != self.prev_hash {
                    return Err(fail_here(
                        FailureKind::HashMismatch,
                        c.seq,
                        format!(
                            "checkpoint head `{}` is not the hash of entry {last} (`{}`)",
                            c.head, self.prev_hash
                        ),
                    ));
                }
                if self.sidecar.as_ref().is_some_and(|s| s.line == line) {
                    self.sidecar_seen = true;
                }
                self.checkpoints += 1;
                self.last_is_checkpoint = true;
                self.last_checkpoint = Some(CheckpointRef {
                    seq: c.seq,
                    head: c.head,
                    time: c.time,
                    key_id: c.key_id,
                    line: line_no,
                });
            }
        }
        self.key_ids.insert(key_id);
        Ok(())
    }

    /// A record whose seq is not the expected one: `reordered` if the expected entry comes
    /// later in the file (or `found` went backwards), `gap` if it is nowhere.
    fn misplaced(
        &self,
        found: u64,
        line_no: u64,
        record: RecordKind,
        rest: &mut impl BufRead,
    ) -> Failure {
        let expected = self.expected;
        let what = match record {
            RecordKind::Checkpoint => "a checkpoint for seq",
            _ => "entry",
        };
        let (kind, message) = if found < expected {
            (
                FailureKind::Reordered,
                format!("expected entry {expected}, found {what} {found} again"),
            )
        } else {
            match find_entry(rest, expected, line_no) {
                Some(at) => (
                    FailureKind::Reordered,
                    format!(
                        "expected entry {expected}, found {what} {found}; entry {expected} is at line {at}"
                    ),
                ),
                None => (
                    FailureKind::Gap,
                    format!(
                        "expected entry {expected}, found {what} {found}; entry {expected} is missing"
                    ),
                ),
            }
        };
        Failure {
            kind,
            line: Some(line_no),
            seq: Some(expected),
            record,
            message,
        }
    }

    fn finish(&self, last_line: u64) -> Result<(), Failure> {
        let Some(sc) = &self.sidecar else {
            return Ok(());
        };
        let last = self.expected - 1;
        if sc.seq > last {
            return Err(Failure {
                kind: FailureKind::Truncated,
                line: Some(last_line + 1),
                seq: Some(last + 1),
                record: RecordKind::Sidecar,
                message: format!(
                    "the sidecar vouches for seq {}, but the ledger ends at seq {last}",
                    sc.seq
                ),
            });
        }
        if !self.sidecar_seen {
            return Err(Failure {
                kind: FailureKind::Truncated,
                line: None,
                seq: Some(sc.seq),
                record: RecordKind::Sidecar,
                message: format!(
                    "the checkpoint for seq {} kept in the sidecar is missing from the ledger",
                    sc.seq
                ),
            });
        }
        Ok(())
    }
}

/// Looks through the rest of the file for the entry with `seq` (only on the failure path).
fn find_entry(rest: &mut impl BufRead, seq: u64, mut line_no: u64) -> Option<u64> {
    let mut buf = Vec::new();
    loop {
        line_no += 1;
        match read_line_bounded(rest, &mut buf, MAX_LINE_BYTES).ok()? {
            LineRead::Eof | LineRead::TooLong => return None,
            LineRead::Line { .. } => {
                let Ok(v) = serde_json::from_slice::<Value>(&buf) else {
                    continue;
                };
                if v.get("type").is_none() && v.get("seq").and_then(Value::as_u64) == Some(seq) {
                    return Some(line_no);
                }
            }
        }
    }
}
