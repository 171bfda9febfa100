//! Classification of parsed statements.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use portcullis_types::Finding;
use sqlparser::ast::{
    AlterTableOperation, BinaryOperator, CopySource, CopyTarget, Delete, Expr, ObjectType, Query,
    SetExpr, Statement, UnaryOperator, Value, visit_expressions, visit_relations,
};

use crate::StatementKind;
use crate::codes;

/// Server functions that read or write files, or run commands.
const FILE_FUNCTIONS: &[&str] = &[
    "pg_read_file",
    "pg_read_binary_file",
    "pg_ls_dir",
    "pg_stat_file",
    "pg_write_file",
    "lo_import",
    "lo_export",
    "load_file",
    "readfile",
    "writefile",
    "load_extension",
];
const COMMAND_FUNCTIONS: &[&str] = &["xp_cmdshell", "sys_exec", "sys_eval"];

/// The result of classifying statements of one parse.
#[derive(Debug, Default)]
pub(crate) struct Classified {
    pub(crate) kinds: Vec<StatementKind>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) tables: BTreeSet<String>,
}

/// Classifies one top-level statement, recursing into statements it contains.
pub(crate) fn classify_statement(stmt: &Statement, out: &mut Classified) {
    collect_tables(stmt, &mut out.tables);
    scan_functions(stmt, &mut out.findings);
    classify_inner(stmt, out, 0);
}

/// Adds `sql.multiple_statements` when more than one non-transaction statement is present
/// and at least one of them is not a read.
pub(crate) fn stacked_finding(kinds: &[StatementKind], findings: &mut Vec<Finding>) {
    let work: Vec<StatementKind> = kinds
        .iter()
        .copied()
        .filter(|k| *k != StatementKind::Transaction)
        .collect();
    if work.len() > 1 && work.iter().any(|k| *k != StatementKind::Read) {
        findings.push(Finding::new(
            codes::MULTIPLE_STATEMENTS,
            format!("{} stacked statements, not all of them reads", work.len()),
            50,
        ));
    }
}

fn finding(code: &str, message: impl Into<String>, risk: u8) -> Finding {
    Finding::new(code, message, risk)
}

