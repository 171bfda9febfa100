//! Fuzzes `analyze` with arbitrary bytes (lossily decoded): it must never panic or hang.
//! Crash inputs go to `testdata/fuzz-crashes/portcullis-detect-shell/` and are replayed by
//! `tests/it/regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let a = portcullis_detect_shell::analyze(&text);
    assert!(a.findings.iter().all(|f| f.risk <= 100));
});
