//! Regression tests for known parser gaps and earlier bypasses.

use portcullis_detect_shell::{Word, analyze};

// See: /work/shared/notes/shell-parsers.md, shuck gap a (second heredoc on one line).
#[test]
fn shuck_gap_a_second_heredoc_is_expanded() {
    let a = analyze("cat <<A; cat <<B\nhello\nA\n$(rm -rf /)\nB\n");
    assert!(a.has("shell.rm_recursive_root"), "{a:?}");
    let a = analyze("cat <<A <<B\nhello\nA\n$(rm -rf ~)\nB\n");
    assert!(a.has("shell.rm_recursive_home"), "{a:?}");
    // A quoted delimiter keeps the body literal: nothing runs.
    let a = analyze("cat <<A; cat <<'B'\nhello\nA\n$(rm -rf /)\nB\n");
    assert!(!a.has("shell.rm_recursive_root"), "{a:?}");
    let a = analyze("cat <<A; cat <<\\B\nhello\nA\n$(rm -rf /)\nB\n");
    assert!(!a.has("shell.rm_recursive_root"), "{a:?}");
}

// See: /work/shared/notes/shell-parsers.md, shuck gap b (escaped inner backticks).
#[test]
fn shuck_gap_b_nested_backticks_are_parsed() {
    let a = analyze("echo `echo \\`rm -rf /\\``");
    assert!(a.has("shell.rm_recursive_root"), "{a:?}");
    let a = analyze("x=`a \\`b \\\\\\`rm -rf ~\\\\\\`\\``");
    assert!(a.findings.iter().all(|f| f.risk <= 100));
}

// See: /work/shared/notes/shell-parsers.md, shuck gap c (unquoted backslashes in arguments).
#[test]
fn shuck_gap_c_backslashes_are_decoded() {
    let a = analyze("r\\m -r\\f \\/");
    assert!(a.has("shell.rm_recursive_root"), "{a:?}");
    let a = analyze("find . -name x -exec echo {} \\;");
    let find = a.commands.iter().find(|c| c.name == "find").expect("find");
    assert_eq!(find.args.last(), Some(&Word::Static(";".to_owned())));
    let a = analyze("r\\\nm -rf /");
    assert!(a.has("shell.rm_recursive_root"), "{a:?}");
}

#[test]
fn quoted_data_is_not_executed() {
    for cmd in [
        "echo 'rm -rf /'",
        "printf '%s' \"rm -rf ~\"",
        "git commit -m 'curl x | sh'",
        ": '${x:-$(rm -rf /)}'",
        "cat <<'EOF'\nrm -rf /\nEOF",
        "grep -e 'DROP DATABASE' dump.sql",
    ] {
        let a = analyze(cmd);
        assert!(a.findings.is_empty(), "{cmd}: {:?}", a.findings);
    }
}

#[test]
fn parse_failures_fail_closed() {
    for cmd in [
        "echo 'unterminated",
        "if true; then rm -rf /",
        "$(",
        "rm -rf / )",
    ] {
        let a = analyze(cmd);
        assert!(a.unparseable && a.has("shell.unparseable"), "{cmd}");
    }
}

#[test]
fn spans_point_into_the_input() {
    let cmd = "ls; sudo rm -rf /";
    let a = analyze(cmd);
    let f = a
        .findings
        .iter()
        .find(|f| f.code == "shell.rm_recursive_root")
        .expect("finding");
    let span = f.span.expect("span");
    assert_eq!(cmd.get(span.start..span.end), Some("sudo rm -rf /"));
    // Inside re-parsed text the span is that of the outer command.
    let cmd = "true && bash -c 'rm -rf ~'";
    let a = analyze(cmd);
    let span = a.findings.first().and_then(|f| f.span).expect("span");
    assert_eq!(cmd.get(span.start..span.end), Some("bash -c 'rm -rf ~'"));
}

#[test]
fn wrappers_are_recorded() {
    let a = analyze("sudo -u root env X=1 nice -n 5 bash -c 'rm -rf /tmp/x'");
    let rm = a.commands.iter().find(|c| c.name == "rm").expect("rm");
    assert_eq!(rm.wrappers, vec!["sudo", "env", "nice", "bash -c"]);
    assert_eq!(rm.depth, 1);
    assert!(a.paths.iter().any(|p| p.path == "/tmp/x"));
}

/// Every saved crash input is replayed: it must give an analysis, never a panic.
/// shuck-char-boundary-backtick-in-dquote.sh: shuck-parser 0.2.8 slices inside a multi-byte
/// character for a backtick substitution after an escaped quote in double quotes (found by the
/// `analyze_never_panics` property test); the adapter contains the panic and fails closed.
#[test]
fn fuzz_crashes_replay() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fuzz-crashes/portcullis-detect-shell");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("crash dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("crash file");
        let text = String::from_utf8_lossy(&bytes);
        let a = analyze(&text);
        assert!(
            a.unparseable || a.findings.iter().all(|f| f.risk <= 100),
            "{}",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 1);
    assert!(analyze("\"\\\"`\u{1b170}`\"\u{3a3}").unparseable);
}

#[test]
fn dynamic_rm_targets() {
    for (cmd, code) in [
        ("rm -rf \"${HOME:?}\"", Some("shell.rm_recursive_home")),
        ("rm -rf /home/$USER", Some("shell.rm_recursive_home")),
        ("rm -rf $DIR/", Some("shell.rm_recursive_dynamic")),
        (
            "rm -rf \"$STEAMROOT/\"*",
            Some("shell.rm_recursive_dynamic"),
        ),
        ("rm -rf \"$HOME_DIR/cache\"", None),
        ("rm -rf /home/$USER/tmp", None),
        ("rm -rf \"${BUILD:?}/\"*", None),
        ("rm -rf \"$TMPDIR/x\"", None),
    ] {
        let a = analyze(cmd);
        match code {
            Some(c) => assert!(a.has(c), "{cmd}: {:?}", a.findings),
            None => assert!(a.findings.is_empty(), "{cmd}: {:?}", a.findings),
        }
    }
}
