//! Property: the memory and SQLite stores behave identically on any sequence of operations, and
//! both keep the invariants a caller relies on (exact counts, a grant used at most once).

use std::collections::BTreeMap;
use std::sync::Arc;

use portcullis_store::{
    Approval, ApprovalFilter, ApprovalStatus, Clock, ManualClock, MemoryStore, RateWindow,
    SqliteStore, Store, StoreError, TxKey, TxUpdate, TxView,
};
use proptest::prelude::*;

use crate::common::{T0, new_approval};

#[derive(Debug, Clone)]
enum Op {
    Tx {
        session: Option<u8>,
        tool: u8,
        hash: u8,
        count: bool,
        denied: bool,
        risk: u8,
        terminate: bool,
        rules: Vec<u8>,
        /// 0 nothing, 1 ask for approval, 2 consume a live grant if there is one.
        approval: u8,
    },
    Grant(usize),
    Deny(usize),
    Advance(i64),
    Reset(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (
            proptest::option::weighted(0.8, 0..2_u8),
            0..2_u8,
            0..2_u8,
            any::<bool>(),
            any::<bool>(),
            0..=100_u8,
            proptest::bool::weighted(0.05),
            proptest::collection::vec(0..3_u8, 0..3),
            0..3_u8,
        )
            .prop_map(|(session, tool, hash, count, denied, risk, terminate, rules, approval)| {
                Op::Tx { session, tool, hash, count, denied, risk, terminate, rules, approval }
            }),
        1 => (0..8_usize).prop_map(Op::Grant),
        1 => (0..8_usize).prop_map(Op::Deny),
        1 => (0..20 * 60_000_i64).prop_map(Op::Advance),
        1 => (0..2_u8).prop_map(Op::Reset),
    ]
}

type TxResult = Result<(TxView, Option<Approval>, portcullis_types::SessionView), String>;

fn run_tx(store: &dyn Store, key: &TxKey<'_>, update: &dyn Fn(&TxView) -> TxUpdate) -> TxResult {
    let mut seen = None;
    store
        .transact(key, &mut |v| {
            seen = Some(v.clone());
            update(v)
        })
        .map(|o| (seen.clone().unwrap(), o.approval, o.view))
        .map_err(|e| e.code().to_owned())
}

fn code<T>(r: Result<T, StoreError>) -> Result<T, String> {
    r.map_err(|e| e.code().to_owned())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn memory_and_sqlite_agree(ops in proptest::collection::vec(op(), 1..40)) {
        let c1 = Arc::new(ManualClock::new(T0));
        let c2 = Arc::new(ManualClock::new(T0));
        let dir = tempfile::tempdir().unwrap();
        let mem = MemoryStore::builder().clock(c1.clone()).build().unwrap();
        let sql = SqliteStore::builder(dir.path().join("p.db")).clock(c2.clone()).open().unwrap();
        let windows = [RateWindow::new("t0", "tool0", 5 * 60_000), RateWindow::new("all", "*", 60_000)];
        let sessions = ["s0", "s1"];
        let mut ids: Vec<String> = Vec::new();
        let mut next_id = 0;
        // Model: counted calls per session since its last reset; consumptions per approval.
        let mut model_calls: BTreeMap<&str, u64> = BTreeMap::new();
        let mut consumed: BTreeMap<String, u32> = BTreeMap::new();

        for op in ops {
            match op {
                Op::Tx { session, tool, hash, count, denied, risk, terminate, rules, approval } => {
                    let session = session.map(|s| sessions[usize::from(s)]);
                    let tool = format!("tool{tool}");
                    let hash = format!("hash{hash}");
                    let now = c1.now_ms();
                    let key = TxKey::new(session, &tool, &hash, now).with_rate_windows(&windows);
                    let id = format!("apr_{next_id}");
                    let update = |v: &TxView| TxUpdate {
                        count_call: count,
                        rule_ids: rules.iter().map(|r| format!("r{r}")).collect(),
                        denied,
                        risk,
                        terminate,
                        new_approval: (approval == 1).then(|| new_approval(&id, now + 10 * 60_000)),
                        consume_approval: if approval == 2 {
                            v.approval.as_ref().filter(|a| a.is_live_grant()).map(|a| a.approval_id.clone())
                        } else {
                            None
                        },
                    };
                    let a = run_tx(&mem, &key, &update);
                    let b = run_tx(&sql, &key, &update);
                    prop_assert_eq!(&a, &b);
                    if let Ok((_, reported, view)) = &a {
                        if let Some(r) = reported {
                            if r.approval_id == id {
                                ids.push(id.clone());
                                next_id += 1;
                            }
                            if r.status == ApprovalStatus::Consumed {
                                *consumed.entry(r.approval_id.clone()).or_default() += 1;
                            }
                        }
                        if let Some(s) = session {
                            let m = model_calls.entry(s).or_default();
                            if count {
                                *m += 1;
                            }
                            prop_assert_eq!(view.calls, *m);
                        }
                    }
                }
                Op::Grant(i) | Op::Deny(i) if ids.is_empty() => { let _ = i; }
                Op::Grant(i) => {
                    let id = &ids[i % ids.len()];
                    prop_assert_eq!(code(mem.grant(id, Some("a"), None)), code(sql.grant(id, Some("a"), None)));
                }
                Op::Deny(i) => {
                    let id = &ids[i % ids.len()];
                    prop_assert_eq!(code(mem.deny_approval(id, None, Some("n"))), code(sql.deny_approval(id, None, Some("n"))));
                }
                Op::Advance(ms) => {
                    c1.advance(ms);
                    c2.advance(ms);
                }
                Op::Reset(s) => {
                    let s = sessions[usize::from(s)];
                    prop_assert_eq!(code(mem.reset_session(s)), code(sql.reset_session(s)));
                    model_calls.remove(s);
                }
            }
        }
        prop_assert_eq!(mem.sessions().unwrap(), sql.sessions().unwrap());
        prop_assert_eq!(
            mem.approvals(&ApprovalFilter::default()).unwrap(),
            sql.approvals(&ApprovalFilter::default()).unwrap()
        );
        for s in sessions {
            prop_assert_eq!(mem.session(s).unwrap(), sql.session(s).unwrap());
        }
        prop_assert!(consumed.values().all(|n| *n == 1), "a grant was used twice: {:?}", consumed);
    }
}
