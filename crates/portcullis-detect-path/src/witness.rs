//! Globs in classified paths: a glob counts as every sensitive name it could match.
//!
//! A glob segment is replaced by *witnesses*: two fillers (its shortest match and a match with
//! every `*` as `zz`) plus every name from [`DICTIONARY`] that it matches *specifically*. A match
//! is specific when the segment starts with a literal (`.e*`, `id_*`), when it is
//! extension-shaped with a literal in the extension (`*.pem`, `*.p?m`), or when the literal
//! directory before it is one whose contents are sensitive (`~/.ssh/*`, `/etc/*`). A bare `*`
//! in an arbitrary directory is not specific: `grep x *` is not a read of `id_rsa`.

/// Most expanded paths checked for one glob (all brace alternatives together); beyond it
/// `path.glob_too_broad` is reported.
pub(crate) const MAX_WITNESSES: usize = 512;
/// Most expanded paths checked for one brace alternative.
pub(crate) const MAX_WITNESSES_PER_ALTERNATIVE: usize = 192;
/// Most brace alternatives expanded for one path.
pub(crate) const MAX_BRACE_EXPANSIONS: usize = 32;
/// Longest glob segment matched against the dictionary.
const MAX_SEGMENT_PATTERN: usize = 255;

/// Whether a segment has glob metacharacters (braces are expanded before this).
pub(crate) fn is_glob_segment(seg: &str) -> bool {
    seg.bytes().any(|b| matches!(b, b'*' | b'?' | b'['))
}

/// Expands `{a,b}` alternatives. Returns `false` when the budget ran out (the expansions so
/// far are kept).
pub(crate) fn expand_braces(s: &str, out: &mut Vec<String>) -> bool {
    let Some((open, close, alts)) = first_brace_group(s) else {
        if out.len() >= MAX_BRACE_EXPANSIONS {
            return false;
        }
        out.push(s.to_owned());
        return true;
    };
    let head = s.get(..open).unwrap_or("");
    let tail = s.get(close + 1..).unwrap_or("");
    for alt in alts {
        if !expand_braces(&format!("{head}{alt}{tail}"), out) {
            return false;
        }
    }
    true
}

/// The first `{…}` group with a top-level comma: its byte range and alternatives.
fn first_brace_group(s: &str) -> Option<(usize, usize, Vec<&str>)> {
    let bytes = s.as_bytes();
    let mut start = 0;
    while let Some(rel) = s.get(start..).and_then(|t| t.find('{')) {
        let open = start + rel;
        let mut depth = 0usize;
        let mut commas = Vec::new();
        for (i, &b) in bytes.iter().enumerate().skip(open) {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        if commas.is_empty() {
                            break;
                        }
                        let mut alts = Vec::with_capacity(commas.len() + 1);
                        let mut from = open + 1;
                        for c in commas {
                            alts.push(s.get(from..c).unwrap_or(""));
                            from = c + 1;
                        }
                        alts.push(s.get(from..i).unwrap_or(""));
                        return Some((open, i, alts));
                    }
                }
                b',' if depth == 1 => commas.push(i),
                _ => {}
            }
        }
        start = open + 1;
    }
    None
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Lit(char),
    Any,
    Star,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

fn tokenize(pattern: &str) -> Vec<Tok> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '*' => {
                if out.last() != Some(&Tok::Star) {
                    out.push(Tok::Star);
                }
            }
            '?' => out.push(Tok::Any),
            '[' => {
                if let Some((tok, next)) = class(&chars, i) {
                    out.push(tok);
                    i = next;
                    continue;
                }
                out.push(Tok::Lit('['));
            }
            _ => out.push(Tok::Lit(c)),
        }
        i += 1;
    }
    out
}

/// Parses `[...]` starting at `chars[at] == '['`; returns the token and the index after `]`.
fn class(chars: &[char], at: usize) -> Option<(Tok, usize)> {
    let mut i = at + 1;
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Tok::Class { negated, ranges }, i + 1));
        }
        first = false;
        if chars.get(i + 1) == Some(&'-')
            && let Some(&hi) = chars.get(i + 2)
            && hi != ']'
        {
            ranges.push((c, hi));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
}

fn tok_matches(tok: &Tok, c: char) -> bool {
    match tok {
        Tok::Lit(l) => *l == c,
        Tok::Any => true,
        Tok::Star => false,
        Tok::Class { negated, ranges } => {
            ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
        }
    }
}

