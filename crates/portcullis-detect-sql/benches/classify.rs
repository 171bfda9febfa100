//! Time per classified statement: `cargo bench -p portcullis-detect-sql --bench classify`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use portcullis_detect_sql::classify;

const CASES: &[(&str, &str, Option<&str>)] = &[
    (
        "select_simple",
        "SELECT id, name FROM users WHERE id = 42",
        Some("postgres"),
    ),
    (
        "select_join",
        "SELECT u.id, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE o.total > 100 ORDER BY o.total DESC LIMIT 10",
        Some("postgres"),
    ),
    (
        "delete_always_true",
        "DELETE FROM users WHERE id = 5 OR 1=1",
        Some("postgres"),
    ),
    (
        "stacked",
        "SELECT * FROM users; DROP TABLE users",
        Some("postgres"),
    ),
    (
        "mysql_comment",
        "SELECT 1; /*!50000 DROP TABLE users*/",
        Some("mysql"),
    ),
    (
        "no_hint_all_dialects",
        "UPDATE orders SET status = 'shipped' WHERE id IN (1, 2, 3)",
        None,
    ),
    ("unparseable", "SELEC * FORM users WHERE", None),
];

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("classify");
    group
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(30);
    for (name, sql, dialect) in CASES {
        group.bench_function(*name, |b| {
            b.iter(|| black_box(classify(black_box(sql), *dialect)));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
