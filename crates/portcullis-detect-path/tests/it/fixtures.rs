//! Fixture files (one input per line) with insta snapshots of the output, ruff style.

use std::fmt::Write as _;
use std::path::PathBuf;

use portcullis_detect_path::{Access, classify, normalize};

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

/// `\0` in a fixture line stands for a NUL byte.
fn unescape(line: &str) -> String {
    line.replace("\\0", "\0")
}

#[test]
fn normalize_fixtures() {
    let mut out = String::new();
    for line in fixture("normalize.txt").lines() {
        let p = normalize(&unescape(line));
        let mut flags = Vec::new();
        for (on, name) in [
            (p.is_home_relative(), "home"),
            (p.is_absolute(), "absolute"),
            (p.had_traversal(), "traversal"),
            (p.had_nul(), "nul"),
            (p.from_url(), "url"),
            (p.is_windows_form(), "windows"),
            (p.is_glob(), "glob"),
        ] {
            if on {
                flags.push(name);
            }
        }
        writeln!(out, "{line:?} -> {:?} [{}]", p.as_str(), flags.join(",")).unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn classify_fixtures() {
    let mut out = String::new();
    for line in fixture("classify.txt").lines() {
        let (access, path) = line.split_once(' ').unwrap();
        let access = Access::parse(access).unwrap();
        let r = classify(&unescape(path), access);
        writeln!(
            out,
            "{access} {path:?} -> {:?} sensitive={} critical={}",
            r.normalized, r.sensitive, r.critical
        )
        .unwrap();
        for f in &r.findings {
            writeln!(out, "    {} risk={} {}", f.code, f.risk, f.message).unwrap();
        }
    }
    insta::assert_snapshot!(out);
}
