//! Reading a ledger from its end without reading all of it.

use std::fs::File;
use std::io::{self, BufRead};
use std::os::unix::fs::FileExt;

use crate::record::MAX_LINE_BYTES;

const CHUNK: usize = 64 * 1024;

/// The end of a ledger file.
#[derive(Debug)]
pub(crate) struct Tail {
    /// Length up to and including the last newline: the part made of complete lines.
    pub(crate) complete_len: u64,
    /// The last complete line, without its newline.
    pub(crate) last_line: Option<Vec<u8>>,
}

/// Finds the last complete line of the first `len` bytes of `file`.
pub(crate) fn scan_tail(file: &File, len: u64) -> io::Result<Tail> {
    // Bytes after the last newline are a torn write; they may be up to one line long.
    let complete_len = match rfind_newline(file, len, MAX_LINE_BYTES as u64)? {
        Some(at) => at + 1,
        None if len <= MAX_LINE_BYTES as u64 => 0,
        None => return Err(too_long()),
    };
    if complete_len == 0 {
        return Ok(Tail {
            complete_len,
            last_line: None,
        });
    }
    let line = last_line_before(file, complete_len - 1)?;
    Ok(Tail {
        complete_len,
        last_line: Some(line),
    })
}

/// The last `n` complete lines of the first `len` bytes (oldest first), each without its
/// newline. A torn (unterminated) last line is skipped.
pub(crate) fn last_lines(file: &File, len: u64, n: usize) -> io::Result<Vec<Vec<u8>>> {
    let tail = scan_tail(file, len)?;
    let mut out = Vec::with_capacity(n.min(1024));
    let mut end = tail.complete_len; // one past a newline
    while out.len() < n && end > 0 {
        let line = last_line_before(file, end - 1)?;
        end -= line.len() as u64 + 1;
        out.push(line);
    }
    out.reverse();
    Ok(out)
}

/// The line that ends at the newline at offset `newline_at` (exclusive), without the newline.
fn last_line_before(file: &File, newline_at: u64) -> io::Result<Vec<u8>> {
    let start = match rfind_newline(file, newline_at, MAX_LINE_BYTES as u64)? {
        Some(prev) => prev + 1,
        None if newline_at <= MAX_LINE_BYTES as u64 => 0,
        None => return Err(too_long()),
    };
    let mut line = vec![0_u8; (newline_at - start) as usize];
    file.read_exact_at(&mut line, start)?;
    Ok(line)
}

/// Offset of the last `\n` before `end`, looking back at most `limit` bytes.
fn rfind_newline(file: &File, end: u64, limit: u64) -> io::Result<Option<u64>> {
    let floor = end.saturating_sub(limit);
    let mut hi = end;
    let mut buf = vec![0_u8; CHUNK];
    while hi > floor {
        let lo = hi.saturating_sub(CHUNK as u64).max(floor);
        let chunk = buf.get_mut(..(hi - lo) as usize).unwrap_or_default();
        file.read_exact_at(chunk, lo)?;
        if let Some(i) = memrchr(b'\n', chunk) {
            return Ok(Some(lo + i as u64));
        }
        hi = lo;
    }
    Ok(None)
}

fn memrchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().rposition(|&b| b == needle)
}

fn too_long() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("ledger line longer than {MAX_LINE_BYTES} bytes"),
    )
}

/// What [`read_line_bounded`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// No more bytes.
    Eof,
    /// A line (in the buffer, newline removed); `terminated` is false for a last line without
    /// newline.
    Line {
        /// Whether it ended with `\n`.
        terminated: bool,
    },
    /// The line exceeds the limit (the reader is left inside it).
    TooLong,
}

/// Reads one line into `buf` (cleared first), at most `max` bytes including the newline.
pub(crate) fn read_line_bounded(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<LineRead> {
    buf.clear();
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(if buf.is_empty() {
                LineRead::Eof
            } else {
                LineRead::Line { terminated: false }
            });
        }
        let (used, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let take = available.get(..used).unwrap_or_default();
        if buf.len() + take.len() > max {
            return Ok(LineRead::TooLong);
        }
        buf.extend_from_slice(take);
        reader.consume(used);
        if done {
            buf.pop();
            return Ok(LineRead::Line { terminated: true });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    fn file_with(bytes: &[u8]) -> File {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(bytes).unwrap();
        f
    }

    #[test]
    fn finds_last_complete_line_and_torn_tail() {
        let f = file_with(b"one\ntwo\nthr");
        let t = scan_tail(&f, 11).unwrap();
        assert_eq!(t.complete_len, 8);
        assert_eq!(t.last_line.as_deref(), Some(b"two".as_slice()));
        let f = file_with(b"one\n");
        let t = scan_tail(&f, 4).unwrap();
        assert_eq!(t.last_line.as_deref(), Some(b"one".as_slice()));
        let f = file_with(b"torn");
        let t = scan_tail(&f, 4).unwrap();
        assert_eq!((t.complete_len, t.last_line), (0, None));
        let f = file_with(b"");
        assert_eq!(scan_tail(&f, 0).unwrap().complete_len, 0);
    }

    #[test]
    fn last_lines_across_chunks() {
        let mut text = Vec::new();
        for i in 0..20_000 {
            writeln!(text, "line {i}").unwrap();
        }
        text.extend_from_slice(b"torn");
        let f = file_with(&text);
        let lines = last_lines(&f, text.len() as u64, 3).unwrap();
        assert_eq!(
            lines,
            [
                b"line 19997".to_vec(),
                b"line 19998".to_vec(),
                b"line 19999".to_vec()
            ]
        );
        let all = last_lines(&f, text.len() as u64, 50_000).unwrap();
        assert_eq!(all.len(), 20_000);
        assert_eq!(all[0], b"line 0");
    }

    #[test]
    fn bounded_line_reader() {
        let mut r = Cursor::new(b"ab\ncdef\ngh".to_vec());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 10).unwrap(),
            LineRead::Line { terminated: true }
        );
        assert_eq!(buf, b"ab");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 4).unwrap(),
            LineRead::TooLong
        );
        let mut r = Cursor::new(b"gh".to_vec());
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 4).unwrap(),
            LineRead::Line { terminated: false }
        );
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 4).unwrap(),
            LineRead::Eof
        );
    }
}
