//! `cargo +nightly fuzz run secrets_scan`: scanning and redacting arbitrary text never panics,
//! spans are well-formed and redaction leaves nothing to find.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis_detect_secrets::{Scanner, redact};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let scanner = Scanner::builtin();
    let found = scanner.scan(&text);
    let mut last = 0;
    for m in &found {
        assert!(m.start < m.end && m.end <= text.len() && m.start >= last);
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        last = m.end;
    }
    assert_eq!(scanner.is_clean(&text), found.is_empty());
    let redacted = redact(&text, &found);
    assert!(scanner.scan(&redacted).is_empty(), "redacted text still has secrets: {redacted:?}");
});
