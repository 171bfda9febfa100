#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod ast;
mod lex;
mod mongo;

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use portcullis_types::Finding;
use sqlparser::dialect::{Dialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

/// Inputs longer than this are not parsed and are reported as unparseable.
pub const MAX_SQL_BYTES: usize = 1024 * 1024;
/// Parser recursion limit (nesting depth of expressions and subqueries).
pub const RECURSION_LIMIT: usize = 48;
/// Texts nesting parentheses deeper than this are reported unparseable without parsing.
pub const MAX_PAREN_DEPTH: usize = 32;
/// Stack the parser needs at most. Release builds measured ~35 KiB per nested subquery, so 32
/// levels fit in about 1.1 MiB; debug builds use about three times more per level.
const RED_ZONE: usize = if cfg!(debug_assertions) {
    16 << 20
} else {
    3 << 19
};
/// Stack the parser runs on when the calling thread has less than `RED_ZONE` left (pages are
/// only touched as used).
const PARSE_STACK: usize = 32 << 20;

/// What one statement does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatementKind {
    /// Reads data only (`SELECT`, `SHOW`, `EXPLAIN` without `ANALYZE`).
    Read,
    /// Changes rows (`INSERT`, `UPDATE`, `DELETE`, `MERGE`, `COPY … FROM`).
    Write,
    /// Changes schema (`CREATE`, `ALTER`, `DROP`, `TRUNCATE`, `RENAME`).
    Ddl,
    /// Changes privileges or accounts (`GRANT`, `REVOKE`, `CREATE USER`, `ALTER ROLE`).
    Dcl,
    /// Transaction control (`BEGIN`, `COMMIT`, `ROLLBACK`, `SAVEPOINT`).
    Transaction,
    /// Server administration (`SET`, `KILL`, `VACUUM`, `ATTACH`, `PRAGMA`, …).
    Admin,
    /// Anything else (`CALL`, `EXECUTE`, `DECLARE`, …); never counted as read-only.
    Other,
}

/// The classification of one SQL text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlReport {
    /// One kind per statement, in order (statements hidden in CTEs or `EXPLAIN ANALYZE` add
    /// their own entries after the statement that holds them).
    pub statements: Vec<StatementKind>,
    /// Findings with stable `sql.*` codes, deduplicated, in a fixed order.
    pub findings: Vec<Finding>,
    /// No dialect could parse the text (or it was too large); findings then come from a
    /// keyword scan and the MongoDB matcher.
    pub unparseable: bool,
    /// The text parsed, holds at least one statement, every statement is a read, and no
    /// finding above informational level was raised.
    pub read_only: bool,
    /// Every table (relation) named, sorted and deduplicated.
    pub tables: Vec<String>,
}

impl SqlReport {
    /// Every finding code, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.findings.iter().map(|f| f.code.as_str())
    }

    /// The highest finding risk, 0 when there is none.
    pub fn risk(&self) -> u8 {
        self.findings.iter().map(|f| f.risk).max().unwrap_or(0)
    }
}

/// Classifies `sql`. `dialect` is a hint (`postgres`, `mysql`, `sqlite`, `generic`; also
/// `postgresql`, `pg`, `mariadb`); with a known hint only that dialect is used, otherwise every
/// supported dialect is tried and the findings of all that parse are combined (so a text that
/// parses differently in two dialects cannot hide a statement from one of them).
///
/// Never panics: oversize input, parse failures and internal failures all give a report with
/// `unparseable: true` and a `sql.unparseable` finding.
pub fn classify(sql: &str, dialect: Option<&str>) -> SqlReport {
    let mut acc = Acc::default();
    if sql.len() > MAX_SQL_BYTES {
        acc.unparseable = true;
        acc.push(Finding::new(
            codes::UNPARSEABLE,
            format!(
                "sql text of {} bytes exceeds the {} byte limit",
                sql.len(),
                MAX_SQL_BYTES
            ),
            lex::unparseable_risk(sql.get(..MAX_SQL_BYTES.min(sql.len())).unwrap_or_default()),
        ));
        return acc.finish(false);
    }
    let lexed = lex::scan(sql);
    for f in lexed.findings() {
        acc.push(f);
    }
    if lex::max_paren_depth(sql) > MAX_PAREN_DEPTH {
        acc.unparseable = true;
        acc.push(Finding::new(
            codes::UNPARSEABLE,
            format!("sql nesting deeper than {MAX_PAREN_DEPTH} levels is not parsed"),
            lex::unparseable_risk(sql),
        ));
        for f in lex::keyword_fallback(sql) {
            acc.push(f);
        }
        return acc.finish(false);
    }
    let mut parsed_any = false;
    let mut first = true;
    for d in dialects_for(dialect) {
        let Some(mut one) = analyze(sql, d.as_ref()) else {
            continue;
        };
        parsed_any = true;
        if first {
            acc.statements.clone_from(&one.kinds);
            acc.tables.extend(one.tables.iter().cloned());
            first = false;
        }
        ast::stacked_finding(&one.kinds, &mut one.findings);
        for f in one.findings {
            acc.push(f);
        }
    }
    // MySQL runs `/*! … */` comments: classify what they hide as well.
    if let Some(hidden) = lexed.executable_comment_text() {
        for d in dialects_for(Some("mysql")) {
            if let Some(one) = analyze(&hidden, d.as_ref()) {
                for f in one.findings {
                    acc.push(f);
                }
            }
        }
    }
    if !parsed_any {
        if let Some(m) = mongo::classify(sql) {
            acc.statements = m.kinds;
            for f in m.findings {
                acc.push(f);
            }
            return acc.finish(true);
        }
        acc.unparseable = true;
        acc.push(Finding::new(
            codes::UNPARSEABLE,
            "sql text could not be parsed in any supported dialect",
            lex::unparseable_risk(sql),
        ));
        for f in lex::keyword_fallback(sql) {
            acc.push(f);
        }
    }
    acc.finish(parsed_any)
}

