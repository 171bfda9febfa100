use std::collections::BTreeMap;
use std::fmt;

use portcullis_types::{SessionView, Severity};
use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::error::excerpt;

/// Longest session id, tool name, rule id, window key or approver accepted (bytes).
pub const MAX_NAME_LEN: usize = 256;
/// Longest action hash or approval id accepted (bytes).
pub const MAX_ID_LEN: usize = 128;
/// Most rule ids one update may count.
pub const MAX_RULE_IDS: usize = 1024;
/// Most rate windows one transaction may ask for.
pub const MAX_RATE_WINDOWS: usize = 64;
/// Most distinct tool names, and most distinct rule ids, one session may count. A call that would
/// exceed it fails with `store_invalid_input` (an agent inventing tool names cannot grow the
/// view, which every call loads, without bound).
pub const MAX_KEYS_PER_SESSION: usize = 16_384;
/// Approval `summary`, `reason` and `note` are cut to this many bytes (they are display text).
pub const MAX_TEXT_LEN: usize = 4096;

/// One sliding-window rate limit the caller wants counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateWindow {
    /// The key under which the count appears in [`SessionView::window_calls`].
    pub key: String,
    /// The tool counted, or `*` for every tool.
    pub tool: String,
    /// The window length in milliseconds: calls at `now - window_ms` or later count.
    pub window_ms: i64,
}

impl RateWindow {
    /// A window named `key` counting `tool` (or `*`) over the last `window_ms` milliseconds.
    pub fn new(key: impl Into<String>, tool: impl Into<String>, window_ms: i64) -> RateWindow {
        RateWindow {
            key: key.into(),
            tool: tool.into(),
            window_ms,
        }
    }

    pub(crate) fn counts(&self, tool: &str) -> bool {
        self.tool == "*" || self.tool == tool
    }
}

/// What one transaction is about: which session, which call, at what time.
#[derive(Debug, Clone, Copy)]
pub struct TxKey<'a> {
    /// The session (`principal.session`); `None` is anonymous: no state is kept, approvals work.
    pub session: Option<&'a str>,
    /// The tool being called.
    pub tool: &'a str,
    /// SHA-256 (hex) of the canonical action; approvals are bound to it.
    pub action_hash: &'a str,
    /// The decision time, milliseconds since the Unix epoch.
    pub now_ms: i64,
    /// Rate windows to count for the view.
    pub rate_windows: &'a [RateWindow],
}