fn classify_inner(stmt: &Statement, out: &mut Classified, depth: usize) {
    if depth > 16 {
        out.kinds.push(StatementKind::Other);
        return;
    }
    use StatementKind as K;
    let kind = match stmt {
        Statement::Query(q) => {
            let writes = query_writes(q, out, depth);
            if select_into(q) {
                out.findings
                    .push(finding(codes::DDL, "select into creates a table", 40));
                K::Ddl
            } else if writes {
                K::Write
            } else {
                K::Read
            }
        }
        Statement::Insert(_) | Statement::Merge { .. } => {
            out.findings
                .push(finding(codes::WRITE, "statement writes rows", 20));
            K::Write
        }
        Statement::Update { selection, .. } => {
            match selection {
                None => out.findings.push(finding(
                    codes::UPDATE_WITHOUT_WHERE,
                    "update without a where clause changes every row",
                    80,
                )),
                Some(e) if always_true(e, 0) => out.findings.push(finding(
                    codes::UPDATE_WITHOUT_WHERE,
                    "update whose where clause is always true changes every row",
                    80,
                )),
                Some(_) => {}
            }
            out.findings
                .push(finding(codes::WRITE, "statement writes rows", 20));
            K::Write
        }
        Statement::Delete(d) => {
            delete_findings(d, out);
            K::Write
        }
        Statement::Truncate { .. } => {
            out.findings
                .push(finding(codes::TRUNCATE, "truncate removes every row", 90));
            K::Ddl
        }
        Statement::Drop { object_type, .. } => {
            let (code, risk, what) = match object_type {
                ObjectType::Database => (codes::DROP_DATABASE, 95, "database"),
                ObjectType::Schema => (codes::DROP_SCHEMA, 95, "schema"),
                ObjectType::Table => (codes::DROP_TABLE, 90, "table"),
                ObjectType::User | ObjectType::Role => (codes::ALTER_USER, 70, "user or role"),
                _ => (codes::DDL, 40, "object"),
            };
            out.findings
                .push(finding(code, format!("drop {what}"), risk));
            if matches!(object_type, ObjectType::User | ObjectType::Role) {
                K::Dcl
            } else {
                K::Ddl
            }
        }
        Statement::AlterTable { operations, .. } => {
            let drops_column = operations
                .iter()
                .any(|op| matches!(op, AlterTableOperation::DropColumn { .. }));
            if drops_column {
                out.findings.push(finding(
                    codes::ALTER_DROP_COLUMN,
                    "alter table drops a column",
                    70,
                ));
            } else {
                out.findings.push(finding(codes::DDL, "schema change", 40));
            }
            K::Ddl
        }
        Statement::Grant { .. } => {
            out.findings
                .push(finding(codes::GRANT, "grant changes privileges", 70));
            K::Dcl
        }
        Statement::Revoke { .. } | Statement::Deny(_) => {
            out.findings
                .push(finding(codes::REVOKE, "revoke changes privileges", 70));
            K::Dcl
        }
        Statement::CreateUser(_) | Statement::CreateRole { .. } => {
            out.findings
                .push(finding(codes::CREATE_USER, "creates a user or role", 70));
            K::Dcl
        }
        Statement::AlterRole { .. } => {
            out.findings
                .push(finding(codes::ALTER_USER, "alters a user or role", 70));
            K::Dcl
        }
        Statement::Copy {
            source, to, target, ..
        } => {
            match target {
                CopyTarget::Program { .. } => out.findings.push(finding(
                    codes::COPY_TO_PROGRAM,
                    "copy runs a server-side program",
                    90,
                )),
                CopyTarget::File { .. } => out.findings.push(finding(
                    codes::FILE_ACCESS,
                    "copy reads or writes a server file",
                    90,
                )),
                CopyTarget::Stdin | CopyTarget::Stdout => {}
            }
            if let CopySource::Query(q) = source {
                query_writes(q, out, depth);
            }
            if *to {
                K::Read
            } else {
                out.findings
                    .push(finding(codes::WRITE, "statement writes rows", 20));
                K::Write
            }
        }
        Statement::LoadData { .. } | Statement::Load { .. } => {
            out.findings
                .push(finding(codes::FILE_ACCESS, "load reads a server file", 90));
            K::Write
        }
        Statement::Explain {
            analyze, statement, ..
        } => {
            if *analyze {
                // EXPLAIN ANALYZE runs the statement.
                classify_inner(statement, out, depth + 1);
            }
            K::Read
        }
        Statement::Prepare { statement, .. } => {
            classify_inner(statement, out, depth + 1);
            K::Other
        }
        Statement::ExplainTable { .. }
        | Statement::ShowFunctions { .. }
        | Statement::ShowVariable { .. }
        | Statement::ShowStatus { .. }
        | Statement::ShowVariables { .. }
        | Statement::ShowCreate { .. }
        | Statement::ShowColumns { .. }
        | Statement::ShowDatabases { .. }
        | Statement::ShowSchemas { .. }
        | Statement::ShowCharset(_)
        | Statement::ShowObjects(_)
        | Statement::ShowTables { .. }
        | Statement::ShowViews { .. }
        | Statement::ShowCollation { .. } => K::Read,
        Statement::StartTransaction { .. }
        | Statement::Commit { .. }
        | Statement::Rollback { .. }
        | Statement::Savepoint { .. }
        | Statement::ReleaseSavepoint { .. } => K::Transaction,
        Statement::CreateView { .. }
        | Statement::CreateTable(_)
        | Statement::CreateVirtualTable { .. }
        | Statement::CreateIndex(_)
        | Statement::CreateSchema { .. }
        | Statement::CreateDatabase { .. }
        | Statement::CreateFunction(_)
        | Statement::CreateTrigger(_)
        | Statement::CreateProcedure { .. }
        | Statement::CreateSequence { .. }
        | Statement::CreateType { .. }
        | Statement::CreateDomain(_)
        | Statement::CreateExtension { .. }
        | Statement::CreatePolicy { .. }
        | Statement::CreateSecret { .. }
        | Statement::CreateMacro { .. }
        | Statement::AlterIndex { .. }
        | Statement::AlterView { .. }
        | Statement::AlterType(_)
        | Statement::AlterSchema(_)
        | Statement::AlterPolicy { .. }
        | Statement::DropFunction { .. }
        | Statement::DropProcedure { .. }
        | Statement::DropTrigger(_)
        | Statement::DropDomain(_)
        | Statement::DropExtension { .. }
        | Statement::DropPolicy { .. }
        | Statement::DropSecret { .. }
        | Statement::RenameTable(_)
        | Statement::Comment { .. } => {
            out.findings.push(finding(codes::DDL, "schema change", 40));
            K::Ddl
        }
        Statement::Set(_)
        | Statement::Kill { .. }
        | Statement::Analyze { .. }
        | Statement::Vacuum(_)
        | Statement::Flush { .. }
        | Statement::AttachDatabase { .. }
        | Statement::AttachDuckDBDatabase { .. }
        | Statement::DetachDuckDBDatabase { .. }
        | Statement::Install { .. }
        | Statement::Pragma { .. }
        | Statement::Msck { .. }
        | Statement::OptimizeTable { .. }
        | Statement::LockTables { .. }
        | Statement::UnlockTables
        | Statement::Discard { .. }
        | Statement::Use(_) => K::Admin,
        _ => K::Other,
    };
    // Statements inside others (CTEs, EXPLAIN ANALYZE, PREPARE) add findings, not entries.
    if depth == 0 {
        out.kinds.push(kind);
    }
}

