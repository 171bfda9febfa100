//! The body of the `state_file` fuzz target, shared with the replay test.

use std::sync::OnceLock;

use portcullis_store::{
    ApprovalFilter, NewApproval, RateWindow, SqliteStore, Store, TxKey, TxUpdate,
};

/// A valid state file with sessions, counters, call rows and approvals, built once.
pub(crate) fn base_file() -> &'static [u8] {
    static BASE: OnceLock<Vec<u8>> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("base.db");
        {
            let store = SqliteStore::open(&path).unwrap();
            for i in 0..20_i64 {
                let session = format!("s{}", i % 3);
                let key = TxKey::new(Some(&session), "bash", "hash", i * 1_000);
                store
                    .transact(&key, &mut |_| TxUpdate {
                        count_call: true,
                        rule_ids: vec![format!("r{}", i % 2)],
                        denied: i % 4 == 0,
                        risk: (i * 5) as u8,
                        new_approval: (i % 5 == 0).then(|| NewApproval {
                            approval_id: format!("apr_{i}"),
                            approver: Some("lead".into()),
                            reason: "why".into(),
                            summary: "what".into(),
                            deadline_ms: i64::MAX,
                        }),
                        ..TxUpdate::default()
                    })
                    .unwrap();
            }
            store.grant("apr_5", Some("a"), None).unwrap();
        }
        // The last connection closed: the WAL is checkpointed into the main file.
        std::fs::read(&path).unwrap()
    })
}

/// Builds the file the input describes, then runs every store operation on it. Errors are
/// expected; a panic, an abort or a hang is a bug.
pub(crate) fn exercise(data: &[u8]) {
    let bytes = if let Some((0xFF, raw)) = data.split_first() {
        raw.to_vec()
    } else {
        let mut file = base_file().to_vec();
        for patch in data.chunks_exact(3) {
            let offset = usize::from(u16::from_le_bytes([patch[0], patch[1]]));
            if let Some(b) = file.get_mut(offset) {
                *b = patch[2];
            }
        }
        file
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("state.db");
    if std::fs::write(&path, &bytes).is_err() {
        return;
    }
    let Ok(store) = SqliteStore::builder(&path).max_attempts(1).open() else {
        return;
    };
    let _ = store.sessions();
    let _ = store.session("s1");
    let _ = store.approvals(&ApprovalFilter::default());
    let _ = store.approval("apr_5");
    let windows = [
        RateWindow::new("w", "*", 60_000),
        RateWindow::new("b", "bash", 1_000),
    ];
    let key = TxKey::new(Some("s1"), "bash", "hash", 30_000).with_rate_windows(&windows);
    let _ = store.transact(&key, &mut |v| TxUpdate {
        count_call: true,
        risk: 90,
        consume_approval: v
            .approval
            .as_ref()
            .filter(|a| a.is_live_grant())
            .map(|a| a.approval_id.clone()),
        ..TxUpdate::default()
    });
    let _ = store.grant("apr_0", None, None);
    let _ = store.reset_session("s2");
    let _ = store.integrity_check();
}
