//! Tamper tests: every kind of damage fails verification with the right seq and kind.

use std::fs;
use std::path::{Path, PathBuf};

use portcullis_ledger::{
    PublicKey, SidecarMode, SidecarStatus, SigningKey, VerifyOptions, VerifyReport, sha256_hex,
    sidecar_path, to_canonical, verify_file, verify_file_with,
};
use proptest::prelude::*;
use serde_json::Value;

use crate::support::{action, builder, decision, key, lines, write_ledger, write_lines};

/// 10 entries, checkpoints every 4. Lines (1-based): e1 e2 e3 e4 c4 e5 e6 e7 e8 c8 e9 e10 c10.
fn base() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_ledger(dir.path(), 10, 4);
    (dir, path)
}

fn keys() -> Vec<PublicKey> {
    vec![key(1).public_key().clone()]
}

/// (kind, seq, line) of the failure.
fn failure(report: &VerifyReport) -> (&'static str, Option<u64>, Option<u64>) {
    let f = report
        .failure
        .as_ref()
        .unwrap_or_else(|| panic!("verified: {report}"));
    assert!(!report.ok);
    (f.kind.code(), f.seq, f.line)
}

/// Re-signs a line after `edit`, with `signer`, naming `key_id` (or the signer's own).
fn resign(
    line: &[u8],
    signer: &SigningKey,
    key_id: Option<&str>,
    edit: impl FnOnce(&mut Value),
) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(line).unwrap();
    edit(&mut v);
    let obj = v.as_object_mut().unwrap();
    obj.remove("sig");
    obj.insert(
        "key_id".into(),
        key_id.unwrap_or(signer.key_id().as_str()).into(),
    );
    let body = to_canonical(&v).unwrap();
    let sig = hex::encode(signer.sign(&body));
    v.as_object_mut().unwrap().insert("sig".into(), sig.into());
    let mut out = to_canonical(&v).unwrap();
    out.push(b'\n');
    out
}

fn body_hash(line: &[u8]) -> String {
    let mut v: Value = serde_json::from_slice(line).unwrap();
    v.as_object_mut().unwrap().remove("sig");
    sha256_hex(&to_canonical(&v).unwrap())
}

#[test]
fn untouched_ledger_passes() {
    let (_d, path) = base();
    let report = verify_file(&path, &keys());
    assert!(report.ok, "{report}");
    assert_eq!((report.entries, report.checkpoints), (10, 3));
    assert_eq!(report.sidecar, SidecarStatus::Matched);
    insta::assert_json_snapshot!(report);
}

#[test]
fn flipped_byte_is_a_bad_signature() {
    let (_d, path) = base();
    let mut l = lines(&path);
    // Line 7 is entry 6; change one letter of its reason ("decision 6").
    let at = l[6].windows(10).position(|w| w == b"decision 6").unwrap();
    l[6][at] ^= 0x01;
    write_lines(&path, &l);
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("bad_signature", Some(6), Some(7))
    );
}

#[test]
fn flipped_signature_digit_is_a_bad_signature() {
    let (_d, path) = base();
    let mut l = lines(&path);
    let at = l[2].windows(7).position(|w| w == b"\"sig\":\"").unwrap() + 7;
    l[2][at] = if l[2][at] == b'0' { b'1' } else { b'0' };
    write_lines(&path, &l);
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("bad_signature", Some(3), Some(3))
    );
}

#[test]
fn deleted_line_is_a_gap() {
    let (_d, path) = base();
    let mut l = lines(&path);
    l.remove(6); // entry 6
    write_lines(&path, &l);
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("gap", Some(6), Some(7))
    );
}

#[test]
fn deleted_entry_before_a_checkpoint_is_a_gap() {
    let (_d, path) = base();
    let mut l = lines(&path);
    l.remove(8); // entry 8, followed by checkpoint 8
    write_lines(&path, &l);
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("gap", Some(8), Some(9))
    );
}

#[test]
fn swapped_lines_are_reordered() {
    let (_d, path) = base();
    let mut l = lines(&path);
    l.swap(6, 7); // entries 6 and 7
    write_lines(&path, &l);
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("reordered", Some(6), Some(7))
    );
}

