#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod redact;
mod rules;
mod scanner;
mod validate;

pub use redact::{redact, to_finding};
pub use scanner::Scanner;

/// One secret found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecretMatch {
    /// What kind of credential, e.g. `aws_access_key`.
    pub kind: &'static str,
    /// The stable finding code, `secret.<kind>`.
    pub code: &'static str,
    /// First byte of the secret value itself (not the key name, not the quotes).
    pub start: usize,
    /// One past the last byte of the secret value.
    pub end: usize,
    /// Risk, 0–100.
    pub risk: u8,
    /// How sure the detector is.
    pub confidence: Confidence,
    /// The public, fixed prefix of the format the value starts with (`AKIA`, `ghp_`), shown in
    /// evidence; empty when the format has none.
    pub prefix: &'static str,
}

/// How sure a detector is that a match is a real credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// A generic `name = value` assignment passing an entropy floor, a vendor keyword next to a
    /// value of the right shape, or a checksummed format whose checksum failed.
    Low,
    /// A distinctive format (fixed prefix and exact length or structure), no checksum.
    Medium,
    /// A format whose checksum verified (GitHub, npm, age), a complete private-key block, or a
    /// JWT whose header and payload both decode.
    High,
}

impl Confidence {
    /// `low`, `medium` or `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Every kind the built-in scanner can report, sorted (documentation and tests).
pub fn kinds() -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = rules::DEFS.iter().map(|d| d.kind).collect();
    kinds.extend([
        "private_key",
        "rsa_private_key",
        "ec_private_key",
        "dsa_private_key",
        "openssh_private_key",
        "encrypted_private_key",
        "pgp_private_key",
        "gcp_service_account_key",
        "generic_secret",
        "generic_password",
    ]);
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}
