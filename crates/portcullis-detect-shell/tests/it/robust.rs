//! Hostile input: deep nesting, huge input, invalid shapes. Never a crash, always fail closed.

use portcullis_detect_shell::{MAX_INPUT_BYTES, analyze};

fn unparseable(cmd: &str) {
    let a = analyze(cmd);
    assert!(
        a.unparseable,
        "expected unparseable for input of {} bytes",
        cmd.len()
    );
    assert!(a.has("shell.unparseable"));
}

#[test]
fn ten_thousand_nested_substitutions() {
    let cmd = format!("{}rm -rf /{}", "$(".repeat(10_000), ")".repeat(10_000));
    unparseable(&cmd);
}

#[test]
fn nesting_kinds_at_depth() {
    for (open, close) in [
        ("{ ", "; }"),
        ("( ", " )"),
        ("if true; then ", "; fi"),
        ("`", "`"),
        ("<(", ")"),
    ] {
        let cmd = format!("{}ls{}", open.repeat(5_000), close.repeat(5_000));
        let a = analyze(&cmd);
        assert!(
            a.unparseable || a.findings.iter().all(|f| f.risk < 90),
            "{open}"
        );
    }
}

#[test]
fn one_megabyte_input() {
    let cmd = "echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; ".repeat(25_000);
    assert!(cmd.len() > MAX_INPUT_BYTES);
    unparseable(&cmd);
}

#[test]
fn long_pipeline_and_list() {
    unparseable(&format!("ls{}", " | cat".repeat(5_000)));
    let a = analyze(&format!("ls{}", " && ls".repeat(2_000)));
    assert!(!a.has("shell.rm_recursive_root"));
}

#[test]
fn nested_bash_c_hits_the_reparse_cap() {
    // Each level quotes the previous one; beyond MAX_REPARSE_DEPTH the command is unverifiable.
    let mut cmd = "rm -rf /".to_owned();
    for _ in 0..12 {
        cmd = format!("bash -c '{}'", cmd.replace('\'', "'\\''"));
    }
    let a = analyze(&cmd);
    assert!(a.unparseable);
}

#[test]
fn recursive_functions_and_eval_terminate() {
    let a = analyze("f() { f; g; }; g() { f; }; f");
    assert!(!a.unparseable || a.has("shell.unparseable"));
    let a = analyze("x='eval \"$x\"'; eval \"$x\"");
    assert!(a.findings.iter().all(|f| f.risk <= 100));
}

#[test]
fn brace_bombs_are_capped() {
    let a = analyze(&format!("echo {}", "{a,b}".repeat(40)));
    assert!(a.commands.iter().all(|c| c.args.len() <= 64));
    let a = analyze("echo {1..100000000}");
    assert!(!a.unparseable);
}

#[test]
fn odd_bytes() {
    for cmd in [
        "\0",
        "rm -rf /\0",
        "\u{feff}rm -rf /",
        "rm -rf /\r\n",
        "é\u{301}",
        "$'\\xff\\xfe'",
        "'",
        "\"",
        "`",
        "$(",
        "<<",
        "<<EOF",
        "))((",
        "\\",
    ] {
        let _ = analyze(cmd);
    }
}
