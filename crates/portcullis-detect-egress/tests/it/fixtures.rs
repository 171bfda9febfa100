//! Fixture targets (one per line) with an insta snapshot of the parsed target and findings.

use std::fmt::Write as _;
use std::path::PathBuf;

use portcullis_detect_egress::{EgressPolicy, parse_target};

#[test]
fn target_fixtures() {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/targets.txt"),
    )
    .unwrap();
    let policy = EgressPolicy::new(
        &["*.github.com".to_owned(), "github.com".to_owned()],
        &["evil.com".to_owned()],
    )
    .unwrap();
    let mut out = String::new();
    for line in text.lines() {
        match parse_target(line) {
            Ok(t) => {
                writeln!(
                    out,
                    "{line:?} -> scheme={:?} host={} port={:?} path={:?} userinfo={} trick={} obfuscated={} zone={:?}",
                    t.scheme, t.host, t.port, t.path, t.had_userinfo, t.userinfo_trick,
                    t.obfuscated_ip, t.zone
                )
                .unwrap();
            }
            Err(e) => writeln!(out, "{line:?} -> error {}: {e}", e.code()).unwrap(),
        }
        let r = policy.check(line);
        writeln!(
            out,
            "    class={} allowed_host={}",
            r.class.map_or("none", |c| c.as_str()),
            r.allowed_host
        )
        .unwrap();
        for f in &r.findings {
            writeln!(out, "    {} risk={} {}", f.code, f.risk, f.message).unwrap();
        }
    }
    insta::assert_snapshot!(out);
}
