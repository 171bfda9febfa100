//! The on-disk record format: one canonical JSON object per line.
//!
//! An entry line is the RFC 8785 canonical JSON of the entry *including* `sig`. Because the
//! keys are fixed and sort as `action, action_hash, decision, key_id, policy_hash, prev_hash,
//! seq, sig, time` (checkpoints: `head, key_id, seq, sig, time, type`), removing the member
//! `"sig":"…",` from the line gives exactly the canonical JSON of the record without `sig`:
//! the bytes that are hashed and signed. See docs/design/ledger.md.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::LedgerError;
use crate::canonical::{sha256_hex, to_canonical};

/// `prev_hash` of the first entry: 64 zeros.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Longest line read or written, newline included (4 MiB).
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// The `"sig":"` member, preceded by the comma that separates it from `seq`.
const SIG_MARKER: &[u8] = b",\"sig\":\"";
const SIG_HEX_LEN: usize = 128;

/// One decision entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Sequence number: 1 for the first entry, then +1 per entry.
    pub seq: u64,
    /// Hash of the previous entry ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// When the entry was made (RFC 3339 UTC).
    pub time: String,
    /// The (redacted, masked) decision, as JSON.
    pub decision: Value,
    /// The (redacted, masked) action; absent in privacy mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Value>,
    /// SHA-256 (hex) of the canonical JSON of the action as recorded (after masking).
    pub action_hash: String,
    /// SHA-256 (hex) of the policy that decided.
    pub policy_hash: String,
    /// Id of the key that signed.
    pub key_id: String,
    /// Ed25519 signature (hex) over the canonical JSON of the entry without `sig`.
    pub sig: String,
}

/// A signed statement "the ledger's head is entry `seq` with hash `head`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// Always `checkpoint`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The seq of the last entry before the checkpoint (0: empty ledger).
    pub seq: u64,
    /// That entry's hash.
    pub head: String,
    /// When the checkpoint was written.
    pub time: String,
    /// Id of the key that signed.
    pub key_id: String,
    /// Ed25519 signature (hex) over the canonical JSON of the checkpoint without `sig`.
    pub sig: String,
}

/// A ledger line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Record {
    /// A decision entry.
    Entry(Entry),
    /// A checkpoint.
    Checkpoint(Checkpoint),
}

impl Record {
    /// The entry's seq, or the seq a checkpoint vouches for.
    pub fn seq(&self) -> u64 {
        match self {
            Record::Entry(e) => e.seq,
            Record::Checkpoint(c) => c.seq,
        }
    }

    /// The signing key id.
    pub fn key_id(&self) -> &str {
        match self {
            Record::Entry(e) => &e.key_id,
            Record::Checkpoint(c) => &c.key_id,
        }
    }
}

/// A line cut into what was signed and the signature.
pub(crate) struct SignedLine {
    /// The canonical JSON without `sig` (hashed and signed).
    pub(crate) body: Vec<u8>,
    pub(crate) sig: [u8; 64],
}

/// Splits a line (without its newline) into signed body and signature.
pub(crate) fn split_signed(line: &[u8]) -> Result<SignedLine, String> {
    let at = rfind(line, SIG_MARKER).ok_or("no `sig` member")?;
    let hex_start = at + SIG_MARKER.len();
    let hex = line
        .get(hex_start..hex_start + SIG_HEX_LEN)
        .ok_or("signature too short")?;
    // Lower-case only: an upper-case digit would decode to the same signature and let a changed
    // byte pass unnoticed.
    if !hex.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
        return Err("signature is not 128 lower-case hex digits".into());
    }
    let after = hex_start + SIG_HEX_LEN;
    if line.get(after..after + 2) != Some(b"\",".as_slice()) {
        return Err("signature is not followed by another member".into());
    }
    let mut sig = [0_u8; 64];
    hex::decode_to_slice(hex, &mut sig).map_err(|e| e.to_string())?;
    let mut body = Vec::with_capacity(line.len() - SIG_MARKER.len() - SIG_HEX_LEN);
    body.extend_from_slice(line.get(..=at).unwrap_or_default());
    body.extend_from_slice(line.get(after + 2..).unwrap_or_default());
    Ok(SignedLine { body, sig })
}

/// A parsed line: the record, its signed body and signature.
pub(crate) struct ParsedLine {
    pub(crate) record: Record,
    pub(crate) signed: SignedLine,
    /// SHA-256 of the body, hex: the entry hash (or checkpoint hash).
    pub(crate) hash: String,
}