#[test]
fn distant_swap_is_reordered() {
    let (_d, path) = base();
    let mut l = lines(&path);
    l.swap(1, 10); // entries 2 and 9
    write_lines(&path, &l);
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("reordered", Some(2), Some(2))
    );
}

#[test]
fn cut_tail_is_truncated() {
    let (_d, path) = base();
    let l = lines(&path);
    write_lines(&path, &l[..9]); // up to entry 8, checkpoint 8 gone too
    let report = verify_file(&path, &keys());
    assert_eq!(failure(&report), ("truncated", Some(9), Some(10)));
    assert_eq!(report.entries, 8);
    assert_eq!(report.sidecar, SidecarStatus::Failed);
    // Without the sidecar the shorter ledger is internally consistent: that is why it exists.
    let opts = VerifyOptions {
        sidecar: SidecarMode::Ignore,
    };
    assert!(verify_file_with(&path, &keys(), &opts).ok);
}

#[test]
fn cut_tail_at_a_checkpoint_is_truncated() {
    let (_d, path) = base();
    let l = lines(&path);
    write_lines(&path, &l[..10]); // ends with checkpoint 8: looks closed, but the sidecar says 10
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("truncated", Some(9), Some(11))
    );
}

#[test]
fn deleted_final_checkpoint_is_truncated() {
    let (_d, path) = base();
    let l = lines(&path);
    write_lines(&path, &l[..12]);
    let (kind, seq, _) = failure(&verify_file(&path, &keys()));
    assert_eq!((kind, seq), ("truncated", Some(10)));
}

#[test]
fn deleted_sidecar_is_reported_when_required() {
    let (_d, path) = base();
    fs::remove_file(sidecar_path(&path)).unwrap();
    let report = verify_file(&path, &keys());
    assert!(report.ok);
    assert_eq!(report.sidecar, SidecarStatus::Absent);
    let opts = VerifyOptions {
        sidecar: SidecarMode::Require,
    };
    let report = verify_file_with(&path, &keys(), &opts);
    assert_eq!(report.failure.unwrap().kind.code(), "truncated");
}

#[test]
fn tampered_sidecar_is_a_bad_signature() {
    let (_d, path) = base();
    let sc = sidecar_path(&path);
    let text = fs::read_to_string(&sc)
        .unwrap()
        .replace("\"seq\":10", "\"seq\":11");
    fs::write(&sc, text).unwrap();
    let report = verify_file(&path, &keys());
    assert_eq!(failure(&report).0, "bad_signature");
    assert_eq!(
        report.failure.unwrap().record,
        portcullis_ledger::RecordKind::Sidecar
    );
}

#[test]
fn appended_entry_signed_by_another_key_is_unknown() {
    let (_d, path) = base();
    let sidecar = fs::read(sidecar_path(&path)).unwrap();
    // The attacker appends a well-formed, chained entry with their own key...
    let w = builder(&path, key(9)).open().unwrap();
    assert_eq!(w.append(&decision(11), &action(11)).unwrap().seq, 11);
    drop(w);
    // ...and either leaves the sidecar alone,
    let attacker_sidecar = fs::read(sidecar_path(&path)).unwrap();
    fs::write(sidecar_path(&path), &sidecar).unwrap();
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("unknown_key", Some(11), Some(14))
    );
    // ...or lets their writer replace it, which is caught first.
    fs::write(sidecar_path(&path), attacker_sidecar).unwrap();
    let report = verify_file(&path, &keys());
    assert_eq!(failure(&report).0, "unknown_key");
}

