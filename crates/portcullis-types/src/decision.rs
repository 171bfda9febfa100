use serde::{Deserialize, Serialize};

use crate::{Effect, JsonMap, Mode};

/// The answer for one action, with everything needed to explain and audit it.
///
/// Field order is the serialisation order; the same action, policy and session state give
/// byte-identical JSON (apart from `decision_id` and `timestamp`, which the caller supplies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Time-ordered unique id of this decision.
    pub decision_id: String,
    /// The caller's id for the action, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_id: Option<String>,
    /// The effect applied (in observe and audit modes always `allow`).
    pub decision: Effect,
    /// Whether the decision is enforced (false in observe and audit modes).
    pub enforced: bool,
    /// What enforce mode would have decided.
    pub would_decision: Effect,
    /// Every rule that matched, in policy order.
    pub rule_ids: Vec<String>,
    /// A human sentence; secrets redacted.
    pub reason: String,
    /// Detector results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// Risk score, 0–100: the maximum of finding and rule risks.
    pub risk_score: u8,
    /// The approver role, when approval is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<String>,
    /// The pending or consumed approval, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_id: Option<String>,
    /// How long an approval stays open (`15m`), when approval is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_timeout: Option<String>,
    /// What was redacted and the redacted arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redactions: Option<Redactions>,
    /// Alerts raised by matching rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<Alert>,
    /// Internal failures that forced a fail-closed answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<DecisionError>,
    /// SHA-256 of the canonical policy, hex.
    pub policy_hash: String,
    /// The mode the policy ran in.
    pub mode: Mode,
    /// When the decision was made, RFC 3339 UTC.
    pub timestamp: String,
    /// The shadow (candidate) bundle's decision, never enforced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow: Option<ShadowDecision>,
    /// Every rule tried and why it matched or not (debug mode and `explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceStep>>,
    /// Where the decision was written, when a ledger is configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerRef>,
}

impl Decision {
    /// Whether the tool call may run.
    pub fn allowed(&self) -> bool {
        self.decision.is_allowed()
    }

    /// Every finding code, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.findings
            .iter()
            .map(|f| f.code.as_str())
            .chain(self.errors.iter().map(|e| e.code.as_str()))
    }
}

/// A detector result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable code, e.g. `shell.rm_recursive_root`, `secret.aws_access_key`.
    pub code: String,
    /// What was found, in a sentence; never the raw secret.
    pub message: String,
    /// Risk contributed, 0–100.
    pub risk: u8,
    /// JSON pointer of the argument the finding is in (`/command`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Byte span into the normalised value at `location`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// A short, redacted excerpt that shows why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl Finding {
    /// A finding with a code, message and risk, and no location.
    pub fn new(code: impl Into<String>, message: impl Into<String>, risk: u8) -> Finding {
        Finding {
            code: code.into(),
            message: message.into(),
            risk: risk.min(100),
            location: None,
            span: None,
            evidence: None,
        }
    }

    /// Sets the JSON pointer of the argument.
    pub fn at(mut self, location: impl Into<String>) -> Finding {
        self.location = Some(location.into());
        self
    }

    /// Sets the byte span.
    pub fn with_span(mut self, start: usize, end: usize) -> Finding {
        self.span = Some(Span { start, end });
        self
    }

    /// Sets the evidence excerpt (must already be redacted).
    pub fn with_evidence(mut self, evidence: impl Into<String>) -> Finding {
        self.evidence = Some(evidence.into());
        self
    }
}

/// A half-open byte range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One redacted value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    /// JSON pointer of the argument.
    pub pointer: String,
    /// First byte of the secret in the original string.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// What kind of secret (`aws_access_key`).
    pub kind: String,
}

/// What a decision redacted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Redactions {
    /// Every redacted span.
    pub spans: Vec<Redaction>,
    /// The arguments with each secret replaced by `[REDACTED:<kind>]`.
    pub args: JsonMap,
    /// The tool result with secrets replaced, when a result was checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
}

/// An alert raised by a matching rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// The rule that raised it.
    pub rule_id: String,
    /// Its message.
    pub message: String,
}

/// An internal failure that forced a fail-closed answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionError {
    /// Stable code, e.g. `store_unavailable`, `detector_failed`.
    pub code: String,
    /// What went wrong.
    pub message: String,
    /// The rule being evaluated, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<String>,
}

impl DecisionError {
    /// An error with a code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> DecisionError {
        DecisionError {
            code: code.into(),
            message: message.into(),
            rule_id: None,
        }
    }
}

/// The shadow bundle's verdict, computed beside the real one and never enforced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShadowDecision {
    /// What the candidate policy decided.
    pub decision: Effect,
    /// Its matching rules, suffixed `:candidate`.
    pub rule_ids: Vec<String>,
    /// SHA-256 of the candidate policy.
    pub policy_hash: String,
}

/// One rule tried, for debug mode and `explain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// The rule.
    pub rule_id: String,
    /// Whether it matched.
    pub matched: bool,
    /// Why, in words (`args.path contains ".env"`).
    pub detail: String,
}

/// Where a decision was written in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRef {
    /// Entry sequence number.
    pub seq: u64,
    /// Entry hash, hex.
    pub hash: String,
    /// Signing key id.
    pub key_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_risk_is_capped() {
        assert_eq!(Finding::new("x.y", "m", 250).risk, 100);
    }

    #[test]
    fn decision_json_omits_empty_optional_fields() {
        let d = Decision {
            decision_id: "d1".into(),
            action_id: None,
            decision: Effect::Deny,
            enforced: true,
            would_decision: Effect::Deny,
            rule_ids: vec!["r".into()],
            reason: "no".into(),
            findings: vec![],
            risk_score: 0,
            approver: None,
            approval_id: None,
            approval_timeout: None,
            redactions: None,
            alerts: vec![],
            errors: vec![],
            policy_hash: "h".into(),
            mode: Mode::Enforce,
            timestamp: "t".into(),
            shadow: None,
            trace: None,
            ledger: None,
        };
        let v = serde_json::to_value(&d).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert!(!keys.contains(&"findings".to_owned()));
        assert!(keys.contains(&"would_decision".to_owned()));
        assert!(!d.allowed());
        let back: Decision = serde_json::from_value(v).unwrap();
        assert_eq!(back, d);
    }
}
