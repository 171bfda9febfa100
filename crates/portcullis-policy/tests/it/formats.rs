use portcullis_policy::{Check, Format, Phase, Policy};
use portcullis_types::{Effect, Mode};

use crate::testdata;

#[test]
fn edictum_bench_bundle_loads_unchanged() {
    let p = Policy::from_file(testdata("bench/edictum_bundle.yaml")).unwrap();
    assert_eq!(p.format, Format::Edictum);
    assert_eq!(p.rules.len(), 21);
    assert_eq!(p.defaults.effect, Effect::Allow);
    assert_eq!(p.name.as_deref(), Some("bench-agent-guard"));
    assert!(
        p.rules
            .iter()
            .all(|r| r.effect == Effect::Deny && r.phase == Phase::Pre)
    );
    assert_eq!(p.rules[0].id, "block-sensitive-reads");
    // edictum's "role not_in" fails open on a missing role: loaded, but reported.
    assert!(
        p.warnings
            .iter()
            .any(|w| w.code() == "policy_missing_field_fails_open"
                && w.message().contains("prod-deploy-requires-role")),
        "{:?}",
        p.warnings
    );
    assert_eq!(p.hash.len(), 64);
}

#[test]
fn builtin_pack_loads_and_has_tests() {
    let p = Policy::builtin("coding-agent").unwrap();
    assert_eq!(p.format, Format::Portcullis);
    assert!(p.rules.len() >= 10);
    assert!(!p.tests.is_empty());
    assert_eq!(p.sources, ["builtin:coding-agent"]);
}

#[test]
fn native_policy_with_every_section() {
    let text = r#"
apiVersion: portcullis/v1
kind: Policy
metadata: {name: t, version: "2"}
defaults: {effect: deny, mode: observe}
tools:
  deploy_service: {kind: deploy, target: args.service}
identity:
  agents:
    - {id: billing-bot, allowed_tools: [read_file, "stripe.*"], roles: [finance]}
  unknown_agent: deny
rules:
  - id: approve-refunds-over-100
    tool: stripe.refund
    when: {args.amount: {gt: 100}}
    then: {effect: require_approval, approver: finance-lead, timeout: 15m, tags: [money]}
  - id: redact
    tool: "*"
    mode: enforce
    when: {any: [{secrets.found: true}, {not: {args.x: {exists: true}}}]}
    then: {effect: redact}
  - id: post
    phase: post
    when: {result.status: {in: [500, 503]}}
    then: {effect: alert, message: "status {result.status}"}
limits: {max_calls: 100, max_denials: 5, on_exceed: terminate, rates: {Bash: {max: 10, window: 1m}}}
severity: {active: 90}
egress: {allow: [github.com, "*.crates.io"]}
audit: {mask: [/args/password], privacy: true}
tests:
  - {tool: stripe.refund, args: {amount: 500}, principal: {agent: billing-bot}, expect: require_approval, rules: [approve-refunds-over-100]}
"#;
    let p = Policy::from_yaml(text, "inline.yaml").unwrap();
    assert_eq!(p.defaults.mode, Mode::Observe);
    assert_eq!(p.rules.len(), 3);
    assert_eq!(p.rules[0].timeout_secs, Some(900));
    assert_eq!(p.rules[0].approver.as_deref(), Some("finance-lead"));
    assert_eq!(p.rules[2].phase, Phase::Post);
    assert_eq!(p.limits.max_denials, Some(5));
    assert_eq!(p.limits.rates["Bash"].window_secs, 60);
    assert_eq!(p.severity.active, 90);
    assert_eq!(p.severity.observe, 60);
    assert!(p.audit.privacy);
    let id = p.identity.as_ref().unwrap();
    assert_eq!(id.agents[0].roles, ["finance"]);
    assert!(id.agents[0].allowed_tools.as_ref().unwrap()[1].is_match("stripe.refund"));
    assert_eq!(p.tests.len(), 1);
    assert_eq!(p.tools["deploy_service"].target.as_deref(), Some("service"));
    // Built-in aliases are still there.
    assert!(p.tools.contains_key("Bash"));
}

#[test]
fn hash_ignores_formatting_and_comments_but_not_content() {
    let a = Policy::from_yaml("apiVersion: portcullis/v1\nkind: Policy\nrules: []\n", "a").unwrap();
    let b = Policy::from_yaml(
        "# comment\napiVersion:   portcullis/v1\nkind: \"Policy\"\nrules: [ ]\n",
        "b",
    )
    .unwrap();
    let c = Policy::from_yaml(
        "apiVersion: portcullis/v1\nkind: Policy\ndefaults: {effect: allow}\nrules: []\n",
        "c",
    )
    .unwrap();
    assert_eq!(a.hash, b.hash);
    assert_ne!(a.hash, c.hash);
}

