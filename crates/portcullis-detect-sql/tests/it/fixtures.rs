//! Fixture SQL texts with insta snapshots of the full report.

use portcullis_detect_sql::classify;
use portcullis_types::Finding;
use serde::Serialize;

#[derive(Serialize)]
struct Outcome {
    sql: String,
    dialect: Option<String>,
    statements: Vec<String>,
    tables: Vec<String>,
    unparseable: bool,
    read_only: bool,
    findings: Vec<Finding>,
}

#[test]
fn fixtures() {
    let outcomes: Vec<Outcome> = include_str!("../fixtures/sql.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let (dialect, sql) = match line.strip_prefix('[').and_then(|r| r.split_once("] ")) {
                Some((d, rest)) => (Some(d.to_owned()), rest),
                None => (None, line),
            };
            let sql = sql.replace("\\n", "\n");
            let r = classify(&sql, dialect.as_deref());
            Outcome {
                statements: r.statements.iter().map(|k| format!("{k:?}")).collect(),
                tables: r.tables,
                unparseable: r.unparseable,
                read_only: r.read_only,
                findings: r.findings,
                sql,
                dialect,
            }
        })
        .collect();
    insta::assert_yaml_snapshot!(outcomes);
}
