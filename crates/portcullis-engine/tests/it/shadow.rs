//! Shadow bundles: decided beside the real policy, recorded with `:candidate` ids, never
//! enforced — from a `shadow:` file and from an edictum `observe_alongside` file.

use std::path::PathBuf;

use portcullis_engine::{DecideInput, Program};
use portcullis_policy::Policy;
use portcullis_types::{Action, Effect, SessionView};

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn decide(p: &Program, json: &str) -> portcullis_types::Decision {
    p.decide(
        &Action::from_json(json).unwrap(),
        &SessionView::default(),
        &DecideInput::default(),
    )
}

#[test]
fn shadow_file_is_decided_but_never_enforced() {
    let dir = std::env::temp_dir().join(format!("pc-shadow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    write(
        &dir,
        "candidate.yaml",
        "apiVersion: portcullis/v1\nkind: Policy\ndefaults: {effect: allow}\nrules:\n  - {id: no-curl, tool: bash, when: {args.command: {contains: curl}}, then: {effect: deny}}\n",
    );
    let main = write(
        &dir,
        "main.yaml",
        "apiVersion: portcullis/v1\nkind: Policy\ndefaults: {effect: allow}\nshadow: candidate.yaml\nrules:\n  - {id: no-rm, tool: bash, when: {args.command: {contains: rm}}, then: {effect: deny}}\n",
    );
    let p = Program::compile(Policy::from_file(&main).unwrap());
    let d = decide(&p, r#"{"tool":"bash","args":{"command":"curl x"}}"#);
    assert_eq!(d.decision, Effect::Allow);
    let sh = d.shadow.unwrap();
    assert_eq!(sh.decision, Effect::Deny);
    assert_eq!(sh.rule_ids, ["no-curl:candidate"]);
    let d = decide(&p, r#"{"tool":"bash","args":{"command":"rm x"}}"#);
    assert_eq!(d.decision, Effect::Deny);
    assert_eq!(d.shadow.unwrap().decision, Effect::Allow);
}

#[test]
fn edictum_observe_alongside_becomes_the_shadow_bundle() {
    let dir = std::env::temp_dir().join(format!("pc-alongside-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let head =
        "apiVersion: edictum/v1\nkind: Ruleset\nmetadata: {name: x}\ndefaults: {mode: enforce}\n";
    let a = write(
        &dir,
        "a.yaml",
        &format!(
            "{head}rules:\n  - {{id: block-rm, type: pre, tool: bash, when: {{args.command: {{contains: rm}}}}, then: {{action: block, message: m}}}}\n"
        ),
    );
    let b = write(
        &dir,
        "b.yaml",
        &format!(
            "{head}observe_alongside: true\nrules:\n  - {{id: block-rm, type: pre, tool: bash, when: {{args.command: {{contains: r}}}}, then: {{action: block, message: m}}}}\n"
        ),
    );
    let p = Program::compile(Policy::from_files(&[a, b]).unwrap());
    let d = decide(&p, r#"{"tool":"bash","args":{"command":"cargo run"}}"#);
    assert_eq!(d.decision, Effect::Allow);
    let sh = d.shadow.unwrap();
    assert_eq!(sh.decision, Effect::Deny);
    assert_eq!(sh.rule_ids, ["block-rm:candidate"]);
}
