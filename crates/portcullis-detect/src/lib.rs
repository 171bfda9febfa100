#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

pub use portcullis_types::{Finding, Span};

/// A detector: a pure function from normalised text to findings.
pub trait Detector {
    /// Short name, also the prefix of the detector's finding codes (`shell`, `secret`).
    fn name(&self) -> &'static str;

    /// Every finding in `text`. Must not panic on any input.
    fn detect(&self, text: &str) -> Vec<Finding>;
}

/// Shortens `text` to at most `max` bytes on a character boundary, adding `…` when cut.
/// Used for evidence excerpts.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = text.get(..end).unwrap_or_default().to_owned();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_cuts_on_char_boundary() {
        assert_eq!(excerpt("héllo", 2), "h…");
        assert_eq!(excerpt("abc", 5), "abc");
        assert_eq!(excerpt("abcdef", 3), "abc…");
    }
}
