//! Replays every input in `testdata/fuzz-crashes/portcullis-detect-sql/` (see the README there).

use std::path::PathBuf;

use portcullis_detect_sql::{MAX_SQL_BYTES, classify};

#[test]
fn replay_crash_inputs() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fuzz-crashes/portcullis-detect-sql");
    let mut replayed = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        for hint in [None, Some("postgres"), Some("mysql"), Some("sqlite")] {
            let r = classify(&text, hint);
            assert!(!r.read_only, "{} classified read-only", path.display());
        }
        replayed += 1;
    }
    assert!(replayed >= 4, "crash corpus went missing");
}

#[test]
fn deep_nesting_is_unparseable_not_a_crash() {
    let sql = format!("SELECT {}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let r = classify(&sql, None);
    assert!(r.unparseable);
    assert_eq!(r.codes().collect::<Vec<_>>(), ["sql.unparseable"]);
}

#[test]
fn oversize_input_is_unparseable_and_risky() {
    let sql = format!(
        "DELETE FROM t WHERE id IN ({})",
        "1,".repeat(MAX_SQL_BYTES / 2)
    );
    let r = classify(&sql, None);
    assert!(r.unparseable && !r.read_only);
    assert_eq!(r.risk(), 80);
}
