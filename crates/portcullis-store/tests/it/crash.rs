//! A process that dies in the middle of a transaction leaves the last committed state.
//!
//! The child opens the store with a crash hook that fires right after the transaction's first
//! write: either `abort()` or hang until the parent SIGKILLs it.

use std::path::Path;
use std::time::{Duration, Instant};

use portcullis_store::{
    ApprovalStatus, CrashHook, RateWindow, SqliteStore, Store, TxKey, TxUpdate,
};

use crate::common::{DB, OUT, env_path, new_approval, role, spawn_self};

const COMMITTED: u64 = 10;

fn count_one(store: &SqliteStore, i: u64) {
    let key = TxKey::new(Some("s1"), "bash", "h", 1_000 + i as i64);
    store
        .transact(&key, &mut |_| TxUpdate {
            count_call: true,
            rule_ids: vec!["r1".into()],
            denied: true,
            ..TxUpdate::default()
        })
        .unwrap();
}

/// Child side: `COMMITTED` good transactions, then one that dies after its first write.
fn child(hook: CrashHook) {
    let db = env_path(DB);
    {
        let store = SqliteStore::open(&db).unwrap();
        for i in 0..COMMITTED {
            count_one(&store, i);
        }
    }
    let store = SqliteStore::builder(&db).crash_hook(hook).open().unwrap();
    count_one(&store, COMMITTED);
    unreachable!("the crash hook did not fire");
}

/// Parent side: the file is intact, holds exactly the committed calls, and takes new ones.
fn check_after_crash(db: &Path) {
    let store = SqliteStore::open(db).unwrap();
    store.integrity_check().unwrap();
    let d = store.session("s1").unwrap().unwrap();
    assert_eq!(
        d.summary.calls, COMMITTED,
        "the dying transaction is not visible"
    );
    assert_eq!(d.summary.denials, COMMITTED);
    assert_eq!(d.calls_by_tool["bash"], COMMITTED);
    assert_eq!(d.calls_by_rule["r1"], COMMITTED);
    let windows = [RateWindow::new("all", "*", 60_000)];
    let key = TxKey::new(Some("s1"), "bash", "h", 2_000).with_rate_windows(&windows);
    let mut window = None;
    let out = store
        .transact(&key, &mut |v| {
            window = Some(v.view.window_calls["all"]);
            TxUpdate {
                count_call: true,
                ..TxUpdate::default()
            }
        })
        .unwrap();
    assert_eq!(
        window,
        Some(COMMITTED),
        "no per-call row of the dead transaction"
    );
    assert_eq!(out.view.calls, COMMITTED + 1);
}

#[test]
fn abort_after_first_write_leaves_committed_state() {
    if role().as_deref() == Some("abort") {
        child(CrashHook::Abort);
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let status = spawn_self(
        "crash::abort_after_first_write_leaves_committed_state",
        "abort",
        &db,
        &dir.path().join("unused"),
    )
    .0
    .wait()
    .unwrap();
    assert!(!status.success(), "the child must have died: {status}");
    check_after_crash(&db);
}

#[test]
fn sigkill_inside_transaction_leaves_committed_state() {
    if role().as_deref() == Some("hang") {
        child(CrashHook::Hang(env_path(OUT)));
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let marker = dir.path().join("in-transaction");
    let mut child = spawn_self(
        "crash::sigkill_inside_transaction_leaves_committed_state",
        "hang",
        &db,
        &marker,
    );
    let deadline = Instant::now() + Duration::from_mins(1);
    while !marker.exists() {
        if let Some(status) = child.0.try_wait().unwrap() {
            panic!("child exited before its transaction: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "child never reached its transaction"
        );
        std::thread::sleep(Duration::from_millis(5));
    }

    // While the child holds the write lock, a writer gives up with `store_busy`, never with
    // SQLite's "database is locked".
    let impatient = SqliteStore::builder(&db)
        .busy_timeout(Duration::from_millis(20))
        .max_attempts(3)
        .open()
        .unwrap();
    let err = impatient
        .transact(&TxKey::new(Some("s2"), "bash", "h", 0), &mut |_| TxUpdate {
            count_call: true,
            ..TxUpdate::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), "store_busy");
    assert_eq!(
        err.to_string(),
        "state store busy: still locked after 3 attempts"
    );
    // Readers are not blocked by the writer (WAL).
    assert_eq!(
        impatient.session("s1").unwrap().unwrap().summary.calls,
        COMMITTED
    );
    drop(impatient);

    child.0.kill().unwrap(); // SIGKILL
    let status = child.0.wait().unwrap();
    assert!(!status.success());
    check_after_crash(&db);
}

#[test]
fn abort_while_consuming_a_grant_keeps_the_grant() {
    if role().as_deref() == Some("consume") {
        let store = SqliteStore::builder(env_path(DB))
            .crash_hook(CrashHook::Abort)
            .open()
            .unwrap();
        let key = TxKey::new(Some("s1"), "deploy", "H", 2_000);
        store
            .transact(&key, &mut |v| TxUpdate {
                consume_approval: v.approval.as_ref().map(|a| a.approval_id.clone()),
                ..TxUpdate::default()
            })
            .unwrap();
        unreachable!("the crash hook did not fire");
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let store = SqliteStore::open(&db).unwrap();
    store
        .transact(&TxKey::new(Some("s1"), "deploy", "H", 1_000), &mut |_| {
            TxUpdate {
                new_approval: Some(new_approval("apr_k", i64::MAX)),
                ..TxUpdate::default()
            }
        })
        .unwrap();
    store.grant("apr_k", None, None).unwrap();
    let status = spawn_self(
        "crash::abort_while_consuming_a_grant_keeps_the_grant",
        "consume",
        &db,
        &dir.path().join("unused"),
    )
    .0
    .wait()
    .unwrap();
    assert!(!status.success());
    store.integrity_check().unwrap();
    assert_eq!(
        store.approval("apr_k").unwrap().unwrap().status,
        ApprovalStatus::Granted
    );
}
