//! The SQL case corpus: every case's exact code set and destructiveness.

use std::collections::BTreeSet;
use std::path::PathBuf;

use portcullis_detect_sql::classify;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Case {
    pub(crate) sql: String,
    pub(crate) codes: Vec<String>,
    pub(crate) destructive: bool,
    #[serde(default)]
    pub(crate) dialect: Option<String>,
}

/// Codes that mean data loss or server file/shell access.
const DESTRUCTIVE: &[&str] = &[
    "sql.drop_database",
    "sql.drop_table",
    "sql.drop_schema",
    "sql.truncate",
    "sql.delete_without_where",
    "sql.update_without_where",
    "sql.delete_where_always_true",
    "sql.alter_drop_column",
    "sql.copy_to_program",
    "sql.file_access",
];

pub(crate) fn cases() -> Vec<Case> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/eval/sql/cases.jsonl");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn corpus_has_at_least_150_cases_with_obfuscations() {
    let cases = cases();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let obfuscated = cases
        .iter()
        .filter(|c| c.codes.iter().any(|x| x == "sql.comment_obfuscation"))
        .count();
    assert!(obfuscated >= 8, "{obfuscated} obfuscation cases");
}

#[test]
fn every_case_gives_exactly_the_expected_codes() {
    let mut failures = Vec::new();
    for case in cases() {
        let report = classify(&case.sql, case.dialect.as_deref());
        let got: BTreeSet<&str> = report.codes().collect();
        let want: BTreeSet<&str> = case.codes.iter().map(String::as_str).collect();
        let destructive = got.iter().any(|c| DESTRUCTIVE.contains(c));
        if got != want || destructive != case.destructive {
            failures.push(format!(
                "{:?} ({:?}): want {want:?} got {got:?}",
                case.sql, case.dialect
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn destructive_cases_are_never_read_only() {
    for case in cases().into_iter().filter(|c| c.destructive) {
        assert!(
            !classify(&case.sql, case.dialect.as_deref()).read_only,
            "{}",
            case.sql
        );
    }
}
