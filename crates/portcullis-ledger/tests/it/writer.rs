//! Appending: chaining, checkpoints, privacy, masking, refusals, torn-tail repair, reading.

use std::fs;

use portcullis_ledger::{
    ActionRecording, FixedClock, FsyncPolicy, LedgerWriter, Masking, Record, SidecarMode,
    SidecarStatus, Timestamp, VerifyOptions, read_records, sha256_hex, sidecar_path, tail,
    to_canonical, verify_file, verify_file_with,
};
use serde_json::{Value, json};

use crate::support::{action, builder, decision, key, lines, write_ledger};

#[test]
fn appends_chain_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    let w = builder(&path, key(1)).checkpoint_every(4).open().unwrap();
    let mut prev = None;
    for i in 1..=10 {
        let r = w.append(&decision(i), &action(i)).unwrap();
        assert_eq!(r.seq, i);
        assert_eq!(r.key_id, key(1).key_id().as_str());
        assert_ne!(Some(r.hash.clone()), prev);
        prev = Some(r.hash);
    }
    assert_eq!(w.head().seq, 10);
    let stats = w.stats();
    assert_eq!((stats.appends, stats.checkpoints), (10, 2));
    let head = w.close().unwrap();
    assert_eq!(head.seq, 10);

    let report = verify_file(&path, &[key(1).public_key().clone()]);
    assert!(report.ok, "{report}");
    assert_eq!(report.entries, 10);
    assert_eq!(report.checkpoints, 3); // after 4, after 8, and at close
    assert!(report.clean_close);
    assert_eq!(report.sidecar, SidecarStatus::Matched);
    assert_eq!(report.head.as_ref().unwrap().hash, head.hash);
    assert_eq!(report.last_checkpoint.as_ref().unwrap().line, 13);
    // The sidecar holds the last line of the file.
    let sidecar = fs::read(sidecar_path(&path)).unwrap();
    assert_eq!(&sidecar, lines(&path).last().unwrap());

    // Each entry's prev_hash is the SHA-256 of the previous entry's canonical body.
    let records: Vec<_> = read_records(&path).unwrap().map(Result::unwrap).collect();
    let entries: Vec<_> = records
        .iter()
        .filter_map(|r| match &r.record {
            Record::Entry(e) => Some((e, &r.hash)),
            Record::Checkpoint(_) => None,
        })
        .collect();
    for pair in entries.windows(2) {
        assert_eq!(pair[1].0.prev_hash, *pair[0].1);
    }
    // The hash is over the canonical JSON of the entry without `sig`.
    let mut first: Value = serde_json::to_value(entries[0].0).unwrap();
    first.as_object_mut().unwrap().remove("sig");
    assert_eq!(sha256_hex(&to_canonical(&first).unwrap()), *entries[0].1);
}

#[test]
fn reopening_continues_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(dir.path(), 3, 100);
    let w = builder(&path, key(1)).open().unwrap();
    assert_eq!(w.head().seq, 3);
    assert_eq!(w.append(&decision(4), &action(4)).unwrap().seq, 4);
    drop(w); // drop closes cleanly too
    let report = verify_file(&path, &[key(1).public_key().clone()]);
    assert!(report.ok && report.clean_close, "{report}");
    assert_eq!(report.entries, 4);
}

#[test]
fn entry_line_snapshot() {
    // Fixed seed and clock: the line, including the Ed25519 signature, is reproducible.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    let clock = FixedClock::new(Timestamp::parse("2026-01-02T03:04:05.000006Z").unwrap());
    let w = LedgerWriter::builder(&path, key(1))
        .clock(std::sync::Arc::new(clock))
        .open()
        .unwrap();
    w.append(&decision(1), &action(1)).unwrap();
    w.close().unwrap();
    let text = fs::read_to_string(&path).unwrap();
    insta::assert_snapshot!(text);
}

#[test]
fn privacy_mode_records_only_the_hash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    let w = builder(&path, key(1))
        .action_recording(ActionRecording::HashOnly)
        .open()
        .unwrap();
    w.append(&decision(1), &action(1)).unwrap();
    w.close().unwrap();
    let rec = read_records(&path).unwrap().next().unwrap().unwrap();
    let Record::Entry(e) = rec.record else {
        panic!("not an entry")
    };
    assert!(e.action.is_none());
    assert_eq!(
        e.action_hash,
        sha256_hex(&to_canonical(&action(1)).unwrap())
    );
    assert!(!fs::read_to_string(&path).unwrap().contains("ls -la"));
    assert!(verify_file(&path, &[key(1).public_key().clone()]).ok);
}

