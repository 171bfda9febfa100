//! Any bytes as a policy file: loading must return a policy or an error, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(p) = portcullis_policy::Policy::from_yaml(text, "fuzz.yaml") {
            let _ = p.compile_regexes();
        }
    }
});
