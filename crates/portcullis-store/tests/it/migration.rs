//! Schema versions: an old file is migrated in place; a newer one is refused.

use std::sync::Arc;

use portcullis_store::{
    ApprovalFilter, ApprovalStatus, ManualClock, RateWindow, SCHEMA_VERSION, SqliteStore, Store,
    TxKey, TxUpdate,
};
use portcullis_types::Severity;

const V1_FIXTURE: &str = include_str!("../fixtures/state_v1.sql");
/// 00:05 on the fixture's day: the grant is still live, severity has not decayed.
const NOW: i64 = 1_767_225_900_000;

#[test]
fn version_1_file_is_migrated_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v1.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(V1_FIXTURE)
        .unwrap();

    let clock = Arc::new(ManualClock::new(NOW));
    let store = SqliteStore::builder(&db).clock(clock).open().unwrap();
    assert_eq!(SCHEMA_VERSION, 2);
    assert_eq!(store.schema_version().unwrap(), 2);
    store.integrity_check().unwrap();

    insta::assert_json_snapshot!("migrated_sessions", store.sessions().unwrap());
    insta::assert_json_snapshot!(
        "migrated_approvals",
        store.approvals(&ApprovalFilter::default()).unwrap()
    );
    let d = store.session("agent-7").unwrap().unwrap();
    assert_eq!(d.summary.calls, 3);
    assert_eq!(d.summary.severity, Severity::Observe);
    assert_eq!(d.calls_by_rule["rm-rf"], 2);

    // The migrated file works: v1 call rows count in windows, and the v1 grant is consumed with
    // the v2 column filled.
    let windows = [RateWindow::new("bash_10min", "bash", 10 * 60_000)];
    let key = TxKey::new(Some("agent-7"), "stripe.refund", "hash-refund", NOW)
        .with_rate_windows(&windows);
    let mut seen = None;
    let out = store
        .transact(&key, &mut |v| {
            seen = Some((v.view.window_calls["bash_10min"], v.approval.clone()));
            TxUpdate {
                count_call: true,
                consume_approval: v.approval.as_ref().map(|a| a.approval_id.clone()),
                ..TxUpdate::default()
            }
        })
        .unwrap();
    let (window, approval) = seen.unwrap();
    assert_eq!(window, 2);
    assert_eq!(approval.unwrap().status, ApprovalStatus::Granted);
    let used = out.approval.unwrap();
    assert_eq!(used.status, ApprovalStatus::Consumed);
    assert_eq!(used.consumed_ms, Some(NOW));
    assert_eq!(out.view.calls, 4);

    // Reopening a current file is a no-op.
    drop(store);
    let again = SqliteStore::open(&db).unwrap();
    assert_eq!(again.schema_version().unwrap(), 2);
    assert_eq!(again.session("agent-7").unwrap().unwrap().summary.calls, 4);
}

#[test]
fn newer_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    drop(SqliteStore::open(&db).unwrap());
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = SqliteStore::open(&db).unwrap_err();
    assert_eq!(err.code(), "store_schema_too_new");
    let msg = err.to_string();
    assert!(
        msg.contains("schema version 99, newer than the 2 this portcullis knows"),
        "{msg}"
    );
    // Refusing did not touch the file.
    let v: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 99);
}

#[test]
fn foreign_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    let err = SqliteStore::open(&db).unwrap_err();
    assert_eq!(err.code(), "store_corrupt");
    assert!(
        err.to_string().contains("not a portcullis state file"),
        "{err}"
    );

    // Same with a versioned file of another application.
    let db2 = dir.path().join("other2.db");
    rusqlite::Connection::open(&db2)
        .unwrap()
        .execute_batch("PRAGMA user_version = 1; CREATE TABLE t (x);")
        .unwrap();
    assert_eq!(SqliteStore::open(&db2).unwrap_err().code(), "store_corrupt");
}

#[test]
fn concurrent_first_opens_migrate_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(dir.path().join("fresh.db"));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || SqliteStore::open(db.as_path()).map(|s| s.schema_version()))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap().unwrap(), SCHEMA_VERSION);
    }
}