#[test]
fn masking_applies_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    let masking = Masking::new(
        vec!["/action/args/command".into()],
        vec!["/decision/reason".into()],
    )
    .unwrap();
    let w = builder(&path, key(1)).masking(masking).open().unwrap();
    w.append(&decision(1), &action(1)).unwrap();
    w.close().unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("ls -la") && !text.contains("quoted"),
        "{text}"
    );
    let rec = read_records(&path).unwrap().next().unwrap().unwrap();
    let Record::Entry(e) = rec.record else {
        panic!("not an entry")
    };
    assert_eq!(
        e.action.as_ref().unwrap()["args"]["command"],
        json!("[MASKED]")
    );
    assert!(e.decision.get("reason").is_none());
    // action_hash is of the recorded (masked) action, so verify can check it.
    assert_eq!(
        e.action_hash,
        sha256_hex(&to_canonical(e.action.as_ref().unwrap()).unwrap())
    );
    assert!(verify_file(&path, &[key(1).public_key().clone()]).ok);
}

#[test]
fn refuses_values_canonical_json_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(dir.path(), 2, 100);
    let before = fs::read(&path).unwrap();
    let w = builder(&path, key(1)).open().unwrap();
    let mut a = action(3);
    a.args.insert("id".into(), json!(9_007_199_254_740_993_u64));
    let err = w.append(&decision(3), &a).unwrap_err();
    assert_eq!(err.code(), "integer_out_of_range");
    assert!(err.to_string().contains("9007199254740993"), "{err}");
    let mut a = action(3);
    a.args.insert("n".into(), json!(-9_007_199_254_740_992_i64));
    assert_eq!(
        w.append(&decision(3), &a).unwrap_err().code(),
        "integer_out_of_range"
    );
    // Nothing was written; the next append continues at seq 3.
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(w.append(&decision(3), &action(3)).unwrap().seq, 3);
}

#[test]
fn refuses_oversized_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    let w = builder(&path, key(1)).open().unwrap();
    let mut a = action(1);
    a.args
        .insert("blob".into(), json!("x".repeat(5 * 1024 * 1024)));
    assert_eq!(
        w.append(&decision(1), &a).unwrap_err().code(),
        "entry_too_large"
    );
}

#[test]
fn torn_tail_is_reported_then_repaired_by_the_next_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(dir.path(), 5, 100);
    let keys = [key(1).public_key().clone()];
    // A writer died halfway through a line.
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(br#"{"action":{"args":{"comm"#);
    fs::write(&path, &bytes).unwrap();
    let report = verify_file(&path, &keys);
    let failure = report.failure.as_ref().unwrap();
    assert_eq!(failure.kind.code(), "malformed_line");
    assert_eq!((failure.line, failure.seq), (Some(7), Some(6)));
    assert_eq!(
        report.entries, 5,
        "everything before the torn line verifies"
    );
    // `tail` skips the torn line; the writer cuts it off before appending.
    assert_eq!(tail(&path, 1).unwrap()[0].record.seq(), 5);
    let w = builder(&path, key(1)).open().unwrap();
    assert_eq!(w.stats().repairs, 1);
    assert_eq!(w.append(&decision(6), &action(6)).unwrap().seq, 6);
    w.close().unwrap();
    let report = verify_file(&path, &keys);
    assert!(report.ok, "{report}");
    assert_eq!(report.entries, 6);
}

#[test]
fn refuses_to_append_after_a_foreign_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    fs::write(&path, "not a ledger\n").unwrap();
    let err = builder(&path, key(1)).open().unwrap_err();
    assert_eq!(err.code(), "malformed_record");
}

#[test]
fn tail_and_records_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(dir.path(), 7, 3);
    let all: Vec<_> = read_records(&path).unwrap().map(Result::unwrap).collect();
    // 7 entries, checkpoints after 3 and 6, and one at close.
    assert_eq!(all.len(), 10);
    assert_eq!(all[3].line, Some(4));
    assert!(matches!(all[3].record, Record::Checkpoint(ref c) if c.seq == 3));
    let last = tail(&path, 2).unwrap();
    assert_eq!(last.len(), 2);
    assert!(matches!(last[0].record, Record::Entry(ref e) if e.seq == 7));
    assert!(matches!(last[1].record, Record::Checkpoint(ref c) if c.seq == 7));
    assert_eq!(last[0].hash, all[8].hash);
    assert_eq!(tail(&path, 100).unwrap().len(), 10);
}

#[test]
fn key_rotation_verifies_with_both_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(dir.path(), 3, 100);
    let w = builder(&path, key(2)).open().unwrap();
    for i in 4..=6 {
        let r = w.append(&decision(i), &action(i)).unwrap();
        assert_eq!(r.key_id, key(2).key_id().as_str());
    }
    w.close().unwrap();
    let both = [key(1).public_key().clone(), key(2).public_key().clone()];
    let report = verify_file(&path, &both);
    assert!(report.ok, "{report}");
    assert_eq!(report.key_ids.len(), 2);
    // Without the new key, the first entry it signed is the first failure.
    let only_old = [key(1).public_key().clone()];
    let opts = VerifyOptions {
        sidecar: SidecarMode::Ignore,
    };
    let report = verify_file_with(&path, &only_old, &opts);
    let f = report.failure.unwrap();
    assert_eq!(
        (f.kind.code(), f.seq, f.line),
        ("unknown_key", Some(4), Some(5))
    );
    // With the sidecar (signed by the new key), that is reported first.
    let report = verify_file(&path, &only_old);
    assert_eq!(report.failure.unwrap().kind.code(), "unknown_key");
}

