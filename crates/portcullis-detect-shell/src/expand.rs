//! Word-level expansions the parser does not perform: brace expansion and field splitting.

use crate::ir::{BRACE_CLOSE, BRACE_COMMA, BRACE_OPEN};

/// Most words one brace expansion may produce.
pub(crate) const MAX_BRACE_WORDS: usize = 64;

/// Expands brace markers in `text` (see `ir::BRACE_*`). Markers that do not form a valid
/// expansion become the plain characters again. At most [`MAX_BRACE_WORDS`] results.
pub(crate) fn brace_expand(text: &str) -> Vec<String> {
    if !text.contains(BRACE_OPEN) {
        return vec![text.to_owned()];
    }
    let mut out = Vec::new();
    expand_into(text, &mut out, 0);
    if out.is_empty() {
        out.push(unmark(text));
    }
    out
}

/// Replaces leftover markers by the characters they stand for.
pub(crate) fn unmark(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            BRACE_OPEN => '{',
            BRACE_COMMA => ',',
            BRACE_CLOSE => '}',
            c => c,
        })
        .collect()
}

fn expand_into(text: &str, out: &mut Vec<String>, depth: u32) {
    if out.len() >= MAX_BRACE_WORDS {
        return;
    }
    if depth > 16 {
        out.push(unmark(text));
        return;
    }
    let Some((open, close)) = first_group(text) else {
        out.push(unmark(text));
        return;
    };
    let prefix = text.get(..open).unwrap_or_default();
    let inner = text
        .get(open + BRACE_OPEN.len_utf8()..close)
        .unwrap_or_default();
    let suffix = text
        .get(close + BRACE_CLOSE.len_utf8()..)
        .unwrap_or_default();
    let alternatives = split_top(inner);
    let alternatives = if alternatives.len() > 1 {
        alternatives
    } else if let Some(seq) = sequence(&unmark(inner)) {
        seq
    } else {
        // Not an expansion: keep the braces literally and continue after them.
        let rest: Vec<String> = {
            let mut v = Vec::new();
            expand_into(suffix, &mut v, depth + 1);
            v
        };
        for r in rest {
            if out.len() >= MAX_BRACE_WORDS {
                break;
            }
            out.push(format!("{}{{{}}}{r}", unmark(prefix), unmark(inner)));
        }
        return;
    };
    for alt in alternatives {
        if out.len() >= MAX_BRACE_WORDS {
            break;
        }
        expand_into(&format!("{prefix}{alt}{suffix}"), out, depth + 1);
    }
}

/// Byte offsets of the first top-level `{` marker and its matching `}` marker.
fn first_group(text: &str) -> Option<(usize, usize)> {
    let open = text.find(BRACE_OPEN)?;
    let mut depth = 0usize;
    for (i, c) in text.char_indices().skip_while(|&(i, _)| i < open) {
        match c {
            BRACE_OPEN => depth += 1,
            BRACE_CLOSE => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some((open, i));
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits a group body at top-level comma markers.
fn split_top(inner: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    for c in inner.chars() {
        match c {
            BRACE_OPEN => {
                depth += 1;
                cur.push(c);
            }
            BRACE_CLOSE => {
                depth = depth.saturating_sub(1);
                cur.push(c);
            }
            BRACE_COMMA if depth == 0 => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
}

/// `{1..3}`, `{a..c}`, `{1..10..2}` with at most [`MAX_BRACE_WORDS`] items.
fn sequence(inner: &str) -> Option<Vec<String>> {
    let mut it = inner.split("..");
    let a = it.next()?;
    let b = it.next()?;
    let step = it.next().map(str::parse::<i64>);
    if it.next().is_some() {
        return None;
    }
    let step = match step {
        Some(Ok(s)) => s.unsigned_abs().max(1),
        Some(Err(_)) => return None,
        None => 1,
    };
    if let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) {
        let count = x.abs_diff(y) / step + 1;
        if count > MAX_BRACE_WORDS as u64 {
            return None;
        }
        let mut v = Vec::new();
        let mut cur = x;
        for _ in 0..count {
            v.push(cur.to_string());
            cur = if y >= x {
                cur.checked_add(step as i64)?
            } else {
                cur.checked_sub(step as i64)?
            };
        }
        return Some(v);
    }
    let (mut ca, mut cb) = (a.chars(), b.chars());
    if let (Some(x), None, Some(y), None) = (ca.next(), ca.next(), cb.next(), cb.next())
        && x.is_ascii_alphabetic()
        && y.is_ascii_alphabetic()
    {
        let (lo, hi) = (x.min(y) as u8, x.max(y) as u8);
        let mut v: Vec<String> = (lo..=hi).map(|c| char::from(c).to_string()).collect();
        if x > y {
            v.reverse();
        }
        return Some(v);
    }
    None
}

/// Splits a value on IFS whitespace, as unquoted expansion does.
pub(crate) fn split_ifs(value: &str) -> Vec<&str> {
    value.split([' ', '\t', '\n']).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        s.replace('{', &BRACE_OPEN.to_string())
            .replace(',', &BRACE_COMMA.to_string())
            .replace('}', &BRACE_CLOSE.to_string())
    }

    #[test]
    fn comma_lists_and_sequences() {
        assert_eq!(brace_expand(&m("/{etc,usr}")), vec!["/etc", "/usr"]);
        assert_eq!(brace_expand(&m("{rm,-rf,/}")), vec!["rm", "-rf", "/"]);
        assert_eq!(brace_expand(&m("a{1..3}")), vec!["a1", "a2", "a3"]);
        assert_eq!(brace_expand(&m("{a,b{c,d}}")), vec!["a", "bc", "bd"]);
        assert_eq!(brace_expand(&m("{x}")), vec!["{x}"]);
        assert_eq!(brace_expand("plain"), vec!["plain"]);
    }

    #[test]
    fn expansion_is_capped() {
        let big = m("{1..100000}");
        assert_eq!(brace_expand(&big), vec!["{1..100000}"]);
        let many = m(&"{a,b}".repeat(20));
        assert_eq!(brace_expand(&many).len(), MAX_BRACE_WORDS);
    }
}
