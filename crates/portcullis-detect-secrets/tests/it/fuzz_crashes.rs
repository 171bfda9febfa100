//! Replays every input in `testdata/fuzz-crashes/portcullis-detect-secrets/`: each once crashed
//! or hung the scanner (see the README there).

use std::path::PathBuf;

use portcullis_detect_secrets::{Scanner, redact};

#[test]
fn replay_crash_inputs() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fuzz-crashes/portcullis-detect-secrets");
    let mut replayed = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let found = Scanner::builtin().scan(&text);
        let _ = redact(&text, &found);
        replayed += 1;
    }
    assert!(replayed >= 2, "crash corpus went missing");
}

/// See: testdata/fuzz-crashes/portcullis-detect-secrets/README.md
#[test]
fn issue_generic_name_at_end_of_text_terminates() {
    assert!(Scanner::builtin().scan("API_KEY").is_empty());
    assert!(
        Scanner::builtin()
            .scan("export client_secret=$API_KEY")
            .is_empty()
    );
    assert!(Scanner::builtin().scan("password").is_empty());
    assert!(Scanner::builtin().scan("password =").is_empty());
    assert!(Scanner::builtin().scan("password = \"").is_empty());
}
