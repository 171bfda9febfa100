//! Crash safety: a writer killed with SIGKILL mid-batch, and a write that fails part-way.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use portcullis_ledger::{FsyncPolicy, verify_file};
use serde_json::json;

use crate::support::{action, builder, decision, key, write_ledger};

const KILL_ROLE: &str = "PORTCULLIS_LEDGER_TEST_KILLED_WRITER";
const EFBIG_ROLE: &str = "PORTCULLIS_LEDGER_TEST_EFBIG";

#[test]
fn writer_killed_mid_batch_leaves_a_verifiable_prefix() {
    if let Ok(path) = std::env::var(KILL_ROLE) {
        append_forever(Path::new(&path));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash::writer_killed_mid_batch_leaves_a_verifiable_prefix",
            "--test-threads=1",
        ])
        .env(KILL_ROLE, &path)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it has written a good amount (bounded wait, not a timing assertion).
    let deadline = Instant::now() + Duration::from_mins(1);
    while fs::metadata(&path).map_or(0, |m| m.len()) < 2_000_000 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let keys = [key(1).public_key().clone()];
    let bytes = fs::read(&path).unwrap();
    let complete = bytes.iter().filter(|&&b| b == b'\n').count();
    let complete_entries = bytes
        .split(|&b| b == b'\n')
        .take(complete)
        .filter(|l| !l.starts_with(b"{\"head\""))
        .count() as u64;
    assert!(complete_entries > 0);
    let report = verify_file(&path, &keys);
    assert_eq!(report.entries, complete_entries, "{report}");
    let torn = !bytes.ends_with(b"\n");
    if torn {
        let f = report.failure.as_ref().unwrap();
        assert_eq!(f.kind.code(), "malformed_line");
        assert_eq!(f.line, Some(complete as u64 + 1));
    } else {
        assert!(report.ok, "{report}");
        assert!(!report.clean_close);
    }
    // The next writer repairs the torn tail and continues the chain.
    let w = builder(&path, key(1)).open().unwrap();
    assert_eq!(w.stats().repairs, u64::from(torn));
    assert_eq!(
        w.append(&decision(0), &action(0)).unwrap().seq,
        complete_entries + 1
    );
    w.close().unwrap();
    let report = verify_file(&path, &keys);
    assert!(report.ok, "{report}");
    assert_eq!(report.entries, complete_entries + 1);
}

/// Four threads appending large entries until killed.
fn append_forever(path: &Path) {
    let w = Arc::new(
        builder(path, key(1))
            .fsync(FsyncPolicy::Never)
            .checkpoint_every(100)
            .open()
            .unwrap(),
    );
    let mut a = action(1);
    // Large lines make a kill in the middle of a write likely.
    a.args.insert("blob".into(), json!("y".repeat(64 * 1024)));
    std::thread::scope(|s| {
        for t in 0..4 {
            let w = Arc::clone(&w);
            let a = a.clone();
            s.spawn(move || {
                for i in 0.. {
                    w.append(&decision(t * 1_000_000 + i), &a).unwrap();
                }
            });
        }
    });
}

/// A write that fails part-way (EFBIG from `ulimit -f`) is truncated away and reported.
#[test]
fn failed_write_leaves_the_file_as_it_was() {
    if let Ok(path) = std::env::var(EFBIG_ROLE) {
        let path = Path::new(&path);
        let before = fs::read(path).unwrap();
        let w = builder(path, key(1))
            .fsync(FsyncPolicy::Always)
            .open()
            .unwrap();
        let mut a = action(1);
        a.args.insert("blob".into(), json!("z".repeat(16 * 1024)));
        let err = w.append(&decision(9), &a).unwrap_err();
        assert_eq!(err.code(), "ledger_io", "{err}");
        assert_eq!(fs::read(path).unwrap(), before, "no half line left behind");
        // The writer is still usable for entries that fit.
        assert_eq!(w.append(&decision(4), &action(4)).unwrap().seq, 4);
        std::mem::forget(w); // no closing checkpoint: the limit may not leave room for it
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(dir.path(), 3, 100);
    let len = fs::metadata(&path).unwrap().len();
    // Allow the file to grow by about 2 KiB: room for a small entry, not a 16 KiB one.
    let blocks = len / 1024 + 3;
    let script = format!(
        "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" --exact crash::failed_write_leaves_the_file_as_it_was --test-threads=1"
    );
    let status = Command::new("bash")
        .args(["-c", &script])
        .arg(std::env::current_exe().unwrap())
        .env(EFBIG_ROLE, &path)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let report = verify_file(&path, &[key(1).public_key().clone()]);
    // Entries 1..=4 verify; the sidecar still vouches for 3.
    assert!(report.ok, "{report}");
    assert_eq!(report.entries, 4);
}
