//! The decision corpus (`testdata/corpus`), in process.

use portcullis_engine::{DecideInput, Program};

#[test]
fn decision_corpus_in_process() {
    let summary = portcullis_test::run_corpus(
        &portcullis_test::corpus_dir(),
        false,
        |file, case, action| {
            let program = Program::compile(file.policy_for(case)?);
            let session = case.session.clone().unwrap_or_default();
            Ok(program.decide(action, &session, &DecideInput::default()))
        },
    );
    assert!(summary.run > 50, "only {} cases ran", summary.run);
    assert!(
        summary.failures.is_empty(),
        "{} of {} cases failed:\n{}",
        summary.failures.len(),
        summary.run,
        summary.failures.join("\n")
    );
}

#[test]
fn decisions_are_deterministic() {
    // The same call, policy and session give byte-identical JSON (ids and time fixed).
    let summary = portcullis_test::run_corpus(
        &portcullis_test::corpus_dir(),
        false,
        |file, case, action| {
            let program = Program::compile(file.policy_for(case)?);
            let session = case.session.clone().unwrap_or_default();
            let input = DecideInput {
                decision_id: "d".into(),
                timestamp: "t".into(),
                trace: true,
            };
            let a = serde_json::to_string(&program.decide(action, &session, &input))
                .map_err(|e| e.to_string())?;
            let b = serde_json::to_string(&program.decide(action, &session, &input))
                .map_err(|e| e.to_string())?;
            if a != b {
                return Err(format!("non-deterministic:\n{a}\n{b}"));
            }
            Ok(program.decide(action, &session, &input))
        },
    );
    assert!(
        summary
            .failures
            .iter()
            .all(|f| !f.contains("non-deterministic")),
        "{:?}",
        summary.failures
    );
}
