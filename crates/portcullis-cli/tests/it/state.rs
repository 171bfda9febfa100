//! Sessions and approvals through the CLI: scenarios with a moved clock, and many processes
//! sharing one state file.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

use crate::bin;

const T0: i64 = 1_900_000_000_000;

const POLICY: &str = r#"
apiVersion: portcullis/v1
kind: Policy
defaults: {effect: allow}
limits:
  max_denials: 3
  on_exceed: terminate
  rates: {web_fetch: {max: 3, window: 1m}}
rules:
  - id: approve-refunds
    tool: refund
    when: {args.amount: {gt: 100}}
    then: {effect: require_approval, approver: finance, timeout: 10m}
  - id: no-rm
    tool: bash
    when: {args.command: {contains: "rm -rf"}}
    then: {effect: deny}
  - id: risky-sudo
    tool: bash
    when: {args.command: {starts_with: sudo}}
    then: {effect: alert, risk: 65}
"#;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.yaml"), POLICY).unwrap();
        Env { dir }
    }

    fn state(&self) -> String {
        self.dir.path().join("state.db").display().to_string()
    }

    fn policy(&self) -> String {
        self.dir.path().join("p.yaml").display().to_string()
    }

    /// `portcullis check --json` at time `now`; returns (decision JSON, exit code).
    fn check(&self, now: i64, session: &str, tool: &str, args: &[&str]) -> (Value, i32) {
        let mut c = bin();
        c.env("PORTCULLIS_TEST_NOW_MS", now.to_string())
            .args([
                "check",
                "--json",
                "--state",
                &self.state(),
                "--policy",
                &self.policy(),
            ])
            .args(["--session", session, "--tool", tool]);
        for a in args {
            c.args(["--arg", a]);
        }
        let out = c.output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        (v, out.status.code().unwrap())
    }

    fn cmd(&self, now: i64, args: &[&str]) -> (String, i32) {
        let out = bin()
            .env("PORTCULLIS_TEST_NOW_MS", now.to_string())
            .args(args)
            .args(["--state", &self.state()])
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            out.status.code().unwrap(),
        )
    }
}

#[test]
fn approve_once_then_consumed_and_other_arguments_not_covered() {
    let e = Env::new();
    let (d, code) = e.check(T0, "s1", "refund", &["amount=500"]);
    assert_eq!(
        (d["decision"].as_str(), code),
        (Some("require_approval"), 1)
    );
    let id = d["approval_id"].as_str().unwrap().to_owned();
    let (list, _) = e.cmd(T0, &["approvals", "list", "--json"]);
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list[0]["approval_id"], id.as_str());
    assert_eq!(list[0]["status"], "pending");
    let (_, code) = e.cmd(
        T0 + 1000,
        &["approvals", "grant", &id, "--by", "alice", "--note", "ok"],
    );
    assert_eq!(code, 0);
    // A different amount is a different action: not covered.
    let (d, _) = e.check(T0 + 2000, "s1", "refund", &["amount=501"]);
    assert_eq!(d["decision"], "require_approval");
    assert_ne!(d["approval_id"], id.as_str());
    // The granted call goes through once, citing the approval.
    let (d, code) = e.check(T0 + 3000, "s1", "refund", &["amount=500"]);
    assert_eq!((d["decision"].as_str(), code), (Some("allow"), 0), "{d}");
    assert_eq!(d["approval_id"], id.as_str());
    assert!(d["reason"].as_str().unwrap().contains("alice"));
    // …and only once.
    let (d, _) = e.check(T0 + 4000, "s1", "refund", &["amount=500"]);
    assert_eq!(d["decision"], "require_approval");
    let (show, _) = e.cmd(T0 + 5000, &["approvals", "show", &id, "--json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&show).unwrap()["status"],
        "consumed"
    );
}

#[test]
fn deadline_expiry_and_refusal_are_denials() {
    let e = Env::new();
    let (d, _) = e.check(T0, "s2", "refund", &["amount=900"]);
    let id = d["approval_id"].as_str().unwrap().to_owned();
    e.cmd(T0, &["approvals", "grant", &id]);
    // Ten minutes pass (the rule's timeout): the grant has expired.
    let (d, code) = e.check(T0 + 10 * 60 * 1000 + 1, "s2", "refund", &["amount=900"]);
    assert_eq!((d["decision"].as_str(), code), (Some("deny"), 1));
    assert!(
        d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "approval.expired"),
        "{d}"
    );

    let (d, _) = e.check(T0, "s2", "refund", &["amount=901"]);
    let id = d["approval_id"].as_str().unwrap().to_owned();
    let (_, code) = e.cmd(T0, &["approvals", "deny", &id, "--by", "bob"]);
    assert_eq!(code, 0);
    let (d, _) = e.check(T0 + 1, "s2", "refund", &["amount=901"]);
    assert_eq!(d["decision"], "deny");
    assert!(
        d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "approval.denied")
    );
    // Granting a refused approval is an error with a stable code.
    let out = bin()
        .args(["approvals", "grant", &id, "--state", &e.state()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not pending"),
        "{out:?}"
    );
}

