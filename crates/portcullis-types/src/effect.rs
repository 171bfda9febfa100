use std::fmt;

use serde::{Deserialize, Serialize};

/// The answer for one proposed tool call.
///
/// Variants are declared from weakest to strongest, so `Ord` gives the combining order
/// `terminate > deny > require_approval > redact > alert > allow`: when several rules match, the
/// maximum wins. Deliberately not `#[non_exhaustive]`: a new effect must break every match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Let the call run.
    Allow,
    /// Let the call run and raise an alert.
    Alert,
    /// Let the call run with secrets in its arguments replaced.
    Redact,
    /// Hold the call until a human grants it.
    RequireApproval,
    /// Refuse the call.
    Deny,
    /// Refuse the call and every later call in the same session.
    Terminate,
}

impl Effect {
    /// Every effect, weakest first.
    pub const ALL: [Effect; 6] = [
        Effect::Allow,
        Effect::Alert,
        Effect::Redact,
        Effect::RequireApproval,
        Effect::Deny,
        Effect::Terminate,
    ];

    /// The wire spelling (`allow`, `require_approval`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "allow",
            Effect::Alert => "alert",
            Effect::Redact => "redact",
            Effect::RequireApproval => "require_approval",
            Effect::Deny => "deny",
            Effect::Terminate => "terminate",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Effect> {
        Effect::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// Whether the call may run (allow, alert and redact).
    pub const fn is_allowed(self) -> bool {
        matches!(self, Effect::Allow | Effect::Alert | Effect::Redact)
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a decision is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Block what the policy blocks; fail closed.
    #[default]
    Enforce,
    /// Never block; record what enforce mode would have decided.
    Observe,
    /// Record only: never block, no detector side effects.
    Audit,
    /// Like enforce, plus a trace of every rule tried.
    Debug,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 4] = [Mode::Enforce, Mode::Observe, Mode::Audit, Mode::Debug];

    /// The wire spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mode::Enforce => "enforce",
            Mode::Observe => "observe",
            Mode::Audit => "audit",
            Mode::Debug => "debug",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether decisions made in this mode are enforced.
    pub const fn enforces(self) -> bool {
        matches!(self, Mode::Enforce | Mode::Debug)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_the_combining_order() {
        let mut v = vec![
            Effect::Deny,
            Effect::Allow,
            Effect::Terminate,
            Effect::Alert,
            Effect::RequireApproval,
            Effect::Redact,
        ];
        v.sort();
        assert_eq!(v, Effect::ALL.to_vec());
        assert_eq!(Effect::Deny.max(Effect::RequireApproval), Effect::Deny);
    }

    #[test]
    fn spellings_round_trip() {
        for e in Effect::ALL {
            assert_eq!(Effect::parse(e.as_str()), Some(e));
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(json, format!("\"{}\"", e.as_str()));
        }
        for m in Mode::ALL {
            assert_eq!(Mode::parse(m.as_str()), Some(m));
        }
        assert_eq!(Effect::parse("block"), None);
    }

    #[test]
    fn allowed_effects() {
        let allowed: Vec<_> = Effect::ALL.into_iter().filter(|e| e.is_allowed()).collect();
        assert_eq!(allowed, [Effect::Allow, Effect::Alert, Effect::Redact]);
    }
}
