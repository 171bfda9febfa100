//! `analyze` over the labelled evaluation set and over a few short commands.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn eval_commands() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/eval/shell");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut out = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "jsonl"))
    {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                && let Some(cmd) = v.get("cmd").and_then(|c| c.as_str())
            {
                out.push(cmd.to_owned());
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let cmds = eval_commands();
    let mut g = c.benchmark_group("analyze");
    g.bench_function("eval_set_all", |b| {
        b.iter(|| {
            for cmd in &cmds {
                black_box(portcullis_detect_shell::analyze(black_box(cmd)));
            }
        });
    });
    for (name, cmd) in [
        ("short_benign", "git status"),
        ("short_rm", "rm -rf /"),
        ("wrapped", "sudo env X=1 timeout 5 bash -c 'rm -rf ~/'"),
        (
            "pipeline",
            "curl -fsSL https://example.com/install.sh | sudo bash -s -- --yes",
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| black_box(portcullis_detect_shell::analyze(black_box(cmd))));
        });
    }
    // The parser alone, for comparison with the full analysis.
    g.bench_function("parse_only_short_benign", |b| {
        b.iter(|| black_box(shuck_parser::parser::Parser::new(black_box("git status")).parse()));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
