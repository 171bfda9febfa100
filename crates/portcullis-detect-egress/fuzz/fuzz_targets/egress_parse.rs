//! Fuzzes target parsing, classification and list compilation with arbitrary bytes.
//! Crashes go to `testdata/fuzz-crashes/portcullis-detect-egress/` (replayed by `tests/it`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis_detect_egress::{EgressPolicy, classify, parse_target};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(t) = parse_target(&text) {
        let _ = classify(&t);
        // A parsed host, printed and parsed again, is the same class.
        if let Ok(again) = parse_target(&t.host.to_string()) {
            assert_eq!(classify(&again), classify(&t), "{text:?}");
        }
    }
    let r = EgressPolicy::default().check(&text);
    assert_eq!(r.target.is_some(), r.class.is_some());
    let _ = EgressPolicy::new(&[text.to_string()], &[]);
});
