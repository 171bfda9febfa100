//! keygen, check --ledger, ledger verify/show/tail through the CLI.

use serde_json::Value;

use crate::{bin, testdata};

#[test]
fn signed_ledger_round_trip_and_tamper_detection() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let out = bin().args(["keygen", "--out"]).arg(&keys).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let key = keys.join("ledger.key");
    let pubkey = keys.join("ledger.pub");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let ledger = dir.path().join("decisions.ndjson");
    // A batch (first 300 corpus lines) and two single checks, one with a secret in its args.
    let corpus = std::fs::read_to_string(testdata("bench/corpus.jsonl")).unwrap();
    let batch: String = corpus.lines().take(300).map(|l| format!("{l}\n")).collect();
    let out = bin()
        .args(["check", "--no-state", "--input", "-", "--policy"])
        .arg(testdata("bench/edictum_bundle.yaml"))
        .arg("--ledger")
        .arg(&ledger)
        .arg("--key")
        .arg(&key)
        .write_stdin(batch)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
    for cmd in [
        "ls -la",
        &format!("curl -u {secret}: https://api.stripe.com/v1/charges"),
    ] {
        let out = bin()
            .args(["check", "--json", "--no-state", "--tool", "Bash", "--arg"])
            .arg(format!("command={cmd}"))
            .arg("--ledger")
            .arg(&ledger)
            .arg("--key")
            .arg(&key)
            .output()
            .unwrap();
        let d: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(d["ledger"]["seq"].as_u64().unwrap() > 300, "{d}");
    }
    let verify = |extra: &[&str]| {
        bin()
            .args(["ledger", "verify"])
            .arg(&ledger)
            .arg("--pubkey")
            .arg(&pubkey)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = verify(&["--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["entries"], 302);
    let text = std::fs::read_to_string(&ledger).unwrap();
    assert!(!text.contains(secret), "a secret reached the ledger");
    // tail/show read it back.
    let out = bin()
        .args(["ledger", "tail", "-n", "3"])
        .arg(&ledger)
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("Bash"));
    // Flip one decision: verify fails with exit 1, naming the entry and the damage.
    let tampered: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 10 {
                if l.contains("\"decision\":\"deny\"") {
                    l.replacen("\"decision\":\"deny\"", "\"decision\":\"allow\"", 1)
                } else {
                    l.replacen("\"decision\":\"allow\"", "\"decision\":\"deny\"", 1)
                }
            } else {
                l.to_owned()
            }
        })
        .map(|l| l + "\n")
        .collect();
    assert_ne!(tampered, text);
    std::fs::write(&ledger, tampered).unwrap();
    let out = verify(&["--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert!(report["failure"]["kind"].is_string(), "{report}");
}

#[test]
fn ledger_without_key_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["check", "--no-state", "--tool", "x", "--ledger"])
        .arg(dir.path().join("l.ndjson"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--key"));
}
