//! Replays every file in `testdata/fuzz-crashes/portcullis-detect-egress/` (fuzz crashes and
//! hand-made hostile inputs); none may panic or hang.

use std::path::PathBuf;

use portcullis_detect_egress::{EgressPolicy, parse_target};

#[test]
fn replay_fuzz_crashes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fuzz-crashes/portcullis-detect-egress");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let _ = parse_target(&text);
        let _ = EgressPolicy::default().check(&text);
        let one = std::slice::from_ref(&text);
        let _ = EgressPolicy::new(one, one);
        n += 1;
    }
    assert!(n > 0, "no inputs in {}", dir.display());
}

#[test]
fn oversized_targets_fail_closed() {
    let long = format!("https://example.com/{}", "a".repeat(70_000));
    let r = EgressPolicy::default().check(&long);
    assert!(!r.allowed_host);
    assert_eq!(r.codes().collect::<Vec<_>>(), ["egress.unparseable_target"]);
}
