//! Properties: no panic on any UTF-8, spans well-formed, redaction removes every secret and is
//! idempotent.

use portcullis_detect_secrets::{Scanner, redact};
use proptest::prelude::*;

/// Synthetic secrets of several formats (valid checksums where the format has one).
const SECRETS: &[&str] = &[
    "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",
    "AKIAQWERTYUI2345ABCD",
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "xoxb-243888486581-3669458861654-HGb3CXlMaXZjljENUhJduRHH",
    "glpat-Zk3mQ8vN2xR7pL4wT9yB",
    "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",
    "AIzaSyD3kQ9mVx7Lp2Rt8Wn4Bc6Jh1Fg5Ks0Pqe",
];

fn filler() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("export TOKEN=".to_owned()),
        Just("\"key\": \"".to_owned()),
        // Formats need a boundary before the prefix (`xghp_…` is not a token).
        "[a-z ]{0,20} ",
        "\\PC{0,12}\n",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn scan_never_panics_and_spans_are_well_formed(text in "\\PC{0,300}") {
        let scanner = Scanner::builtin();
        let found = scanner.scan(&text);
        let mut last_end = 0;
        for m in &found {
            prop_assert!(m.start < m.end && m.end <= text.len());
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            prop_assert!(m.start >= last_end, "overlapping or unsorted spans");
            prop_assert_eq!(m.code, format!("secret.{}", m.kind));
            last_end = m.end;
        }
        prop_assert_eq!(scanner.is_clean(&text), found.is_empty());
    }

    #[test]
    fn redaction_removes_every_secret_and_is_idempotent(
        before in filler(),
        index in 0..SECRETS.len(),
        after in prop_oneof![Just(String::new()), Just("\n".to_owned()), Just(" done".to_owned()), Just("\"".to_owned())],
    ) {
        let secret = SECRETS[index];
        let text = format!("{before}{secret}{after}");
        let scanner = Scanner::builtin();
        let found = scanner.scan(&text);
        prop_assert!(found.iter().any(|m| &text[m.start..m.end] == secret), "{secret} not found in {text:?}");
        let once = redact(&text, &found);
        prop_assert!(!once.contains(secret));
        for m in &found {
            prop_assert!(!once.contains(&text[m.start..m.end]));
        }
        // Redacted text holds nothing left to redact.
        let again = scanner.scan(&once);
        prop_assert!(again.is_empty(), "{again:?} in {once:?}");
        prop_assert_eq!(redact(&once, &again), once.clone());
    }

    #[test]
    fn redact_never_panics_on_arbitrary_spans(text in "\\PC{0,60}", spans in proptest::collection::vec((0usize..80, 0usize..80), 0..6)) {
        let matches: Vec<_> = spans
            .into_iter()
            .map(|(a, b)| portcullis_detect_secrets::SecretMatch {
                kind: "k",
                code: "secret.k",
                start: a.min(b),
                end: a.max(b),
                risk: 1,
                confidence: portcullis_detect_secrets::Confidence::Low,
                prefix: "",
            })
            .collect();
        let out = redact(&text, &matches);
        prop_assert!(out.len() <= text.len() + matches.len() * 16);
    }
}
