//! The public API as the engine uses it.

use portcullis_detect_secrets::{Confidence, Scanner, kinds, redact, to_finding};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn scanner_is_shareable() {
    assert_send_sync::<Scanner>();
    assert!(std::ptr::eq(Scanner::builtin(), Scanner::builtin()));
}

#[test]
fn at_least_sixty_kinds_with_stable_codes() {
    let k = kinds();
    assert!(k.len() >= 60, "{}", k.len());
    assert!(
        k.contains(&"aws_access_key") && k.contains(&"github_pat") && k.contains(&"private_key")
    );
}

#[test]
fn span_is_the_value_not_the_name_nor_quotes() {
    let text = r#"{"client_secret": "Zq8vT3nB7xK2mW9pL4rY6cJ1"}"#;
    let found = Scanner::new().scan(text);
    assert_eq!(found.len(), 1);
    assert_eq!(
        &text[found[0].start..found[0].end],
        "Zq8vT3nB7xK2mW9pL4rY6cJ1"
    );
    assert_eq!(found[0].kind, "generic_secret");
    assert_eq!(found[0].confidence, Confidence::Low);
}

#[test]
fn checksum_decides_confidence() {
    let good = "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";
    let bad = "ghp_zuZ3Tl5Qx8bVYjc7rB9aKw2LmPf0Ns0LWD3w";
    assert_eq!(
        Scanner::builtin().scan(good)[0].confidence,
        Confidence::High
    );
    assert_eq!(Scanner::builtin().scan(bad)[0].confidence, Confidence::Low);
}

#[test]
fn finding_evidence_never_holds_the_secret() {
    let text = "AWS_ACCESS_KEY_ID=AKIAQWERTYUI2345ABCD";
    let m = Scanner::builtin().scan(text)[0];
    let f = to_finding(&m);
    assert_eq!(f.code, "secret.aws_access_key");
    assert_eq!(f.evidence.as_deref(), Some("AKIA…[REDACTED]"));
    assert!(!f.message.contains("QWERTY"));
    assert_eq!(f.span.map(|s| (s.start, s.end)), Some((18, 38)));
    assert_eq!(
        redact(text, &[m]),
        "AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key]"
    );
}

#[test]
fn private_key_span_is_the_whole_block() {
    let body =
        "MIIEpAIBAAKCAQEAq8vT3nB7xK2mW9pL4rY6cJ1Zq8vT3nB7xK2mW9pL4rY6cJ1Zq8vT3nB7xK2mW9pL4rY6cJ1";
    let block = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----");
    let text = format!("key:\n{block}\nnext: 1");
    let found = Scanner::builtin().scan(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, "rsa_private_key");
    assert_eq!(&text[found[0].start..found[0].end], block);
}
