use std::sync::Arc;

use portcullis::{Action, ApprovalFilter, Effect, Guard, ManualClock, MemoryStore, Policy, Store};

const POLICY: &str = r#"
apiVersion: portcullis/v1
kind: Policy
defaults: {effect: allow}
limits: {max_denials: 2, on_exceed: terminate}
rules:
  - id: approve-refunds
    tool: refund
    when: {args.amount: {gt: 100}}
    then: {effect: require_approval, approver: finance, timeout: 10m}
  - id: no-rm
    tool: bash
    when: {args.command: {contains: "rm -rf"}}
    then: {effect: deny}
"#;

fn guard() -> (Guard, Arc<ManualClock>, Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::new(1_800_000_000_000));
    let store: Arc<dyn Store> =
        Arc::new(MemoryStore::builder().clock(clock.clone()).build().unwrap());
    let g = Guard::builder()
        .policy(Policy::from_yaml(POLICY, "p.yaml").unwrap())
        .store(store.clone())
        .clock(clock.clone())
        .build()
        .unwrap();
    (g, clock, store)
}

fn refund(amount: u32) -> Action {
    Action::from_json(&format!(
        r#"{{"tool":"refund","args":{{"amount":{amount}}},"principal":{{"session":"s1"}}}}"#
    ))
    .unwrap()
}

#[test]
fn approve_once_then_consumed() {
    let (g, _clock, store) = guard();
    let d = g.check(&refund(500));
    assert_eq!(d.decision, Effect::RequireApproval);
    let id = d.approval_id.clone().unwrap();
    assert_eq!(d.approver.as_deref(), Some("finance"));
    // Asking again before an answer reuses the pending approval.
    assert_eq!(
        g.check(&refund(500)).approval_id.as_deref(),
        Some(id.as_str())
    );
    store.grant(&id, Some("alice"), None).unwrap();
    // A different call is not covered.
    let other = g.check(&refund(501));
    assert_eq!(other.decision, Effect::RequireApproval);
    assert_ne!(other.approval_id.as_deref(), Some(id.as_str()));
    let d = g.check(&refund(500));
    assert_eq!(d.decision, Effect::Allow, "{}", d.reason);
    assert_eq!(d.approval_id.as_deref(), Some(id.as_str()));
    assert!(d.reason.contains("alice"), "{}", d.reason);
    // Single use: the next identical call needs a new approval.
    let again = g.check(&refund(500));
    assert_eq!(again.decision, Effect::RequireApproval);
    assert_ne!(again.approval_id.as_deref(), Some(id.as_str()));
}

#[test]
fn expired_and_refused_approvals_are_denials() {
    let (g, clock, store) = guard();
    let id = g.check(&refund(500)).approval_id.unwrap();
    store.grant(&id, None, None).unwrap();
    clock.advance(11 * 60 * 1000);
    let d = g.check(&refund(500));
    assert_eq!(d.decision, Effect::Deny);
    assert!(d.codes().any(|c| c == "approval.expired"), "{d:?}");
    // After the refusal a fresh approval is open, so the agent can ask again.
    let again = g.check(&refund(500));
    assert_eq!(again.decision, Effect::RequireApproval);
    assert_ne!(again.approval_id.as_deref(), Some(id.as_str()));

    let id2 = g.check(&refund(700)).approval_id.unwrap();
    store.deny_approval(&id2, Some("bob"), None).unwrap();
    let d = g.check(&refund(700));
    assert_eq!(d.decision, Effect::Deny);
    assert!(d.codes().any(|c| c == "approval.denied"));
    assert!(store.approvals(&ApprovalFilter::default()).unwrap().len() >= 2);
}

#[test]
fn max_denials_terminates_the_session_until_reset() {
    let (g, _clock, store) = guard();
    let rm = Action::from_json(
        r#"{"tool":"bash","args":{"command":"rm -rf /"},"principal":{"session":"s2"}}"#,
    )
    .unwrap();
    let ls = Action::from_json(
        r#"{"tool":"bash","args":{"command":"ls"},"principal":{"session":"s2"}}"#,
    )
    .unwrap();
    assert_eq!(g.check(&rm).decision, Effect::Deny);
    assert_eq!(g.check(&rm).decision, Effect::Deny);
    let d = g.check(&ls);
    assert_eq!(d.decision, Effect::Terminate, "{d:?}");
    assert_eq!(g.check(&ls).decision, Effect::Terminate);
    assert!(
        g.check(&ls)
            .rule_ids
            .contains(&"session.terminated".to_owned())
    );
    assert!(store.reset_session("s2").unwrap());
    assert_eq!(g.check(&ls).decision, Effect::Allow);
}
