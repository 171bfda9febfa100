//! The state file's schema, as an ordered list of migrations.
//!
//! Migration `i` (0-based) takes a file from `user_version = i` to `i + 1`. Never edit a
//! migration that has shipped: append a new one.

/// `PRAGMA application_id` of a portcullis state file ("PCST").
pub(crate) const APPLICATION_ID: i32 = 0x5043_5354;

pub(crate) const MIGRATIONS: &[&str] = &[V1, V2];

/// v1: sessions, counters, per-call timestamps, approvals.
const V1: &str = "
PRAGMA application_id = 1346589524;
CREATE TABLE sessions (
    session              TEXT PRIMARY KEY NOT NULL,
    calls                INTEGER NOT NULL,
    denials              INTEGER NOT NULL,
    severity             TEXT NOT NULL,
    severity_since_ms    INTEGER NOT NULL,
    severity_last_hot_ms INTEGER,
    severity_hits        TEXT NOT NULL,
    terminated           INTEGER NOT NULL,
    first_ms             INTEGER NOT NULL,
    last_ms              INTEGER NOT NULL
) STRICT;
CREATE TABLE tool_counts (
    session TEXT NOT NULL,
    tool    TEXT NOT NULL,
    calls   INTEGER NOT NULL,
    PRIMARY KEY (session, tool)
) STRICT, WITHOUT ROWID;
CREATE TABLE rule_counts (
    session TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    matches INTEGER NOT NULL,
    PRIMARY KEY (session, rule_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE calls (
    session TEXT NOT NULL,
    tool    TEXT NOT NULL,
    ts_ms   INTEGER NOT NULL
) STRICT;
CREATE INDEX calls_by_session_tool ON calls (session, tool, ts_ms);
CREATE TABLE approvals (
    approval_id TEXT PRIMARY KEY NOT NULL,
    action_hash TEXT NOT NULL,
    session     TEXT,
    tool        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    approver    TEXT,
    reason      TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    deadline_ms INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'granted', 'denied', 'consumed')),
    decided_by  TEXT,
    note        TEXT,
    decided_ms  INTEGER
) STRICT;
CREATE INDEX approvals_by_action ON approvals (action_hash, session);
";

/// v2: when a grant was used; indexes for `*` windows and for pruning.
const V2: &str = "
ALTER TABLE approvals ADD COLUMN consumed_ms INTEGER;
CREATE INDEX calls_by_session_ts ON calls (session, ts_ms);
CREATE INDEX calls_by_ts ON calls (ts_ms);
CREATE INDEX approvals_by_created ON approvals (created_ms);
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn application_id_literal_matches_constant() {
        assert!(V1.contains(&format!("application_id = {APPLICATION_ID};")));
        assert_eq!(&APPLICATION_ID.to_be_bytes(), b"PCST");
    }
}
