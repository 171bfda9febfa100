//! The action hash that binds approvals and ledger entries to one exact call.

use portcullis_types::Action;
use sha2::{Digest, Sha256};

/// SHA-256 (hex) of the RFC 8785 canonical JSON of the action without `action_id`,
/// `timestamp` and `result`: two submissions of the same call hash the same, whatever their
/// ids, times or key order.
pub fn action_hash(action: &Action) -> String {
    let mut v = serde_json::to_value(action).unwrap_or(serde_json::Value::Null);
    if let Some(m) = v.as_object_mut() {
        m.remove("action_id");
        m.remove("timestamp");
        m.remove("result");
    }
    let canonical = serde_json_canonicalizer::to_vec(&v)
        // Values from JSON text are always finite, so canonicalisation cannot fail; should it,
        // hash serde_json's own (sorted-key) rendering rather than give up.
        .unwrap_or_else(|_| v.to_string().into_bytes());
    hex::encode(Sha256::digest(&canonical))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_ids_times_and_key_order() {
        let a = Action::from_json(
            r#"{"tool":"t","args":{"a":1,"b":[1,2]},"action_id":"x","timestamp":"2020-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        let b = Action::from_json(r#"{"args":{"b":[1,2],"a":1.0},"tool":"t"}"#).unwrap();
        assert_eq!(action_hash(&a), action_hash(&b));
        let c = Action::from_json(r#"{"tool":"t","args":{"a":2,"b":[1,2]}}"#).unwrap();
        assert_ne!(action_hash(&a), action_hash(&c));
        assert_eq!(action_hash(&a).len(), 64);
    }
}
