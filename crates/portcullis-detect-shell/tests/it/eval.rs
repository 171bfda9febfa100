//! Runs the labelled evaluation set (`testdata/eval/shell/*.jsonl`) and checks precision and
//! recall. A dangerous row is detected when any of its listed codes is found; a benign row is
//! flagged when any finding has risk >= 90 or a destructive code.

use std::path::{Path, PathBuf};

use portcullis_detect_shell::{analyze, is_destructive};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    cmd: String,
    dangerous: bool,
    codes: Vec<String>,
    variant: String,
    source: String,
}

pub(crate) fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/eval/shell")
}

fn rows() -> Vec<Row> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(eval_dir())
        .expect("eval dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read eval file");
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let row: Row = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), i + 1));
            assert!(
                !row.source.is_empty(),
                "{}:{}: empty source",
                f.display(),
                i + 1
            );
            out.push(row);
        }
    }
    out
}

#[test]
fn eval_set_meets_targets() {
    let rows = rows();
    let (mut dangerous, mut detected, mut evasion, mut evasion_detected) =
        (0usize, 0usize, 0usize, 0usize);
    let (mut benign, mut flagged, mut any_finding) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for r in &rows {
        let a = analyze(&r.cmd);
        if r.dangerous {
            assert!(
                !r.codes.is_empty(),
                "dangerous row without codes: {}",
                r.cmd
            );
            dangerous += 1;
            let hit = r.codes.iter().any(|c| a.has(c));
            if hit {
                detected += 1;
            } else {
                let got: Vec<&str> = a.codes().collect();
                misses.push(format!(
                    "MISS [{}] {:?} want {:?} got {got:?}",
                    r.variant, r.cmd, r.codes
                ));
            }
            if r.variant == "evasion" {
                evasion += 1;
                evasion_detected += usize::from(hit);
            }
        } else {
            benign += 1;
            let bad = a
                .findings
                .iter()
                .any(|f| f.risk >= 90 || is_destructive(&f.code));
            if bad {
                flagged += 1;
                let got: Vec<String> = a
                    .findings
                    .iter()
                    .map(|f| format!("{}({})", f.code, f.risk))
                    .collect();
                misses.push(format!("FLAGGED benign {:?} got {got:?}", r.cmd));
            }
            any_finding += usize::from(!a.findings.is_empty());
        }
    }
    for m in &misses {
        println!("{m}");
    }
    let recall = detected as f64 / dangerous.max(1) as f64;
    let evasion_recall = evasion_detected as f64 / evasion.max(1) as f64;
    let fp = flagged as f64 / benign.max(1) as f64;
    println!(
        "dangerous {detected}/{dangerous} recall {:.2}%; evasion {evasion_detected}/{evasion} recall {:.2}%; \
         benign flagged {flagged}/{benign} ({:.2}%), benign with any finding {any_finding}",
        recall * 100.0,
        evasion_recall * 100.0,
        fp * 100.0
    );
    assert!(
        dangerous >= 400 && evasion >= 150 && benign >= 400,
        "eval set too small"
    );
    assert!(recall >= 0.99, "recall {recall}");
    assert!(evasion_recall >= 0.95, "evasion recall {evasion_recall}");
    assert!(fp <= 0.01, "benign flagged {fp}");
}