#[test]
fn fsync_policies_parse() {
    assert_eq!(
        "always".parse::<FsyncPolicy>().unwrap(),
        FsyncPolicy::Always
    );
    assert_eq!("never".parse::<FsyncPolicy>().unwrap(), FsyncPolicy::Never);
    assert_eq!(
        "batch".parse::<FsyncPolicy>().unwrap(),
        FsyncPolicy::Batch { every: 64 }
    );
    assert_eq!(
        "batch:8".parse::<FsyncPolicy>().unwrap(),
        FsyncPolicy::Batch { every: 8 }
    );
    assert_eq!(
        "sometimes".parse::<FsyncPolicy>().unwrap_err().code(),
        "invalid_fsync_policy"
    );
    assert!("batch:0".parse::<FsyncPolicy>().is_err());
}

#[test]
fn every_fsync_policy_produces_a_valid_ledger() {
    for policy in [
        FsyncPolicy::Always,
        FsyncPolicy::Batch { every: 3 },
        FsyncPolicy::Never,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.ndjson");
        let w = builder(&path, key(1)).fsync(policy).open().unwrap();
        for i in 1..=7 {
            w.append(&decision(i), &action(i)).unwrap();
        }
        let syncs = w.stats().syncs;
        match policy {
            FsyncPolicy::Always => assert_eq!(syncs, 7),
            FsyncPolicy::Batch { .. } => assert_eq!(syncs, 2),
            FsyncPolicy::Never => assert_eq!(syncs, 0),
        }
        w.close().unwrap();
        assert!(verify_file(&path, &[key(1).public_key().clone()]).ok);
    }
}

#[test]
fn empty_ledger_closes_with_a_genesis_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.ndjson");
    builder(&path, key(1)).open().unwrap().close().unwrap();
    let report = verify_file(&path, &[key(1).public_key().clone()]);
    assert!(report.ok, "{report}");
    assert_eq!((report.entries, report.checkpoints), (0, 1));
    assert_eq!(
        report.last_checkpoint.unwrap().head,
        portcullis_ledger::GENESIS_HASH
    );
}

/// What is signed and hashed, checked with tools that share no code with this crate: the
/// entry minus its `"sig":"…",` member is what `openssl pkeyutl` verifies and what
/// `openssl dgst -sha256` hashes into the next `prev_hash`.
#[test]
fn signed_bytes_check_out_with_openssl() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(dir.path(), 2, 100);
    let l = lines(&path);
    let first = String::from_utf8(l[0].clone()).unwrap();
    let second: Value = serde_json::from_slice(&l[1]).unwrap();
    let start = first.find(",\"sig\":\"").unwrap();
    let sig_hex = &first[start + 8..start + 8 + 128];
    let body = format!("{}{}", &first[..=start], &first[start + 8 + 128 + 2..])
        .trim_end()
        .to_owned();
    let d = dir.path();
    fs::write(d.join("body"), &body).unwrap();
    fs::write(d.join("sig"), hex::decode(sig_hex).unwrap()).unwrap();
    fs::write(d.join("pub.pem"), key(1).public_key().to_spki_pem()).unwrap();
    let verify = Command::new("openssl")
        .args([
            "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "body",
            "-sigfile", "sig",
        ])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    let dgst = Command::new("openssl")
        .args(["dgst", "-sha256", "-r", "body"])
        .current_dir(d)
        .output()
        .unwrap();
    let digest = String::from_utf8(dgst.stdout).unwrap();
    assert_eq!(
        digest.split(' ').next().unwrap(),
        second["prev_hash"].as_str().unwrap()
    );
}

#[test]
fn append_many_is_one_commit_and_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(dir.path(), 2, 100);
    let w = builder(&path, key(1))
        .fsync(FsyncPolicy::Always)
        .open()
        .unwrap();
    let (d3, a3, d4, a4) = (decision(3), action(3), decision(4), action(4));
    let refs = w.append_many(&[(&d3, &a3), (&d4, &a4)]).unwrap();
    assert_eq!(refs.iter().map(|r| r.seq).collect::<Vec<_>>(), [3, 4]);
    assert_eq!((w.stats().commits, w.stats().syncs), (1, 1));
    // One bad record refuses the whole batch.
    let before = fs::read(&path).unwrap();
    let mut bad = action(6);
    bad.args.insert("x".into(), json!(u64::MAX));
    let (d5, a5, d6) = (decision(5), action(5), decision(6));
    assert_eq!(
        w.append_many(&[(&d5, &a5), (&d6, &bad)])
            .unwrap_err()
            .code(),
        "integer_out_of_range"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    w.close().unwrap();
    let report = verify_file(&path, &[key(1).public_key().clone()]);
    assert!(report.ok, "{report}");
    assert_eq!(report.entries, 4);
}
