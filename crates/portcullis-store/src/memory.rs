use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use portcullis_types::SessionView;

use crate::model::{
    check_id, check_name, check_session_keys, cut, duplicate_id, effective_status, reusable,
    select_approval, unique_rules, validate_update,
};
use crate::{
    Approval, ApprovalFilter, ApprovalStatus, Clock, Options, SessionDetail, SessionSummary,
    SeverityConfig, SeverityState, Store, StoreError, TxKey, TxOutcome, TxUpdate, TxView,
};

/// An in-process store: state lives as long as the value. For tests, the library and the
/// sidecar without persistence.
///
/// One mutex guards everything, so every transaction is atomic across threads.
#[derive(Debug)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
    opts: Options,
}

/// Configures a [`MemoryStore`].
#[derive(Debug, Default)]
pub struct MemoryStoreBuilder {
    opts: Options,
}

impl MemoryStoreBuilder {
    /// The clock used for approval listing, grants and severity in summaries (default: system).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> MemoryStoreBuilder {
        self.opts.clock = clock;
        self
    }

    /// The severity state machine's thresholds.
    pub fn severity(mut self, cfg: SeverityConfig) -> MemoryStoreBuilder {
        self.opts.severity = cfg;
        self
    }

    /// How long per-call timestamps are kept; also the longest rate window accepted.
    pub fn retention_ms(mut self, ms: i64) -> MemoryStoreBuilder {
        self.opts.retention_ms = ms;
        self
    }

    /// Builds the store after checking the options.
    pub fn build(self) -> Result<MemoryStore, StoreError> {
        self.opts.validate()?;
        Ok(MemoryStore {
            inner: Mutex::new(Inner::default()),
            opts: self.opts,
        })
    }
}

impl MemoryStore {
    /// An empty store with default options and the system clock.
    pub fn new() -> MemoryStore {
        MemoryStore {
            inner: Mutex::new(Inner::default()),
            opts: Options::default(),
        }
    }

    /// Configures a store.
    pub fn builder() -> MemoryStoreBuilder {
        MemoryStoreBuilder::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic inside a transaction's closure happens before any mutation (the update is
        // applied after `f` returns), so the state behind a poisoned lock is consistent.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for MemoryStore {
    fn default() -> MemoryStore {
        MemoryStore::new()
    }
}

#[derive(Debug, Default)]
struct Inner {
    sessions: BTreeMap<String, Session>,
    approvals: BTreeMap<String, Approval>,
    by_action: BTreeMap<(Option<String>, String), Vec<String>>,
}

#[derive(Debug)]
struct Session {
    calls: u64,
    denials: u64,
    by_tool: BTreeMap<String, u64>,
    by_rule: BTreeMap<String, u64>,
    severity: SeverityState,
    terminated: bool,
    first_ms: i64,
    last_ms: i64,
    /// Counted-call times, sorted, for `*` windows; and per tool.
    recent_all: VecDeque<i64>,
    recent_by_tool: BTreeMap<String, VecDeque<i64>>,
}

impl Session {
    fn new(now_ms: i64) -> Session {
        Session {
            calls: 0,
            denials: 0,
            by_tool: BTreeMap::new(),
            by_rule: BTreeMap::new(),
            severity: SeverityState::new(now_ms),
            terminated: false,
            first_ms: now_ms,
            last_ms: now_ms,
            recent_all: VecDeque::new(),
            recent_by_tool: BTreeMap::new(),
        }
    }

    fn summary(&self, id: &str, cfg: &SeverityConfig, now_ms: i64) -> SessionSummary {
        SessionSummary {
            session: id.to_owned(),
            calls: self.calls,
            denials: self.denials,
            severity: self.severity.at(cfg, now_ms).level,
            terminated: self.terminated,
            first_ms: self.first_ms,
            last_ms: self.last_ms,
        }
    }
}

impl Inner {
    fn view(&self, key: &TxKey<'_>, cfg: &SeverityConfig) -> SessionView {
        let mut view = SessionView {
            session: key.session.map(str::to_owned),
            ..SessionView::default()
        };
        for w in key.rate_windows {
            view.window_calls.insert(w.key.clone(), 0);
        }
        let Some(s) = key.session.and_then(|id| self.sessions.get(id)) else {
            return view;
        };
        view.calls = s.calls;
        view.calls_by_tool.clone_from(&s.by_tool);
        view.calls_by_rule.clone_from(&s.by_rule);
        view.denials = s.denials;
        view.severity = s.severity.at(cfg, key.now_ms).level;
        view.terminated = s.terminated;
        for w in key.rate_windows {
            let from = key.now_ms.saturating_sub(w.window_ms);
            let times = if w.tool == "*" {
                Some(&s.recent_all)
            } else {
                s.recent_by_tool.get(&w.tool)
            };
            view.window_calls
                .insert(w.key.clone(), times.map_or(0, |t| count_since(t, from)));
        }
        view
    }