/// Parses one line (without newline). With `strict`, the line must be exactly canonical JSON.
pub(crate) fn parse_line(line: &[u8], strict: bool) -> Result<ParsedLine, String> {
    let signed = split_signed(line)?;
    let mut value: Value =
        serde_json::from_slice(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = value.as_object_mut().ok_or("not a JSON object")?;
    let sig = obj.remove("sig").ok_or("no top-level `sig`")?;
    if sig.as_str() != Some(hex::encode(signed.sig).as_str()) {
        return Err("`sig` is not where canonical key order puts it".into());
    }
    if strict {
        let canonical = to_canonical(&value).map_err(|e| e.to_string())?;
        if canonical != signed.body {
            return Err("line is not canonical JSON (RFC 8785)".into());
        }
    }
    let obj = value.as_object_mut().ok_or("not a JSON object")?;
    obj.insert("sig".into(), sig);
    let record = match obj.get("type") {
        None => {
            Record::Entry(serde_json::from_value(value).map_err(|e| format!("bad entry: {e}"))?)
        }
        Some(Value::String(t)) if t == "checkpoint" => Record::Checkpoint(
            serde_json::from_value(value).map_err(|e| format!("bad checkpoint: {e}"))?,
        ),
        Some(other) => return Err(format!("unknown record type {other}")),
    };
    let hash = sha256_hex(&signed.body);
    Ok(ParsedLine {
        record,
        signed,
        hash,
    })
}

/// Reads a record for display, without checking signatures or canonical form.
pub fn parse_record(line: &[u8]) -> Result<Record, LedgerError> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    parse_line(line, false)
        .map(|p| p.record)
        .map_err(|m| LedgerError::record(format!("malformed ledger record: {m}")))
}

/// The canonical pieces of an entry, assembled around the signature.
pub(crate) struct EntryParts<'a> {
    pub(crate) action: Option<&'a [u8]>,
    pub(crate) action_hash: &'a str,
    pub(crate) decision: &'a [u8],
    pub(crate) key_id: &'a str,
    /// Canonical JSON string (quotes included).
    pub(crate) policy_hash: &'a [u8],
    pub(crate) prev_hash: &'a str,
    pub(crate) seq: u64,
    /// Canonical JSON string (quotes included).
    pub(crate) time: &'a [u8],
}

impl EntryParts<'_> {
    /// Appends the signed line (with newline) to `out`; returns the entry hash.
    pub(crate) fn write_line(
        &self,
        sign: impl FnOnce(&[u8]) -> [u8; 64],
        out: &mut Vec<u8>,
    ) -> String {
        // Keys in RFC 8785 order (all ASCII, so UTF-16 order is byte order).
        let mut head =
            Vec::with_capacity(self.decision.len() + self.action.map_or(0, <[u8]>::len) + 400);
        head.push(b'{');
        if let Some(action) = self.action {
            head.extend_from_slice(b"\"action\":");
            head.extend_from_slice(action);
            head.push(b',');
        }
        head.extend_from_slice(b"\"action_hash\":\"");
        head.extend_from_slice(self.action_hash.as_bytes());
        head.extend_from_slice(b"\",\"decision\":");
        head.extend_from_slice(self.decision);
        head.extend_from_slice(b",\"key_id\":\"");
        head.extend_from_slice(self.key_id.as_bytes());
        head.extend_from_slice(b"\",\"policy_hash\":");
        head.extend_from_slice(self.policy_hash);
        head.extend_from_slice(b",\"prev_hash\":\"");
        head.extend_from_slice(self.prev_hash.as_bytes());
        head.extend_from_slice(b"\",\"seq\":");
        head.extend_from_slice(self.seq.to_string().as_bytes());
        let mut tail = Vec::with_capacity(48);
        tail.extend_from_slice(b"\"time\":");
        tail.extend_from_slice(self.time);
        tail.push(b'}');
        join_signed(&head, &tail, sign, out)
    }
}

/// The canonical pieces of a checkpoint.
pub(crate) struct CheckpointParts<'a> {
    pub(crate) head: &'a str,
    pub(crate) key_id: &'a str,
    pub(crate) seq: u64,
    pub(crate) time: &'a [u8],
}

impl CheckpointParts<'_> {
    /// Appends the signed line (with newline) to `out`; returns the hash of its body.
    pub(crate) fn write_line(
        &self,
        sign: impl FnOnce(&[u8]) -> [u8; 64],
        out: &mut Vec<u8>,
    ) -> String {
        let mut head = Vec::with_capacity(200);
        head.extend_from_slice(b"{\"head\":\"");
        head.extend_from_slice(self.head.as_bytes());
        head.extend_from_slice(b"\",\"key_id\":\"");
        head.extend_from_slice(self.key_id.as_bytes());
        head.extend_from_slice(b"\",\"seq\":");
        head.extend_from_slice(self.seq.to_string().as_bytes());
        let mut tail = Vec::with_capacity(80);
        tail.extend_from_slice(b"\"time\":");
        tail.extend_from_slice(self.time);
        tail.extend_from_slice(b",\"type\":\"checkpoint\"}");
        join_signed(&head, &tail, sign, out)
    }
}

