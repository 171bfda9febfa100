use portcullis_detect_shell::analyze;

#[test]
fn root_delete_is_found() {
    assert!(analyze("rm -rf /").has("shell.rm_recursive_root"));
    assert!(analyze("git status").findings.is_empty());
}
