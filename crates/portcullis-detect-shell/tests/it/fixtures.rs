//! ruff-style fixtures: one command per line in `tests/fixtures/*.txt`, findings snapshotted.

use std::fmt::Write as _;
use std::path::Path;

use portcullis_detect_shell::analyze;

fn render(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    let text = std::fs::read_to_string(path).expect("fixture");
    let mut out = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let a = analyze(line);
        writeln!(out, "$ {line}").unwrap();
        for f in &a.findings {
            let span = f
                .span
                .map(|s| format!("{}..{}", s.start, s.end))
                .unwrap_or_default();
            writeln!(
                out,
                "  {} risk={} span={span}: {}",
                f.code, f.risk, f.message
            )
            .unwrap();
        }
        for c in &a.commands {
            let args: Vec<&str> = c
                .args
                .iter()
                .map(portcullis_detect_shell::Word::as_str)
                .collect();
            writeln!(
                out,
                "  cmd {} {args:?} via {:?} depth {}",
                c.name, c.wrappers, c.depth
            )
            .unwrap();
        }
        for p in &a.paths {
            writeln!(out, "  path {:?} {} by {}", p.access, p.path, p.command).unwrap();
        }
        for n in &a.network {
            writeln!(
                out,
                "  net {:?} {} by {} files {:?}",
                n.kind, n.target, n.command, n.files
            )
            .unwrap();
        }
        if a.unparseable {
            writeln!(out, "  UNPARSEABLE").unwrap();
        }
    }
    out
}

#[test]
fn fixture_rm() {
    insta::assert_snapshot!(render("rm.txt"));
}

#[test]
fn fixture_wrappers() {
    insta::assert_snapshot!(render("wrappers.txt"));
}

#[test]
fn fixture_network() {
    insta::assert_snapshot!(render("network.txt"));
}

#[test]
fn fixture_ops() {
    insta::assert_snapshot!(render("ops.txt"));
}

#[test]
fn fixture_benign() {
    insta::assert_snapshot!(render("benign.txt"));
}
