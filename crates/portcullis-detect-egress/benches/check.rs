//! Criterion benches: parse and check targets.

#![allow(clippy::unwrap_used, reason = "bench setup with fixed, valid inputs")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use portcullis_detect_egress::{EgressPolicy, parse_target};

fn benches(c: &mut Criterion) {
    for t in [
        "https://api.github.com/repos/o/r",
        "http://0x7f.1/",
        "http://169.254.169.254/latest/meta-data/",
        "example.com:443",
    ] {
        c.bench_function(&format!("parse/{t}"), |b| {
            b.iter(|| black_box(parse_target(black_box(t))));
        });
    }
    let policy = EgressPolicy::new(
        &[
            "*.github.com".to_owned(),
            ".pypi.org".to_owned(),
            "registry.npmjs.org".to_owned(),
            "10.0.0.0/8".to_owned(),
        ],
        &["gist.github.com".to_owned()],
    )
    .unwrap();
    c.bench_function("check/allow-listed host", |b| {
        b.iter(|| black_box(policy.check(black_box("https://api.github.com/repos/o/r"))));
    });
    c.bench_function("check/rebinding name", |b| {
        b.iter(|| black_box(policy.check(black_box("http://10-0-0-1.sslip.io/"))));
    });
}

criterion_group!(group, benches);
criterion_main!(group);