/// Whether the tokenized segment pattern matches `name` (shell rules: a leading `.` must be
/// matched by a literal `.`).
fn matches_tokens(pat: &[Tok], name: &str) -> bool {
    let name: Vec<char> = name.chars().collect();
    if name.first() == Some(&'.') && pat.first() != Some(&Tok::Lit('.')) {
        return false;
    }
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while let Some(&c) = name.get(n) {
        match pat.get(p) {
            Some(Tok::Star) => {
                star = Some((p, n));
                p += 1;
            }
            Some(t) if tok_matches(t, c) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    p = sp + 1;
                    n = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    pat.get(p..).unwrap_or(&[]).iter().all(|t| *t == Tok::Star)
}

/// Whether a single-segment glob matches a name (used by tests and the witness search).
#[cfg(test)]
pub(crate) fn segment_matches(pattern: &str, name: &str) -> bool {
    matches_tokens(&tokenize(pattern), name)
}

fn filler(pat: &[Tok], star: &str) -> String {
    let mut s = String::new();
    for t in pat {
        match t {
            Tok::Lit(c) => s.push(*c),
            Tok::Any => s.push('x'),
            Tok::Star => s.push_str(star),
            Tok::Class { negated, ranges } => {
                let c = if *negated {
                    ['x', 'z', '0', '_', 'q']
                        .into_iter()
                        .find(|c| !ranges.iter().any(|&(lo, hi)| lo <= *c && *c <= hi))
                        .unwrap_or('~')
                } else {
                    ranges.first().map_or('x', |r| r.0)
                };
                s.push(c);
            }
        }
    }
    s
}

/// Directories whose listing is sensitive enough that a bare `*` inside counts.
const CONTEXT_DIRS: &[&str] = &[
    ".ssh",
    ".aws",
    ".azure",
    ".gnupg",
    "private-keys-v1.d",
    ".kube",
    ".docker",
    ".oci",
    "gcloud",
    ".password-store",
    "secrets",
    ".secrets",
    "keyrings",
    "keychains",
    "etc",
    "sudoers.d",
    "cron.d",
    "cron.daily",
    "cron.hourly",
    "cron.weekly",
    "cron.monthly",
    "crontabs",
    "hooks",
    "workflows",
    ".circleci",
    "profile.d",
    "private",
    ".cloudflared",
    "systemd",
    "launchagents",
    "launchdaemons",
    "autostart",
    "kubernetes",
    "pki",
    "ssl",
    "live",
    "keys",
    "config",
    "proc",
    "self",
    ".config",
    ".cargo",
    ".m2",
    ".gradle",
    "git",
    "gh",
];

/// Names the rules know, for witness search. Extension entries are spelled `zz.<ext>`.
pub(crate) const DICTIONARY: &[&str] = &[
    // dotenv
    ".env",
    ".envrc",
    ".env.local",
    ".env.production",
    ".env.prod",
    ".env.development",
    ".env.staging",
    ".env.test",
    ".dev.vars",
    ".env.keys",
    "zz.env",
    // ssh / tls / pgp / keystores
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "id_ecdsa_sk",
    "id_ed25519_sk",
    "identity",
    "ssh_host_rsa_key",
    "ssh_host_ed25519_key",
    "ssh_host_ecdsa_key",
    "zz.ppk",
    "zz.key",
    "zz.pem",
    "privkey.pem",
    "private.key",
    "server.key",
    "zz.p8",
    "secring.gpg",
    "private-keys-v1.d",
    "zz.jks",
    "zz.keystore",
    "zz.p12",
    "zz.pfx",
    "zz.bks",
    "zz.jceks",
    "keystore.properties",
    "key.properties",
    // cloud, tools
    ".aws",
    "credentials",
    "config",
    "config.json",
    ".azure",
    ".oci",
    "gcloud",
    "application_default_credentials.json",
    "credentials.db",
    "access_tokens.db",
    "legacy_credentials",
    ".s3cfg",
    ".boto",
    ".databrickscfg",
    "rclone.conf",
    "clouds.yaml",
    "service-account.json",
    "client_secret.json",
    ".kube",
    "kubeconfig",
    "admin.conf",
    "k3s.yaml",
    ".netrc",
    "_netrc",
    ".npmrc",
    ".pypirc",
    ".git-credentials",
    ".gitcookies",
    "hosts.yml",
    ".docker",
    ".dockercfg",
    "credentials.toml",
    "settings.xml",
    "gradle.properties",
    ".terraformrc",
    "auth.json",
    ".cargo",
    ".gem",
    ".m2",
    ".gradle",
    ".config",
    "git",
    "gh",
    // system secrets
    "etc",
    "shadow",
    "gshadow",
    "master.passwd",
    "proc",
    "self",
    "environ",
    "zz.tfstate",
    "terraform.tfstate",
    ".vault-token",
    ".password-store",
    "zz.kdbx",
    "zz.keychain-db",
    "keyrings",
    "login data",
    "cookies",
    "key4.db",
    "logins.json",
    "cookies.sqlite",
    ".bash_history",
    ".zsh_history",
    ".sh_history",
    ".history",
    ".python_history",
    ".node_repl_history",
    ".psql_history",
    ".mysql_history",
    ".sqlite_history",
    ".lesshst",
    "fish_history",
    "secrets",
    ".secrets",
    "secret.yaml",
    "secrets.yaml",
    "secrets.json",
    "credentials.json",
    ".htpasswd",
    ".pgpass",
    ".my.cnf",
    "master.key",
    "zz.secret",
    ".gnupg",
    ".ssh",
    // critical write targets
    "sudoers",
    "sudoers.d",
    "authorized_keys",
    "authorized_keys2",
    "rc",
    "environment",
    ".bashrc",
    ".bash_profile",
    ".profile",
    ".zshrc",
    ".zprofile",
    ".zshenv",
    ".bash_login",
    "profile",
    "profile.d",
    "crontab",
    "cron.d",
    "cron.daily",
    "cron.hourly",
    "systemd",
    "init.d",
    "rc.local",
    "launchagents",
    "launchdaemons",
    "autostart",
    ".git",
    "hooks",
    "pre-commit",
    ".gitconfig",
    "usr",
    "bin",
    "sbin",
    "boot",
    "lib",
    "lib64",
    "sys",
    "dev",
    "var",
    "log",
    "spool",
    "cron",
    "windows",
    "program files",
    // review
    ".github",
    "workflows",
    ".gitlab-ci.yml",
    "jenkinsfile",
    ".circleci",
    "codeowners",
    "zz.tf",
    "zz.tfvars",
    "chart.yaml",
    "migrations",
    "zz.bak",
    "zz.dump",
    "zz.sql.gz",
    "backup",
    "backups",
];

/// Candidate concrete segments for one glob segment.
///
/// `context` is true when the literal segment before it is a [`CONTEXT_DIRS`] entry, or the
/// glob is the first segment under a root.
pub(crate) fn candidates(pattern: &str, context: bool) -> Vec<String> {
    if pattern == "**" {
        // Zero or more directories: try "none" (the empty string) and one filler directory.
        return vec![String::new(), "zz".to_owned()];
    }
    let toks = tokenize(pattern);
    let mut out = Vec::new();
    for star in ["", "zz"] {
        let f = filler(&toks, star);
        if !f.is_empty() && !out.contains(&f) {
            out.push(f);
        }
    }
    if pattern.len() > MAX_SEGMENT_PATTERN {
        return out;
    }
    let literal_start = matches!(toks.first(), Some(Tok::Lit(_)));
    let ext_literal = pattern
        .rsplit_once('.')
        .is_some_and(|(_, e)| e.chars().any(|c| !matches!(c, '*' | '?' | '[' | ']')));
    for name in DICTIONARY {
        let is_ext_entry = name.starts_with("zz.");
        let specific = literal_start || context || (is_ext_entry && ext_literal);
        if specific && matches_tokens(&toks, name) && !out.iter().any(|o| o == name) {
            out.push((*name).to_owned());
        }
    }
    out
}

/// Whether `seg` makes a following bare wildcard specific.
pub(crate) fn is_context_dir(seg: &str) -> bool {
    CONTEXT_DIRS.contains(&seg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_globs() {
        assert!(segment_matches(".e*", ".env"));
        assert!(segment_matches("id_*", "id_rsa"));
        assert!(segment_matches("*.pem", "x.pem"));
        assert!(segment_matches("[i]d_rs?", "id_rsa"));
        assert!(segment_matches("[!a]d_rsa", "id_rsa"));
        assert!(
            !segment_matches("*", ".env"),
            "leading dot needs a literal dot"
        );
        assert!(!segment_matches("*.pem", "x.pe"));
        assert!(segment_matches("*a*b*c", "xxaxxbxxc"));
        assert!(!segment_matches("[", "x"));
        assert!(segment_matches("[", "["));
    }

    #[test]
    fn braces() {
        let mut out = Vec::new();
        assert!(expand_braces("~/.{ssh,aws}/{id_rsa,credentials}", &mut out));
        assert_eq!(out.len(), 4);
        assert!(out.contains(&"~/.aws/credentials".to_owned()));
        let mut out = Vec::new();
        assert!(expand_braces("a{b}c", &mut out));
        assert_eq!(out, ["a{b}c"]);
        let many = "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}";
        let mut out = Vec::new();
        assert!(!expand_braces(many, &mut out));
        assert_eq!(out.len(), MAX_BRACE_EXPANSIONS);
    }

    #[test]
    fn candidates_are_specific() {
        assert!(candidates(".e*", false).contains(&".env".to_owned()));
        assert!(!candidates("*", false).contains(&"id_rsa".to_owned()));
        assert!(candidates("*", true).contains(&"id_rsa".to_owned()));
        assert!(!candidates("*.json", false).contains(&"credentials.json".to_owned()));
        assert!(candidates("*.p?m", false).contains(&"zz.pem".to_owned()));
        assert_eq!(candidates("*.*", false), [".", "zz.zz"]);
    }
}
