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
    assert!(replayed >= 3, "crash corpus went missing");
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

/// Found by `cargo fuzz run secrets_scan`: after redacting a Sentry DSN key, the user part
/// `[REDACTED` and `sentry_dsn]` read as `user:password` of a URL, so redaction was not
/// idempotent.
/// See: testdata/fuzz-crashes/portcullis-detect-secrets/redacted-sentry-dsn-reads-as-url-password
#[test]
fn issue_redacted_sentry_dsn_is_not_a_url_password() {
    let text = "Sentry.init({ dsn: \"https://cb2692e7a3a0b224ec3d6de4cc3298e3@o599714.ingest.sentry.io/3351374\" });";
    let found = Scanner::builtin().scan(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, "sentry_dsn");
    let once = redact(text, &found);
    assert!(Scanner::builtin().scan(&once).is_empty(), "{once}");
}
