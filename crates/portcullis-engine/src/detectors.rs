//! Adapters from the detector crates to engine facts.

use crate::facts::{DetectorFacts, Facts};

// The detector crates are being integrated; until then a policy that needs a detector fails
// closed with an explicit error rather than silently matching nothing.
pub(crate) fn shell(_f: &Facts<'_>) -> DetectorFacts {
    DetectorFacts::failed("shell", "not available in this build".to_owned())
}
pub(crate) fn path(_f: &Facts<'_>) -> DetectorFacts {
    DetectorFacts::failed("path", "not available in this build".to_owned())
}
pub(crate) fn secrets(_f: &Facts<'_>) -> DetectorFacts {
    DetectorFacts::failed("secrets", "not available in this build".to_owned())
}
pub(crate) fn egress(_f: &Facts<'_>) -> DetectorFacts {
    DetectorFacts::failed("egress", "not available in this build".to_owned())
}
pub(crate) fn sql(_f: &Facts<'_>) -> DetectorFacts {
    DetectorFacts::failed("sql", "not available in this build".to_owned())
}

/// Replaces secrets in free text (messages, reasons).
pub(crate) fn redact_text(text: &str) -> String {
    text.to_owned()
}
