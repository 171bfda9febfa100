//! Ledger verification and keys as the Python `Ledger.verify` uses them.

use portcullis::Action;
use portcullis_py::{ErrorKind, GuardConfig, verify};

#[test]
fn a_guard_ledger_verifies_and_a_tampered_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let keys = portcullis::ledger::keygen(dir.path()).unwrap();
    let ledger = dir.path().join("ledger.jsonl");
    let g = GuardConfig {
        policies: vec!["builtin:coding-agent".into()],
        ledger: Some(ledger.clone()),
        key: Some(keys.private_key.clone()),
        state: Some("memory".to_owned()),
        ..GuardConfig::default()
    }
    .build()
    .unwrap();
    for cmd in ["ls", "rm -rf /", "cat .env"] {
        let a = Action::from_json(&format!(
            r#"{{"tool":"Bash","args":{{"command":"{cmd}"}}}}"#
        ))
        .unwrap();
        let d = g.check(&a);
        assert!(d.ledger.is_some());
    }
    g.flush().unwrap();
    drop(g);
    let pubkey = keys.public_key.display().to_string();
    let report = verify(&ledger, std::slice::from_ref(&pubkey)).unwrap();
    assert!(report.ok, "{report}");
    assert_eq!(report.entries, 3);

    // The raw key text works as well as a path.
    let text = std::fs::read_to_string(&keys.public_key).unwrap();
    assert!(verify(&ledger, &[text]).unwrap().ok);

    let body = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(&ledger, body.replacen("rm -rf", "rm -rF", 1)).unwrap();
    let report = verify(&ledger, &[pubkey]).unwrap();
    assert!(!report.ok);
}

#[test]
fn missing_key_is_a_ledger_error() {
    let e = verify(
        std::path::Path::new("x.jsonl"),
        &["/no/such.pub".to_owned()],
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Ledger);
    assert_eq!(e.code(), "key_io");
}
