//! The guard: decide + session state + approvals (+ ledger), atomically per session.

use std::sync::{Arc, RwLock};

use portcullis_engine::{DecideInput, Program};
use portcullis_ledger::{AuditRecord, LedgerWriter, Masking, Sink};
use portcullis_policy::Policy;
use portcullis_store::{
    Clock, NewApproval, RateWindow, Store, StoreError, SystemClock, TxKey, TxUpdate, TxView,
};
use portcullis_types::{Action, Decision, DecisionError, Effect, Finding, Mode, SessionView};

use crate::hash::action_hash;
use crate::time::{IdGen, rfc3339};

/// Approvals without a `timeout` stay open this long.
const DEFAULT_APPROVAL_SECS: u64 = 15 * 60;

/// Why a guard could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GuardError {
    /// No policy was given.
    #[error("no policy given")]
    MissingPolicy,
    /// The policy is invalid.
    #[error(transparent)]
    Policy(#[from] portcullis_policy::PolicyError),
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The ledger could not be opened.
    #[error("ledger: {0}")]
    Ledger(String),
    /// An option is invalid.
    #[error("{0}")]
    Config(String),
}

impl GuardError {
    /// Stable code.
    pub fn code(&self) -> &str {
        match self {
            GuardError::MissingPolicy => "guard_missing_policy",
            GuardError::Policy(p) => p.code(),
            GuardError::Store(s) => s.code(),
            GuardError::Ledger(_) => "ledger_unavailable",
            GuardError::Config(_) => "config_invalid",
        }
    }
}

/// Decides tool calls: the one entry point every front end uses.
///
/// `check` runs the engine on the action with the session's state, applies approvals, and
/// records the call — in one transaction per session when a store is configured. It never
/// fails: a store error is a `deny` that says why.
pub struct Guard {
    program: RwLock<Arc<Program>>,
    store: Option<Arc<dyn Store>>,
    ledger: Option<LedgerWriter>,
    sinks: Vec<Box<dyn Sink>>,
    masking: Masking,
    privacy: bool,
    clock: Arc<dyn Clock>,
    ids: IdGen,
    trace: bool,
}

/// Builds a [`Guard`].
#[derive(Default)]
#[must_use]
pub struct GuardBuilder {
    policy: Option<Policy>,
    store: Option<Arc<dyn Store>>,
    ledger: Option<LedgerWriter>,
    sinks: Vec<Box<dyn Sink>>,
    masking: Masking,
    privacy: bool,
    clock: Option<Arc<dyn Clock>>,
    mode: Option<Mode>,
    trace: bool,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("policy_hash", &self.program().policy().hash)
            .field("store", &self.store.is_some())
            .field("ledger", &self.ledger.is_some())
            .field("sinks", &self.sinks.len())
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for GuardBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardBuilder")
            .field("policy", &self.policy.is_some())
            .field("store", &self.store.is_some())
            .finish_non_exhaustive()
    }
}

impl GuardBuilder {
    /// The policy (required).
    pub fn policy(mut self, policy: Policy) -> GuardBuilder {
        self.policy = Some(policy);
        self
    }

    /// Session and approval state. Without a store, every call is decided on its own.
    pub fn store(mut self, store: Arc<dyn Store>) -> GuardBuilder {
        self.store = Some(store);
        self
    }

    /// Writes every decision to a signed ledger. A failed append turns the decision into a
    /// `deny` (fail closed).
    pub fn ledger(mut self, ledger: LedgerWriter) -> GuardBuilder {
        self.ledger = Some(ledger);
        self
    }

    /// Sends every decision (secrets redacted, masking applied) to an audit sink.
    pub fn sink(mut self, sink: Box<dyn Sink>) -> GuardBuilder {
        self.sinks.push(sink);
        self
    }

    /// JSON pointers masked or dropped in audit records (the ledger applies its own copy).
    pub fn masking(mut self, masking: Masking) -> GuardBuilder {
        self.masking = masking;
        self
    }

    /// Leaves the action out of audit records (only its hash is in the ledger).
    pub fn privacy(mut self, on: bool) -> GuardBuilder {
        self.privacy = on;
        self
    }

