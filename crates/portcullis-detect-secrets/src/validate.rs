//! Value checks: placeholders, entropy, checksums, JWT headers.

use base64::Engine as _;

/// Shannon entropy of `value` in bits per byte.
pub(crate) fn entropy(value: &[u8]) -> f64 {
    if value.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in value {
        if let Some(c) = counts.get_mut(usize::from(b)) {
            *c += 1;
        }
    }
    let len = value.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// Words that mark a documentation value rather than a credential.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "xxxx",
    "****",
    "•••",
    "...",
    "…",
    "your",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "dummy",
    "redacted",
    "insert",
    "replace",
    "_here",
    "-here",
    "todo",
    "fixme",
    "0123456",
    "1234567",
    "abcdefgh",
    "secret_key_base",
    "notasecret",
    "not_a_secret",
    "not-a-secret",
];

/// Whether `value` is a placeholder, template reference or documentation stand-in
/// (`<token>`, `${VAR}`, `$API_KEY`, `{{ secret }}`, `xxxx`, `your-api-key-here`, `changeme`,
/// `****`, `...`, AWS's `…EXAMPLE` keys) rather than a credential.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    let first = v.as_bytes().first().copied().unwrap_or(b' ');
    if matches!(
        first,
        b'$' | b'%' | b'<' | b'{' | b'[' | b'(' | b'@' | b'&' | b'*'
    ) {
        return true;
    }
    if v.contains("${")
        || v.contains("{{")
        || v.contains("$(")
        || v.contains("%(")
        || v.contains("<%")
    {
        return true;
    }
    if v.contains('<') && v.contains('>') {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    if matches!(
        lower.as_str(),
        "password"
            | "passwd"
            | "pass"
            | "secret"
            | "token"
            | "apikey"
            | "api_key"
            | "null"
            | "none"
            | "nil"
            | "true"
            | "false"
            | "undefined"
            | "empty"
            | "string"
            | "str"
            | "required"
            | "optional"
            | "test"
            | "testing"
            | "admin"
            | "default"
            | "value"
            | "foo"
            | "bar"
            | "foobar"
            | "hunter2"
            | "pwd"
            | "user"
            | "username"
            | "private"
            | "public"
    ) {
        return true;
    }
    // Long runs of one character (`aaaaaaa`, `0000000`) are masks, not keys.
    let bytes = v.as_bytes();
    let mut run = 1usize;
    for pair in bytes.windows(2) {
        if pair.first() == pair.get(1) {
            run += 1;
            if run >= 6 {
                return true;
            }
        } else {
            run = 1;
        }
    }
    // Very few distinct characters in a long value: a mask or a pattern.
    if bytes.len() >= 8 {
        let mut seen = [false; 256];
        for &b in bytes {
            if let Some(s) = seen.get_mut(usize::from(b)) {
                *s = true;
            }
        }
        if seen.iter().filter(|&&s| s).count() <= 3 {
            return true;
        }
    }
    false
}

/// Validates the CRC32 checksum of GitHub and npm tokens: `prefix_` + 30 random base62
/// characters + 6 base62 characters encoding CRC32 of the random part.
pub(crate) fn crc32_base62_ok(token: &str) -> bool {
    let Some(underscore) = token.find('_') else {
        return false;
    };
    let body = token.get(underscore + 1..).unwrap_or_default();
    if body.len() != 36 {
        return false;
    }
    let (random, check) = body.split_at(30);
    let mut value: u64 = 0;
    for c in check.bytes() {
        let Some(digit) = base62_digit(c) else {
            return false;
        };
        value = value * 62 + u64::from(digit);
    }
    value == u64::from(crc32(random.as_bytes()))
}

/// The base62 alphabet used by GitHub: `0-9A-Za-z`.
fn base62_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'Z' => Some(c - b'A' + 10),
        b'a'..=b'z' => Some(c - b'a' + 36),
        _ => None,
    }
}

/// CRC-32 (IEEE 802.3, reflected, as zlib's `crc32`).
pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

