//! The post-execution check of a wrapped tool's result.

use portcullis::{Action, Effect};
use portcullis_py::{GuardConfig, check_result};
use serde_json::json;

const POLICY: &str = r#"
apiVersion: portcullis/v1
kind: Policy
defaults: {effect: allow}
rules:
  - id: approve-deploys
    tool: deploy
    then: {effect: require_approval, approver: ops}
  - id: no-card-numbers-out
    tool: lookup
    phase: post
    when: {output.text: {matches: '\b4[0-9]{15}\b'}}
    then: {effect: deny, message: "card number in the result"}
  - id: redact-secrets
    tool: "*"
    when: {secrets.found: true}
    then: {effect: redact}
"#;

fn guard(mode: Option<&str>) -> portcullis::Guard {
    GuardConfig {
        yaml: Some(POLICY.to_owned()),
        mode: mode.map(str::to_owned),
        state: Some("memory".to_owned()),
        ..GuardConfig::default()
    }
    .build()
    .unwrap()
}

fn action(tool: &str, result: serde_json::Value) -> Action {
    let mut a = Action::from_value(json!({"tool": tool, "args": {"q": "x"},
        "principal": {"session": "s1"}}))
    .unwrap();
    a.result = Some(result);
    a
}

#[test]
fn post_rule_denies_the_result() {
    let g = guard(None);
    let d = check_result(&g, &action("lookup", json!("card 4111111111111111")), "d1");
    assert_eq!(d.decision, Effect::Deny);
    assert_eq!(d.rule_ids, ["no-card-numbers-out"]);
    assert_eq!(d.decision_id, "d1.result");
}

#[test]
fn clean_result_is_allowed_and_says_so() {
    let g = guard(None);
    let d = check_result(&g, &action("lookup", json!("nothing here")), "d1");
    assert_eq!(d.decision, Effect::Allow);
    assert!(d.rule_ids.is_empty());
    assert!(d.reason.contains("no post-execution rule"), "{}", d.reason);
}

#[test]
fn secret_in_result_is_redacted() {
    let g = guard(None);
    let d = check_result(
        &g,
        &action("lookup", json!({"key": "AKIAIOSFODNN7EXAMPLF"})),
        "d1",
    );
    assert_eq!(d.decision, Effect::Redact);
    let red = d.redactions.unwrap().result.unwrap();
    assert!(!red.to_string().contains("AKIAIOSFODNN7EXAMPLF"), "{red}");
}

#[test]
fn pre_rules_do_not_reopen_approvals_or_count_calls() {
    let g = guard(None);
    let d = check_result(&g, &action("deploy", json!("ok")), "d1");
    assert_eq!(d.decision, Effect::Allow, "{d:?}");
    assert!(d.approval_id.is_none());
    let store = g.store().unwrap();
    assert!(
        store
            .approvals(&portcullis::ApprovalFilter::default())
            .unwrap()
            .is_empty()
    );
    assert!(
        store.session("s1").unwrap().is_none(),
        "the result check must not count a call"
    );
}

#[test]
fn observe_mode_never_blocks_the_result() {
    let g = guard(Some("observe"));
    let d = check_result(&g, &action("lookup", json!("4111111111111111")), "d1");
    assert_eq!(d.decision, Effect::Allow);
    assert_eq!(d.would_decision, Effect::Deny);
}
