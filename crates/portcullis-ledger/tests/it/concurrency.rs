//! Many threads and many processes appending to one ledger.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use portcullis_ledger::{FsyncPolicy, Record, read_records, verify_file};

use crate::support::{action, builder, decision, key};

/// Environment variable that turns this test binary into a child appender.
const ROLE: &str = "PORTCULLIS_LEDGER_TEST_APPEND";

#[test]
fn threads_share_one_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    let w = Arc::new(builder(&path, key(1)).checkpoint_every(256).open().unwrap());
    std::thread::scope(|s| {
        for t in 0..8_u64 {
            let w = Arc::clone(&w);
            s.spawn(move || {
                let mut last = 0;
                for i in 0..250 {
                    let r = w.append(&decision(t * 1000 + i), &action(i)).unwrap();
                    // Each thread sees its own appends in increasing seq order.
                    assert!(r.seq > last);
                    last = r.seq;
                }
            });
        }
    });
    let stats = w.stats();
    assert_eq!(stats.appends, 2000);
    assert!(stats.commits <= 2000);
    Arc::into_inner(w).unwrap().close().unwrap();
    let report = verify_file(&path, &[key(1).public_key().clone()]);
    assert!(report.ok, "{report}");
    assert_eq!(report.entries, 2000);
}

/// 8 processes × 500 appends at once. Each child is this test binary, re-executed with `ROLE`
/// set, running this same test, which then appends instead of spawning.
#[test]
fn eight_processes_append_to_one_ledger() {
    if let Ok(path) = std::env::var(ROLE) {
        append_as_child(Path::new(&path), 500);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..8)
        .map(|_| {
            Command::new(&exe)
                .args([
                    "--exact",
                    "concurrency::eight_processes_append_to_one_ledger",
                    "--test-threads=1",
                ])
                .env(ROLE, &path)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let report = verify_file(&path, &[key(1).public_key().clone()]);
    assert!(report.ok, "{report}");
    assert_eq!(report.entries, 4000);
    // Every child's 500 decisions are there, each once.
    let mut ids: Vec<String> = read_records(&path)
        .unwrap()
        .filter_map(|r| match r.unwrap().record {
            Record::Entry(e) => Some(e.decision["decision_id"].as_str().unwrap().to_owned()),
            Record::Checkpoint(_) => None,
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4000);
}

fn append_as_child(path: &Path, n: u64) {
    let w = builder(path, key(1))
        .fsync(FsyncPolicy::Batch { every: 64 })
        .checkpoint_every(512)
        .open()
        .unwrap();
    let pid = u64::from(std::process::id());
    for i in 0..n {
        w.append(&decision(pid * 1_000_000 + i), &action(i))
            .unwrap();
    }
    w.close().unwrap();
}