const BECH32_CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// Validates a bech32 string (BIP-173 checksum), case-insensitively.
pub(crate) fn bech32_ok(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let Some(sep) = lower.rfind('1') else {
        return false;
    };
    let (hrp, rest) = lower.split_at(sep);
    let data = rest.get(1..).unwrap_or_default();
    if hrp.is_empty() || data.len() < 6 {
        return false;
    }
    let mut values = Vec::with_capacity(hrp.len() * 2 + 1 + data.len());
    values.extend(hrp.bytes().map(|b| b >> 5));
    values.push(0);
    values.extend(hrp.bytes().map(|b| b & 31));
    for c in data.bytes() {
        let Some(pos) = BECH32_CHARSET.iter().position(|&x| x == c) else {
            return false;
        };
        values.push(pos as u8);
    }
    bech32_polymod(&values) == 1
}

fn bech32_polymod(values: &[u8]) -> u32 {
    const GEN: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut chk: u32 = 1;
    for &v in values {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// What a JWT's parts decode to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JwtShape {
    /// The header is not a JSON object with a string `alg`.
    Invalid,
    /// Header valid, `alg` is `none`.
    Unsigned,
    /// Header valid; the payload also decodes to a JSON object.
    Full,
    /// Header valid, payload opaque (e.g. encrypted).
    HeaderOnly,
}

/// Decodes a JWT's header (and payload) to check the structure.
pub(crate) fn jwt_shape(header: &str, payload: &str) -> JwtShape {
    let Some(h) = decode_json_object(header) else {
        return JwtShape::Invalid;
    };
    let Some(alg) = h.get("alg").and_then(serde_json::Value::as_str) else {
        return JwtShape::Invalid;
    };
    if alg.eq_ignore_ascii_case("none") {
        return JwtShape::Unsigned;
    }
    if decode_json_object(payload).is_some() {
        JwtShape::Full
    } else {
        JwtShape::HeaderOnly
    }
}

fn decode_json_object(part: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    if part.len() > 8192 {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .ok()?;
    match serde_json::from_slice::<serde_json::Value>(&bytes).ok()? {
        serde_json::Value::Object(map) => Some(map),
        _ => None,
    }
}

/// Whether a `Basic` credential decodes to `user:password` with a non-placeholder password.
pub(crate) fn basic_auth_ok(b64: &str) -> bool {
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    match text.split_once(':') {
        Some((_, pass)) => !pass.is_empty() && !is_placeholder(pass),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_zlib() {
        // zlib.crc32(b"123456789") == 0xCBF43926, the standard check value.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn bech32_accepts_bip173_vector_and_rejects_flip() {
        // Valid test vector from BIP-173.
        assert!(bech32_ok("A12UEL5L"));
        assert!(bech32_ok("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"));
        assert!(!bech32_ok("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx"));
    }

    #[test]
    fn placeholders() {
        for p in [
            "<token>",
            "${VAR}",
            "$API_KEY",
            "{{ secret }}",
            "xxxxxxxx",
            "your-api-key-here",
            "changeme",
            "****",
            "...",
            "AKIAIOSFODNN7EXAMPLE",
            "[REDACTED:aws_access_key]",
            "aaaaaaaaaaaa",
            "abababab",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for p in ["Zx9!kQ2#mP", "wJalrXUtnFEMIK7MDENGbPxRfiCYzz1x2y3z4w5v"] {
            assert!(!is_placeholder(p), "{p}");
        }
    }

    #[test]
    fn entropy_bounds() {
        assert!(entropy(b"aaaa") < 0.01);
        assert!((entropy(b"abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn jwt_header_checks() {
        // {"alg":"HS256","typ":"JWT"} / {"sub":"1"}
        assert_eq!(
            jwt_shape("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "eyJzdWIiOiIxIn0"),
            JwtShape::Full
        );
        // {"typ":"JWT"}: no alg.
        assert_eq!(
            jwt_shape("eyJ0eXAiOiJKV1QifQ", "eyJzdWIiOiIxIn0"),
            JwtShape::Invalid
        );
    }
}
