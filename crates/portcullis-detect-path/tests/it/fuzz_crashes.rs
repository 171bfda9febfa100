//! Replays every file in `testdata/fuzz-crashes/portcullis-detect-path/` (fuzz crashes and
//! hand-made hostile inputs) through the public API; none may panic or hang.

use std::path::PathBuf;

use portcullis_detect_path::{Access, PathSet, classify, glob_match, normalize};

#[test]
fn replay_fuzz_crashes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fuzz-crashes/portcullis-detect-path");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let p = normalize(&text);
        assert_eq!(
            p.as_str(),
            normalize(p.as_str()).as_str(),
            "{}",
            path.display()
        );
        for a in Access::ALL {
            let _ = classify(&text, a);
        }
        let _ = glob_match(&text, "x");
        let _ = PathSet::new(&[text.as_ref()]);
        n += 1;
    }
    assert!(n > 0, "no inputs in {}", dir.display());
}

/// Deep traversal and huge brace groups stay bounded.
#[test]
fn hostile_inputs_are_bounded() {
    let deep = "../".repeat(50_000) + ".env";
    let r = classify(&deep, Access::Read);
    assert!(r.sensitive);
    assert!(r.codes().any(|c| c == "path.too_long"));
    let braces = "{a,b,c,d}".repeat(64);
    let r = classify(&braces, Access::Read);
    assert!(r.codes().any(|c| c == "path.glob_too_broad"));
    let stars = format!("{}/.env", "*/".repeat(40));
    let r = classify(&stars, Access::Read);
    assert!(r.sensitive, "{:?}", r.findings);
    let long_glob = "*a".repeat(10_000);
    let _ = classify(&long_glob, Access::Read);
}
