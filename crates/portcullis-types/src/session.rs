use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The severity state of a session, driven by the risk of its recent calls.
///
/// `active → observe → cooldown` as risk accumulates; back down after a quiet period. Each step
/// lowers the risk at which calls are denied (defaults 80, 60, 30).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Normal operation.
    #[default]
    Active,
    /// Raised: risky calls seen recently.
    Observe,
    /// Highest: the session keeps making risky calls.
    Cooldown,
}

impl Severity {
    /// The wire spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Active => "active",
            Severity::Observe => "observe",
            Severity::Cooldown => "cooldown",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Severity> {
        [Severity::Active, Severity::Observe, Severity::Cooldown]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A read-only snapshot of one session's state, handed to the (pure) engine.
///
/// Counts are of calls made *before* the one being decided.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionView {
    /// The session id, when the action names one.
    pub session: Option<String>,
    /// Calls decided in this session.
    pub calls: u64,
    /// Calls per tool name.
    pub calls_by_tool: BTreeMap<String, u64>,
    /// Matches per rule id.
    pub calls_by_rule: BTreeMap<String, u64>,
    /// Calls that were refused (deny or terminate; a pending approval is not a refusal).
    pub denials: u64,
    /// Current severity state.
    pub severity: Severity,
    /// Whether the session was terminated (every later call is `terminate`).
    pub terminated: bool,
    /// Calls inside each configured rate window, keyed by the limit's key (tool name or `*`).
    pub window_calls: BTreeMap<String, u64>,
}
