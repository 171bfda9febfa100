//! Signed appends per second on one thread, per fsync policy, and entries verified per second.
//!
//! Run: `CARGO_TARGET_DIR=/work/target-ledger cargo bench -p portcullis-ledger --bench append`
//!
//! Two clocks: wall time (`append_one_thread`, `verify`) and the calling thread's CPU time
//! (`append_cpu`, `verify_cpu`, `CLOCK_THREAD_CPUTIME_ID`). On a shared machine the CPU
//! figure is the one-core cost; it leaves out time spent waiting for `fdatasync`, so `always`
//! and `batch` are only meaningful in wall time on an otherwise idle machine.

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a failure aborts the bench"
)]

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use portcullis_ledger::{
    FixedClock, FsyncPolicy, LedgerWriter, SigningKey, Timestamp, verify_file,
};
use portcullis_types::{Action, Decision, Effect, Finding, JsonMap, Mode};
use serde_json::json;

/// A realistic ~900-byte entry: a denied shell command with one finding.
fn sample() -> (Decision, Action) {
    let mut args = JsonMap::new();
    args.insert(
        "command".into(),
        json!("cd /srv/app && sudo rm -rf --no-preserve-root / # cleanup"),
    );
    args.insert("timeout".into(), json!(120));
    let mut action = Action::new("Bash", args);
    action.environment = Some("prod".into());
    let decision = Decision {
        decision_id: "01JD7Z2N4W9X3Q5R6S7T8V9W0X".into(),
        action_id: Some("call_8f2b1c".into()),
        decision: Effect::Deny,
        enforced: true,
        would_decision: Effect::Deny,
        rule_ids: vec![
            "block-destructive-shell".into(),
            "builtin:coding-agent/rm-root".into(),
        ],
        reason: "`rm -rf /` deletes the whole file system; ask a human instead".into(),
        findings: vec![
            Finding::new(
                "shell.rm_recursive_root",
                "recursive delete of the root directory",
                100,
            )
            .at("/command")
            .with_span(24, 52)
            .with_evidence("sudo rm -rf --no-preserve-root /"),
        ],
        risk_score: 100,
        approver: None,
        approval_id: None,
        approval_timeout: None,
        redactions: None,
        alerts: vec![],
        errors: vec![],
        policy_hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        mode: Mode::Enforce,
        timestamp: "2026-11-23T10:00:00.123456Z".into(),
        shadow: None,
        trace: None,
        ledger: None,
    };
    (decision, action)
}

fn writer(path: &Path, fsync: FsyncPolicy) -> LedgerWriter {
    let clock = FixedClock::new(Timestamp::parse("2026-11-23T10:00:00.123456Z").unwrap());
    LedgerWriter::builder(path, SigningKey::from_seed(&[7; 32]).unwrap())
        .fsync(fsync)
        .clock(Arc::new(clock))
        .open()
        .unwrap()
}

fn append(c: &mut Criterion) {
    let (decision, action) = sample();
    let mut group = c.benchmark_group("append_one_thread");
    group.throughput(Throughput::Elements(1));
    for (name, policy) in [
        ("never", FsyncPolicy::Never),
        ("batch64", FsyncPolicy::Batch { every: 64 }),
        ("always", FsyncPolicy::Always),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let w = writer(&dir.path().join("l.ndjson"), policy);
        group.bench_function(name, |b| {
            b.iter(|| black_box(w.append(&decision, &action).unwrap()));
        });
    }
    group.finish();
    // One thread handing 64 entries per call: one lock, one write, one sync per 64.
    let mut group = c.benchmark_group("append_many64");
    group.throughput(Throughput::Elements(64));
    let batch: Vec<(&Decision, &Action)> = (0..64).map(|_| (&decision, &action)).collect();
    for (name, policy) in [
        ("never", FsyncPolicy::Never),
        ("batch64", FsyncPolicy::Batch { every: 64 }),
        ("always", FsyncPolicy::Always),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let w = writer(&dir.path().join("l.ndjson"), policy);
        group.bench_function(name, |b| {
            b.iter(|| black_box(w.append_many(&batch).unwrap()));
        });
    }
    group.finish();
}

