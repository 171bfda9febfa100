//! Redaction and findings.

use portcullis_types::Finding;

use crate::SecretMatch;

/// Replaces every matched value with `[REDACTED:<kind>]`.
///
/// Overlapping or touching spans are merged and take the kind of the riskiest match in the
/// group. Spans past the end are clamped; a span that splits a UTF-8 character is widened to
/// the whole character, so the result is always valid and never shows part of a secret.
pub fn redact(text: &str, matches: &[SecretMatch]) -> String {
    let mut spans: Vec<(usize, usize, &'static str, u8)> = matches
        .iter()
        .filter_map(|m| {
            let mut start = m.start.min(text.len());
            let mut end = m.end.min(text.len());
            while start > 0 && !text.is_char_boundary(start) {
                start -= 1;
            }
            while end < text.len() && !text.is_char_boundary(end) {
                end += 1;
            }
            (start < end).then_some((start, end, m.kind, m.risk))
        })
        .collect();
    spans.sort_by_key(|&(s, e, _, _)| (s, e));
    let mut merged: Vec<(usize, usize, &'static str, u8)> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.0 <= last.1 => {
                last.1 = last.1.max(span.1);
                if span.3 > last.3 {
                    last.2 = span.2;
                    last.3 = span.3;
                }
            }
            _ => merged.push(span),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (start, end, kind, _) in merged {
        out.push_str(text.get(pos..start).unwrap_or_default());
        out.push_str("[REDACTED:");
        out.push_str(kind);
        out.push(']');
        pos = end;
    }
    out.push_str(text.get(pos..).unwrap_or_default());
    out
}

/// A finding for one match: the message names the kind, the evidence shows only the format's
/// public prefix (`AKIA…[REDACTED]`), never the secret.
pub fn to_finding(m: &SecretMatch) -> Finding {
    let label = m.kind.replace('_', " ");
    let evidence = if m.prefix.is_empty() {
        "[REDACTED]".to_owned()
    } else {
        format!("{}…[REDACTED]", m.prefix)
    };
    Finding::new(
        m.code,
        format!("{label} found ({} confidence)", m.confidence.as_str()),
        m.risk,
    )
    .with_span(m.start, m.end)
    .with_evidence(evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Confidence;

    fn m(kind: &'static str, start: usize, end: usize, risk: u8) -> SecretMatch {
        SecretMatch {
            kind,
            code: "secret.test",
            start,
            end,
            risk,
            confidence: Confidence::Medium,
            prefix: "",
        }
    }

    #[test]
    fn merges_overlaps_and_keeps_riskiest_kind() {
        let text = "a=0123456789 b";
        let out = redact(text, &[m("low", 2, 8, 10), m("high", 5, 12, 90)]);
        assert_eq!(out, "a=[REDACTED:high] b");
    }

    #[test]
    fn clamps_and_widens_bad_spans() {
        assert_eq!(redact("héllo", &[m("k", 2, 99, 1)]), "h[REDACTED:k]");
        assert_eq!(redact("abc", &[m("k", 5, 9, 1)]), "abc");
    }

    #[test]
    fn finding_never_contains_the_value() {
        let mut mm = m("aws_access_key", 0, 20, 85);
        mm.prefix = "AKIA";
        let f = to_finding(&mm);
        assert_eq!(f.code, "secret.test");
        assert_eq!(f.evidence.as_deref(), Some("AKIA…[REDACTED]"));
        assert_eq!(f.message, "aws access key found (medium confidence)");
    }
}
