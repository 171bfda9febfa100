use crate::{bin, testdata};

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const HEAD: &str = "apiVersion: portcullis/v1\nkind: Policy\n";

#[test]
fn bad_policies_exit_2_naming_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    for (name, body, code, line_col) in [
        (
            "sel.yaml",
            "rules:\n  - id: r\n    when: {args.x: {exists: true}, path.sensitiv: true}\n    then: {effect: deny}\n",
            "policy_unknown_selector",
            ":5:",
        ),
        (
            "op.yaml",
            "rules:\n  - id: r\n    when:\n      args.path: {startswith: /etc}\n    then: {effect: deny}\n",
            "policy_unknown_operator",
            ":6:19",
        ),
        (
            "re.yaml",
            "rules:\n  - id: r\n    when: {args.c: {matches: '(a'}}\n    then: {effect: deny}\n",
            "policy_invalid_regex",
            ":5:",
        ),
    ] {
        let p = write(&dir, name, &format!("{HEAD}{body}"));
        let out = bin().arg("validate").arg(&p).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains(&format!("{}{line_col}", p.display())),
            "{name}: {err}"
        );
        assert!(err.contains(code), "{name}: {err}");
        assert!(err.contains("help:"), "{name}: {err}");
    }
}

#[test]
fn json_report() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        &dir,
        "bad.yaml",
        &format!("{HEAD}rules: [{{id: r, then: {{effect: block}}}}]\n"),
    );
    let out = bin()
        .args(["validate", "--json"])
        .arg(testdata("bench/edictum_bundle.yaml"))
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["ok"], true);
    assert_eq!(v[0]["rules"], 21);
    assert_eq!(v[1]["ok"], false);
    assert_eq!(v[1]["errors"][0]["code"], "policy_unknown_effect");
    assert_eq!(v[1]["errors"][0]["line"], 3);
}

#[test]
fn test_command_runs_inline_tests_and_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        &dir,
        "good.yaml",
        &format!(
            "{HEAD}defaults: {{effect: allow}}\nrules:\n  - {{id: r, tool: x, then: {{effect: deny}}}}\ntests:\n  - {{tool: x, expect: deny, rules: [r]}}\n  - {{tool: y, expect: allow}}\n"
        ),
    );
    let out = bin().arg("test").arg(&good).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("2 passed, 0 failed")
    );
    let bad = write(
        &dir,
        "bad.yaml",
        &format!(
            "{HEAD}defaults: {{effect: allow}}\nrules: []\ntests:\n  - {{name: wrong, tool: x, expect: deny}}\n"
        ),
    );
    let out = bin().arg("test").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("FAIL") && text.contains("wrong") && text.contains("want deny, got allow"),
        "{text}"
    );
}
