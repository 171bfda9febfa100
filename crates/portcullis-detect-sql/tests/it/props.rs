//! Properties: `classify` never panics and its report is consistent, whatever the input.

use portcullis_detect_sql::{StatementKind, classify};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "SELECT", "DELETE", "FROM", "WHERE", "DROP", "TABLE", "UPDATE", "SET", "1=1", ";", "/*", "*/",
    "/*!", "--", "'", "\"", "(", ")", "users", "OR", "AND", "INSERT", "INTO", "VALUES", "GRANT",
    "TRUNCATE", "WITH", "AS", "\n", "#", "$$", "COPY", "PROGRAM", "db.", "x.drop()",
];

fn sqlish() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(WORDS), 0..40).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,200}", hint in proptest::option::of(proptest::sample::select(vec!["postgres", "mysql", "sqlite", "generic", "oracle"]))) {
        let r = classify(&text, hint);
        prop_assert!(!(r.read_only && r.unparseable));
    }

    #[test]
    fn report_is_consistent_on_sql_like_text(text in sqlish()) {
        let r = classify(&text, None);
        if r.read_only {
            prop_assert!(r.statements.iter().all(|k| *k == StatementKind::Read));
            prop_assert!(r.findings.iter().all(|f| f.risk <= 20));
        }
        if r.unparseable {
            prop_assert!(r.codes().any(|c| c == "sql.unparseable"));
        }
        for f in &r.findings {
            prop_assert!(f.code.starts_with("sql."));
        }
        // Deterministic.
        prop_assert_eq!(classify(&text, None), r);
    }
}