#[test]
fn edictum_post_sandbox_session_and_observe() {
    let text = r#"
apiVersion: edictum/v1
kind: Ruleset
metadata: {name: all-types}
defaults: {mode: enforce}
rules:
  - id: redact-keys
    type: post
    tool: "*"
    when: {output.text: {matches: 'AKIA[0-9A-Z]{16}'}}
    then: {action: redact, message: "key in output"}
  - id: warn-big
    type: post
    tool: read_file
    mode: observe
    when: {output.text: {contains: "BEGIN"}}
    then: {action: warn, message: "pem"}
  - id: sandbox-files
    type: sandbox
    tools: [read_file, write_file]
    within: [/workspace]
    not_within: [/workspace/.git]
    message: "outside the workspace"
  - id: sandbox-shell
    type: sandbox
    tool: bash
    allows: {commands: [ls, cat, git]}
    outside: ask
    message: "command not allowed"
  - id: caps
    type: session
    limits: {max_tool_calls: 50, max_attempts: 100, max_calls_per_tool: {bash: 10}}
    then: {action: block, message: "limit"}
  - id: ask-deploy
    type: pre
    tool: deploy
    when: {args.env: {equals: prod}}
    then: {action: ask, message: "deploy?", timeout: 60}
"#;
    let p = Policy::from_yaml(text, "e.yaml").unwrap();
    assert_eq!(p.rules.len(), 5);
    assert_eq!(p.rules[0].effect, Effect::Redact);
    assert_eq!(p.rules[0].redact_patterns.len(), 1);
    assert_eq!(p.rules[1].effect, Effect::Alert);
    assert_eq!(p.rules[1].mode, Some(Mode::Observe));
    let Some(Check::Sandbox(sb)) = &p.rules[2].check else {
        panic!()
    };
    assert_eq!(sb.within, ["/workspace"]);
    assert_eq!(p.rules[3].effect, Effect::RequireApproval);
    assert_eq!(p.limits.max_allowed_calls, Some(50));
    assert_eq!(p.limits.max_calls, Some(100));
    assert_eq!(p.limits.max_calls_per_tool["bash"], 10);
    assert_eq!(p.rules[4].timeout_secs, Some(60));
}

#[test]
fn agent_execution_guard_policy() {
    let text = r#"
version: 1
defaults: {unknown_agent: DENY, unknown_action: DENY}
identity:
  agents:
    - agent_id: agent.finance
      allowed_actions: [{action: wire_transfer}, {action: "read_*"}]
"#;
    let p = Policy::from_yaml(text, "policy.yaml").unwrap();
    assert_eq!(p.format, Format::AgentExecutionGuard);
    let id = p.identity.unwrap();
    assert_eq!(id.unknown_agent, Effect::Deny);
    let tools = id.agents[0].allowed_tools.as_ref().unwrap();
    assert!(tools[1].is_match("read_*"));
    assert!(
        !tools[1].is_match("read_ledger"),
        "actions are literal names"
    );
    assert_eq!(p.rules[0].id, "aeg-halt-threshold");
}

#[test]
fn includes_merge_rules_first_and_detect_duplicates() {
    let dir = tempdir();
    std::fs::write(
        dir.join("base.yaml"),
        "apiVersion: portcullis/v1\nkind: Policy\nrules:\n  - {id: base-rule, tool: x, then: {effect: deny}}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("top.yaml"),
        "apiVersion: portcullis/v1\nkind: Policy\ninclude: [base.yaml, \"builtin:coding-agent\"]\nrules:\n  - {id: top-rule, tool: y, then: {effect: allow}}\n",
    )
    .unwrap();
    let p = Policy::from_file(dir.join("top.yaml")).unwrap();
    assert_eq!(p.rules.first().unwrap().id, "base-rule");
    assert_eq!(p.rules.last().unwrap().id, "top-rule");
    assert_eq!(p.sources.len(), 3);
    std::fs::write(
        dir.join("dup.yaml"),
        "apiVersion: portcullis/v1\nkind: Policy\ninclude: [base.yaml]\nrules:\n  - {id: base-rule, tool: y, then: {effect: allow}}\n",
    )
    .unwrap();
    let e = Policy::from_file(dir.join("dup.yaml")).unwrap_err();
    assert_eq!(e.code(), "policy_duplicate_rule_id");
    std::fs::write(
        dir.join("cycle.yaml"),
        "apiVersion: portcullis/v1\nkind: Policy\ninclude: [cycle.yaml]\n",
    )
    .unwrap();
    let e = Policy::from_file(dir.join("cycle.yaml")).unwrap_err();
    assert!(e.to_string().contains("include cycle"), "{e}");
}

fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let d = std::env::temp_dir().join(format!(
        "portcullis-policy-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}