    fn approval_for(&self, session: Option<&str>, hash: &str, now_ms: i64) -> Option<Approval> {
        let ids = self
            .by_action
            .get(&(session.map(str::to_owned), hash.to_owned()))?;
        let candidates = ids
            .iter()
            .filter_map(|id| self.approvals.get(id))
            .map(|a| with_effective_status(a.clone(), now_ms))
            .collect();
        select_approval(candidates)
    }
}

fn with_effective_status(mut a: Approval, now_ms: i64) -> Approval {
    a.status = effective_status(a.status, a.deadline_ms, now_ms);
    a
}

impl Store for MemoryStore {
    fn transact(
        &self,
        key: &TxKey<'_>,
        f: &mut dyn FnMut(&TxView) -> TxUpdate,
    ) -> Result<TxOutcome, StoreError> {
        key.validate(self.opts.retention_ms)?;
        let cfg = &self.opts.severity;
        let now = key.now_ms;
        let mut inner = self.lock();
        let before = TxView {
            view: inner.view(key, cfg),
            approval: inner.approval_for(key.session, key.action_hash, now),
        };
        let mut update = f(&before);
        validate_update(&mut update)?;

        // Check everything that can fail before mutating, so an error leaves no trace.
        if let Some(id) = &update.consume_approval {
            let ok = inner.approvals.get(id).is_some_and(|a| {
                effective_status(a.status, a.deadline_ms, now) == ApprovalStatus::Granted
                    && a.session.as_deref() == key.session
                    && a.action_hash == key.action_hash
            });
            if !ok {
                return Err(StoreError::ApprovalNotGranted { id: id.clone() });
            }
        }
        if let Some(id) = key.session
            && update.count_call
        {
            check_session_keys(
                id,
                &before.view.calls_by_tool,
                &before.view.calls_by_rule,
                key.tool,
                &update.rule_ids,
            )?;
        }
        let reuse = reusable(before.approval.as_ref());
        if let Some(n) = &update.new_approval
            && reuse.is_none()
            && inner.approvals.contains_key(&n.approval_id)
        {
            return Err(duplicate_id(&n.approval_id));
        }

        let mut reported = None;
        if let Some(id) = &update.consume_approval
            && let Some(a) = inner.approvals.get_mut(id)
        {
            a.status = ApprovalStatus::Consumed;
            a.consumed_ms = Some(now);
            reported = Some(a.clone());
        }
        if let Some(n) = update.new_approval.take() {
            reported = Some(if let Some(a) = reuse {
                a.clone()
            } else {
                let a = n.into_approval(key);
                inner
                    .by_action
                    .entry((a.session.clone(), a.action_hash.clone()))
                    .or_default()
                    .push(a.approval_id.clone());
                inner.approvals.insert(a.approval_id.clone(), a.clone());
                with_effective_status(a, now)
            });
        }

        let mut view = before.view;
        if let Some(id) = key.session
            && (update.count_call || update.terminate)
        {
            let retention = self.opts.retention_ms;
            let s = inner
                .sessions
                .entry(id.to_owned())
                .or_insert_with(|| Session::new(now));
            if update.count_call {
                s.calls += 1;
                *s.by_tool.entry(key.tool.to_owned()).or_default() += 1;
                for r in unique_rules(&update.rule_ids) {
                    *s.by_rule.entry(r.to_owned()).or_default() += 1;
                }
                if update.denied {
                    s.denials += 1;
                }
                s.severity = s.severity.record(cfg, now, update.risk);
                s.last_ms = s.last_ms.max(now);
                s.first_ms = s.first_ms.min(now);
                let cutoff = now.saturating_sub(retention);
                record_time(&mut s.recent_all, now, cutoff);
                record_time(
                    s.recent_by_tool.entry(key.tool.to_owned()).or_default(),
                    now,
                    cutoff,
                );
                if s.calls.is_multiple_of(64) {
                    // Tools not called lately are pruned here, a bounded amount per call.
                    for times in s.recent_by_tool.values_mut() {
                        while times.front().is_some_and(|t| *t < cutoff) {
                            times.pop_front();
                        }
                    }
                    s.recent_by_tool.retain(|_, t| !t.is_empty());
                }
            }
            if update.terminate {
                s.terminated = true;
            }
            view = apply_to_view(view, key, &update, s.severity.level);
        }
        Ok(TxOutcome {
            view,
            approval: reported,
            attempts: 1,
        })
    }

    fn sessions(&self) -> Result<Vec<SessionSummary>, StoreError> {
        let now = self.opts.clock.now_ms();
        let inner = self.lock();
        Ok(inner
            .sessions
            .iter()
            .map(|(id, s)| s.summary(id, &self.opts.severity, now))
            .collect())
    }

    fn session(&self, id: &str) -> Result<Option<SessionDetail>, StoreError> {
        let now = self.opts.clock.now_ms();
        let inner = self.lock();
        Ok(inner.sessions.get(id).map(|s| SessionDetail {
            summary: s.summary(id, &self.opts.severity, now),
            calls_by_tool: s.by_tool.clone(),
            calls_by_rule: s.by_rule.clone(),
            severity_since_ms: s.severity.at(&self.opts.severity, now).since_ms,
        }))
    }

