#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod canonical;
mod clock;
mod error;
mod keys;
mod masking;
mod read;
mod record;
mod sink;
mod tail;
mod verify;
mod writer;

use std::path::{Path, PathBuf};

pub use canonical::{MAX_SAFE_INTEGER, check_representable, sha256_hex, to_canonical};
pub use clock::{Clock, FixedClock, SystemClock, Timestamp};
pub use error::{
    EncodeError, IoError, KeyError, LedgerError, MaskingError, RecordError, SinkError, WriterError,
};
pub use keys::{KeyFiles, KeyId, PublicKey, SigningKey, keygen, keygen_named};
pub use masking::{MASKED, Masking};
pub use portcullis_types::LedgerRef;
pub use read::{ReadRecord, Records, read_records, tail};
pub use record::{Checkpoint, Entry, GENESIS_HASH, MAX_LINE_BYTES, Record, parse_record};
pub use sink::{AuditRecord, FileSink, OtlpConfig, OtlpSink, Sink, SinkStats, StdoutSink};
pub use verify::{
    Failure, FailureKind, RecordKind, SidecarMode, SidecarStatus, VerifyOptions, VerifyReport,
    verify_bytes, verify_file, verify_file_with,
};
pub use writer::{ActionRecording, FsyncPolicy, LedgerWriter, WriterBuilder, WriterStats};

/// The sidecar that holds the latest signed checkpoint of `ledger`: `LEDGER.head`.
pub fn sidecar_path(ledger: &Path) -> PathBuf {
    let mut p = ledger.as_os_str().to_owned();
    p.push(".head");
    PathBuf::from(p)
}
