//! Scan throughput on secret-free text (prose, source code, JSON logs) and on secret-dense text.
//!
//! `cargo bench -p portcullis-detect-secrets --bench scan`; criterion reports MB/s
//! (throughput in bytes of input).

#![allow(clippy::indexing_slicing, reason = "bench code")]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use portcullis_detect_secrets::Scanner;

const SIZE: usize = 1 << 20;

fn repeat_to_size(parts: &[&str]) -> String {
    let mut out = String::with_capacity(SIZE + 4096);
    let mut i = 0usize;
    while out.len() < SIZE {
        let part = parts[i % parts.len()];
        // Vary numbers so the text is not one repeated block.
        let _ = writeln!(out, "{part} {i}");
        i += 1;
    }
    out
}

fn prose() -> String {
    repeat_to_size(&[
        "Portcullis decides every tool call an agent proposes before it runs, from a policy and built-in detectors.",
        "A password manager keeps credentials encrypted under a master password; rotate keys and tokens regularly.",
        "The committee met on Tuesday to review the budget, the hiring plan and the roadmap for the next quarter.",
        "Language models read and write tokens; the max_tokens parameter limits how long a completion may be.",
        "In cryptography a secret key must stay private, while a public key may be shared with anyone at all.",
        "She walked along the river past the old mill, where the path turns north toward the village square.",
    ])
}

fn code() -> String {
    repeat_to_size(&[
        "fn parse(input: &str) -> Result<Vec<Token>, Error> { let mut tokens = Vec::new(); for c in input.chars() {",
        "    let key = format!(\"{}:{}\", self.namespace, id); map.insert(key.clone(), value); // cache key",
        "def authenticate(self, password: str) -> bool: return check_password_hash(self.password_hash, password)",
        "const apiKey = process.env.OPENAI_API_KEY; if (!apiKey) throw new Error('missing key');",
        "    match token.kind { TokenKind::Ident => self.ident(token), TokenKind::Number => self.number(token), _ => None }",
        "import os, sys, json; from pathlib import Path; config = json.loads(Path('config.json').read_text())",
        "SELECT id, name, created_at FROM users WHERE id = $1 AND deleted_at IS NULL ORDER BY created_at DESC;",
    ])
}

fn json_logs() -> String {
    repeat_to_size(&[
        r#"{"ts":"2024-06-01T12:00:00Z","level":"info","msg":"request finished","request_id":"8f14e45f-ceea-467e-a9f1-0b8a3c9d2e11","path":"/v1/orders","status":200,"duration_ms":12}"#,
        r#"{"ts":"2024-06-01T12:00:01Z","level":"warn","msg":"token refreshed","user":"u_123","expires_in":3600,"token_count":512,"commit":"3f786850e387550fdab836ed7e6dc881de23001b"}"#,
        r#"{"ts":"2024-06-01T12:00:02Z","level":"debug","msg":"cache miss","key":"session:42","integrity":"sha512-q2bVqYkQ2s9a3WZlq7+1vL0b8l3QhC7YQ==","bytes":2048}"#,
    ])
}

fn dense() -> String {
    repeat_to_size(&[
        "export GITHUB_TOKEN=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",
        "AWS_ACCESS_KEY_ID=AKIAQWERTYUI2345ABCD AWS_SECRET_ACCESS_KEY=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",
        "STRIPE_SECRET_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "DATABASE_URL=postgres://app:Zx9kQ2mP7w@db.internal:5432/orders",
        r#"{"api_key": "Qm9vT2xkV2lzaDk4NzY1NDMyMTA5OA", "region": "eu-west-1"}"#,
    ])
}

fn bench(c: &mut Criterion) {
    let scanner = Scanner::builtin();
    let mut group = c.benchmark_group("scan");
    group
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(20);
    for (name, text) in [
        ("prose", prose()),
        ("code", code()),
        ("json_logs", json_logs()),
        ("secret_dense", dense()),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("scan/{name}"), |b| {
            b.iter(|| black_box(scanner.scan(black_box(&text))));
        });
        group.bench_function(format!("ac/{name}"), |b| {
            b.iter(|| black_box(scanner.keyword_hits(black_box(&text))));
        });
        if name != "secret_dense" {
            group.bench_function(format!("is_clean/{name}"), |b| {
                b.iter(|| black_box(scanner.is_clean(black_box(&text))));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
