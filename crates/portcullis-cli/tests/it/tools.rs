//! scan, replay and diff.

use serde_json::Value;

use crate::{bin, testdata};

#[test]
fn scan_reports_byte_spans_and_redacts() {
    let text =
        "export DB=postgres://app:s3cr3tP4ss@db.internal:5432/app\nnothing here\n".to_owned();
    let out = bin()
        .args(["scan", "--json", "-"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["secret"], true);
    let span = &v["spans"][0];
    let (s, e) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "s3cr3tP4ss", "{v}");
    assert!(!v["redacted"].as_str().unwrap().contains("s3cr3tP4ss"));
    let out = bin()
        .args(["scan", "--json", "-"])
        .write_stdin("just prose, no keys\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn diff_and_replay_report_changes() {
    let dir = tempfile::tempdir().unwrap();
    let old = testdata("bench/edictum_bundle.yaml");
    let new = dir.path().join("new.yaml");
    // The new policy drops the force-push rule and adds a rule on `ls`.
    let text = std::fs::read_to_string(&old).unwrap();
    let start = text.find("  - id: block-force-push").unwrap();
    let end = text.find("  - id: block-env-dump").unwrap();
    let mut changed = format!("{}{}", &text[..start], &text[end..]);
    changed.push_str("  - id: block-ls\n    type: pre\n    tool: bash\n    when: {args.command: {equals: \"ls -la\"}}\n    then: {action: block, message: no ls}\n");
    std::fs::write(&new, changed).unwrap();
    let out = bin()
        .args(["diff", "--json", "--input"])
        .arg(testdata("bench/corpus.jsonl"))
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 10000);
    let t = &v["transitions"];
    assert!(t["deny → allow"].as_u64().unwrap() > 0, "{t}");
    assert!(t["allow → deny"].as_u64().unwrap() > 0, "{t}");
    for c in v["changes"].as_array().unwrap() {
        assert_eq!(c["tool"], "bash");
    }
    // replay of plain actions needs a baseline…
    let out = bin()
        .args(["replay", "--policy"])
        .arg(&new)
        .arg("--input")
        .arg(testdata("bench/corpus.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--baseline"));
    // …and a ledger carries its own decisions.
    let keys = dir.path().join("k");
    bin()
        .args(["keygen", "--out"])
        .arg(&keys)
        .assert()
        .success();
    let ledger = dir.path().join("l.ndjson");
    let batch: String = std::fs::read_to_string(testdata("bench/corpus.jsonl"))
        .unwrap()
        .lines()
        .take(500)
        .map(|l| format!("{l}\n"))
        .collect();
    bin()
        .args(["check", "--no-state", "--input", "-", "--policy"])
        .arg(&old)
        .arg("--ledger")
        .arg(&ledger)
        .arg("--key")
        .arg(keys.join("ledger.key"))
        .write_stdin(batch)
        .assert()
        .success();
    let out = bin()
        .args(["replay", "--json", "--fail-on-change", "--policy"])
        .arg(&new)
        .arg("--input")
        .arg(&ledger)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 500);
    let changed = v["changed"].as_u64().unwrap();
    assert!(changed > 0);
    assert_eq!(
        out.status.code(),
        Some(1),
        "--fail-on-change with {changed} changes"
    );
}
