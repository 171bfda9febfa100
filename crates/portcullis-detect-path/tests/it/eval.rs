//! The evaluation set in `testdata/eval/path/`: recall on sensitive paths (plain and evasive
//! spellings) and false alarms on benign look-alikes from real repositories.

use std::path::PathBuf;

use portcullis_detect_path::{Access, classify};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    path: String,
    access: String,
    sensitive: bool,
    codes: Vec<String>,
    source: String,
}

fn eval_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/eval/path")
}

fn load(name: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(eval_dir().join(name)).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
        .collect()
}

/// A path is flagged when some finding is worth at least an approval (risk ≥ 50).
const FLAG_RISK: u8 = 50;

struct Score {
    total: usize,
    hits: usize,
    misses: Vec<String>,
}

fn score(cases: &[Case]) -> Score {
    let mut s = Score {
        total: 0,
        hits: 0,
        misses: Vec::new(),
    };
    for c in cases {
        assert!(!c.source.is_empty());
        let access = Access::parse(&c.access).unwrap();
        let r = classify(&c.path, access);
        let flagged = r.risk() >= FLAG_RISK;
        let codes: Vec<&str> = r.codes().collect();
        let codes_ok = c.codes.iter().all(|e| codes.contains(&e.as_str()));
        s.total += 1;
        let ok = if c.sensitive {
            flagged && codes_ok
        } else {
            !flagged
        };
        if ok {
            s.hits += 1;
        } else {
            s.misses.push(format!(
                "{:?} ({}) expected {:?} got {:?}",
                c.path, c.access, c.codes, codes
            ));
        }
    }
    s
}

#[test]
fn path_eval_recall_and_false_alarms() {
    let sensitive: Vec<Case> = load("sensitive.jsonl")
        .into_iter()
        .chain(load("evasive.jsonl"))
        .collect();
    let benign = load("benign.jsonl");
    let evasive = load("evasive.jsonl").len();
    assert!(sensitive.iter().all(|c| c.sensitive));
    assert!(benign.iter().all(|c| !c.sensitive && c.codes.is_empty()));

    let s = score(&sensitive);
    let b = score(&benign);
    let recall = s.hits as f64 / s.total as f64;
    let false_alarms = (b.total - b.hits) as f64 / b.total as f64;
    println!(
        "path eval: recall {:.2}% ({}/{}, {} evasive), false alarms {:.2}% ({}/{})",
        recall * 100.0,
        s.hits,
        s.total,
        evasive,
        false_alarms * 100.0,
        b.total - b.hits,
        b.total
    );
    for m in &s.misses {
        println!("  missed: {m}");
    }
    for m in &b.misses {
        println!("  false alarm: {m}");
    }
    assert!(
        sensitive.len() >= 300,
        "{} sensitive cases",
        sensitive.len()
    );
    assert!(evasive >= 100, "{evasive} evasive cases");
    assert!(benign.len() >= 300, "{} benign cases", benign.len());
    assert!(recall >= 0.97, "recall {recall}");
    assert!(false_alarms <= 0.03, "false alarms {false_alarms}");
}
