//! Approval lifecycle, against both stores.

use portcullis_store::{ApprovalFilter, ApprovalStatus, Store, TxKey, TxUpdate};

use crate::common::{new_approval, subjects};

const MIN: i64 = 60_000;

/// One transaction on (`session`, `hash`) that runs `decide` on the approval it sees.
fn tx(
    store: &dyn Store,
    session: Option<&str>,
    hash: &str,
    now: i64,
    decide: impl Fn(Option<&portcullis_store::Approval>) -> TxUpdate,
) -> Result<
    (
        Option<portcullis_store::Approval>,
        portcullis_store::TxOutcome,
    ),
    portcullis_store::StoreError,
> {
    let key = TxKey::new(session, "stripe.refund", hash, now);
    let mut seen = None;
    let outcome = store.transact(&key, &mut |v| {
        seen.clone_from(&v.approval);
        decide(v.approval.as_ref())
    })?;
    Ok((seen, outcome))
}

fn consume_if_granted(a: Option<&portcullis_store::Approval>) -> TxUpdate {
    TxUpdate {
        count_call: true,
        consume_approval: a
            .filter(|a| a.is_live_grant())
            .map(|a| a.approval_id.clone()),
        ..TxUpdate::default()
    }
}

#[test]
fn create_reuse_grant_consume_once() {
    for s in subjects() {
        let st = s.store.as_ref();
        let now = s.now();
        let ask = |id: &str| TxUpdate {
            count_call: true,
            denied: true,
            new_approval: Some(new_approval(id, now + 15 * MIN)),
            ..TxUpdate::default()
        };
        let (seen, out) = tx(st, Some("s1"), "A", now, |_| ask("apr_1")).unwrap();
        assert_eq!(seen, None, "{}", s.name);
        let a = out.approval.unwrap();
        assert_eq!(
            (a.approval_id.as_str(), a.status),
            ("apr_1", ApprovalStatus::Pending)
        );
        assert_eq!(a.session.as_deref(), Some("s1"));
        assert_eq!(a.tool, "stripe.refund");
        assert_eq!(a.created_ms, now);

        // Asking again for the same call reuses the pending approval.
        let (seen, out) = tx(st, Some("s1"), "A", now + 1, |_| ask("apr_2")).unwrap();
        assert_eq!(seen.unwrap().approval_id, "apr_1");
        assert_eq!(out.approval.unwrap().approval_id, "apr_1", "{}", s.name);
        assert_eq!(st.approvals(&ApprovalFilter::default()).unwrap().len(), 1);
        assert_eq!(st.approval("apr_2").unwrap(), None);

        let g = st.grant("apr_1", Some("alice"), Some("ok once")).unwrap();
        assert_eq!(g.status, ApprovalStatus::Granted);
        assert_eq!(g.decided_by.as_deref(), Some("alice"));
        assert_eq!(g.note.as_deref(), Some("ok once"));
        assert_eq!(g.decided_ms, Some(now));

        // A different action hash is not covered, nor the same hash in another session.
        let (seen, _) = tx(st, Some("s1"), "B", now + 2, consume_if_granted).unwrap();
        assert_eq!(seen, None, "{}", s.name);
        let (seen, _) = tx(st, Some("s2"), "A", now + 2, consume_if_granted).unwrap();
        assert_eq!(seen, None, "{}", s.name);

        // The grant covers exactly one call.
        let (seen, out) = tx(st, Some("s1"), "A", now + 3, consume_if_granted).unwrap();
        assert_eq!(seen.unwrap().status, ApprovalStatus::Granted);
        let used = out.approval.unwrap();
        assert_eq!(used.status, ApprovalStatus::Consumed);
        assert_eq!(used.consumed_ms, Some(now + 3));
        let (seen, _) = tx(st, Some("s1"), "A", now + 4, consume_if_granted).unwrap();
        assert_eq!(seen, None, "a consumed grant covers nothing ({})", s.name);
        assert_eq!(
            st.approval("apr_1").unwrap().unwrap().status,
            ApprovalStatus::Consumed
        );
        // Granting a consumed approval fails.
        let err = st.grant("apr_1", None, None).unwrap_err();
        assert_eq!(err.code(), "approval_not_pending");
    }
}

