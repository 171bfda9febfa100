//! Many writers on one state: processes (the coding-agent hook case) and threads.
//!
//! Every writer records the `calls` value its transaction saw. If transactions are serialised,
//! the values seen across all writers are exactly `0..N`, each once; any lost update or
//! interleaving shows up as a duplicate or a gap.

use std::path::Path;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use portcullis_store::{
    ApprovalStatus, MemoryStore, SqliteStore, Store, TxKey, TxUpdate, new_approval_id,
};

use crate::common::{DB, OUT, env_path, new_approval, role, spawn_self};

const WRITERS: usize = 8;
const CALLS: usize = 500;
const TOOLS: [&str; 3] = ["bash", "read_file", "write_file"];

/// One writer's 500 calls on the shared session; returns the `calls` value each one saw.
fn write_calls(store: &dyn Store) -> Vec<u64> {
    let mut seen_all = Vec::with_capacity(CALLS);
    for i in 0..CALLS {
        let key = TxKey::new(Some("shared"), TOOLS[i % 3], "h", 1_000 + i as i64);
        let mut seen = None;
        let update = TxUpdate {
            count_call: true,
            rule_ids: vec![format!("r{}", i % 4), "all".to_owned()],
            denied: i % 5 == 0,
            ..TxUpdate::default()
        };
        store
            .transact(&key, &mut |v| {
                seen = Some(v.view.calls);
                update.clone()
            })
            .unwrap_or_else(|e| panic!("call {i} failed: {} ({e})", e.code()));
        seen_all.push(seen.unwrap());
    }
    seen_all
}

/// Checks the final counters against hand-computed totals and the seen values against `0..N`.
fn check_totals(store: &dyn Store, mut seen: Vec<u64>) {
    let total = (WRITERS * CALLS) as u64;
    seen.sort_unstable();
    assert_eq!(
        seen,
        (0..total).collect::<Vec<_>>(),
        "every transaction saw a distinct count"
    );
    let d = store.session("shared").unwrap().unwrap();
    assert_eq!(d.summary.calls, 4_000);
    // i % 5 == 0 for 100 of each writer's 500 calls.
    assert_eq!(d.summary.denials, 800);
    // i % 3: 167, 167, 166 per writer.
    assert_eq!(d.calls_by_tool["bash"], 1_336);
    assert_eq!(d.calls_by_tool["read_file"], 1_336);
    assert_eq!(d.calls_by_tool["write_file"], 1_328);
    for r in ["r0", "r1", "r2", "r3"] {
        assert_eq!(d.calls_by_rule[r], 1_000, "{r}");
    }
    assert_eq!(d.calls_by_rule["all"], 4_000);
}

#[test]
fn eight_processes_share_one_state_file() {
    if role().as_deref() == Some("counter") {
        let store = SqliteStore::open(env_path(DB)).unwrap();
        let seen = write_calls(&store);
        let text: Vec<String> = seen.iter().map(u64::to_string).collect();
        std::fs::write(env_path(OUT), text.join("\n")).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The file does not exist yet: the children also race to create and migrate it.
    let db = dir.path().join("state").join("state.db");
    let children: Vec<_> = (0..WRITERS)
        .map(|n| {
            let out = dir.path().join(format!("seen-{n}.txt"));
            (
                spawn_self(
                    "concurrency::eight_processes_share_one_state_file",
                    "counter",
                    &db,
                    &out,
                ),
                out,
            )
        })
        .collect();
    let mut seen = Vec::new();
    for (mut child, out) in children {
        let status = child.0.wait().unwrap();
        assert!(status.success(), "a writer process failed: {status}");
        let text = std::fs::read_to_string(&out).unwrap();
        seen.extend(text.lines().map(|l| l.parse::<u64>().unwrap()));
    }
    let store = SqliteStore::open(&db).unwrap();
    check_totals(&store, seen);
    store.integrity_check().unwrap();
}

fn threads_on(stores: Vec<Arc<dyn Store>>) -> Vec<u64> {
    let handles: Vec<_> = stores
        .into_iter()
        .map(|s| thread::spawn(move || write_calls(s.as_ref())))
        .collect();
    handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect()
}

#[test]
fn eight_threads_share_one_sqlite_store() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path().join("s.db")).unwrap());
    let seen = threads_on(vec![store.clone(); WRITERS]);
    check_totals(store.as_ref(), seen);
}

