//! The state file on disk: permissions, damaged files.

use std::os::unix::fs::PermissionsExt;

use portcullis_store::{SqliteStore, Store, TxKey, TxUpdate, default_state_path};

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn new_file_is_0600_in_a_0700_directory() {
    let home = tempfile::tempdir().unwrap();
    let path = default_state_path(None, Some(home.path().as_os_str())).unwrap();
    let store = SqliteStore::open(&path).unwrap();
    store
        .transact(&TxKey::new(Some("s"), "t", "h", 0), &mut |_| TxUpdate {
            count_call: true,
            ..TxUpdate::default()
        })
        .unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    // SQLite gives its WAL the database file's mode.
    assert_eq!(mode(&path.with_extension("db-wal")), 0o600);
    assert!(path.ends_with(".local/state/portcullis/state.db"));
}

#[test]
fn garbage_file_is_corrupt_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("garbage.db");
    std::fs::write(
        &db,
        b"this is not a database, just some text that is long enough \x00\xff".repeat(100),
    )
    .unwrap();
    let err = SqliteStore::open(&db).unwrap_err();
    assert_eq!(err.code(), "store_corrupt", "{err}");
}

#[test]
fn bad_values_in_rows_are_corrupt_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let store = SqliteStore::open(&db).unwrap();
    let key = TxKey::new(Some("s"), "t", "h", 0);
    let count = TxUpdate {
        count_call: true,
        ..TxUpdate::default()
    };
    store.transact(&key, &mut |_| count.clone()).unwrap();
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute("UPDATE sessions SET severity = 'panic'", [])
        .unwrap();
    let err = store.transact(&key, &mut |_| count.clone()).unwrap_err();
    assert_eq!(err.code(), "store_corrupt");
    assert_eq!(
        err.to_string(),
        "state store corrupt: unknown severity `panic`"
    );
    raw.execute("UPDATE sessions SET severity = 'active', calls = -5", [])
        .unwrap();
    assert_eq!(store.sessions().unwrap_err().code(), "store_corrupt");
    raw.execute("UPDATE sessions SET calls = 1, severity_hits = '{'", [])
        .unwrap();
    assert_eq!(store.session("s").unwrap_err().code(), "store_corrupt");
}

#[test]
fn unwritable_directory_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    // A path *under* a regular file cannot be created.
    let err = SqliteStore::open(file.join("state.db")).unwrap_err();
    assert_eq!(err.code(), "store_io");
    assert!(err.to_string().contains("plain-file"), "{err}");
}

/// Replays the `state_file` fuzz target's body on hand-made damage and on any crash inputs saved
/// under `testdata/fuzz-crashes/portcullis-store/`.
#[test]
fn damaged_files_never_panic() {
    use crate::state_file_fuzz::{base_file, exercise};

    let base = base_file();
    assert!(base.len() >= 4096 && base.starts_with(b"SQLite format 3\0"));
    // Raw: empty, a truncated header, half of a valid file, all zeroes.
    exercise(&[0xFF]);
    exercise(&[&[0xFF][..], &base[..50]].concat());
    exercise(&[&[0xFF][..], &base[..base.len() / 2]].concat());
    exercise(&[&[0xFF][..], &vec![0; 8192][..]].concat());
    // Patches: page size byte, schema cookie, every 97th byte of the second page zeroed.
    exercise(&[16, 0, 0xFF, 17, 0, 0x03]);
    exercise(&[40, 0, 0x7F]);
    let zero_page: Vec<u8> = (4096_u16..8192)
        .step_by(97)
        .flat_map(|o| [o.to_le_bytes()[0], o.to_le_bytes()[1], 0])
        .collect();
    exercise(&zero_page);

    let crashes = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fuzz-crashes/portcullis-store");
    if let Ok(entries) = std::fs::read_dir(crashes) {
        for e in entries {
            exercise(&std::fs::read(e.unwrap().path()).unwrap());
        }
    }
}