/// body = head + "," + tail; line = head + `,"sig":"HEX",` + tail + "\n".
fn join_signed(
    head: &[u8],
    tail: &[u8],
    sign: impl FnOnce(&[u8]) -> [u8; 64],
    out: &mut Vec<u8>,
) -> String {
    let mut body = Vec::with_capacity(head.len() + tail.len() + 1);
    body.extend_from_slice(head);
    body.push(b',');
    body.extend_from_slice(tail);
    let sig = sign(&body);
    let mut hex_sig = [0_u8; 128];
    // INVARIANT: 64 bytes always encode into 128 hex digits.
    let _ = hex::encode_to_slice(sig, &mut hex_sig);
    out.extend_from_slice(head);
    out.extend_from_slice(SIG_MARKER);
    out.extend_from_slice(&hex_sig);
    out.extend_from_slice(b"\",");
    out.extend_from_slice(tail);
    out.push(b'\n');
    sha256_hex(&body)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn assembled_entry_is_canonical_and_splits_back() {
        let action =
            to_canonical(&json!({"tool":"bash","args":{"command":"ls -la ~","n":1.5}})).unwrap();
        let decision = to_canonical(&json!({"decision":"deny","reason":"é\u{1}"})).unwrap();
        let policy = to_canonical("abc").unwrap();
        let time = to_canonical("2026-01-02T03:04:05.000001Z").unwrap();
        let parts = EntryParts {
            action: Some(&action),
            action_hash: &sha256_hex(&action),
            decision: &decision,
            key_id: "0123456789abcdef",
            policy_hash: &policy,
            prev_hash: GENESIS_HASH,
            seq: 1,
            time: &time,
        };
        let mut line = Vec::new();
        let mut signed_body = Vec::new();
        let hash = parts.write_line(
            |b| {
                signed_body = b.to_vec();
                [7; 64]
            },
            &mut line,
        );
        // The whole line, sig included, is canonical JSON.
        let v: Value = serde_json::from_slice(&line).unwrap();
        let mut expect = to_canonical(&v).unwrap();
        expect.push(b'\n');
        assert_eq!(line, expect);
        // The body is the canonical JSON of the entry without sig.
        let mut v = v;
        v.as_object_mut().unwrap().remove("sig");
        assert_eq!(signed_body, to_canonical(&v).unwrap());
        assert_eq!(hash, sha256_hex(&signed_body));
        let parsed = parse_line(line.strip_suffix(b"\n").unwrap(), true).unwrap();
        assert_eq!(parsed.signed.body, signed_body);
        assert_eq!(parsed.signed.sig, [7; 64]);
        assert_eq!(parsed.hash, hash);
        assert!(matches!(parsed.record, Record::Entry(ref e) if e.seq == 1));
    }

    #[test]
    fn assembled_checkpoint_is_canonical() {
        let time = to_canonical("2026-01-02T03:04:05Z").unwrap();
        let parts = CheckpointParts {
            head: GENESIS_HASH,
            key_id: "0123456789abcdef",
            seq: 0,
            time: &time,
        };
        let mut line = Vec::new();
        parts.write_line(|_| [1; 64], &mut line);
        let v: Value = serde_json::from_slice(&line).unwrap();
        let mut expect = to_canonical(&v).unwrap();
        expect.push(b'\n');
        assert_eq!(line, expect);
        let parsed = parse_line(line.strip_suffix(b"\n").unwrap(), true).unwrap();
        assert!(matches!(parsed.record, Record::Checkpoint(ref c) if c.kind == "checkpoint"));
    }

    #[test]
    fn split_refuses_upper_case_and_misplaced_sig() {
        let sig = "a".repeat(128);
        let line = format!(r#"{{"seq":1,"sig":"{sig}","time":"t"}}"#);
        assert!(split_signed(line.as_bytes()).is_ok());
        let upper = line.replacen('a', "A", 1);
        assert!(split_signed(upper.as_bytes()).is_err());
        let last = format!(r#"{{"seq":1,"sig":"{sig}"}}"#);
        assert!(split_signed(last.as_bytes()).is_err());
        // A nested "sig" member is found but the top-level one is missing.
        let nested = format!(r#"{{"a":{{"x":1,"sig":"{sig}","y":2}},"seq":1}}"#);
        assert!(parse_line(nested.as_bytes(), false).is_err());
    }
}