#[test]
fn edited_entry_resigned_with_another_key() {
    let (_d, path) = base();
    let original = lines(&path);
    let edit = |v: &mut Value| v["decision"]["decision"] = "allow".into();
    // Entry 6 (line 7) is `deny` (6 % 3 == 0); flip it to allow and re-sign with key 9.
    let mut l = original.clone();
    l[6] = resign(&l[6], &key(9), None, edit);
    write_lines(&path, &l);
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("unknown_key", Some(6), Some(7))
    );
    // Claiming the real key id does not help.
    let mut l = original.clone();
    l[6] = resign(&l[6], &key(9), Some(key(1).key_id().as_str()), edit);
    write_lines(&path, &l);
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("bad_signature", Some(6), Some(7))
    );
    // Even if key 9 is trusted (rotation), the edit changes the hash and breaks the chain.
    let both = [key(1).public_key().clone(), key(9).public_key().clone()];
    let mut l = original.clone();
    l[6] = resign(&l[6], &key(9), None, edit);
    write_lines(&path, &l);
    assert_eq!(
        failure(&verify_file(&path, &both)),
        ("broken_chain", Some(7), Some(8))
    );
}

#[test]
fn rewritten_suffix_with_a_trusted_key_is_caught_by_the_checkpoint() {
    let (_d, path) = base();
    let mut l = lines(&path);
    // Re-sign entries 5..8 (lines 6..9) with key 9, re-chained, the first one edited.
    let mut prev = body_hash(&l[3]);
    for (n, i) in (5..=8).zip(5..9) {
        let p = prev.clone();
        l[i] = resign(&l[i], &key(9), None, |v| {
            v["prev_hash"] = p.into();
            if n == 5 {
                v["decision"]["reason"] = "nothing to see".into();
            }
        });
        prev = body_hash(&l[i]);
    }
    write_lines(&path, &l);
    let both = [key(1).public_key().clone(), key(9).public_key().clone()];
    let report = verify_file(&path, &both);
    assert_eq!(failure(&report), ("hash_mismatch", Some(8), Some(10)));
    assert_eq!(
        report.failure.unwrap().record,
        portcullis_ledger::RecordKind::Checkpoint
    );
}

#[test]
fn action_hash_is_checked() {
    let (_d, path) = base();
    let mut l = lines(&path);
    l[0] = resign(&l[0], &key(9), None, |v| {
        v["action"]["args"]["command"] = "rm -rf /".into();
    });
    write_lines(&path, &l);
    let both = [key(1).public_key().clone(), key(9).public_key().clone()];
    assert_eq!(
        failure(&verify_file(&path, &both)),
        ("hash_mismatch", Some(1), Some(1))
    );
}

#[test]
fn non_canonical_line_is_malformed() {
    let (_d, path) = base();
    let mut l = lines(&path);
    // Same JSON value, one extra space: the signature covers canonical bytes only.
    let s = String::from_utf8(l[1].clone())
        .unwrap()
        .replacen("{\"action\":", "{ \"action\":", 1);
    l[1] = s.into_bytes();
    write_lines(&path, &l);
    assert_eq!(
        failure(&verify_file(&path, &keys())),
        ("malformed_line", Some(2), Some(2))
    );
}

#[test]
fn hostile_inputs_do_not_panic() {
    let k = keys();
    let deep = format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let long_line = vec![b'x'; 5 * 1024 * 1024];
    for input in [
        b"".to_vec(),
        b"\n\n".to_vec(),
        b"\xff\xfe\n".to_vec(),
        deep.into_bytes(),
        long_line,
        b"{\"sig\":\"\"}\n".to_vec(),
    ] {
        let r = portcullis_ledger::verify_bytes(&input, &k, None);
        assert!(r.ok == input.is_empty(), "{r}");
    }
}

// ---- property test: random ledgers, random damage ----

#[derive(Debug, Clone)]
enum Damage {
    /// Flip bits of one byte of line `line` at relative position `pos`.
    Flip {
        line: prop::sample::Index,
        pos: prop::sample::Index,
        mask: u8,
    },
    /// Delete an entry line.
    DeleteEntry(prop::sample::Index),
    /// Swap two different entry lines.
    SwapEntries(prop::sample::Index, prop::sample::Index),
    /// Cut the file at a byte offset.
    Truncate(prop::sample::Index),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            1..=255_u8
        )
            .prop_map(|(line, pos, mask)| Damage::Flip { line, pos, mask }),
        any::<prop::sample::Index>().prop_map(Damage::DeleteEntry),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| Damage::SwapEntries(a, b)),
        any::<prop::sample::Index>().prop_map(Damage::Truncate),
    ]
}

