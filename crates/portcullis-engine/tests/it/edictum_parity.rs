//! The shared benchmark corpus under the edictum bundle: portcullis must block exactly the
//! calls edictum 0.19 blocks, with the same rule ids (recorded in
//! `testdata/bench/corpus_edictum_decisions.jsonl`).

use portcullis_engine::{DecideInput, Program};
use portcullis_policy::Policy;
use portcullis_types::{Action, Effect, SessionView};
use serde_json::Value;

use crate::testdata;

#[test]
fn blocks_exactly_what_edictum_blocks() {
    let policy = Policy::from_file(testdata("bench/edictum_bundle.yaml")).unwrap();
    let program = Program::compile(policy);
    let corpus = std::fs::read_to_string(testdata("bench/corpus.jsonl")).unwrap();
    let expected =
        std::fs::read_to_string(testdata("bench/corpus_edictum_decisions.jsonl")).unwrap();
    let session = SessionView::default();
    let input = DecideInput::default();
    let mut blocked = 0;
    let mut mismatches = Vec::new();
    for (i, (line, want)) in corpus.lines().zip(expected.lines()).enumerate() {
        let action = Action::from_json(line).unwrap();
        let want: Value = serde_json::from_str(want).unwrap();
        assert_eq!(want["i"], i);
        let d = program.decide(&action, &session, &input);
        let want_block = want["decision"] == "block";
        let want_rules: Vec<String> = want["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_owned())
            .collect();
        if d.decision == Effect::Deny {
            blocked += 1;
        }
        assert!(d.errors.is_empty(), "line {i}: {:?}", d.errors);
        if (d.decision == Effect::Deny) != want_block || d.rule_ids != want_rules {
            mismatches.push(format!(
                "line {i}: edictum {} {want_rules:?}, portcullis {} {:?}: {line}",
                want["decision"], d.decision, d.rule_ids
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(blocked, 2591);
}