fn delete_findings(d: &Delete, out: &mut Classified) {
    match &d.selection {
        None => {
            // MySQL `DELETE … LIMIT n` without WHERE still removes arbitrary rows.
            out.findings.push(finding(
                codes::DELETE_WITHOUT_WHERE,
                "delete without a where clause removes every row",
                85,
            ));
        }
        Some(e) if always_true(e, 0) => out.findings.push(finding(
            codes::DELETE_WHERE_ALWAYS_TRUE,
            "delete whose where clause is always true removes every row",
            85,
        )),
        Some(_) => {}
    }
    out.findings
        .push(finding(codes::WRITE, "statement writes rows", 20));
}

/// Whether a query holds data-modifying statements (CTEs, set operations); classifies them.
fn query_writes(q: &Query, out: &mut Classified, depth: usize) -> bool {
    let mut writes = false;
    if let Some(with) = &q.with {
        for cte in &with.cte_tables {
            writes |= set_expr_writes(&cte.query.body, out, depth + 1);
        }
    }
    writes | set_expr_writes(&q.body, out, depth + 1)
}

fn set_expr_writes(body: &SetExpr, out: &mut Classified, depth: usize) -> bool {
    if depth > 16 {
        return true;
    }
    match body {
        SetExpr::Insert(s) | SetExpr::Update(s) | SetExpr::Delete(s) | SetExpr::Merge(s) => {
            classify_inner(s, out, depth + 1);
            true
        }
        SetExpr::Query(q) => query_writes(q, out, depth + 1),
        SetExpr::SetOperation { left, right, .. } => {
            let l = set_expr_writes(left, out, depth + 1);
            let r = set_expr_writes(right, out, depth + 1);
            l || r
        }
        SetExpr::Select(_) | SetExpr::Values(_) | SetExpr::Table(_) => false,
    }
}

fn select_into(q: &Query) -> bool {
    match q.body.as_ref() {
        SetExpr::Select(s) => s.into.is_some(),
        _ => false,
    }
}

/// Whether `e` is true for every row: literals, `1=1`, `'a'='a'`, `x=x`, `… OR <true>`,
/// `NOT false`, `col LIKE '%'`, `2>1`.
pub(crate) fn always_true(e: &Expr, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match e {
        Expr::Value(v) => match &v.value {
            Value::Boolean(b) => *b,
            Value::Number(n, _) => n.parse::<f64>().is_ok_and(|x| x != 0.0),
            Value::SingleQuotedString(s) => s.trim().parse::<f64>().is_ok_and(|x| x != 0.0),
            _ => false,
        },
        Expr::Nested(inner) => always_true(inner, depth + 1),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => always_false(expr, depth + 1),
        Expr::BinaryOp { left, op, right } => match op {
            BinaryOperator::Or => always_true(left, depth + 1) || always_true(right, depth + 1),
            BinaryOperator::And => always_true(left, depth + 1) && always_true(right, depth + 1),
            BinaryOperator::Eq | BinaryOperator::GtEq | BinaryOperator::LtEq => {
                left == right || compare_literals(left, right).is_some_and(|o| op_holds(op, o))
            }
            BinaryOperator::NotEq | BinaryOperator::Gt | BinaryOperator::Lt => {
                compare_literals(left, right).is_some_and(|o| op_holds(op, o))
            }
            _ => false,
        },
        Expr::Like {
            negated: false,
            pattern,
            ..
        }
        | Expr::ILike {
            negated: false,
            pattern,
            ..
        } => {
            matches!(pattern.as_ref(), Expr::Value(v) if matches!(&v.value, Value::SingleQuotedString(s) if !s.is_empty() && s.chars().all(|c| c == '%')))
        }
        Expr::IsNotNull(inner) => {
            matches!(inner.as_ref(), Expr::Value(v) if !matches!(v.value, Value::Null))
        }
        Expr::IsNull(inner) => {
            matches!(inner.as_ref(), Expr::Value(v) if matches!(v.value, Value::Null))
        }
        Expr::IsTrue(inner) => always_true(inner, depth + 1),
        _ => false,
    }
}

