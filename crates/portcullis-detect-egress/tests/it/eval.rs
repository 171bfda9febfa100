//! The evaluation set in `testdata/eval/egress/`: SSRF bypass forms and ordinary public hosts.

use std::path::PathBuf;

use portcullis_detect_egress::{EgressPolicy, HostClass};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    target: String,
    class: String,
    codes: Vec<String>,
}

fn load(name: &str) -> Vec<Case> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/eval/egress")
        .join(name);
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
        .collect()
}

/// Checks one case; `None` when it passes, else why not.
fn check(policy: &EgressPolicy, c: &Case) -> Option<String> {
    let r = policy.check(&c.target);
    let got_class = r.class.map_or("unparseable", HostClass::as_str);
    let codes: Vec<&str> = r.codes().collect();
    let missing: Vec<&String> = c
        .codes
        .iter()
        .filter(|e| !codes.contains(&e.as_str()))
        .collect();
    if got_class == c.class && missing.is_empty() {
        None
    } else {
        Some(format!(
            "{:?}: expected {} {:?}, got {} {:?}",
            c.target, c.class, c.codes, got_class, codes
        ))
    }
}

#[test]
fn egress_eval() {
    let policy = EgressPolicy::default();
    let risky = load("ssrf.jsonl");
    let public = load("public.jsonl");
    assert!(risky.len() + public.len() >= 200);
    assert!(risky.iter().all(|c| c.class != "public"));
    assert!(public.iter().all(|c| c.class == "public"));

    let risky_fail: Vec<String> = risky.iter().filter_map(|c| check(&policy, c)).collect();
    let public_fail: Vec<String> = public.iter().filter_map(|c| check(&policy, c)).collect();
    // Public hosts wrongly put in a non-public class (the false alarms that matter).
    let public_misclassed: Vec<&Case> = public
        .iter()
        .filter(|c| policy.check(&c.target).class != Some(HostClass::Public))
        .collect();
    let rate = 1.0 - risky_fail.len() as f64 / risky.len() as f64;
    println!(
        "egress eval: risky targets {:.2}% correct ({}/{}), public hosts {}/{} exact, {} misclassified",
        rate * 100.0,
        risky.len() - risky_fail.len(),
        risky.len(),
        public.len() - public_fail.len(),
        public.len(),
        public_misclassed.len()
    );
    for f in risky_fail.iter().chain(&public_fail) {
        println!("  wrong: {f}");
    }
    assert!(rate >= 0.95, "risky-target accuracy {rate}");
    assert!(public_misclassed.is_empty(), "{public_misclassed:?}");
    assert!(public_fail.is_empty(), "{public_fail:?}");
}
