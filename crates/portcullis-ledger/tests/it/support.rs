//! Shared fixtures: deterministic keys, clocks, decisions and ledgers.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use portcullis_ledger::{Clock, LedgerWriter, SigningKey, Timestamp, WriterBuilder};
use portcullis_types::{Action, Decision, Effect, JsonMap, Mode};
use serde_json::json;

/// A key from a fixed seed, so signatures (and snapshots) are reproducible.
pub(crate) fn key(n: u8) -> SigningKey {
    SigningKey::from_seed(&[n; 32]).unwrap()
}

/// A clock that ticks one millisecond per reading, from 2026-01-01T00:00:00Z.
#[derive(Debug)]
pub(crate) struct TickClock(AtomicI64);

impl TickClock {
    pub(crate) fn new() -> Arc<TickClock> {
        Arc::new(TickClock(AtomicI64::new(1_767_225_600_000_000)))
    }
}

impl Clock for TickClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_unix_micros(self.0.fetch_add(1000, Ordering::Relaxed))
    }
}

pub(crate) fn action(i: u64) -> Action {
    let mut args = JsonMap::new();
    args.insert("command".into(), json!(format!("ls -la /tmp/{i}")));
    args.insert("n".into(), json!(i));
    args.insert("ratio".into(), json!(0.5));
    Action::new("bash", args)
}

pub(crate) fn decision(i: u64) -> Decision {
    Decision {
        decision_id: format!("d-{i}"),
        action_id: None,
        decision: if i.is_multiple_of(3) {
            Effect::Deny
        } else {
            Effect::Allow
        },
        enforced: true,
        would_decision: if i.is_multiple_of(3) {
            Effect::Deny
        } else {
            Effect::Allow
        },
        rule_ids: vec!["block-dotenv-reads".into()],
        reason: format!("decision {i} — “quoted”"),
        findings: vec![],
        risk_score: (i % 100) as u8,
        approver: None,
        approval_id: None,
        approval_timeout: None,
        redactions: None,
        alerts: vec![],
        errors: vec![],
        policy_hash: "5d41402abc4b2a76b9719d911017c592".into(),
        mode: Mode::Enforce,
        timestamp: "2026-01-01T00:00:00.000000Z".into(),
        shadow: None,
        trace: None,
        ledger: None,
    }
}

/// A writer with a tick clock and the given key.
pub(crate) fn builder(path: &Path, key: SigningKey) -> WriterBuilder {
    LedgerWriter::builder(path, key).clock(TickClock::new())
}

/// Writes `n` entries with key 1, checkpoints every `every`, and closes cleanly.
pub(crate) fn write_ledger(dir: &Path, n: u64, every: u64) -> PathBuf {
    let path = dir.join("ledger.ndjson");
    let w = builder(&path, key(1))
        .checkpoint_every(every)
        .open()
        .unwrap();
    for i in 1..=n {
        w.append(&decision(i), &action(i)).unwrap();
    }
    w.close().unwrap();
    path
}

pub(crate) fn lines(path: &Path) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(path).unwrap();
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

pub(crate) fn write_lines(path: &Path, lines: &[Vec<u8>]) {
    std::fs::write(path, lines.concat()).unwrap();
}