#[test]
fn eight_threads_with_own_connections_on_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let stores: Vec<Arc<dyn Store>> = (0..WRITERS)
        .map(|_| Arc::new(SqliteStore::open(&db).unwrap()) as Arc<dyn Store>)
        .collect();
    let seen = threads_on(stores);
    check_totals(&SqliteStore::open(&db).unwrap(), seen);
}

#[test]
fn eight_threads_share_one_memory_store() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let seen = threads_on(vec![store.clone(); WRITERS]);
    check_totals(store.as_ref(), seen);
}

/// Waits (bounded) for `path` to exist.
fn wait_for(path: &Path) {
    let deadline = Instant::now() + Duration::from_mins(1);
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {}",
            path.display()
        );
        thread::sleep(Duration::from_millis(2));
    }
}

const RACERS: usize = 4;

#[test]
fn processes_racing_for_one_grant_exactly_one_wins() {
    if role().as_deref() == Some("consumer") {
        let out = env_path(OUT);
        let store = SqliteStore::open(env_path(DB)).unwrap();
        // Start together: everyone waits for the go file.
        wait_for(&out.with_file_name("go"));
        let key = TxKey::new(Some("s1"), "deploy", "H", 2_000);
        let mut consumed = false;
        store
            .transact(&key, &mut |v| {
                let grant = v.approval.as_ref().filter(|a| a.is_live_grant());
                consumed = grant.is_some();
                TxUpdate {
                    count_call: true,
                    consume_approval: grant.map(|a| a.approval_id.clone()),
                    ..TxUpdate::default()
                }
            })
            .unwrap();
        std::fs::write(out, if consumed { "consumed" } else { "not covered" }).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let store = SqliteStore::open(&db).unwrap();
    let id = new_approval_id().unwrap();
    let key = TxKey::new(Some("s1"), "deploy", "H", 1_000);
    store
        .transact(&key, &mut |_| TxUpdate {
            new_approval: Some(new_approval(&id, i64::MAX)),
            ..TxUpdate::default()
        })
        .unwrap();
    store.grant(&id, Some("alice"), None).unwrap();

    let children: Vec<_> = (0..RACERS)
        .map(|n| {
            let out = dir.path().join(format!("result-{n}"));
            let child = spawn_self(
                "concurrency::processes_racing_for_one_grant_exactly_one_wins",
                "consumer",
                &db,
                &out,
            );
            (child, out)
        })
        .collect();
    std::fs::write(dir.path().join("go"), "go").unwrap();
    let mut results = Vec::new();
    for (mut child, out) in children {
        assert!(child.0.wait().unwrap().success());
        results.push(std::fs::read_to_string(out).unwrap());
    }
    let winners = results.iter().filter(|r| *r == "consumed").count();
    assert_eq!(winners, 1, "{results:?}");
    assert_eq!(
        store.approval(&id).unwrap().unwrap().status,
        ApprovalStatus::Consumed
    );
    assert_eq!(
        store.session("s1").unwrap().unwrap().summary.calls,
        RACERS as u64
    );
}

#[test]
fn threads_racing_for_one_grant_exactly_one_wins() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path().join("s.db")).unwrap());
    let key = TxKey::new(None, "deploy", "H", 1_000);
    store
        .transact(&key, &mut |_| TxUpdate {
            new_approval: Some(new_approval("apr_race", i64::MAX)),
            ..TxUpdate::default()
        })
        .unwrap();
    store.grant("apr_race", None, None).unwrap();
    let barrier = Arc::new(std::sync::Barrier::new(WRITERS));
    let handles: Vec<_> = (0..WRITERS)
        .map(|_| {
            let (store, barrier) = (store.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                let out = store
                    .transact(&key, &mut |v| TxUpdate {
                        consume_approval: v
                            .approval
                            .as_ref()
                            .filter(|a| a.is_live_grant())
                            .map(|a| a.approval_id.clone()),
                        ..TxUpdate::default()
                    })
                    .unwrap();
                out.approval.is_some()
            })
        })
        .collect();
    let wins = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|w| *w)
        .count();
    assert_eq!(wins, 1);
}