/// The seq expected at each line position: entries before it + 1.
fn expected_at(l: &[Vec<u8>]) -> Vec<u64> {
    let mut n = 0;
    l.iter()
        .map(|line| {
            let e = n + 1;
            if !line.starts_with(b"{\"head\"") {
                n += 1;
            }
            e
        })
        .collect()
}

/// Applies the damage; returns the acceptable kinds, acceptable seqs and the expected line.
fn apply(path: &Path, d: &Damage) -> Option<(Vec<&'static str>, Vec<u64>, Option<u64>)> {
    let l = lines(path);
    let exp = expected_at(&l);
    let entries: Vec<usize> = (0..l.len())
        .filter(|&i| !l[i].starts_with(b"{\"head\""))
        .collect();
    let is_checkpoint = |i: usize| l[i].starts_with(b"{\"head\"");
    match d {
        Damage::Flip { line, pos, mask } => {
            let i = line.index(l.len());
            let p = pos.index(l[i].len());
            let mut l2 = l.clone();
            l2[i][p] ^= mask;
            write_lines(path, &l2);
            let kinds = vec!["bad_signature", "malformed_line", "unknown_key"];
            // A damaged checkpoint reports the seq it vouches for (one less than expected),
            // unless the line is no longer a record at all.
            let seqs = if is_checkpoint(i) {
                vec![exp[i] - 1, exp[i]]
            } else {
                vec![exp[i]]
            };
            Some((kinds, seqs, Some(i as u64 + 1)))
        }
        Damage::DeleteEntry(ix) => {
            let i = entries[ix.index(entries.len())];
            let mut l2 = l.clone();
            l2.remove(i);
            write_lines(path, &l2);
            Some((vec!["gap"], vec![exp[i]], Some(i as u64 + 1)))
        }
        Damage::SwapEntries(a, b) => {
            let (i, j) = (
                entries[a.index(entries.len())],
                entries[b.index(entries.len())],
            );
            if i == j {
                return None;
            }
            let (i, j) = (i.min(j), i.max(j));
            let mut l2 = l.clone();
            l2.swap(i, j);
            write_lines(path, &l2);
            Some((vec!["reordered"], vec![exp[i]], Some(i as u64 + 1)))
        }
        Damage::Truncate(at) => {
            let bytes = l.concat();
            let t = at.index(bytes.len());
            fs::write(path, &bytes[..t]).unwrap();
            // Complete lines kept, and whether the cut is inside a line.
            let kept = bytes[..t].iter().filter(|&&b| b == b'\n').count();
            let n_entries = entries.len() as u64;
            if t > 0 && bytes[t - 1] != b'\n' {
                Some((
                    vec!["malformed_line"],
                    vec![exp[kept]],
                    Some(kept as u64 + 1),
                ))
            } else {
                let entries_kept = entries.iter().filter(|&&i| i < kept).count() as u64;
                let seq = if entries_kept < n_entries {
                    entries_kept + 1
                } else {
                    n_entries
                };
                Some((vec!["truncated"], vec![seq], None))
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_damage_is_detected_at_the_right_seq(n in 1_u64..25, every in 1_u64..8, d in damage()) {
        let dir = tempfile::tempdir().unwrap();
        let path = write_ledger(dir.path(), n, every);
        prop_assert!(verify_file(&path, &keys()).ok);
        let Some((kinds, seqs, line)) = apply(&path, &d) else { return Ok(()) };
        let report = verify_file(&path, &keys());
        let f = report.failure.clone();
        prop_assert!(!report.ok, "undetected {:?}", d);
        let f = f.unwrap();
        prop_assert!(kinds.contains(&f.kind.code()), "{:?}: {}", d, report);
        prop_assert!(f.seq.is_some_and(|s| seqs.contains(&s)), "{:?}: want seq {:?}: {}", d, seqs, report);
        if line.is_some() {
            prop_assert_eq!(f.line, line, "{:?}: {}", d, report);
        }
    }
}
