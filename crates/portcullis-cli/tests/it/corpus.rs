//! The decision corpus through the CLI (`portcullis check --json`).

use portcullis_test::PolicySource;

use crate::bin;

#[test]
fn decision_corpus_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    let summary = portcullis_test::run_corpus(
        &portcullis_test::corpus_dir(),
        true,
        |file, case, action| {
            let policy_arg = match file.policy_source(case).ok_or("no policy")? {
                PolicySource::Builtin(b) => b,
                PolicySource::File(p) => p.display().to_string(),
                PolicySource::Yaml(text) => {
                    n += 1;
                    let p = dir.path().join(format!("p{n}.yaml"));
                    std::fs::write(&p, text).map_err(|e| e.to_string())?;
                    p.display().to_string()
                }
            };
            let out = bin()
                .args(["check", "--json", "--policy", &policy_arg, "--action"])
                .arg(serde_json::to_string(action).map_err(|e| e.to_string())?)
                .output()
                .map_err(|e| e.to_string())?;
            let d: portcullis::Decision = serde_json::from_slice(&out.stdout)
                .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&out.stderr)))?;
            let want_code = i32::from(!d.allowed());
            if out.status.code() != Some(want_code) {
                return Err(format!(
                    "exit code {:?} for {}",
                    out.status.code(),
                    d.decision
                ));
            }
            Ok(d)
        },
    );
    assert!(summary.run > 40, "only {} cases ran", summary.run);
    assert!(
        summary.failures.is_empty(),
        "{}",
        summary.failures.join("\n")
    );
}
