//! Replays fuzz crash inputs and the sample ledgers in `testdata/`.

use std::fs;
use std::path::{Path, PathBuf};

use portcullis_ledger::{PublicKey, SigningKey, parse_record, verify_bytes, verify_file};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

/// The same harness as `fuzz/fuzz_targets/ledger_verify.rs`.
fn run(data: &[u8]) -> bool {
    let keys = [SigningKey::from_seed(&[1; 32])
        .unwrap()
        .public_key()
        .clone()];
    let (sidecar, ledger) = match data.iter().position(|&b| b == 0) {
        Some(i) => (Some(&data[..i]), &data[i + 1..]),
        None => (None, data),
    };
    let report = verify_bytes(ledger, &keys, sidecar);
    assert_eq!(report.ok, report.failure.is_none());
    for line in ledger.split(|&b| b == b'\n') {
        let _ = parse_record(line);
    }
    report.ok
}

/// Every file in testdata/fuzz-crashes/portcullis-ledger/ (none found so far) runs without a
/// panic.
#[test]
fn crash_inputs_replay() {
    let dir = testdata().join("fuzz-crashes/portcullis-ledger");
    assert!(dir.is_dir(), "{} missing", dir.display());
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        run(&fs::read(&path).unwrap());
    }
}

/// The sample ledger (also the fuzz seed) verifies with its public key, through the harness
/// (ledger alone, and sidecar + NUL + ledger) and from disk.
#[test]
fn sample_ledger_verifies() {
    let dir = testdata().join("ledger");
    let ledger = fs::read(dir.join("sample.ndjson")).unwrap();
    let sidecar = fs::read(dir.join("sample.ndjson.head")).unwrap();
    assert!(run(&ledger));
    assert!(run(&[sidecar.as_slice(), b"\0", ledger.as_slice()].concat()));
    let key = PublicKey::load(&dir.join("sample.pub")).unwrap();
    let report = verify_file(&dir.join("sample.ndjson"), &[key]);
    assert!(report.ok, "{report}");
    assert_eq!(report.entries, 5);
    // The sample's last entry is changed in the copy `sample-tampered.ndjson`.
    let tampered = fs::read(dir.join("sample-tampered.ndjson")).unwrap();
    assert!(!run(&tampered));
}
