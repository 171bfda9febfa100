//! Fixture inputs (one per line) with insta snapshots of the findings and the redacted text.

use portcullis_detect_secrets::{Scanner, redact, to_finding};
use portcullis_types::Finding;
use serde::Serialize;

#[derive(Serialize)]
struct Outcome {
    input: String,
    findings: Vec<Finding>,
    confidences: Vec<&'static str>,
    redacted: String,
}

#[test]
fn fixtures() {
    let raw = include_str!("../fixtures/secrets.txt");
    let outcomes: Vec<Outcome> = raw
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let input = line.replace("\\n", "\n");
            let matches = Scanner::builtin().scan(&input);
            Outcome {
                findings: matches.iter().map(to_finding).collect(),
                confidences: matches.iter().map(|m| m.confidence.as_str()).collect(),
                redacted: redact(&input, &matches),
                input,
            }
        })
        .collect();
    insta::assert_yaml_snapshot!(outcomes);
}
