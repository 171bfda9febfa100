//! A small matcher for MongoDB shell text (`db.dropDatabase()`, `db.users.deleteMany({})`),
//! used only when no SQL dialect parses the input.

use portcullis_types::Finding;

use crate::StatementKind;
use crate::codes;

/// Statements and findings of MongoDB shell text.
#[derive(Debug, Default)]
pub(crate) struct Mongo {
    pub(crate) kinds: Vec<StatementKind>,
    pub(crate) findings: Vec<Finding>,
}

/// Classifies `text` as MongoDB shell commands, or `None` when it does not look like any.
pub(crate) fn classify(text: &str) -> Option<Mongo> {
    let mut out = Mongo::default();
    let mut any = false;
    for stmt in text
        .split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let Some(rest) = stmt.strip_prefix("db.") else {
            if stmt.starts_with("use ") || stmt.starts_with("show ") {
                out.kinds.push(StatementKind::Admin);
                continue;
            }
            return None;
        };
        any = true;
        // `db.method(args)` or `db.coll.method(args)`, also `db.getCollection("x").method(args)`.
        let (head, args) = rest.split_once('(')?;
        let method = head.rsplit('.').next().unwrap_or_default();
        let has_collection = head.contains('.') || head.is_empty();
        let args = args.trim_end().trim_end_matches(')');
        let empty_filter = {
            let first = args.trim_start();
            first.is_empty() || first.starts_with("{}") || first.starts_with("{ }")
        };
        let (kind, finding) = match method {
            "dropDatabase" => (
                StatementKind::Ddl,
                Some((
                    codes::DROP_DATABASE,
                    "db.dropDatabase() drops the database",
                    95,
                )),
            ),
            "drop" if has_collection => (
                StatementKind::Ddl,
                Some((codes::DROP_TABLE, "collection drop()", 90)),
            ),
            "deleteMany" | "remove" if empty_filter => (
                StatementKind::Write,
                Some((
                    codes::DELETE_WITHOUT_WHERE,
                    "delete with an empty filter removes every document",
                    85,
                )),
            ),
            "updateMany" | "update" if empty_filter => (
                StatementKind::Write,
                Some((
                    codes::UPDATE_WITHOUT_WHERE,
                    "update with an empty filter changes every document",
                    80,
                )),
            ),
            "insertOne" | "insertMany" | "insert" | "updateOne" | "updateMany" | "update"
            | "deleteOne" | "deleteMany" | "remove" | "replaceOne" | "bulkWrite"
            | "findOneAndUpdate" | "findOneAndDelete" | "findOneAndReplace" | "findAndModify" => (
                StatementKind::Write,
                Some((codes::WRITE, "statement writes documents", 20)),
            ),
            "find"
            | "findOne"
            | "aggregate"
            | "count"
            | "countDocuments"
            | "estimatedDocumentCount"
            | "distinct"
            | "getCollectionNames"
            | "stats"
            | "getIndexes" => (StatementKind::Read, None),
            "createUser" => (
                StatementKind::Dcl,
                Some((codes::CREATE_USER, "creates a database user", 70)),
            ),
            "dropUser" | "updateUser" | "changeUserPassword" | "dropAllUsers" => (
                StatementKind::Dcl,
                Some((codes::ALTER_USER, "changes a database user", 70)),
            ),
            "grantRolesToUser" | "grantPrivilegesToRole" => (
                StatementKind::Dcl,
                Some((codes::GRANT, "grants roles or privileges", 70)),
            ),
            "revokeRolesFromUser" | "revokePrivilegesFromRole" => (
                StatementKind::Dcl,
                Some((codes::REVOKE, "revokes roles or privileges", 70)),
            ),
            "createCollection" | "createIndex" | "dropIndex" | "dropIndexes"
            | "renameCollection" => (StatementKind::Ddl, Some((codes::DDL, "schema change", 40))),
            _ => (StatementKind::Other, None),
        };
        out.kinds.push(kind);
        if let Some((code, msg, risk)) = finding {
            out.findings.push(Finding::new(code, msg, risk));
        }
        if method == "aggregate" && (args.contains("$out") || args.contains("$merge")) {
            out.findings.push(Finding::new(
                codes::WRITE,
                "aggregate with $out or $merge writes documents",
                20,
            ));
        }
    }
    any.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_of(text: &str) -> Vec<String> {
        classify(text)
            .map(|m| m.findings.into_iter().map(|f| f.code).collect())
            .unwrap_or_default()
    }

    #[test]
    fn destructive_shell_commands() {
        assert_eq!(codes_of("db.dropDatabase()"), ["sql.drop_database"]);
        assert_eq!(codes_of("db.users.drop()"), ["sql.drop_table"]);
        assert_eq!(
            codes_of("db.users.deleteMany({})"),
            ["sql.delete_without_where"]
        );
        assert_eq!(
            codes_of("db.users.deleteMany({age: {$lt: 18}})"),
            ["sql.write"]
        );
        assert!(codes_of("db.users.find({})").is_empty());
        assert!(classify("SELECT 1").is_none());
    }
}