    /// The clock (defaults to the system clock; tests inject a manual one).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> GuardBuilder {
        self.clock = Some(clock);
        self
    }

    /// Overrides the policy's mode (`--mode` on the command line).
    pub fn mode(mut self, mode: Mode) -> GuardBuilder {
        self.mode = Some(mode);
        self
    }

    /// Records a trace of every rule tried in each decision.
    pub fn trace(mut self, on: bool) -> GuardBuilder {
        self.trace = on;
        self
    }

    /// Builds the guard.
    pub fn build(self) -> Result<Guard, GuardError> {
        let mut policy = self.policy.ok_or(GuardError::MissingPolicy)?;
        if let Some(m) = self.mode {
            policy.defaults.mode = m;
        }
        Ok(Guard {
            program: RwLock::new(Arc::new(Program::compile(policy))),
            store: self.store,
            ledger: self.ledger,
            sinks: self.sinks,
            masking: self.masking,
            privacy: self.privacy,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            ids: IdGen::default(),
            trace: self.trace,
        })
    }
}

impl Guard {
    /// A builder.
    pub fn builder() -> GuardBuilder {
        GuardBuilder::default()
    }

    /// The current compiled program.
    pub fn program(&self) -> Arc<Program> {
        match self.program.read() {
            Ok(p) => p.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the policy (hot reload). The new policy is compiled first; the old one keeps
    /// serving until the swap.
    pub fn reload(&self, policy: Policy) {
        let next = Arc::new(Program::compile(policy));
        match self.program.write() {
            Ok(mut p) => *p = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
    }

    /// The store, when one is configured.
    pub fn store(&self) -> Option<&Arc<dyn Store>> {
        self.store.as_ref()
    }

    /// The clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The ledger writer, when one is configured.
    pub fn ledger(&self) -> Option<&LedgerWriter> {
        self.ledger.as_ref()
    }

    /// Flushes the ledger (and writes a checkpoint) and the audit sinks. Call before exit.
    pub fn flush(&self) -> Result<(), String> {
        let mut err = None;
        if let Some(l) = &self.ledger {
            if let Err(e) = l.checkpoint() {
                err = Some(format!("ledger checkpoint: {e}"));
            }
            if let Err(e) = l.sync() {
                err = Some(format!("ledger sync: {e}"));
            }
        }
        for s in &self.sinks {
            if let Err(e) = s.flush() {
                err = Some(format!("audit sink `{}`: {e}", s.name()));
            }
        }
        err.map_or(Ok(()), Err)
    }

    /// Decides one action and records it (ledger, audit sinks).
    pub fn check(&self, action: &Action) -> Decision {
        let mut d = self.decide(action);
        self.record(action, &mut d);
        d
    }

    /// Writes the decision to the ledger and sinks; a ledger failure fails closed.
    fn record(&self, action: &Action, d: &mut Decision) {
        if self.ledger.is_none() && self.sinks.is_empty() {
            return;
        }
        let logged = redacted(action);
        if let Some(l) = &self.ledger {
            match l.append(d, &logged) {
                Ok(r) => d.ledger = Some(r),
                Err(e) => ledger_failed(d, &e.to_string()),
            }
        }
        self.emit(&logged, d);
    }

    fn emit(&self, logged: &Action, d: &Decision) {
        if self.sinks.is_empty() {
            return;
        }
        let action = (!self.privacy).then_some(logged);
        if let Ok(rec) = AuditRecord::new(d, action, &self.masking) {
            for s in &self.sinks {
                // Sink failures are counted by the sink; they never change the decision.
                let _ = s.emit(&rec);
            }
        }
    }

    /// Decides several actions in order and records them together: one ledger commit (one
    /// lock, one write, at most one sync) for the whole batch. Each decision is the same as
    /// [`Guard::check`] would give; a failed ledger commit fails every decision of the batch
    /// closed.
    pub fn check_batch(&self, actions: &[Action]) -> Vec<Decision> {
        let mut ds: Vec<Decision> = actions.iter().map(|a| self.decide(a)).collect();
        if self.ledger.is_none() && self.sinks.is_empty() {
            return ds;
        }
        let logged: Vec<std::borrow::Cow<'_, Action>> = actions.iter().map(redacted).collect();
        if let Some(l) = &self.ledger {
            let pairs: Vec<(&Decision, &Action)> =
                ds.iter().zip(logged.iter().map(AsRef::as_ref)).collect();
            match l.append_many(&pairs) {
                Ok(refs) => {
                    for (d, r) in ds.iter_mut().zip(refs) {
                        d.ledger = Some(r);
                    }
                }
                Err(e) => {
                    for d in &mut ds {
                        ledger_failed(d, &e.to_string());
                    }
                }
            }
        }
        for (d, a) in ds.iter().zip(&logged) {
            self.emit(a, d);
        }
        ds
    }

    /// Decides one action (store transaction, no ledger).
    fn decide(&self, action: &Action) -> Decision {
        let program = self.program();
        let now = self.clock.now_ms();
        let input = DecideInput {
            decision_id: self.ids.next(now),
            timestamp: rfc3339(now),
            trace: self.trace,
        };
        let Some(store) = &self.store else {
            return program.decide(action, &SessionView::default(), &input);
        };
        let policy = program.policy();
        let hash = action_hash(action);
        let windows: Vec<RateWindow> = policy
            .limits
            .rates
            .iter()
            .map(|(key, rate)| RateWindow {
                key: key.clone(),
                tool: key.clone(),
                window_ms: i64::try_from(rate.window_secs.saturating_mul(1000)).unwrap_or(i64::MAX),
            })
            .collect();
        let session = action.principal.session();
        let key = TxKey::new(session, &action.tool, &hash, now).with_rate_windows(&windows);
        let audit = policy.defaults.mode == Mode::Audit;
        let mut out: Option<Decision> = None;
        let result = store.transact(&key, &mut |tx: &TxView| {
            let mut d = program.decide(action, &tx.view, &input);
            let mut update = TxUpdate::default();
            if !audit {
                apply_approval(&mut d, tx, now, &mut update, action);
                update.count_call = session.is_some();
                update.rule_ids.clone_from(&d.rule_ids);
                update.denied = d.decision >= Effect::Deny;
                update.risk = d.risk_score;
                update.terminate = d.decision == Effect::Terminate;
            }
            out = Some(d);
            update
        });
        match (result, out) {
            (Ok(_), Some(d)) => d,
            (Err(e), _) => fail_closed(&program, action, &input, &e),
            (Ok(_), None) => {
                let e = StoreError::Busy { attempts: 0 };
                fail_closed(&program, action, &input, &e)
            }
        }
    }
}

/// The action as it may be logged: secrets in arguments, result and context redacted (a
/// borrowed copy when there is nothing to redact, which is the common case).
fn redacted(action: &Action) -> std::borrow::Cow<'_, Action> {
    let dirty = portcullis_engine::map_has_secret(&action.args)
        || portcullis_engine::map_has_secret(&action.context)
        || action
            .result
            .as_ref()
            .is_some_and(portcullis_engine::has_secret);
    if !dirty {
        return std::borrow::Cow::Borrowed(action);
    }
    std::borrow::Cow::Owned(redacted_copy(action))
}

fn redacted_copy(action: &Action) -> Action {
    let object =
        |m: &serde_json::Map<String, serde_json::Value>| match portcullis_engine::redact_json(
            &serde_json::Value::Object(m.clone()),
        ) {
            serde_json::Value::Object(m) => m,
            _ => serde_json::Map::new(),
        };
    let mut logged = action.clone();
    logged.args = object(&action.args);
    logged.context = object(&action.context);
    logged.result = action.result.as_ref().map(portcullis_engine::redact_json);
    logged
}

/// A ledger write failed: the decision fails closed and says why.
fn ledger_failed(d: &mut Decision, e: &str) {
    d.errors.push(DecisionError::new(
        "ledger_unavailable",
        format!("cannot write the ledger: {e}"),
    ));
    d.would_decision = d.would_decision.max(Effect::Deny);
    if d.enforced {
        d.decision = d.decision.max(Effect::Deny);
        d.reason = format!("failed closed: cannot write the ledger: {e}");
    }
}

/// The decision when the store failed: the stateless decision, forced to deny, with the error.
fn fail_closed(
    program: &Program,
    action: &Action,
    input: &DecideInput,
    e: &StoreError,
) -> Decision {
    let mut d = program.decide(action, &SessionView::default(), input);
    d.errors.push(DecisionError::new(
        e.code(),
        format!("session store unavailable: {e}"),
    ));
    d.would_decision = d.would_decision.max(Effect::Deny);
    if d.enforced {
        d.decision = d.decision.max(Effect::Deny);
        d.reason = format!("failed closed: session store unavailable: {e}");
    }
    d
}

fn apply_approval(d: &mut Decision, tx: &TxView, now: i64, update: &mut TxUpdate, action: &Action) {
    use portcullis_store::ApprovalStatus as S;
    if d.decision != Effect::RequireApproval {
        return;
    }
    let deadline_of = |d: &Decision| {
        let secs = d
            .approval_timeout
            .as_deref()
            .and_then(|t| t.strip_suffix('s'))
            .and_then(|t| t.parse::<u64>().ok())
            .unwrap_or(DEFAULT_APPROVAL_SECS);
        now.saturating_add(i64::try_from(secs.saturating_mul(1000)).unwrap_or(i64::MAX))
    };
    match &tx.approval {
        Some(a) if a.status == S::Granted && now <= a.deadline_ms => {
            d.decision = Effect::Allow;
            d.approval_id = Some(a.approval_id.clone());
            let by = a.decided_by.as_deref().unwrap_or("an approver");
            d.reason = format!("approved by {by} ({}): {}", a.approval_id, d.reason);
            update.consume_approval = Some(a.approval_id.clone());
        }
        Some(a) if a.status == S::Pending && now <= a.deadline_ms => {
            d.approval_id = Some(a.approval_id.clone());
        }
        Some(a) if a.status == S::Denied => {
            d.decision = Effect::Deny;
            d.approval_id = Some(a.approval_id.clone());
            d.findings.push(Finding::new(
                "approval.denied",
                format!("approval {} was refused", a.approval_id),
                0,
            ));
            let by = a.decided_by.as_deref().unwrap_or("an approver");
            d.reason = format!("approval {} was refused by {by}", a.approval_id);
        }
        Some(a) if matches!(a.status, S::Expired | S::Pending | S::Granted) => {
            d.decision = Effect::Deny;
            d.approval_id = Some(a.approval_id.clone());
            d.findings.push(Finding::new(
                "approval.expired",
                format!(
                    "approval {} expired at {}",
                    a.approval_id,
                    rfc3339(a.deadline_ms)
                ),
                0,
            ));
            d.reason = format!(
                "approval {} expired at {} before it was used",
                a.approval_id,
                rfc3339(a.deadline_ms)
            );
            // The call is refused now; a fresh approval is opened so that asking again can
            // still be answered by a human.
            if let Ok(id) = portcullis_store::new_approval_id() {
                d.reason = format!("{}; a new approval {id} is open", d.reason);
                update.new_approval = Some(NewApproval {
                    approval_id: id,
                    approver: d.approver.clone(),
                    reason: d.reason.clone(),
                    summary: summary(action),
                    deadline_ms: deadline_of(d),
                });
            }
        }
        _ => match portcullis_store::new_approval_id() {
            Ok(id) => {
                d.approval_id = Some(id.clone());
                update.new_approval = Some(NewApproval {
                    approval_id: id,
                    approver: d.approver.clone(),
                    reason: d.reason.clone(),
                    summary: summary(action),
                    deadline_ms: deadline_of(d),
                });
            }
            Err(e) => {
                d.decision = Effect::Deny;
                d.errors.push(DecisionError::new(
                    e.code(),
                    format!("cannot create approval: {e}"),
                ));
            }
        },
    }
}

/// A one-line description of the call for approvers (secrets redacted).
fn summary(action: &Action) -> String {
    let args = serde_json::Value::Object(action.args.clone()).to_string();
    let args = portcullis_engine::redact_text(&args);
    let mut s = format!("{} {args}", action.tool);
    if s.len() > 300 {
        let mut end = 297;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push_str("...");
    }
    s
}