#[test]
fn consuming_a_used_grant_fails_the_whole_transaction() {
    for s in subjects() {
        let st = s.store.as_ref();
        let now = s.now();
        let ask = TxUpdate {
            new_approval: Some(new_approval("apr_x", now + MIN)),
            ..TxUpdate::default()
        };
        tx(st, Some("s1"), "A", now, |_| ask.clone()).unwrap();
        st.grant("apr_x", None, None).unwrap();
        tx(st, Some("s1"), "A", now, consume_if_granted).unwrap();
        let calls_before = st.session("s1").unwrap().unwrap().summary.calls;
        // A caller that (wrongly) consumes again gets an error and nothing is recorded.
        let err = tx(st, Some("s1"), "A", now, |_| TxUpdate {
            count_call: true,
            consume_approval: Some("apr_x".into()),
            ..TxUpdate::default()
        })
        .unwrap_err();
        assert_eq!(err.code(), "approval_not_granted", "{}", s.name);
        assert_eq!(
            st.session("s1").unwrap().unwrap().summary.calls,
            calls_before,
            "{}",
            s.name
        );
    }
}

#[test]
fn expired_grant_is_expired_and_cannot_be_consumed() {
    for s in subjects() {
        let st = s.store.as_ref();
        let now = s.now();
        let ask = TxUpdate {
            new_approval: Some(new_approval("apr_e", now + 1_000)),
            ..TxUpdate::default()
        };
        tx(st, Some("s1"), "C", now, |_| ask.clone()).unwrap();
        st.grant("apr_e", Some("bob"), None).unwrap();
        // At the deadline it is still a grant; one ms later it is expired.
        let (seen, _) = tx(st, Some("s1"), "C", now + 1_000, |_| TxUpdate::default()).unwrap();
        assert_eq!(seen.unwrap().status, ApprovalStatus::Granted, "{}", s.name);
        s.clock.advance(1_001);
        let (seen, _) = tx(st, Some("s1"), "C", now + 1_001, consume_if_granted).unwrap();
        assert_eq!(seen.unwrap().status, ApprovalStatus::Expired, "{}", s.name);
        let err = tx(st, Some("s1"), "C", now + 1_001, |_| TxUpdate {
            consume_approval: Some("apr_e".into()),
            ..TxUpdate::default()
        })
        .unwrap_err();
        assert_eq!(err.code(), "approval_not_granted");
        assert_eq!(
            st.approval("apr_e").unwrap().unwrap().status,
            ApprovalStatus::Expired
        );
        let expired = ApprovalFilter {
            status: Some(ApprovalStatus::Expired),
            ..ApprovalFilter::default()
        };
        assert_eq!(st.approvals(&expired).unwrap().len(), 1, "{}", s.name);

        // An expired approval is replaced when the call asks again.
        let (_, out) = tx(st, Some("s1"), "C", now + 2_000, |_| TxUpdate {
            new_approval: Some(new_approval("apr_f", now + 99_000)),
            ..TxUpdate::default()
        })
        .unwrap();
        assert_eq!(out.approval.unwrap().approval_id, "apr_f", "{}", s.name);
    }
}

#[test]
fn pending_past_deadline_cannot_be_granted() {
    for s in subjects() {
        let st = s.store.as_ref();
        let now = s.now();
        tx(st, None, "P", now, |_| TxUpdate {
            new_approval: Some(new_approval("apr_p", now + 10)),
            ..TxUpdate::default()
        })
        .unwrap();
        s.clock.advance(11);
        let err = st.grant("apr_p", None, None).unwrap_err();
        assert_eq!(err.code(), "approval_not_pending", "{}", s.name);
        assert_eq!(err.to_string(), "approval `apr_p` is expired, not pending");
    }
}

#[test]
fn denied_approval_stays_denied() {
    for s in subjects() {
        let st = s.store.as_ref();
        let now = s.now();
        tx(st, Some("s1"), "D", now, |_| TxUpdate {
            new_approval: Some(new_approval("apr_d", now + MIN)),
            ..TxUpdate::default()
        })
        .unwrap();
        let d = st
            .deny_approval("apr_d", Some("carol"), Some("no"))
            .unwrap();
        assert_eq!(d.status, ApprovalStatus::Denied);
        // Asking again does not open a new approval: the refusal sticks, even past the deadline.
        s.clock.advance(2 * MIN);
        let (seen, out) = tx(st, Some("s1"), "D", now + 2 * MIN, |_| TxUpdate {
            new_approval: Some(new_approval("apr_d2", now + 10 * MIN)),
            ..TxUpdate::default()
        })
        .unwrap();
        assert_eq!(seen.unwrap().status, ApprovalStatus::Denied, "{}", s.name);
        assert_eq!(out.approval.unwrap().approval_id, "apr_d");
        assert_eq!(st.approval("apr_d2").unwrap(), None);
        assert_eq!(
            st.grant("apr_d", None, None).unwrap_err().code(),
            "approval_not_pending"
        );
        assert_eq!(
            st.deny_approval("apr_d", None, None).unwrap_err().code(),
            "approval_not_pending"
        );
    }
}

