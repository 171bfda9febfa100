//! Fuzzes normalisation, classification and glob compilation with arbitrary bytes.
//! Crashes go to `testdata/fuzz-crashes/portcullis-detect-path/` (replayed by `tests/it`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis_detect_path::{Access, PathSet, classify, normalize};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = normalize(&text);
    let twice = normalize(once.as_str());
    assert_eq!(once.as_str(), twice.as_str(), "normalize is not idempotent");
    for access in Access::ALL {
        let r = classify(&text, access);
        assert_eq!(r.normalized, once.as_str());
        assert!(r.findings.iter().all(|f| f.risk <= 100));
    }
    if text.len() < 256 {
        let _ = PathSet::new(&[text.as_ref()]).map(|s| s.is_match("/etc/passwd"));
    }
});
