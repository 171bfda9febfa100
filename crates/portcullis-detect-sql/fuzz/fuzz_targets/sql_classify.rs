//! `cargo +nightly fuzz run sql_classify`: classifying arbitrary text never panics, never
//! reports unparseable text as read-only, and is deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis_detect_sql::classify;

fuzz_target!(|data: &[u8]| {
    let (hint, rest) = match data.split_first() {
        Some((b, rest)) => ([None, Some("postgres"), Some("mysql"), Some("sqlite")][usize::from(*b % 4)], rest),
        None => (None, data),
    };
    let sql = String::from_utf8_lossy(rest);
    let report = classify(&sql, hint);
    assert!(!(report.read_only && report.unparseable));
    assert_eq!(classify(&sql, hint), report);
});