#[test]
fn anonymous_calls_keep_no_state_but_approvals_work() {
    for s in subjects() {
        let st = s.store.as_ref();
        let now = s.now();
        let (_, out) = tx(st, None, "N", now, |_| TxUpdate {
            count_call: true,
            terminate: true,
            new_approval: Some(new_approval("apr_n", now + MIN)),
            ..TxUpdate::default()
        })
        .unwrap();
        assert_eq!(out.view.calls, 0, "{}", s.name);
        assert!(!out.view.terminated);
        assert!(st.sessions().unwrap().is_empty());
        st.grant("apr_n", None, None).unwrap();
        let (seen, out) = tx(st, None, "N", now, consume_if_granted).unwrap();
        assert_eq!(seen.unwrap().session, None);
        assert_eq!(out.approval.unwrap().status, ApprovalStatus::Consumed);
        // An anonymous grant does not cover a named session's identical call.
        tx(st, None, "N2", now, |_| TxUpdate {
            new_approval: Some(new_approval("apr_n2", now + MIN)),
            ..TxUpdate::default()
        })
        .unwrap();
        st.grant("apr_n2", None, None).unwrap();
        let (seen, _) = tx(st, Some("s1"), "N2", now, |_| TxUpdate::default()).unwrap();
        assert_eq!(seen, None, "{}", s.name);
    }
}

#[test]
fn listing_filters_and_orders_newest_first() {
    for s in subjects() {
        let st = s.store.as_ref();
        let now = s.now();
        for (i, (session, hash)) in [("s1", "a"), ("s2", "b"), ("s1", "c")].iter().enumerate() {
            let id = format!("apr_{i}");
            tx(st, Some(session), hash, now + i as i64, |_| TxUpdate {
                new_approval: Some(new_approval(&id, now + MIN)),
                ..TxUpdate::default()
            })
            .unwrap();
        }
        st.grant("apr_1", None, None).unwrap();
        let ids = |f: ApprovalFilter| -> Vec<String> {
            st.approvals(&f)
                .unwrap()
                .into_iter()
                .map(|a| a.approval_id)
                .collect()
        };
        assert_eq!(
            ids(ApprovalFilter::default()),
            ["apr_2", "apr_1", "apr_0"],
            "{}",
            s.name
        );
        let s1 = ApprovalFilter {
            session: Some("s1".into()),
            ..ApprovalFilter::default()
        };
        assert_eq!(ids(s1), ["apr_2", "apr_0"]);
        let pending = ApprovalFilter {
            status: Some(ApprovalStatus::Pending),
            limit: Some(1),
            ..ApprovalFilter::default()
        };
        assert_eq!(ids(pending), ["apr_2"]);
        let granted = ApprovalFilter {
            status: Some(ApprovalStatus::Granted),
            ..ApprovalFilter::default()
        };
        assert_eq!(ids(granted), ["apr_1"]);
    }
}

#[test]
fn unknown_and_invalid_ids_are_errors() {
    for s in subjects() {
        let st = s.store.as_ref();
        assert_eq!(
            st.grant("apr_nope", None, None).unwrap_err().code(),
            "approval_not_found"
        );
        assert_eq!(st.approval("apr_nope").unwrap(), None);
        let long = "a".repeat(10_000);
        assert_eq!(
            st.grant(&long, None, None).unwrap_err().code(),
            "store_invalid_input"
        );
        let now = s.now();
        let err = tx(st, Some("s1"), "A", now, |_| TxUpdate {
            consume_approval: Some("apr_1".into()),
            new_approval: Some(new_approval("apr_2", now)),
            ..TxUpdate::default()
        })
        .unwrap_err();
        assert_eq!(err.code(), "store_invalid_input", "{}", s.name);
    }
}

#[test]
fn duplicate_new_approval_id_is_refused() {
    for s in subjects() {
        let st = s.store.as_ref();
        let now = s.now();
        tx(st, Some("s1"), "A", now, |_| TxUpdate {
            new_approval: Some(new_approval("apr_same", now + MIN)),
            ..TxUpdate::default()
        })
        .unwrap();
        let err = tx(st, Some("s1"), "B", now, |_| TxUpdate {
            count_call: true,
            new_approval: Some(new_approval("apr_same", now + MIN)),
            ..TxUpdate::default()
        })
        .unwrap_err();
        assert_eq!(err.code(), "store_invalid_input", "{}", s.name);
        // Nothing from the failed transaction is visible.
        assert!(st.session("s1").unwrap().is_none(), "{}", s.name);
    }
}
