//! Verification and record parsing on arbitrary bytes: must never panic or hang.
//!
//! Input: optional sidecar bytes, a NUL byte, then the ledger bytes (no NUL: ledger only).
//! Seed corpus: `testdata/ledger/`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis_ledger::{SigningKey, parse_record, verify_bytes};

fuzz_target!(|data: &[u8]| {
    let Ok(key) = SigningKey::from_seed(&[1; 32]) else { return };
    let keys = [key.public_key().clone()];
    let (sidecar, ledger) = match data.iter().position(|&b| b == 0) {
        Some(i) => (data.get(..i), data.get(i + 1..).unwrap_or_default()),
        None => (None, data),
    };
    let report = verify_bytes(ledger, &keys, sidecar);
    assert_eq!(report.ok, report.failure.is_none());
    for line in ledger.split(|&b| b == b'\n') {
        let _ = parse_record(line);
    }
});