fn always_false(e: &Expr, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match e {
        Expr::Value(v) => match &v.value {
            Value::Boolean(b) => !*b,
            Value::Number(n, _) => n.parse::<f64>().is_ok_and(|x| x == 0.0),
            _ => false,
        },
        Expr::Nested(inner) => always_false(inner, depth + 1),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => always_true(expr, depth + 1),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => always_false(left, depth + 1) || always_false(right, depth + 1),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Or,
            right,
        } => always_false(left, depth + 1) && always_false(right, depth + 1),
        Expr::BinaryOp { left, op, right } => {
            compare_literals(left, right).is_some_and(|o| !op_holds(op, o))
        }
        _ => false,
    }
}

fn literal_number(e: &Expr) -> Option<f64> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        Expr::Nested(inner) => literal_number(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => literal_number(expr).map(|x| -x),
        _ => None,
    }
}

fn literal_string(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => Some(s),
            _ => None,
        },
        Expr::Nested(inner) => literal_string(inner),
        _ => None,
    }
}

fn compare_literals(l: &Expr, r: &Expr) -> Option<std::cmp::Ordering> {
    if let (Some(a), Some(b)) = (literal_number(l), literal_number(r)) {
        return a.partial_cmp(&b);
    }
    if let (Some(a), Some(b)) = (literal_string(l), literal_string(r)) {
        return Some(a.cmp(b));
    }
    None
}

fn op_holds(op: &BinaryOperator, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match op {
        BinaryOperator::Eq => o == Equal,
        BinaryOperator::NotEq => o != Equal,
        BinaryOperator::Gt => o == Greater,
        BinaryOperator::Lt => o == Less,
        BinaryOperator::GtEq => o != Less,
        BinaryOperator::LtEq => o != Greater,
        _ => false,
    }
}

fn collect_tables(stmt: &Statement, tables: &mut BTreeSet<String>) {
    // CTE names look like relations where they are used; they are not tables.
    let mut ctes = BTreeSet::new();
    if let Statement::Query(q) = stmt
        && let Some(with) = &q.with
    {
        ctes.extend(with.cte_tables.iter().map(|c| c.alias.name.value.clone()));
    }
    let _ = visit_relations(stmt, |name| {
        let text = name.to_string();
        if tables.len() < 1024 && !ctes.contains(&text) {
            tables.insert(text);
        }
        ControlFlow::<()>::Continue(())
    });
    // Some statements name tables outside the relation visitor.
    match stmt {
        Statement::Drop {
            names,
            object_type: ObjectType::Table | ObjectType::View,
            ..
        } => {
            tables.extend(names.iter().map(ToString::to_string));
        }
        Statement::Truncate { table_names, .. } => {
            tables.extend(table_names.iter().map(|t| t.name.to_string()));
        }
        _ => {}
    }
}

fn scan_functions(stmt: &Statement, findings: &mut Vec<Finding>) {
    let _ = visit_expressions(stmt, |e| {
        if let Expr::Function(f) = e {
            let name = f
                .name
                .0
                .last()
                .map(|p| {
                    p.to_string()
                        .trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']')
                        .to_ascii_lowercase()
                })
                .unwrap_or_default();
            if FILE_FUNCTIONS.contains(&name.as_str()) {
                findings.push(finding(
                    codes::FILE_ACCESS,
                    format!("`{name}` reads or writes server files"),
                    90,
                ));
            } else if COMMAND_FUNCTIONS.contains(&name.as_str()) {
                findings.push(finding(
                    codes::COPY_TO_PROGRAM,
                    format!("`{name}` runs a server-side command"),
                    90,
                ));
            }
        }
        ControlFlow::<()>::Continue(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::GenericDialect;
    use sqlparser::parser::Parser;

    fn where_of(sql: &str) -> Expr {
        let stmts = Parser::parse_sql(&GenericDialect {}, sql).unwrap();
        match &stmts[0] {
            Statement::Delete(d) => d.selection.clone().unwrap(),
            other => panic!("not a delete: {other}"),
        }
    }

    #[test]
    fn always_true_conditions() {
        for w in [
            "1=1",
            "true",
            "1",
            "id = 5 OR 1=1",
            "'a'='a'",
            "2>1",
            "NOT false",
            "(1=1)",
            "name LIKE '%'",
            "id = id",
        ] {
            assert!(
                always_true(&where_of(&format!("DELETE FROM t WHERE {w}")), 0),
                "{w}"
            );
        }
        for w in [
            "id = 1",
            "1=2",
            "false",
            "id = 5 AND 1=1",
            "name LIKE 'a%'",
            "0",
        ] {
            assert!(
                !always_true(&where_of(&format!("DELETE FROM t WHERE {w}")), 0),
                "{w}"
            );
        }
    }
}
