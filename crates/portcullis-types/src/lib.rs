#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod action;
mod decision;
mod effect;
mod session;

pub use action::{Action, ActionError, Principal, Resource};
pub use decision::{
    Alert, Decision, DecisionError, Finding, LedgerRef, Redaction, Redactions, ShadowDecision,
    Span, TraceStep,
};
pub use effect::{Effect, Mode};
pub use session::{SessionView, Severity};

/// The JSON object type used for tool arguments, claims and context.
pub type JsonMap = serde_json::Map<String, serde_json::Value>;
