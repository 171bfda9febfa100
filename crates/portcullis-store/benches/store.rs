//! Transactions per second, one thread: memory and SQLite.
//!
//! Each iteration is one counted call on one session with two rate windows and two rule ids,
//! the shape of a hook call; the clock advances 100 ms per call, so a 60 s window holds up to
//! 600 calls.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use portcullis_store::{MemoryStore, RateWindow, SqliteStore, Store, TxKey, TxUpdate};

fn one_call(store: &dyn Store, windows: &[RateWindow], now: i64) {
    let key = TxKey::new(Some("bench-session"), "bash", "hash", now).with_rate_windows(windows);
    let out = store
        .transact(&key, &mut |v| {
            black_box(&v.view);
            TxUpdate {
                count_call: true,
                rule_ids: vec!["rule-a".to_owned(), "rule-b".to_owned()],
                risk: 10,
                ..TxUpdate::default()
            }
        })
        .map(|o| o.view.calls);
    black_box(out).ok();
}

fn transact(c: &mut Criterion) {
    let windows = [
        RateWindow::new("bash_per_min", "bash", 60_000),
        RateWindow::new("all_per_min", "*", 60_000),
    ];
    let mut group = c.benchmark_group("transact");
    group.throughput(Throughput::Elements(1));

    let memory = MemoryStore::new();
    let mut now = 0_i64;
    group.bench_function("memory", |b| {
        b.iter(|| {
            now += 100;
            one_call(&memory, &windows, now);
        });
    });

    let dir = tempfile::tempdir().ok();
    let path = dir.as_ref().map_or_else(
        || std::env::temp_dir().join("portcullis-store-bench.db"),
        |d| d.path().join("bench.db"),
    );
    if let Ok(sqlite) = SqliteStore::open(&path) {
        let mut now = 0_i64;
        group.bench_function("sqlite", |b| {
            b.iter(|| {
                now += 100;
                one_call(&sqlite, &windows, now);
            });
        });
        group.bench_function("sqlite_anonymous", |b| {
            b.iter(|| {
                let key = TxKey::new(None, "bash", "hash", 0);
                black_box(sqlite.transact(&key, &mut |_| TxUpdate::default()).is_ok());
            });
        });
    }
    group.finish();
}

criterion_group!(benches, transact);
criterion_main!(benches);
