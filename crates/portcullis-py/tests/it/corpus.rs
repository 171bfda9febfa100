//! The decision corpus through the Python front end's Rust half: each case's policy is loaded the
//! way `Guard.from_yaml` / `Guard.from_file` load it (`GuardConfig::build`, i.e.
//! `GuardOptions::build_with`) and checked with `portcullis_test::check` (STYLE.md B5).

use portcullis_py::GuardConfig;
use portcullis_test::{PolicySource, corpus_dir, run_corpus};

#[test]
fn corpus_cases_without_session_decide_as_wanted() {
    let summary = run_corpus(&corpus_dir(), true, |file, case, action| {
        let mut cfg = GuardConfig {
            state: Some("memory".to_owned()),
            ..GuardConfig::default()
        };
        match file.policy_source(case) {
            Some(PolicySource::Yaml(text)) => cfg.yaml = Some(text),
            Some(PolicySource::File(p)) => cfg.policies = vec![p],
            Some(PolicySource::Builtin(b)) => cfg.policies = vec![b.into()],
            None => return Err(format!("case `{}` has no policy", case.name)),
        }
        let guard = cfg
            .build()
            .map_err(|e| format!("case `{}`: {e}", case.name))?;
        Ok(guard.check(action))
    });
    assert!(
        summary.run > 20,
        "too few corpus cases ran: {}",
        summary.run
    );
    assert!(
        summary.failures.is_empty(),
        "{} of {} cases failed:\n{}",
        summary.failures.len(),
        summary.run,
        summary.failures.join("\n")
    );
}