fn verify(c: &mut Criterion) {
    let (decision, action) = sample();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    let w = writer(&path, FsyncPolicy::Never);
    let n = 2000;
    for _ in 0..n {
        w.append(&decision, &action).unwrap();
    }
    w.close().unwrap();
    let keys = [SigningKey::from_seed(&[7; 32])
        .unwrap()
        .public_key()
        .clone()];
    let mut group = c.benchmark_group("verify");
    group.throughput(Throughput::Elements(n));
    group.sample_size(10);
    group.bench_function("entries", |b| {
        b.iter_batched(
            || (),
            |()| assert!(verify_file(&path, &keys).ok),
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

/// CPU time of the current thread, in nanoseconds.
struct CpuTime;

impl Measurement for CpuTime {
    type Intermediate = cpu_time::ThreadTime;
    type Value = u64;
    fn start(&self) -> cpu_time::ThreadTime {
        cpu_time::ThreadTime::now()
    }
    fn end(&self, start: cpu_time::ThreadTime) -> u64 {
        start.elapsed().as_nanos() as u64
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, _typical: f64, values: &mut [f64]) -> &'static str {
        for v in values {
            *v /= 1000.0;
        }
        "µs cpu"
    }
    fn scale_throughputs(&self, _typical: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let n = match t {
            Throughput::Elements(n) | Throughput::Bytes(n) | Throughput::BytesDecimal(n) => {
                *n as f64
            }
            Throughput::Bits(n) => *n as f64,
        };
        for v in values {
            *v = n * 1e9 / *v;
        }
        "elem/s cpu"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns cpu"
    }
}

fn append_cpu(c: &mut Criterion<CpuTime>) {
    let (decision, action) = sample();
    let mut group = c.benchmark_group("append_cpu");
    group.throughput(Throughput::Elements(1));
    for (name, policy) in [
        ("never", FsyncPolicy::Never),
        ("batch64", FsyncPolicy::Batch { every: 64 }),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let w = writer(&dir.path().join("l.ndjson"), policy);
        group.bench_function(name, |b| {
            b.iter(|| black_box(w.append(&decision, &action).unwrap()));
        });
    }
    group.finish();
    let mut group = c.benchmark_group("append_many64_cpu");
    group.throughput(Throughput::Elements(64));
    let batch: Vec<(&Decision, &Action)> = (0..64).map(|_| (&decision, &action)).collect();
    for (name, policy) in [
        ("never", FsyncPolicy::Never),
        ("batch64", FsyncPolicy::Batch { every: 64 }),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let w = writer(&dir.path().join("l.ndjson"), policy);
        group.bench_function(name, |b| {
            b.iter(|| black_box(w.append_many(&batch).unwrap()));
        });
    }
    group.finish();
}

/// The pieces of one append, for finding where the time goes.
fn parts_cpu(c: &mut Criterion<CpuTime>) {
    let (decision, action) = sample();
    let key = SigningKey::from_seed(&[7; 32]).unwrap();
    let body = portcullis_ledger::to_canonical(&decision).unwrap();
    let mut group = c.benchmark_group("parts_cpu");
    group.bench_function("canonical_decision", |b| {
        b.iter(|| black_box(portcullis_ledger::to_canonical(&decision).unwrap()));
    });
    group.bench_function("canonical_action", |b| {
        b.iter(|| black_box(portcullis_ledger::to_canonical(&action).unwrap()));
    });
    group.bench_function("check_representable", |b| {
        b.iter(|| portcullis_ledger::check_representable(black_box(&decision)).unwrap());
    });
    group.bench_function("sign_body", |b| b.iter(|| black_box(key.sign(&body))));
    group.bench_function("sha256_body", |b| {
        b.iter(|| black_box(portcullis_ledger::sha256_hex(&body)));
    });
    group.finish();
}

fn verify_cpu(c: &mut Criterion<CpuTime>) {
    let (decision, action) = sample();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    let w = writer(&path, FsyncPolicy::Never);
    let n = 2000;
    for _ in 0..n {
        w.append(&decision, &action).unwrap();
    }
    w.close().unwrap();
    let keys = [SigningKey::from_seed(&[7; 32])
        .unwrap()
        .public_key()
        .clone()];
    let mut group = c.benchmark_group("verify_cpu");
    group.throughput(Throughput::Elements(n));
    group.sample_size(10);
    group.bench_function("entries", |b| {
        b.iter(|| assert!(verify_file(&path, &keys).ok));
    });
    group.finish();
}

criterion_group!(benches, append, verify);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(CpuTime);
    targets = append_cpu, parts_cpu, verify_cpu
}
criterion_main!(benches, cpu);