impl<'a> TxKey<'a> {
    /// A key with no rate windows.
    pub const fn new(
        session: Option<&'a str>,
        tool: &'a str,
        action_hash: &'a str,
        now_ms: i64,
    ) -> TxKey<'a> {
        TxKey {
            session,
            tool,
            action_hash,
            now_ms,
            rate_windows: &[],
        }
    }

    /// The same key, counting `windows`.
    pub const fn with_rate_windows(mut self, windows: &'a [RateWindow]) -> TxKey<'a> {
        self.rate_windows = windows;
        self
    }

    /// Checks every bound; stores call this before touching state.
    pub(crate) fn validate(&self, retention_ms: i64) -> Result<(), StoreError> {
        if let Some(s) = self.session {
            check_name("session id", s)?;
        }
        check_name("tool name", self.tool)?;
        check_id("action hash", self.action_hash)?;
        if self.rate_windows.len() > MAX_RATE_WINDOWS {
            return Err(StoreError::invalid(
                "rate window",
                format!(
                    "{} windows asked for, at most {MAX_RATE_WINDOWS} allowed",
                    self.rate_windows.len()
                ),
            ));
        }
        for w in self.rate_windows {
            check_name("rate window key", &w.key)?;
            check_name("rate window tool", &w.tool)?;
            if w.window_ms <= 0 || w.window_ms > retention_ms {
                return Err(StoreError::invalid(
                    "rate window",
                    format!(
                        "window `{}` is {} ms; it must be between 1 ms and the store's retention of {retention_ms} ms",
                        excerpt(&w.key),
                        w.window_ms
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// What the transaction's closure sees.
#[derive(Debug, Clone, PartialEq)]
pub struct TxView {
    /// The session as it was before this call (`window_calls` filled for the requested windows).
    pub view: SessionView,
    /// The approval bound to this session and action hash, if any (see [`Approval`] for which
    /// one wins when there are several).
    pub approval: Option<Approval>,
}

/// What the transaction's closure asks the store to record.
///
/// `Default` records nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TxUpdate {
    /// Count this call: calls, per tool, per rule, denials, the rate-window entry and severity.
    /// When false only `terminate`, `new_approval` and `consume_approval` are applied.
    pub count_call: bool,
    /// The rules that matched (each counted once per call).
    pub rule_ids: Vec<String>,
    /// The call was not allowed (deny, require_approval, terminate).
    pub denied: bool,
    /// The call's risk score, 0–100; drives the severity state machine.
    pub risk: u8,
    /// End the session: every later view has `terminated = true` until `reset_session`.
    pub terminate: bool,
    /// Make sure a pending approval exists for this call (an existing live one is reused).
    pub new_approval: Option<NewApproval>,
    /// Consume this granted approval (single use); fails the whole transaction if it is not a
    /// live grant for this session and action hash.
    pub consume_approval: Option<String>,
}

/// A pending approval to create. The session, tool and action hash come from the [`TxKey`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApproval {
    /// A fresh id from [`new_approval_id`](crate::new_approval_id).
    pub approval_id: String,
    /// Who may grant it (a role), when the rule says.
    pub approver: Option<String>,
    /// Why approval is needed (secrets already redacted).
    pub reason: String,
    /// A short human description of the call (secrets already redacted).
    pub summary: String,
    /// After this instant the approval is expired, granted or not.
    pub deadline_ms: i64,
}

impl NewApproval {
    /// The pending approval this creates for `key` (created at `key.now_ms`).
    pub(crate) fn into_approval(self, key: &TxKey<'_>) -> Approval {
        Approval {
            approval_id: self.approval_id,
            action_hash: key.action_hash.to_owned(),
            session: key.session.map(str::to_owned),
            tool: key.tool.to_owned(),
            summary: self.summary,
            approver: self.approver,
            reason: self.reason,
            created_ms: key.now_ms,
            deadline_ms: self.deadline_ms,
            status: ApprovalStatus::Pending,
            decided_by: None,
            note: None,
            decided_ms: None,
            consumed_ms: None,
        }
    }
}

/// What a committed transaction did.
#[derive(Debug, Clone, PartialEq)]
pub struct TxOutcome {
    /// The session after the update (counts include this call when it was counted).
    pub view: SessionView,
    /// The approval created, reused or consumed by this transaction.
    pub approval: Option<Approval>,
    /// How many times the transaction ran (more than 1 after lock contention).
    pub attempts: u32,
}

/// The lifecycle state of an approval.
///
/// `pending → granted → consumed`, or `pending → denied`. A pending or granted approval whose
/// deadline has passed reads as `expired`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    /// Waiting for a human.
    Pending,
    /// Granted and not yet used.
    Granted,
    /// Refused; stays refused.
    Denied,
    /// Granted and used by one call.
    Consumed,
    /// The deadline passed before the approval was used.
    Expired,
}

impl ApprovalStatus {
    /// The wire spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::Pending => "pending",
            ApprovalStatus::Granted => "granted",
            ApprovalStatus::Denied => "denied",
            ApprovalStatus::Consumed => "consumed",
            ApprovalStatus::Expired => "expired",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<ApprovalStatus> {
        [
            ApprovalStatus::Pending,
            ApprovalStatus::Granted,
            ApprovalStatus::Denied,
            ApprovalStatus::Consumed,
            ApprovalStatus::Expired,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

impl fmt::Display for ApprovalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request for a human decision, bound to one session and one action hash.
///
/// When several approvals exist for the same session and action hash, the view shows one, in
/// this order: a `denied` one (a refusal sticks), a live grant, a live pending one, then the most
/// recent expired one. Consumed approvals are never shown: a used grant covers nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// `apr_` + 32 hex digits (128 random bits).
    pub approval_id: String,
    /// SHA-256 (hex) of the canonical action it covers.
    pub action_hash: String,
    /// The session it belongs to (`None` for anonymous calls).
    pub session: Option<String>,
    /// The tool of the call.
    pub tool: String,
    /// A short human description of the call.
    pub summary: String,
    /// Who may grant it (a role).
    pub approver: Option<String>,
    /// Why approval is needed.
    pub reason: String,
    /// When it was created (ms since the epoch).
    pub created_ms: i64,
    /// After this instant it is expired.
    pub deadline_ms: i64,
    /// Its status at the time it was read.
    pub status: ApprovalStatus,
    /// Who granted or denied it.
    pub decided_by: Option<String>,
    /// The decider's note.
    pub note: Option<String>,
    /// When it was granted or denied.
    pub decided_ms: Option<i64>,
    /// When a call used the grant.
    pub consumed_ms: Option<i64>,
}

impl Approval {
    /// Whether this approval, as read, lets the call through (a grant before its deadline).
    pub fn is_live_grant(&self) -> bool {
        self.status == ApprovalStatus::Granted
    }
}

/// Which approvals [`Store::approvals`](crate::Store::approvals) lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApprovalFilter {
    /// Only this status (as read now; `expired` included).
    pub status: Option<ApprovalStatus>,
    /// Only this session.
    pub session: Option<String>,
    /// At most this many, newest first.
    pub limit: Option<usize>,
}

/// One line of [`Store::sessions`](crate::Store::sessions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// The session id.
    pub session: String,
    /// Calls counted.
    pub calls: u64,
    /// Calls not allowed.
    pub denials: u64,
    /// Severity now (quiet-period decay applied).
    pub severity: Severity,
    /// Whether the session was terminated.
    pub terminated: bool,
    /// First counted call (ms since the epoch).
    pub first_ms: i64,
    /// Last counted call (ms since the epoch).
    pub last_ms: i64,
}

/// Everything the store keeps about one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetail {
    /// The summary line.
    pub summary: SessionSummary,
    /// Calls per tool.
    pub calls_by_tool: BTreeMap<String, u64>,
    /// Matches per rule id.
    pub calls_by_rule: BTreeMap<String, u64>,
    /// When the severity last changed (ms since the epoch).
    pub severity_since_ms: i64,
}

/// Generates an approval id: `apr_` followed by 128 random bits in hex (from the OS, via
/// getrandom).
pub fn new_approval_id() -> Result<String, StoreError> {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Rng(e.to_string()))?;
    let mut id = String::with_capacity(36);
    id.push_str("apr_");
    for b in bytes {
        use fmt::Write;
        let _ = write!(id, "{b:02x}");
    }
    Ok(id)
}

/// The status an approval stored as `stored` has at `now_ms`.
pub(crate) fn effective_status(
    stored: ApprovalStatus,
    deadline_ms: i64,
    now_ms: i64,
) -> ApprovalStatus {
    match stored {
        ApprovalStatus::Pending | ApprovalStatus::Granted if now_ms > deadline_ms => {
            ApprovalStatus::Expired
        }
        s => s,
    }
}

/// Picks the approval the view shows among those for one (session, action hash); statuses must
/// already be effective. See [`Approval`] for the order.
pub(crate) fn select_approval(candidates: Vec<Approval>) -> Option<Approval> {
    fn rank(a: &Approval) -> u8 {
        match a.status {
            ApprovalStatus::Denied => 4,
            ApprovalStatus::Granted => 3,
            ApprovalStatus::Pending => 2,
            ApprovalStatus::Expired => 1,
            ApprovalStatus::Consumed => 0,
        }
    }
    candidates
        .into_iter()
        .filter(|a| a.status != ApprovalStatus::Consumed)
        .max_by(|a, b| {
            (rank(a), a.created_ms, &a.approval_id).cmp(&(rank(b), b.created_ms, &b.approval_id))
        })
}

/// The approval a `new_approval` request reuses instead of creating one: the one in the view,
/// when it is pending, granted or denied (a refusal sticks; an expired one is replaced).
pub(crate) fn reusable(current: Option<&Approval>) -> Option<&Approval> {
    current.filter(|a| {
        matches!(
            a.status,
            ApprovalStatus::Pending | ApprovalStatus::Granted | ApprovalStatus::Denied
        )
    })
}

pub(crate) fn duplicate_id(id: &str) -> StoreError {
    StoreError::invalid("approval id", format!("`{}` already exists", excerpt(id)))
}

/// Checks the bounds of an update's strings; cuts display text.
pub(crate) fn validate_update(update: &mut TxUpdate) -> Result<(), StoreError> {
    if update.rule_ids.len() > MAX_RULE_IDS {
        return Err(StoreError::invalid(
            "rule ids",
            format!(
                "{} rule ids in one call, at most {MAX_RULE_IDS} allowed",
                update.rule_ids.len()
            ),
        ));
    }
    for r in &update.rule_ids {
        check_name("rule id", r)?;
    }
    if update.risk > 100 {
        return Err(StoreError::invalid(
            "risk",
            format!("risk `{}` is above 100", update.risk),
        ));
    }
    if let Some(id) = &update.consume_approval {
        check_id("approval id", id)?;
        if update.new_approval.is_some() {
            return Err(StoreError::invalid(
                "update",
                "`consume_approval` and `new_approval` cannot be set together",
            ));
        }
    }
    if let Some(n) = &mut update.new_approval {
        check_id("approval id", &n.approval_id)?;
        if let Some(a) = &n.approver {
            check_name("approver", a)?;
        }
        cut(&mut n.reason);
        cut(&mut n.summary);
    }
    Ok(())
}

pub(crate) fn check_name(what: &'static str, value: &str) -> Result<(), StoreError> {
    check_len(what, value, MAX_NAME_LEN)
}

pub(crate) fn check_id(what: &'static str, value: &str) -> Result<(), StoreError> {
    check_len(what, value, MAX_ID_LEN)
}

fn check_len(what: &'static str, value: &str, max: usize) -> Result<(), StoreError> {
    if value.is_empty() {
        return Err(StoreError::invalid(what, "it is empty"));
    }
    if value.len() > max {
        return Err(StoreError::invalid(
            what,
            format!(
                "`{}` is {} bytes, at most {max} allowed",
                excerpt(value),
                value.len()
            ),
        ));
    }
    Ok(())
}

/// Cuts display text to [`MAX_TEXT_LEN`] bytes on a char boundary.
pub(crate) fn cut(text: &mut String) {
    if text.len() > MAX_TEXT_LEN {
        let mut end = MAX_TEXT_LEN;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// Checks that counting `tool` and `rule_ids` keeps the session within
/// [`MAX_KEYS_PER_SESSION`] distinct tools and rules.
pub(crate) fn check_session_keys(
    session: &str,
    by_tool: &BTreeMap<String, u64>,
    by_rule: &BTreeMap<String, u64>,
    tool: &str,
    rule_ids: &[String],
) -> Result<(), StoreError> {
    let new_tools = usize::from(!by_tool.contains_key(tool));
    let new_rules = unique_rules(rule_ids)
        .into_iter()
        .filter(|r| !by_rule.contains_key(*r))
        .count();
    if by_tool.len() + new_tools > MAX_KEYS_PER_SESSION
        || by_rule.len() + new_rules > MAX_KEYS_PER_SESSION
    {
        return Err(StoreError::invalid(
            "session",
            format!(
                "session `{}` would exceed {MAX_KEYS_PER_SESSION} distinct tool names or rule ids",
                excerpt(session)
            ),
        ));
    }
    Ok(())
}

/// Dedupes rule ids, keeping the first occurrence's order.
pub(crate) fn unique_rules(rule_ids: &[String]) -> Vec<&str> {
    let mut seen = std::collections::BTreeSet::new();
    rule_ids
        .iter()
        .map(String::as_str)
        .filter(|r| seen.insert(*r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approval(id: &str, status: ApprovalStatus, created_ms: i64) -> Approval {
        Approval {
            approval_id: id.into(),
            action_hash: "h".into(),
            session: None,
            tool: "t".into(),
            summary: String::new(),
            approver: None,
            reason: String::new(),
            created_ms,
            deadline_ms: 100,
            status,
            decided_by: None,
            note: None,
            decided_ms: None,
            consumed_ms: None,
        }
    }

    #[test]
    fn approval_ids_are_prefixed_and_random() {
        let a = new_approval_id().unwrap();
        let b = new_approval_id().unwrap();
        assert!(a.starts_with("apr_"));
        assert_eq!(a.len(), 36);
        assert!(
            a.strip_prefix("apr_")
                .unwrap()
                .chars()
                .all(|c| c.is_ascii_hexdigit())
        );
        assert_ne!(a, b);
    }

    #[test]
    fn expiry_applies_to_pending_and_granted_only() {
        use ApprovalStatus::*;
        assert_eq!(effective_status(Pending, 10, 10), Pending);
        assert_eq!(effective_status(Pending, 10, 11), Expired);
        assert_eq!(effective_status(Granted, 10, 11), Expired);
        assert_eq!(effective_status(Denied, 10, 11), Denied);
        assert_eq!(effective_status(Consumed, 10, 11), Consumed);
    }

    #[test]
    fn denied_wins_then_grant_then_pending_then_newest_expired() {
        use ApprovalStatus::*;
        let pick = |v: Vec<Approval>| select_approval(v).map(|a| a.approval_id);
        assert_eq!(
            pick(vec![
                approval("a", Granted, 1),
                approval("b", Denied, 0),
                approval("c", Pending, 2)
            ]),
            Some("b".into())
        );
        assert_eq!(
            pick(vec![approval("a", Pending, 5), approval("b", Granted, 1)]),
            Some("b".into())
        );
        assert_eq!(
            pick(vec![approval("a", Expired, 1), approval("b", Expired, 2)]),
            Some("b".into())
        );
        assert_eq!(pick(vec![approval("a", Consumed, 1)]), None);
    }

    #[test]
    fn bounds_are_enforced() {
        let k = TxKey::new(Some(""), "t", "h", 0);
        assert_eq!(k.validate(1000).unwrap_err().code(), "store_invalid_input");
        let long = "x".repeat(MAX_NAME_LEN + 1);
        let k = TxKey::new(Some(&long), "t", "h", 0);
        let err = k.validate(1000).unwrap_err().to_string();
        assert!(err.starts_with("invalid session id: `xxxx"), "{err}");
        let w = [RateWindow::new("k", "*", 2000)];
        let k = TxKey::new(None, "t", "h", 0).with_rate_windows(&w);
        assert!(k.validate(1000).is_err());
        assert!(k.validate(2000).is_ok());
        let w = [RateWindow::new("k", "*", 0)];
        assert!(
            TxKey::new(None, "t", "h", 0)
                .with_rate_windows(&w)
                .validate(1000)
                .is_err()
        );

        let mut u = TxUpdate {
            risk: 101,
            ..TxUpdate::default()
        };
        assert!(validate_update(&mut u).is_err());
        let mut u = TxUpdate {
            new_approval: Some(NewApproval {
                approval_id: "apr_1".into(),
                approver: None,
                reason: "é".repeat(MAX_TEXT_LEN),
                summary: String::new(),
                deadline_ms: 0,
            }),
            ..TxUpdate::default()
        };
        validate_update(&mut u).unwrap();
        let reason = &u.new_approval.unwrap().reason;
        assert_eq!(reason.len(), MAX_TEXT_LEN);
    }

    #[test]
    fn distinct_keys_per_session_are_capped() {
        let full: BTreeMap<String, u64> = (0..MAX_KEYS_PER_SESSION)
            .map(|i| (format!("k{i}"), 1))
            .collect();
        let empty = BTreeMap::new();
        let rules = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        // Known tool and rules: fine; one new tool or one new rule: refused.
        check_session_keys("s", &full, &empty, "k7", &rules(&["a"])).unwrap();
        let err = check_session_keys("s", &full, &empty, "new", &[]).unwrap_err();
        assert_eq!(err.code(), "store_invalid_input");
        check_session_keys("s", &empty, &full, "t", &rules(&["k1", "k1"])).unwrap();
        assert!(check_session_keys("s", &empty, &full, "t", &rules(&["k1", "new"])).is_err());
        let mut almost = full.clone();
        almost.remove("k0");
        check_session_keys("s", &almost, &almost, "new", &rules(&["new", "new"])).unwrap();
        assert!(check_session_keys("s", &empty, &almost, "t", &rules(&["n1", "n2"])).is_err());
    }

    #[test]
    fn rule_ids_dedupe_in_order() {
        let ids = vec!["b".to_owned(), "a".to_owned(), "b".to_owned()];
        assert_eq!(unique_rules(&ids), vec!["b", "a"]);
    }
}
