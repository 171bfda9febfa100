//! edictum sandbox rules: paths within directories, allowed commands, allowed domains.
//!
//! Paths are normalised lexically (`..`, `.`, `//`); the engine reads no file system, so
//! symlinks are not resolved (edictum calls `realpath`). Commands follow edictum: any shell
//! separator or substitution (`;`, `|`, `&`, newline, backtick, `$(`, `${`, `$'`, `<(`, `>(`,
//! `<<`) puts the call outside the sandbox.

use portcullis_policy::Sandbox;
use serde_json::Value;

use crate::facts::Facts;

const PATH_KEYS: [&str; 11] = [
    "path",
    "file_path",
    "filePath",
    "directory",
    "dir",
    "folder",
    "target",
    "destination",
    "source",
    "src",
    "dst",
];

/// Why the call is outside the sandbox, or `None` when it is inside.
pub(crate) fn outside(sb: &Sandbox, facts: &Facts<'_>) -> Option<String> {
    let args = &facts.action.args;
    let command = args.get("command").and_then(Value::as_str);
    if !sb.within.is_empty() || !sb.not_within.is_empty() {
        let mut paths: Vec<String> = Vec::new();
        for (k, v) in args {
            if let Value::String(s) = v
                && (PATH_KEYS.contains(&k.as_str()) || s.starts_with('/'))
            {
                paths.push(normalize(s));
            }
        }
        if let Some(cmd) = command {
            for tok in tokens(cmd) {
                let t = tok.trim_start_matches(['<', '>', '0', '1', '2']);
                if t.starts_with('/') {
                    paths.push(normalize(t));
                }
            }
        }
        for p in &paths {
            if sb.not_within.iter().any(|d| inside(p, d)) {
                return Some(format!("path `{p}` is in an excluded directory"));
            }
            if !sb.within.is_empty() && !sb.within.iter().any(|d| inside(p, d)) {
                return Some(format!("path `{p}` is outside the allowed directories"));
            }
        }
    }
    if let Some(cmd) = command {
        let c = cmd.trim();
        if has_separator(c) {
            return Some("the command chains or substitutes commands".to_owned());
        }
        if let Some(allowed) = &sb.commands
            && let Some(first) = tokens(c).into_iter().next()
            && !allowed.iter().any(|a| a == &first)
        {
            return Some(format!("command `{first}` is not allowed"));
        }
    }
    if sb.domains.is_some() || !sb.not_domains.is_empty() {
        for v in args.values() {
            let Value::String(s) = v else { continue };
            if !s.contains("://") {
                continue;
            }
            let urls: Vec<String> = if s.split_whitespace().count() == 1 {
                vec![s.clone()]
            } else {
                tokens(s)
                    .into_iter()
                    .filter(|t| t.contains("://"))
                    .collect()
            };
            for u in urls {
                let Some(host) = hostname(&u) else { continue };
                if sb.not_domains.iter().any(|g| g.is_match(&host)) {
                    return Some(format!("domain `{host}` is refused"));
                }
                if let Some(allowed) = &sb.domains
                    && !allowed.iter().any(|g| g.is_match(&host))
                {
                    return Some(format!("domain `{host}` is not allowed"));
                }
            }
        }
    }
    None
}

fn inside(path: &str, dir: &str) -> bool {
    path == dir || dir == "/" || path.starts_with(&format!("{dir}/"))
}

/// Lexical normalisation of an absolute or relative path.
pub(crate) fn normalize(p: &str) -> String {
    let abs = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !abs {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if abs { format!("/{joined}") } else { joined }
}

fn has_separator(c: &str) -> bool {
    c.contains([';', '|', '&', '\n', '\r', '`'])
        || ["$(", "${", "$'", "<(", ">(", "<<"]
            .iter()
            .any(|s| c.contains(s))
}

/// Splits like `shlex.split`: whitespace separates, quotes group, backslash escapes.
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_tok = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_tok = true;
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    cur.push(d);
                }
            }
            '"' => {
                in_tok = true;
                while let Some(d) = chars.next() {
                    match d {
                        '"' => break,
                        '\\' => {
                            if let Some(e) = chars.next() {
                                cur.push(e);
                            }
                        }
                        _ => cur.push(d),
                    }
                }
            }
            '\\' => {
                in_tok = true;
                if let Some(e) = chars.next() {
                    cur.push(e);
                }
            }
            c if c.is_whitespace() => {
                if in_tok {
                    out.push(std::mem::take(&mut cur));
                    in_tok = false;
                }
            }
            c => {
                in_tok = true;
                cur.push(c);
            }
        }
    }
    if in_tok {
        out.push(cur);
    }
    out
}

/// The lowercase host of a URL, without userinfo and port.
fn hostname(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase().trim_end_matches('.').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_lexically() {
        assert_eq!(normalize("/workspace/../etc/passwd"), "/etc/passwd");
        assert_eq!(normalize("/a//b/./c/"), "/a/b/c");
        assert_eq!(normalize("/../../x"), "/x");
        assert_eq!(normalize("a/../../b"), "../b");
    }

    #[test]
    fn tokens_like_shlex() {
        assert_eq!(
            tokens(r#"ls "a b" 'c d' e\ f"#),
            ["ls", "a b", "c d", "e f"]
        );
        assert_eq!(tokens("  "), Vec::<String>::new());
    }

    #[test]
    fn hostnames() {
        assert_eq!(
            hostname("https://User@Evil.COM.:8080/x").as_deref(),
            Some("evil.com")
        );
        assert_eq!(hostname("http://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(hostname("nope"), None);
    }
}
