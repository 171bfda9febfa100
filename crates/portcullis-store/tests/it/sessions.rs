//! Counters, rate windows, severity and termination, against both stores, with manual clocks.

use portcullis_store::{RateWindow, TxKey, TxUpdate};
use portcullis_types::Severity;

use crate::common::{counted, subjects};

const SEC: i64 = 1_000;
const MIN: i64 = 60 * SEC;

#[test]
fn counters_per_tool_rule_and_denials() {
    for s in subjects() {
        s.call(
            Some("s1"),
            "bash",
            TxUpdate {
                rule_ids: vec!["r1".into(), "r2".into(), "r1".into()],
                denied: true,
                ..counted()
            },
        );
        s.call(
            Some("s1"),
            "read_file",
            TxUpdate {
                rule_ids: vec!["r2".into()],
                ..counted()
            },
        );
        // Not counted: no trace.
        s.call(
            Some("s1"),
            "bash",
            TxUpdate {
                rule_ids: vec!["r9".into()],
                denied: true,
                ..TxUpdate::default()
            },
        );
        let out = s.call(Some("s1"), "bash", counted());
        let v = out.view;
        assert_eq!(v.calls, 3, "{}", s.name);
        assert_eq!(v.denials, 1);
        assert_eq!(v.calls_by_tool.get("bash"), Some(&2));
        assert_eq!(v.calls_by_tool.get("read_file"), Some(&1));
        // r1 listed twice in one call counts once.
        assert_eq!(v.calls_by_rule.get("r1"), Some(&1));
        assert_eq!(v.calls_by_rule.get("r2"), Some(&2));
        assert_eq!(v.calls_by_rule.get("r9"), None);
        assert_eq!(v.session.as_deref(), Some("s1"));

        // The stored detail agrees with the view.
        let d = s.store.session("s1").unwrap().unwrap();
        assert_eq!(d.summary.calls, 3);
        assert_eq!(d.summary.denials, 1);
        assert_eq!(d.calls_by_tool, v.calls_by_tool);
        assert_eq!(d.calls_by_rule, v.calls_by_rule);
        assert_eq!(d.summary.first_ms, s.now());
        // Another session is independent.
        assert_eq!(
            s.call(Some("s2"), "bash", counted()).view.calls,
            1,
            "{}",
            s.name
        );
        let ids: Vec<String> = s
            .store
            .sessions()
            .unwrap()
            .into_iter()
            .map(|x| x.session)
            .collect();
        assert_eq!(ids, ["s1", "s2"]);
    }
}

#[test]
fn view_counts_calls_before_this_one() {
    for s in subjects() {
        let key = TxKey::new(Some("s1"), "bash", "h", s.now());
        for expected in 0..5 {
            let mut seen = None;
            let out = s
                .store
                .transact(&key, &mut |v| {
                    seen = Some(v.view.calls);
                    counted()
                })
                .unwrap();
            assert_eq!(seen, Some(expected), "{}", s.name);
            assert_eq!(out.view.calls, expected + 1);
        }
    }
}

#[test]
fn rate_windows_slide_with_the_clock() {
    for s in subjects() {
        let windows = [
            RateWindow::new("bash_per_min", "bash", MIN),
            RateWindow::new("all_per_10min", "*", 10 * MIN),
        ];
        let view_at = |now: i64, tool: &str, count: bool| {
            let key = TxKey::new(Some("s1"), tool, "h", now).with_rate_windows(&windows);
            let mut seen = None;
            s.store
                .transact(&key, &mut |v| {
                    seen = Some(v.view.window_calls.clone());
                    TxUpdate {
                        count_call: count,
                        ..TxUpdate::default()
                    }
                })
                .unwrap();
            let w = seen.unwrap();
            (w["bash_per_min"], w["all_per_10min"])
        };
        let t = s.now();
        // A fresh session reports every window, at zero.
        assert_eq!(view_at(t, "bash", true), (0, 0), "{}", s.name);
        view_at(t + 10 * SEC, "bash", true);
        view_at(t + 20 * SEC, "read_file", true);
        assert_eq!(view_at(t + 30 * SEC, "bash", false), (2, 3), "{}", s.name);
        // The window includes its start: the call at t is still in at t + 60 s, out 1 ms later.
        assert_eq!(view_at(t + MIN, "bash", false), (2, 3), "{}", s.name);
        assert_eq!(view_at(t + MIN + 1, "bash", false), (1, 3), "{}", s.name);
        assert_eq!(view_at(t + MIN + 10 * SEC + 1, "bash", false), (0, 3));
        assert_eq!(view_at(t + 10 * MIN + 20 * SEC + 1, "bash", false), (0, 0));
        // The outcome counts this call too.
        let key = TxKey::new(Some("s1"), "bash", "h", t + 11 * MIN).with_rate_windows(&windows);
        let out = s.store.transact(&key, &mut |_| counted()).unwrap();
        assert_eq!(out.view.window_calls["bash_per_min"], 1, "{}", s.name);
        assert_eq!(out.view.window_calls["all_per_10min"], 1);
    }
}

#[test]
fn rate_window_longer_than_retention_is_refused() {
    for s in subjects() {
        let windows = [RateWindow::new(
            "day2",
            "*",
            2 * portcullis_store::DEFAULT_RETENTION_MS,
        )];
        let key = TxKey::new(Some("s1"), "bash", "h", s.now()).with_rate_windows(&windows);
        let err = s.store.transact(&key, &mut |_| counted()).unwrap_err();
        assert_eq!(err.code(), "store_invalid_input", "{}", s.name);
        assert!(err.to_string().contains("`day2`"), "{err}");
    }
}