#[test]
fn max_denials_terminates_until_reset() {
    let e = Env::new();
    for i in 0..3 {
        let (d, _) = e.check(T0 + i, "s3", "bash", &["command=rm -rf /tmp/x"]);
        assert_eq!(d["decision"], "deny");
    }
    let (d, code) = e.check(T0 + 10, "s3", "bash", &["command=ls"]);
    assert_eq!(
        (d["decision"].as_str(), code),
        (Some("terminate"), 1),
        "{d}"
    );
    let (d, _) = e.check(T0 + 11, "s3", "bash", &["command=ls"]);
    assert_eq!(d["rule_ids"], serde_json::json!(["session.terminated"]));
    let (text, _) = e.cmd(T0, &["sessions", "list"]);
    assert!(text.contains("s3") && text.contains("TERMINATED"), "{text}");
    let (_, code) = e.cmd(T0, &["sessions", "reset", "s3"]);
    assert_eq!(code, 0);
    let (d, _) = e.check(T0 + 12, "s3", "bash", &["command=ls"]);
    assert_eq!(d["decision"], "allow");
}

#[test]
fn rate_limit_in_a_sliding_window() {
    let e = Env::new();
    for i in 0..3 {
        let (d, _) = e.check(
            T0 + i * 1000,
            "s4",
            "web_fetch",
            &["url=https://example.com"],
        );
        assert_eq!(d["decision"], "allow", "call {i}: {d}");
    }
    let (d, _) = e.check(T0 + 5000, "s4", "web_fetch", &["url=https://example.com"]);
    assert_eq!(d["decision"], "deny");
    assert_eq!(d["rule_ids"], serde_json::json!(["limits.rate"]));
    // Refused attempts count too: one minute after the last attempt (T0 + 5 s), the window is
    // empty again.
    let (d, _) = e.check(T0 + 60_001, "s4", "web_fetch", &["url=https://example.com"]);
    assert_eq!(d["decision"], "deny", "{d}");
    let (d, _) = e.check(
        T0 + 65_001 + 60_000,
        "s4",
        "web_fetch",
        &["url=https://example.com"],
    );
    assert_eq!(d["decision"], "allow", "{d}");
}

#[test]
fn severity_escalates_and_decays() {
    let e = Env::new();
    // Two calls at risk 65 escalate the session to `observe` (threshold 60)…
    e.check(T0, "s5", "bash", &["command=sudo ls"]);
    e.check(T0 + 1000, "s5", "bash", &["command=sudo ls"]);
    let (d, _) = e.check(T0 + 2000, "s5", "bash", &["command=sudo whoami"]);
    assert_eq!(d["decision"], "deny", "{d}");
    assert!(
        d["rule_ids"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "session.severity_threshold")
    );
    let (show, _) = e.cmd(T0 + 2000, &["sessions", "show", "s5", "--json"]);
    let sev = serde_json::from_str::<Value>(&show).unwrap()["summary"]["severity"].clone();
    assert_ne!(sev, "active");
    // …and after a long quiet period it steps back down.
    let quiet = T0 + 6 * 60 * 60 * 1000;
    let (d, _) = e.check(quiet, "s5", "bash", &["command=ls"]);
    let (d2, _) = e.check(quiet + 60 * 60 * 1000, "s5", "bash", &["command=ls"]);
    let (show, _) = e.cmd(
        quiet + 2 * 60 * 60 * 1000,
        &["sessions", "show", "s5", "--json"],
    );
    let sev = serde_json::from_str::<Value>(&show).unwrap()["summary"]["severity"].clone();
    assert_eq!(sev, "active", "{d} {d2}");
    let (d, _) = e.check(
        quiet + 3 * 60 * 60 * 1000,
        "s5",
        "bash",
        &["command=sudo ls"],
    );
    assert_eq!(d["decision"], "alert");
}

fn spawn_batch(state: &Path, policy: &str, lines: String) -> std::process::Child {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("portcullis"))
        .args(["check", "--input", "-", "--policy", policy, "--state"])
        .arg(state)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || stdin.write_all(lines.as_bytes()));
    child
}

#[test]
fn eight_processes_share_one_state_file_exactly() {
    // 8 processes × 500 checks at once against one state file, all in one session: every
    // counter must come out exact and no call may be answered with an error.
    let e = Env::new();
    let state = e.dir.path().join("shared.db");
    let children: Vec<_> = (0..8)
        .map(|p| {
            let mut lines = String::new();
            for i in 0..500 {
                let cmd = if i % 10 == 0 { "rm -rf /tmp/x" } else { "ls" };
                lines.push_str(&format!(
                    "{{\"tool\":\"tool{p}\",\"args\":{{\"command\":\"{cmd}\"}},\"principal\":{{\"session\":\"shared\"}}}}\n"
                ));
            }
            spawn_batch(&state, &e.policy(), lines)
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 500);
        for d in &lines {
            assert!(d.get("errors").is_none(), "a call failed: {d}");
            assert_eq!(d["decision"], "allow", "{d}");
        }
    }
    let out = bin()
        .args(["sessions", "show", "shared", "--json", "--state"])
        .arg(&state)
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["summary"]["calls"], 4000);
    assert_eq!(s["summary"]["denials"], 0);
    for p in 0..8 {
        assert_eq!(s["calls_by_tool"][format!("tool{p}")], 500, "{s}");
    }
}
