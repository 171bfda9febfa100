//! Criterion benches: normalise and classify short paths, globs and a compiled `PathSet`.

#![allow(clippy::unwrap_used, reason = "bench setup with fixed, valid inputs")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use portcullis_detect_path::{Access, PathSet, classify, normalize};

const SHORT: &[&str] = &[
    "src/main.rs",
    ".env",
    "~/.ssh/id_rsa",
    "/etc/shadow",
    "./a/../.env",
    r"C:\Users\x\.aws\credentials",
    "/proc/self/root/etc/passwd",
    "node_modules/react/index.js",
];

fn benches(c: &mut Criterion) {
    c.bench_function("normalize/short", |b| {
        b.iter(|| {
            for p in SHORT {
                black_box(normalize(black_box(p)));
            }
        });
    });
    for p in ["src/main.rs", "~/.ssh/id_rsa", "./a/../.env"] {
        c.bench_function(&format!("classify/{p}"), |b| {
            b.iter(|| black_box(classify(black_box(p), Access::Read)));
        });
    }
    c.bench_function("classify/glob ~/.ssh/*", |b| {
        b.iter(|| black_box(classify(black_box("~/.ssh/*"), Access::Read)));
    });
    c.bench_function("classify/glob src/**/*.rs", |b| {
        b.iter(|| black_box(classify(black_box("src/**/*.rs"), Access::Read)));
    });
    let set = PathSet::new(&["~/.ssh/**", "**/.env*", "*.pem", "/etc/**", "secrets/**"]).unwrap();
    c.bench_function("pathset/5 patterns", |b| {
        b.iter(|| black_box(set.is_match(black_box("/home/bob/project/src/main.rs"))));
    });
}

criterion_group!(group, benches);
criterion_main!(group);
