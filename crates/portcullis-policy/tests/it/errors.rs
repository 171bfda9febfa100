//! Load errors: each broken policy must fail with file:line:column, a stable code and a hint.
//! The rendered messages are snapshot-tested (reviewed by hand when they change).

use portcullis_policy::Policy;

fn err(text: &str) -> String {
    match Policy::from_yaml(text, "policy.yaml") {
        Ok(_) => panic!("policy unexpectedly loaded:\n{text}"),
        Err(e) => e.to_string(),
    }
}

const HEAD: &str = "apiVersion: portcullis/v1\nkind: Policy\n";

#[test]
fn unknown_selector() {
    let e = err(&format!(
        "{HEAD}rules:\n  - id: r\n    when: {{path.sensitiv: true}}\n    then: {{effect: deny}}\n"
    ));
    insta::assert_snapshot!(e);
}

#[test]
fn misspelt_operator() {
    let e = err(&format!(
        "{HEAD}rules:\n  - id: r\n    when:\n      args.path: {{startswith: /etc}}\n    then: {{effect: deny}}\n"
    ));
    insta::assert_snapshot!(e);
}

#[test]
fn invalid_regex() {
    let e = err(&format!(
        "{HEAD}rules:\n  - id: r\n    when: {{args.cmd: {{matches: '(unclosed'}}}}\n    then: {{effect: deny}}\n"
    ));
    insta::assert_snapshot!(e);
}

#[test]
fn backtracking_regex_is_refused_with_help() {
    let e = err(&format!(
        "{HEAD}rules:\n  - id: r\n    when: {{args.cmd: {{matches: '(?<!safe)rm'}}}}\n    then: {{effect: deny}}\n"
    ));
    insta::assert_snapshot!(e);
}

#[test]
fn unknown_field_and_effect_are_all_reported() {
    let e = err(&format!(
        "{HEAD}rules:\n  - id: r\n    tols: [x]\n    then: {{effect: block}}\n  - id: s\n    then: {{efect: deny}}\n"
    ));
    insta::assert_snapshot!(e);
}

#[test]
fn duplicate_rule_ids() {
    let e = err(&format!(
        "{HEAD}rules:\n  - {{id: r, then: {{effect: deny}}}}\n  - {{id: r, then: {{effect: allow}}}}\n"
    ));
    insta::assert_snapshot!(e);
}

#[test]
fn type_mismatched_operands() {
    let e = err(&format!(
        "{HEAD}rules:\n  - id: r\n    when:\n      all:\n        - args.amount: {{gt: lots}}\n        - tool.name: {{gt: 3}}\n        - path.sensitive: {{equals: yes-please}}\n    then: {{effect: deny}}\n"
    ));
    insta::assert_snapshot!(e);
}

#[test]
fn yaml_syntax_and_duplicate_keys() {
    insta::assert_snapshot!("yaml_syntax", err(&format!("{HEAD}rules: [\n")));
    insta::assert_snapshot!(
        "duplicate_key",
        err(&format!(
            "{HEAD}defaults: {{effect: deny}}\ndefaults: {{effect: allow}}\n"
        ))
    );
}

#[test]
fn missing_api_version_and_unknown_version() {
    insta::assert_snapshot!("missing_api", err("rules: []\n"));
    insta::assert_snapshot!("unknown_api", err("apiVersion: portcullis/v9\n"));
}

#[test]
fn edictum_refusals() {
    let base = "apiVersion: edictum/v1\nkind: Ruleset\nmetadata: {name: x}\ndefaults: {mode: enforce}\nrules:\n";
    insta::assert_snapshot!(
        "edictum_timeout_allow",
        err(&format!(
            "{base}  - id: a\n    type: pre\n    tool: t\n    when: {{args.x: {{exists: true}}}}\n    then: {{action: ask, message: m, timeout_action: allow}}\n"
        ))
    );
    insta::assert_snapshot!(
        "edictum_unknown_principal",
        err(&format!(
            "{base}  - id: a\n    type: pre\n    tool: t\n    when: {{principal.team: {{equals: x}}}}\n    then: {{action: block, message: m}}\n"
        ))
    );
    insta::assert_snapshot!(
        "edictum_env_selector",
        err(&format!(
            "{base}  - id: a\n    type: pre\n    tool: t\n    when: {{env.STAGE: {{equals: prod}}}}\n    then: {{action: block, message: m}}\n"
        ))
    );
    insta::assert_snapshot!(
        "edictum_output_in_pre",
        err(&format!(
            "{base}  - id: a\n    type: pre\n    tool: t\n    when: {{output.text: {{contains: x}}}}\n    then: {{action: block, message: m}}\n"
        ))
    );
}

#[test]
fn hostile_yaml_is_an_error_not_a_crash() {
    let deep = format!("{HEAD}rules: {}", "[".repeat(50_000));
    assert!(Policy::from_yaml(&deep, "deep.yaml").is_err());
    let mut nested = String::from("{x: 1}");
    for _ in 0..20 {
        nested = format!("{{not: {nested}}}");
    }
    let e = err(&format!(
        "{HEAD}rules:\n  - id: r\n    when: {}\n    then: {{effect: deny}}\n",
        nested.replace("x: 1", "args.x: {exists: true}")
    ));
    assert!(e.contains("policy_too_deep"), "{e}");
    let big = format!(
        "{HEAD}# {}\n",
        "x".repeat(portcullis_policy::MAX_POLICY_BYTES)
    );
    assert!(err(&big).contains("policy_too_large"));
}
