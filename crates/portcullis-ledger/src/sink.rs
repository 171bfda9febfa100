//! Audit sinks: where decisions stream besides the ledger.

mod http;
mod otlp;

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::Write;
#[cfg(unix)]
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use portcullis_types::{Action, Decision};
use serde::Serialize;
use serde_json::Value;

pub use otlp::{OtlpConfig, OtlpSink};

use crate::LedgerError;
use crate::canonical::check_representable;
use crate::masking::Masking;

/// One decision as sinks see it: `{"decision": …, "action": …}` with masking applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct AuditRecord {
    value: Value,
}

impl AuditRecord {
    /// Builds the record and applies `masking` (use `Masking::default()` for none). The action
    /// is left out when `None` (privacy mode).
    pub fn new(
        decision: &Decision,
        action: Option<&Action>,
        masking: &Masking,
    ) -> Result<AuditRecord, LedgerError> {
        check_representable(decision)?;
        let to_value = |r: serde_json::Result<Value>| {
            r.map_err(|e| {
                LedgerError::encode("encode_failed", format!("cannot encode record: {e}"))
            })
        };
        let mut map = serde_json::Map::new();
        map.insert("decision".into(), to_value(serde_json::to_value(decision))?);
        if let Some(action) = action {
            check_representable(action)?;
            map.insert("action".into(), to_value(serde_json::to_value(action))?);
        }
        let mut value = Value::Object(map);
        masking.apply(&mut value)?;
        Ok(AuditRecord { value })
    }

    /// The record as JSON.
    pub fn as_value(&self) -> &Value {
        &self.value
    }

    /// A member of the decision (`decision`, `reason`, `ledger`, ...), if present.
    pub fn decision_field(&self, name: &str) -> Option<&Value> {
        self.value.get("decision").and_then(|d| d.get(name))
    }

    /// The action's tool name, if the action is present.
    pub fn tool(&self) -> Option<&str> {
        self.value.get("action")?.get("tool")?.as_str()
    }

    /// One JSON line (with newline).
    pub fn to_json_line(&self) -> Vec<u8> {
        let mut line = serde_json::to_vec(&self.value).unwrap_or_default();
        line.push(b'\n');
        line
    }
}

/// A destination for audit records.
///
/// `emit` must not block a decision for long: network sinks queue and send in the background.
/// Failures are counted in [`SinkStats`] and returned; the caller decides whether a failed
/// audit write fails the decision.
pub trait Sink: Send + Sync + fmt::Debug {
    /// A short name for logs and metrics (`stdout`, `file`, `otlp`).
    fn name(&self) -> &'static str;
    /// Sends (or queues) one record.
    fn emit(&self, record: &AuditRecord) -> Result<(), LedgerError>;
    /// Waits until queued records are sent (bounded by the sink's timeouts).
    fn flush(&self) -> Result<(), LedgerError> {
        Ok(())
    }
    /// Counters.
    fn stats(&self) -> SinkStats;
}

/// A sink's counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SinkStats {
    /// Records written or delivered.
    pub delivered: u64,
    /// Records that failed to be written or delivered.
    pub failed: u64,
    /// Records dropped because the queue was full.
    pub dropped: u64,
    /// The last error, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

#[derive(Debug, Default)]
struct Counters {
    delivered: AtomicU64,
    failed: AtomicU64,
    dropped: AtomicU64,
    last_error: Mutex<Option<String>>,
}

impl Counters {
    fn snapshot(&self) -> SinkStats {
        SinkStats {
            delivered: self.delivered.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            dropped: self.dropped.load(Ordering::Relaxed),
            last_error: self
                .last_error
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
        }
    }

    fn fail(&self, n: u64, message: String) {
        self.failed.fetch_add(n, Ordering::Relaxed);
        *self
            .last_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(message);
    }
}

/// Writes each record as one JSON line to standard output.
#[derive(Debug, Default)]
pub struct StdoutSink {
    counters: Counters,
}

impl StdoutSink {
    /// A stdout sink.
    pub fn new() -> StdoutSink {
        StdoutSink::default()
    }
}

impl Sink for StdoutSink {
    fn name(&self) -> &'static str {
        "stdout"
    }

    fn emit(&self, record: &AuditRecord) -> Result<(), LedgerError> {
        let line = record.to_json_line();
        let result = std::io::stdout().lock().write_all(&line);
        match result {
            Ok(()) => {
                self.counters.delivered.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(e) => {
                let msg = format!("cannot write audit record to stdout: {e}");
                self.counters.fail(1, msg.clone());
                Err(LedgerError::sink("sink_io", msg))
            }
        }
    }

    fn flush(&self) -> Result<(), LedgerError> {
        std::io::stdout()
            .flush()
            .map_err(|e| LedgerError::sink("sink_io", format!("cannot flush stdout: {e}")))
    }

    fn stats(&self) -> SinkStats {
        self.counters.snapshot()
    }
}

/// Appends each record as one JSON line to a file (created with mode 0600). Each record is one
/// `write(2)` in append mode, so several processes can share the file without interleaving.
#[derive(Debug)]
pub struct FileSink {
    path: PathBuf,
    file: Mutex<File>,
    counters: Counters,
}

impl FileSink {
    /// Opens (or creates) `path` for appending.
    pub fn open(path: &Path) -> Result<FileSink, LedgerError> {
        let mut opts = OpenOptions::new();
        opts.append(true).create(true);
        #[cfg(unix)]
        opts.mode(0o600);
        let file = opts.open(path).map_err(|e| {
            LedgerError::sink(
                "sink_io",
                format!("cannot open audit file `{}`: {e}", path.display()),
            )
        })?;
        Ok(FileSink {
            path: path.to_owned(),
            file: Mutex::new(file),
            counters: Counters::default(),
        })
    }
}

impl Sink for FileSink {
    fn name(&self) -> &'static str {
        "file"
    }

    fn emit(&self, record: &AuditRecord) -> Result<(), LedgerError> {
        let line = record.to_json_line();
        let result = self
            .file
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .write_all(&line);
        match result {
            Ok(()) => {
                self.counters.delivered.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(e) => {
                let msg = format!(
                    "cannot append audit record to `{}`: {e}",
                    self.path.display()
                );
                self.counters.fail(1, msg.clone());
                Err(LedgerError::sink("sink_io", msg))
            }
        }
    }

    fn flush(&self) -> Result<(), LedgerError> {
        self.file
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .sync_data()
            .map_err(|e| {
                LedgerError::sink(
                    "sink_io",
                    format!("cannot sync `{}`: {e}", self.path.display()),
                )
            })
    }

    fn stats(&self) -> SinkStats {
        self.counters.snapshot()
    }
}
