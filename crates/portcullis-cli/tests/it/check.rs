use serde_json::Value;

use crate::{bin, testdata};

fn bundle() -> String {
    testdata("bench/edictum_bundle.yaml").display().to_string()
}

#[test]
fn deny_exits_1_allow_exits_0() {
    let out = bin()
        .args([
            "check",
            "--policy",
            &bundle(),
            "--tool",
            "bash",
            "--arg",
            "command=rm -rf /",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("deny: Recursive force delete blocked: rm -rf /"),
        "{text}"
    );
    assert!(text.contains("rules:    block-rm-rf"), "{text}");
    let out = bin()
        .args([
            "check",
            "--policy",
            &bundle(),
            "--tool",
            "bash",
            "--arg",
            "command=ls -la",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn json_output_has_every_decision_field() {
    let out = bin()
        .args([
            "check",
            "--policy",
            &bundle(),
            "--tool",
            "transfer_funds",
            "--arg",
            "amount=20000",
            "--principal",
            "user_id=u1",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["decision"], "deny");
    assert_eq!(d["rule_ids"], serde_json::json!(["block-large-transfer"]));
    assert_eq!(d["reason"], "Transfer of 20000 exceeds limit.");
    for k in [
        "decision_id",
        "enforced",
        "would_decision",
        "risk_score",
        "policy_hash",
        "mode",
        "timestamp",
    ] {
        assert!(d.get(k).is_some(), "missing {k}: {d}");
    }
    assert_eq!(d["policy_hash"].as_str().unwrap().len(), 64);
    assert!(d["timestamp"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn args_json_and_action_json() {
    let out = bin()
        .args([
            "check",
            "--policy",
            &bundle(),
            "--tool",
            "read_file",
            "--args-json",
            r#"{"path": "/home/dev/.ssh/id_rsa"}"#,
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = bin()
        .args([
            "check",
            "--policy",
            &bundle(),
            "--action",
            r#"{"tool":"read_file","args":{"path":"README.md"}}"#,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn batch_keeps_order_and_denies_malformed_lines() {
    let input = "{\"tool\":\"bash\",\"args\":{\"command\":\"rm -rf /\"}}\nnot json\n\n{\"tool\":\"bash\",\"args\":{\"command\":\"ls\"}}\n{\"tool\":\"x\",\"principle\":{}}\n";
    let out = bin()
        .args(["check", "--policy", &bundle(), "--input", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["decision"], "deny");
    assert_eq!(lines[1]["decision"], "deny");
    assert_eq!(lines[1]["errors"][0]["code"], "action_invalid");
    assert!(lines[1]["reason"].as_str().unwrap().contains("line 2"));
    assert_eq!(lines[2]["decision"], "allow");
    assert_eq!(lines[3]["decision"], "deny");
    assert!(lines[3]["reason"].as_str().unwrap().contains("principle"));
}

#[test]
fn usage_errors_exit_2_with_help() {
    let out = bin()
        .args(["check", "--policy", &bundle()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no action given") && err.contains("help:"),
        "{err}"
    );
    let out = bin().args(["check", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["check", "--policy", "/nonexistent.yaml", "--tool", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("/nonexistent.yaml")
    );
}

#[test]
fn help_documents_exit_codes() {
    let out = bin().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Exit codes:") && text.contains("2  usage"),
        "{text}"
    );
}

#[test]
fn init_writes_a_policy_that_validates_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("portcullis.yaml");
    bin().args(["init", "--out"]).arg(&p).assert().success();
    bin().arg("validate").arg(&p).assert().success();
    let out = bin().args(["init", "--out"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("--force"));
}

#[test]
fn explain_shows_every_rule_tried() {
    let out = bin()
        .args([
            "explain",
            "--policy",
            &bundle(),
            "--tool",
            "bash",
            "--arg",
            "command=git push -f origin main",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("match block-force-push"), "{text}");
    assert!(
        text.contains("-   block-rm-rf: args.command matches"),
        "{text}"
    );
}
