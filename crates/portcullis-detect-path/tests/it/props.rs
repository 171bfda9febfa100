//! Property tests: normalisation is idempotent, `..` detours do not change a classification,
//! case does not change sensitivity, and hostile input never panics.

use portcullis_detect_path::{Access, PathReport, classify, normalize};
use proptest::prelude::*;

/// Segments that exercise every normalisation rule.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(".".to_owned()),
        Just("..".to_owned()),
        Just(String::new()),
        Just("~".to_owned()),
        Just("~bob".to_owned()),
        Just("$HOME".to_owned()),
        Just("${HOME}".to_owned()),
        Just("%USERPROFILE%".to_owned()),
        Just("C:".to_owned()),
        Just("file:".to_owned()),
        Just("proc".to_owned()),
        Just("self".to_owned()),
        Just("root".to_owned()),
        Just("cwd".to_owned()),
        Just("home".to_owned()),
        Just("Users".to_owned()),
        Just("private".to_owned()),
        Just("etc".to_owned()),
        Just(".env".to_owned()),
        Just(".ssh".to_owned()),
        Just("id_rsa".to_owned()),
        Just("*".to_owned()),
        Just("{a,b}".to_owned()),
        Just("%2e%2e".to_owned()),
        "[a-zA-Z0-9._\\-]{1,8}",
        "\\PC{1,4}",
    ]
}

fn path() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just(""), Just("/"), Just("\\"), Just("file://"), Just("//")],
        prop::collection::vec(segment(), 0..8),
        prop_oneof![Just("/"), Just("\\"), Just("//")],
    )
        .prop_map(|(lead, segs, sep)| format!("{lead}{}", segs.join(sep)))
}

/// Concrete segments, some sensitive, for detour tests.
fn concrete_segment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "src",
        "app",
        "etc",
        ".ssh",
        "id_rsa",
        ".env",
        ".aws",
        "credentials",
        "config",
        "secrets",
        "main.rs",
        ".bashrc",
        ".git",
        "hooks",
        "pre-commit",
        "server.key",
        "home",
        "alice",
        "proc",
        "environ",
        "shadow",
        "docs",
        "x.pem",
        ".kube",
        "terraform.tfstate",
        "backups",
        "db.dump",
    ])
}

fn codes(r: &PathReport) -> Vec<String> {
    r.codes()
        .filter(|c| *c != "path.parent_escape")
        .map(str::to_owned)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn normalize_is_idempotent(raw in path()) {
        let once = normalize(&raw);
        let twice = normalize(once.as_str());
        prop_assert_eq!(once.as_str(), twice.as_str(), "raw {:?}", raw);
        prop_assert_eq!(once.anchor(), twice.anchor());
    }

    #[test]
    fn normalize_is_idempotent_on_any_string(raw in "\\PC{0,40}") {
        let once = normalize(&raw);
        let twice = normalize(once.as_str());
        prop_assert_eq!(once.as_str(), twice.as_str(), "raw {:?}", raw);
    }

    #[test]
    fn detours_do_not_change_classification(
        lead in prop_oneof![Just(""), Just("/"), Just("~/")],
        segs in prop::collection::vec(concrete_segment(), 1..6),
        detours in prop::collection::vec((0usize..6, "[a-z]{1,6}", 0usize..3), 0..4),
        access in prop::sample::select(Access::ALL.to_vec()),
    ) {
        let resolved = format!("{lead}{}", segs.join("/"));
        let mut parts: Vec<String> = segs.iter().map(|s| (*s).to_owned()).collect();
        // Insert `x/..`, `./` and `//` detours before the last segment only, so the resolved
        // path stays the same.
        for (at, name, kind) in detours {
            let at = at.min(parts.len() - 1);
            let detour = match kind {
                0 => format!("{name}/.."),
                // An empty segment (`//`) in front would make the path absolute.
                1 | 2 if at == 0 => ".".to_owned(),
                1 => ".".to_owned(),
                _ => String::new(),
            };
            parts.insert(at, detour);
        }
        let spelled = format!("{lead}{}", parts.join("/"));
        let a = classify(&resolved, access);
        let b = classify(&spelled, access);
        prop_assert_eq!(&a.normalized, &b.normalized, "{:?} vs {:?}", resolved, spelled);
        prop_assert_eq!(codes(&a), codes(&b));
        prop_assert_eq!(a.sensitive, b.sensitive);
        prop_assert_eq!(a.critical, b.critical);
    }

    #[test]
    fn case_does_not_change_sensitivity(
        segs in prop::collection::vec(concrete_segment(), 1..5),
        lead in prop_oneof![Just(""), Just("/"), Just("~/")],
    ) {
        let p = format!("{lead}{}", segs.join("/"));
        let upper = p.to_uppercase();
        prop_assert_eq!(
            classify(&p, Access::Read).sensitive,
            classify(&upper, Access::Read).sensitive,
            "{:?}", p
        );
    }

    #[test]
    fn classify_never_panics(raw in "\\PC{0,200}", access in prop::sample::select(Access::ALL.to_vec())) {
        let r = classify(&raw, access);
        prop_assert_eq!(r.normalized, normalize(&raw).into_string());
        for f in &r.findings {
            prop_assert!(f.risk <= 100);
            prop_assert!(f.code.starts_with("path."));
        }
    }
}