/// The stable finding codes.
pub mod codes {
    /// `DROP DATABASE`.
    pub const DROP_DATABASE: &str = "sql.drop_database";
    /// `DROP TABLE`.
    pub const DROP_TABLE: &str = "sql.drop_table";
    /// `DROP SCHEMA`.
    pub const DROP_SCHEMA: &str = "sql.drop_schema";
    /// `TRUNCATE`.
    pub const TRUNCATE: &str = "sql.truncate";
    /// `DELETE` with no `WHERE`.
    pub const DELETE_WITHOUT_WHERE: &str = "sql.delete_without_where";
    /// `UPDATE` with no `WHERE` (or one that is always true).
    pub const UPDATE_WITHOUT_WHERE: &str = "sql.update_without_where";
    /// `DELETE … WHERE 1=1` and other always-true conditions.
    pub const DELETE_WHERE_ALWAYS_TRUE: &str = "sql.delete_where_always_true";
    /// `ALTER TABLE … DROP COLUMN`.
    pub const ALTER_DROP_COLUMN: &str = "sql.alter_drop_column";
    /// `GRANT`.
    pub const GRANT: &str = "sql.grant";
    /// `REVOKE` / `DENY`.
    pub const REVOKE: &str = "sql.revoke";
    /// `CREATE USER` / `CREATE ROLE`.
    pub const CREATE_USER: &str = "sql.create_user";
    /// `ALTER USER` / `ALTER ROLE` / `DROP USER` / `DROP ROLE`.
    pub const ALTER_USER: &str = "sql.alter_user";
    /// More than one statement, at least one of them not a read.
    pub const MULTIPLE_STATEMENTS: &str = "sql.multiple_statements";
    /// Comments used to hide or split SQL.
    pub const COMMENT_OBFUSCATION: &str = "sql.comment_obfuscation";
    /// A statement that changes rows (informational).
    pub const WRITE: &str = "sql.write";
    /// A schema change without a more specific code.
    pub const DDL: &str = "sql.ddl";
    /// Text that no dialect could parse.
    pub const UNPARSEABLE: &str = "sql.unparseable";
    /// `COPY … TO/FROM PROGRAM`, `xp_cmdshell`: runs a server-side command.
    pub const COPY_TO_PROGRAM: &str = "sql.copy_to_program";
    /// Server file access: `COPY … TO/FROM 'file'`, `pg_read_file`, `LOAD_FILE`, `INTO OUTFILE`.
    pub const FILE_ACCESS: &str = "sql.file_access";
}

/// Findings collected across dialects and passes, one per code (the first one seen).
#[derive(Debug, Default)]
struct Acc {
    statements: Vec<StatementKind>,
    findings: Vec<Finding>,
    seen: BTreeSet<String>,
    tables: BTreeSet<String>,
    unparseable: bool,
}

impl Acc {
    fn push(&mut self, f: Finding) {
        if self.seen.insert(f.code.clone()) {
            self.findings.push(f);
        }
    }

    fn finish(mut self, parsed: bool) -> SqlReport {
        // Highest risk first, then by code: a stable order whatever the dialect order.
        self.findings.sort_by(|a, b| {
            b.risk
                .cmp(&a.risk)
                .then_with(|| a.code.cmp(&b.code))
                .then_with(|| a.message.cmp(&b.message))
        });
        let read_only = parsed
            && !self.unparseable
            && !self.statements.is_empty()
            && self.statements.iter().all(|k| *k == StatementKind::Read)
            && self.findings.iter().all(|f| f.risk <= 20);
        SqlReport {
            statements: self.statements,
            findings: self.findings,
            unparseable: self.unparseable,
            read_only,
            tables: self.tables.into_iter().collect(),
        }
    }
}

fn dialects_for(hint: Option<&str>) -> Vec<Box<dyn Dialect>> {
    let hinted: Option<Box<dyn Dialect>> = match hint.map(str::to_ascii_lowercase).as_deref() {
        Some("postgres" | "postgresql" | "pg") => Some(Box::new(PostgreSqlDialect {})),
        Some("mysql" | "mariadb") => Some(Box::new(MySqlDialect {})),
        Some("sqlite" | "sqlite3") => Some(Box::new(SQLiteDialect {})),
        Some("generic" | "ansi") => Some(Box::new(GenericDialect {})),
        _ => None,
    };
    match hinted {
        Some(d) => vec![d],
        None => vec![
            Box::new(GenericDialect {}),
            Box::new(PostgreSqlDialect {}),
            Box::new(MySqlDialect {}),
            Box::new(SQLiteDialect {}),
        ],
    }
}

/// Parses and classifies on a stack of known size: sqlparser's frames are large (a few dozen
/// nested subqueries exhaust a 2 MiB thread stack even under the recursion limit), and callers
/// run on threads whose stack size we do not control. A parser panic (never observed) counts
/// as a parse failure.
fn analyze(sql: &str, dialect: &dyn Dialect) -> Option<ast::Classified> {
    stacker::maybe_grow(RED_ZONE, PARSE_STACK, || {
        catch_unwind(AssertUnwindSafe(|| {
            let statements = Parser::new(dialect)
                .with_recursion_limit(RECURSION_LIMIT)
                .try_with_sql(sql)
                .and_then(|mut p| p.parse_statements())
                .ok()?;
            let mut one = ast::Classified::default();
            for stmt in &statements {
                ast::classify_statement(stmt, &mut one);
            }
            Some(one)
        }))
        .ok()
        .flatten()
    })
}