#[test]
fn severity_escalates_and_decays() {
    for s in subjects() {
        let risky = |risk: u8| TxUpdate { risk, ..counted() };
        let sev = |s: &crate::common::Subject| {
            s.call(Some("s1"), "bash", TxUpdate::default())
                .view
                .severity
        };
        assert_eq!(
            s.call(Some("s1"), "bash", risky(70)).view.severity,
            Severity::Active
        );
        s.clock.advance(MIN);
        // Second risky call within 10 minutes → observe.
        assert_eq!(
            s.call(Some("s1"), "bash", risky(65)).view.severity,
            Severity::Observe,
            "{}",
            s.name
        );
        s.clock.advance(MIN);
        assert_eq!(sev(&s), Severity::Observe);
        // ≥ 80 while observing → cooldown.
        assert_eq!(
            s.call(Some("s1"), "bash", risky(85)).view.severity,
            Severity::Cooldown
        );
        // Quiet for 15 minutes → one step down; 15 more → active.
        s.clock.advance(15 * MIN - 1);
        assert_eq!(sev(&s), Severity::Cooldown, "{}", s.name);
        s.clock.advance(1);
        assert_eq!(sev(&s), Severity::Observe, "{}", s.name);
        assert_eq!(
            s.store.sessions().unwrap()[0].severity,
            Severity::Observe,
            "summaries apply decay with the store's clock ({})",
            s.name
        );
        s.clock.advance(15 * MIN);
        assert_eq!(sev(&s), Severity::Active, "{}", s.name);
    }
}

#[test]
fn terminate_sticks_until_reset() {
    for s in subjects() {
        s.call(Some("s1"), "bash", counted());
        let out = s.call(
            Some("s1"),
            "bash",
            TxUpdate {
                terminate: true,
                denied: true,
                ..counted()
            },
        );
        assert!(out.view.terminated, "{}", s.name);
        s.clock.advance(1_000 * MIN);
        let out = s.call(Some("s1"), "bash", counted());
        assert!(out.view.terminated, "{}", s.name);
        assert!(s.store.sessions().unwrap()[0].terminated);

        assert!(s.store.reset_session("s1").unwrap(), "{}", s.name);
        assert!(s.store.session("s1").unwrap().is_none());
        let out = s.call(Some("s1"), "bash", counted());
        assert!(!out.view.terminated, "{}", s.name);
        assert_eq!(out.view.calls, 1);
        assert!(!s.store.reset_session("nope").unwrap());
    }
}

#[test]
fn terminate_without_counting_creates_terminated_session() {
    for s in subjects() {
        let out = s.call(
            Some("s9"),
            "bash",
            TxUpdate {
                terminate: true,
                ..TxUpdate::default()
            },
        );
        assert!(out.view.terminated);
        assert_eq!(out.view.calls, 0, "{}", s.name);
        let sum = &s.store.sessions().unwrap()[0];
        assert!(sum.terminated);
        assert_eq!(sum.calls, 0, "{}", s.name);
    }
}

#[test]
fn hostile_keys_are_refused_not_stored() {
    for s in subjects() {
        let huge = "s".repeat(1 << 20);
        let key = TxKey::new(Some(&huge), "bash", "h", s.now());
        let err = s.store.transact(&key, &mut |_| counted()).unwrap_err();
        assert_eq!(err.code(), "store_invalid_input", "{}", s.name);
        assert!(
            err.to_string().len() < 200,
            "the message quotes an excerpt only"
        );
        let key = TxKey::new(Some("s1"), "bash", "h", s.now());
        let err = s
            .store
            .transact(&key, &mut |_| TxUpdate {
                rule_ids: vec!["r".into(); 5_000],
                ..counted()
            })
            .unwrap_err();
        assert_eq!(err.code(), "store_invalid_input");
        assert!(s.store.sessions().unwrap().is_empty(), "{}", s.name);
        // Odd but bounded strings are fine and round-trip exactly.
        let odd = "sess\u{0}ion\n'; DROP TABLE sessions; --";
        let out = s.call(Some(odd), "to\"ol", counted());
        assert_eq!(out.view.calls, 1);
        assert_eq!(s.store.session(odd).unwrap().unwrap().summary.session, odd);
    }
}

#[test]
fn sqlite_session_with_max_distinct_tools_refuses_a_new_one() {
    use portcullis_store::{MAX_KEYS_PER_SESSION, SqliteStore, Store};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let store = SqliteStore::open(&db).unwrap();
    store
        .transact(&TxKey::new(Some("s"), "t0", "h", 0), &mut |_| counted())
        .unwrap();
    // Fill the session's tool counters directly (16k transactions would be slow in debug).
    let mut raw = rusqlite::Connection::open(&db).unwrap();
    let tx = raw.transaction().unwrap();
    for i in 1..MAX_KEYS_PER_SESSION {
        tx.execute(
            "INSERT INTO tool_counts (session, tool, calls) VALUES ('s', ?1, 1)",
            [format!("t{i}")],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    let err = store
        .transact(&TxKey::new(Some("s"), "brand-new", "h", 1), &mut |_| {
            counted()
        })
        .unwrap_err();
    assert_eq!(err.code(), "store_invalid_input");
    assert!(err.to_string().contains("16384 distinct"), "{err}");
    // Known tools still count; other sessions are unaffected.
    let out = store
        .transact(&TxKey::new(Some("s"), "t5", "h", 1), &mut |_| counted())
        .unwrap();
    assert_eq!(out.view.calls_by_tool["t5"], 2);
    store
        .transact(&TxKey::new(Some("other"), "brand-new", "h", 1), &mut |_| {
            counted()
        })
        .unwrap();
}
