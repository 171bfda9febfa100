//! Arbitrary JSON as the parts of a Python `check` call (principal, resource, context, result):
//! assembling the action must give an action or an error, and the post-execution check must
//! give a decision, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use portcullis_py::{CallParts, GuardConfig, build_action, check_result};
use serde_json::Value;

fn guard() -> &'static portcullis::Guard {
    static G: OnceLock<portcullis::Guard> = OnceLock::new();
    G.get_or_init(|| {
        GuardConfig {
            policies: vec!["builtin:coding-agent".into()],
            state: None,
            ..GuardConfig::default()
        }
        .build()
        .expect("the built-in pack loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let obj = |k: &str| v.get(k).and_then(Value::as_object).cloned();
    let parts = CallParts {
        tool: v
            .get("tool")
            .and_then(Value::as_str)
            .unwrap_or("Bash")
            .to_owned(),
        args: obj("args").unwrap_or_default(),
        principal: obj("principal"),
        session: v.get("session").and_then(Value::as_str).map(str::to_owned),
        environment: None,
        context: obj("context"),
        resource: v.get("resource").cloned(),
        result: v.get("result").cloned(),
        action_id: None,
    };
    if let Ok(action) = build_action(parts) {
        let d = guard().check(&action);
        let _ = check_result(guard(), &action, &d.decision_id);
    }
});