    fn reset_session(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.lock().sessions.remove(id).is_some())
    }

    fn approvals(&self, filter: &ApprovalFilter) -> Result<Vec<Approval>, StoreError> {
        let now = self.opts.clock.now_ms();
        let inner = self.lock();
        let mut out: Vec<Approval> = inner
            .approvals
            .values()
            .filter(|a| filter.session.is_none() || a.session == filter.session)
            .map(|a| with_effective_status(a.clone(), now))
            .filter(|a| filter.status.is_none_or(|s| a.status == s))
            .collect();
        sort_newest_first(&mut out);
        if let Some(limit) = filter.limit {
            out.truncate(limit);
        }
        Ok(out)
    }

    fn grant(
        &self,
        id: &str,
        by: Option<&str>,
        note: Option<&str>,
    ) -> Result<Approval, StoreError> {
        self.decide(id, ApprovalStatus::Granted, by, note)
    }

    fn deny_approval(
        &self,
        id: &str,
        by: Option<&str>,
        note: Option<&str>,
    ) -> Result<Approval, StoreError> {
        self.decide(id, ApprovalStatus::Denied, by, note)
    }

    fn approval(&self, id: &str) -> Result<Option<Approval>, StoreError> {
        let now = self.opts.clock.now_ms();
        Ok(self
            .lock()
            .approvals
            .get(id)
            .map(|a| with_effective_status(a.clone(), now)))
    }
}

impl MemoryStore {
    fn decide(
        &self,
        id: &str,
        to: ApprovalStatus,
        by: Option<&str>,
        note: Option<&str>,
    ) -> Result<Approval, StoreError> {
        let (by, note) = check_decision_input(id, by, note)?;
        let now = self.opts.clock.now_ms();
        let mut inner = self.lock();
        let Some(a) = inner.approvals.get_mut(id) else {
            return Err(StoreError::ApprovalNotFound { id: id.to_owned() });
        };
        let status = effective_status(a.status, a.deadline_ms, now);
        if status != ApprovalStatus::Pending {
            return Err(StoreError::ApprovalNotPending {
                id: id.to_owned(),
                status,
            });
        }
        a.status = to;
        a.decided_by = by;
        a.note = note;
        a.decided_ms = Some(now);
        Ok(with_effective_status(a.clone(), now))
    }
}

/// Calls at `from` or later in a sorted list of times: O(log n).
fn count_since(times: &VecDeque<i64>, from: i64) -> u64 {
    (times.len() - times.partition_point(|t| *t < from)) as u64
}

/// Inserts `now` keeping `times` sorted (a clock that went back inserts in the middle), and
/// drops times before `cutoff`.
fn record_time(times: &mut VecDeque<i64>, now: i64, cutoff: i64) {
    let at = times.partition_point(|t| *t <= now);
    times.insert(at, now);
    while times.front().is_some_and(|t| *t < cutoff) {
        times.pop_front();
    }
}

/// Validates the inputs of a grant or refusal; cuts the note.
pub(crate) fn check_decision_input(
    id: &str,
    by: Option<&str>,
    note: Option<&str>,
) -> Result<(Option<String>, Option<String>), StoreError> {
    check_id("approval id", id)?;
    if let Some(by) = by {
        check_name("approver", by)?;
    }
    let note = note.map(|n| {
        let mut n = n.to_owned();
        cut(&mut n);
        n
    });
    Ok((by.map(str::to_owned), note))
}

/// Newest first; ties broken by id so the order is deterministic.
pub(crate) fn sort_newest_first(approvals: &mut [Approval]) {
    approvals.sort_by(|a, b| {
        b.created_ms
            .cmp(&a.created_ms)
            .then_with(|| a.approval_id.cmp(&b.approval_id))
    });
}

/// The view after `update` was applied to a session whose view before was `view`.
pub(crate) fn apply_to_view(
    mut view: SessionView,
    key: &TxKey<'_>,
    update: &TxUpdate,
    severity_after: portcullis_types::Severity,
) -> SessionView {
    if update.count_call {
        view.calls += 1;
        *view.calls_by_tool.entry(key.tool.to_owned()).or_default() += 1;
        for r in unique_rules(&update.rule_ids) {
            *view.calls_by_rule.entry(r.to_owned()).or_default() += 1;
        }
        if update.denied {
            view.denials += 1;
        }
        for w in key.rate_windows.iter().filter(|w| w.counts(key.tool)) {
            *view.window_calls.entry(w.key.clone()).or_default() += 1;
        }
        view.severity = severity_after;
    }
    view.terminated |= update.terminate;
    view
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_stay_sorted_and_pruned() {
        let mut t = VecDeque::new();
        for now in [10, 20, 15, 30] {
            record_time(&mut t, now, 0);
        }
        assert_eq!(t, [10, 15, 20, 30]);
        assert_eq!(count_since(&t, 15), 3);
        assert_eq!(count_since(&t, 31), 0);
        assert_eq!(count_since(&t, i64::MIN), 4);
        record_time(&mut t, 40, 16);
        assert_eq!(t, [20, 30, 40]);
    }
}
