//! Precision, recall and F1 on the generated evaluation set, with exact-span matching.

use std::collections::BTreeSet;
use std::path::PathBuf;

use portcullis_detect_secrets::Scanner;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sample {
    text: String,
    secrets: Vec<Expected>,
    source: String,
}

#[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[serde(deny_unknown_fields)]
struct Expected {
    kind: String,
    start: usize,
    end: usize,
}

pub(crate) fn eval_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/eval/secrets")
}

fn load(name: &str) -> Vec<Sample> {
    let text = std::fs::read_to_string(eval_dir().join(name)).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[derive(Debug, Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

#[test]
fn eval_set_is_large_enough_and_covers_every_kind() {
    let pos = load("positives.jsonl");
    let neg = load("negatives.jsonl");
    assert!(pos.len() >= 300, "{} positives", pos.len());
    assert!(neg.len() >= 300, "{} negatives", neg.len());
    assert!(neg.iter().all(|s| s.secrets.is_empty()));
    let covered: BTreeSet<&str> = pos
        .iter()
        .flat_map(|s| s.secrets.iter().map(|e| e.kind.as_str()))
        .collect();
    let missing: Vec<&str> = portcullis_detect_secrets::kinds()
        .into_iter()
        .filter(|k| !covered.contains(k))
        .collect();
    assert!(
        missing.is_empty(),
        "kinds without a positive sample: {missing:?}"
    );
    assert!(portcullis_detect_secrets::kinds().len() >= 60);
}

#[test]
fn f1_with_exact_spans_is_at_least_0_95() {
    let scanner = Scanner::builtin();
    let mut score = Score::default();
    let mut errors = Vec::new();
    for sample in load("positives.jsonl")
        .iter()
        .chain(load("negatives.jsonl").iter())
    {
        let want: BTreeSet<Expected> = sample.secrets.iter().cloned().collect();
        let got: BTreeSet<Expected> = scanner
            .scan(&sample.text)
            .iter()
            .map(|m| Expected {
                kind: m.kind.to_owned(),
                start: m.start,
                end: m.end,
            })
            .collect();
        let tp = want.intersection(&got).count();
        score.tp += tp;
        score.fp += got.len() - tp;
        score.fn_ += want.len() - tp;
        if want != got {
            errors.push(format!(
                "{}: want {:?} got {:?} in {:?}",
                sample.source,
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>(),
                sample.text.chars().take(160).collect::<String>()
            ));
        }
    }
    eprintln!(
        "secrets eval: tp={} fp={} fn={} precision={:.4} recall={:.4} f1={:.4}",
        score.tp,
        score.fp,
        score.fn_,
        score.precision(),
        score.recall(),
        score.f1()
    );
    for e in &errors {
        eprintln!("  {e}");
    }
    assert!(
        score.f1() >= 0.95,
        "f1 {:.4} < 0.95; {} mismatching samples",
        score.f1(),
        errors.len()
    );
}
