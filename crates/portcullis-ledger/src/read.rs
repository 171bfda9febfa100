//! Reading helpers for `ledger show` and `ledger tail`. They parse, they do not verify: use
//! [`verify_file`](crate::verify_file) for that.

use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use serde::Serialize;

use crate::LedgerError;
use crate::record::{MAX_LINE_BYTES, Record, parse_line};
use crate::tail::{LineRead, last_lines, read_line_bounded};

/// A record with where it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadRecord {
    /// 1-based line number (absent when read from the end by [`tail`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// SHA-256 of the record without `sig`: for an entry, its chain hash.
    pub hash: String,
    /// The record.
    pub record: Record,
}

/// Iterates over the records of a ledger file, in file order.
///
/// Stops after the first error (a malformed line, a line over 4 MiB, an I/O error). An
/// unterminated last line (a torn write) is reported as an error.
pub struct Records {
    reader: BufReader<File>,
    buf: Vec<u8>,
    line: u64,
    done: bool,
}

impl fmt::Debug for Records {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Records")
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

/// Opens `path` for reading records one by one (constant memory).
pub fn read_records(path: &Path) -> Result<Records, LedgerError> {
    let file = File::open(path).map_err(|e| LedgerError::io("open ledger", path, e))?;
    Ok(Records {
        reader: BufReader::with_capacity(64 * 1024, file),
        buf: Vec::new(),
        line: 0,
        done: false,
    })
}

impl Iterator for Records {
    type Item = Result<ReadRecord, LedgerError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.line += 1;
        let line = self.line;
        let result = match read_line_bounded(&mut self.reader, &mut self.buf, MAX_LINE_BYTES) {
            Ok(LineRead::Eof) => {
                self.done = true;
                return None;
            }
            Ok(LineRead::TooLong) => Err(LedgerError::record(format!(
                "line {line} is longer than {MAX_LINE_BYTES} bytes"
            ))),
            Ok(LineRead::Line { terminated: false }) => Err(LedgerError::record(format!(
                "line {line} is not newline-terminated (torn write)"
            ))),
            Ok(LineRead::Line { terminated: true }) => to_read_record(&self.buf, Some(line)),
            Err(e) => Err(LedgerError::record(format!("cannot read line {line}: {e}"))),
        };
        if result.is_err() {
            self.done = true;
        }
        Some(result)
    }
}

/// The last `n` records of the ledger (oldest first), reading only the end of the file. A torn
/// last line is skipped.
pub fn tail(path: &Path, n: usize) -> Result<Vec<ReadRecord>, LedgerError> {
    let file = File::open(path).map_err(|e| LedgerError::io("open ledger", path, e))?;
    let len = file
        .metadata()
        .map_err(|e| LedgerError::io("stat ledger", path, e))?
        .len();
    let lines =
        last_lines(&file, len, n).map_err(|e| LedgerError::io("read ledger tail", path, e))?;
    lines.iter().map(|l| to_read_record(l, None)).collect()
}

fn to_read_record(line: &[u8], line_no: Option<u64>) -> Result<ReadRecord, LedgerError> {
    let parsed = parse_line(line, false).map_err(|m| {
        let at = line_no.map(|n| format!(" at line {n}")).unwrap_or_default();
        LedgerError::record(format!("malformed ledger record{at}: {m}"))
    })?;
    Ok(ReadRecord {
        line: line_no,
        hash: parsed.hash,
        record: parsed.record,
    })
}
