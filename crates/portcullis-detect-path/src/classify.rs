//! From a path and an access kind to findings.

use std::borrow::Cow;

use portcullis_detect::{Detector, excerpt};
use portcullis_types::Finding;

use crate::code::{Access, CodeGroup, CodeSet, PathCode};
use crate::normalize::{Anchor, NormalPath, normalize};
use crate::rules::{self, Key};
use crate::witness::{self, MAX_WITNESSES, MAX_WITNESSES_PER_ALTERNATIVE};

/// Paths longer than this many bytes get `path.too_long` (Linux `PATH_MAX`).
pub const MAX_PATH_BYTES: usize = 4096;

/// Longest evidence excerpt, in bytes.
const EVIDENCE_BYTES: usize = 160;

/// What [`classify`] found about one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathReport {
    /// The normalised path (see [`normalize`]).
    pub normalized: String,
    /// Findings for this access, in code order. Each spans the whole normalised path.
    pub findings: Vec<Finding>,
    /// Whether the path is (or a glob could match) credential or key material, whatever the
    /// access.
    pub sensitive: bool,
    /// Whether the path is (or a glob could match) a security-critical write target, whatever
    /// the access. Findings for it are only reported for writes and deletes.
    pub critical: bool,
}

impl PathReport {
    /// Every finding code, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.findings.iter().map(|f| f.code.as_str())
    }

    /// The highest finding risk, or 0.
    pub fn risk(&self) -> u8 {
        self.findings.iter().map(|f| f.risk).max().unwrap_or(0)
    }
}

/// Normalises `raw` and classifies it for `access`. Never panics, never touches the disk.
pub fn classify(raw: &str, access: Access) -> PathReport {
    let path = normalize(raw);
    let set = path_codes(&path);
    report(set, path.into_string(), access)
}

/// Classifies an already normalised path for `access`.
pub fn classify_normal(path: &NormalPath, access: Access) -> PathReport {
    report(path_codes(path), path.as_str().to_owned(), access)
}

/// Every code for a path, whatever the access.
fn path_codes(path: &NormalPath) -> CodeSet {
    let mut set = CodeSet::default();
    if path.had_nul() {
        set.insert(PathCode::NulByte);
    }
    if path.as_str().len() > MAX_PATH_BYTES {
        set.insert(PathCode::TooLong);
    }
    if path.anchor() == Anchor::Relative && path.segments().next() == Some("..") {
        set.insert(PathCode::ParentEscape);
    }
    if path.is_glob() {
        set.union(glob_codes(path));
    } else {
        set.union(concrete_codes(path));
    }
    set
}

/// The report for `access` from a path's codes.
fn report(set: CodeSet, normalized: String, access: Access) -> PathReport {
    let mut evidence: Option<String> = None;
    let mut sensitive = false;
    let mut critical = false;
    let mut findings = Vec::new();
    for code in set.iter() {
        let report = match code.group() {
            CodeGroup::Secret => {
                sensitive = true;
                true
            }
            CodeGroup::Critical => {
                critical = true;
                access.modifies()
            }
            CodeGroup::Review if code == PathCode::BackupDelete => access == Access::Delete,
            CodeGroup::Review => access.modifies(),
            CodeGroup::Input => true,
        };
        if report {
            let evidence = evidence.get_or_insert_with(|| excerpt(&normalized, EVIDENCE_BYTES));
            findings.push(
                Finding::new(
                    code.as_str(),
                    code.message(access, evidence),
                    code.risk(access),
                )
                .with_span(0, normalized.len())
                .with_evidence(evidence.clone()),
            );
        }
    }
    PathReport {
        normalized,
        findings,
        sensitive,
        critical,
    }
}

/// The path detector over raw text, for one access kind (the text is one path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathDetector {
    access: Access,
}

impl PathDetector {
    /// A detector that classifies each text as a path accessed with `access`.
    pub const fn new(access: Access) -> PathDetector {
        PathDetector { access }
    }
}

impl Detector for PathDetector {
    fn name(&self) -> &'static str {
        "path"
    }

    fn detect(&self, text: &str) -> Vec<Finding> {
        classify(text, self.access).findings
    }
}

/// Lowercases (paths are matched case-insensitively: macOS and Windows file systems are).
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// A segment as the rules compare it: NTFS alternate data streams (`.env::$DATA`) dropped, and
/// trailing dots and spaces dropped (Win32 strips them: `.env.` opens `.env`).
fn clean(seg: &str, windows: bool) -> &str {
    let mut s = seg;
    if !s.contains(':') && !s.ends_with(['.', ' ']) {
        return seg;
    }
    if let Some(i) = s.find("::$") {
        s = s.get(..i).unwrap_or(s);
    } else if windows && let Some(i) = s.find(':') {
        s = s.get(..i).unwrap_or(s);
    }
    let trimmed = s.trim_end_matches(['.', ' ']);
    if trimmed.is_empty() || trimmed == "." {
        seg
    } else {
        trimmed
    }
}

fn key_segments(body: &str, windows: bool) -> Vec<&str> {
    body.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .map(|s| clean(s, windows))
        .collect()
}

fn concrete_codes(path: &NormalPath) -> CodeSet {
    let body = lower(path.body());
    let segs = key_segments(&body, path.is_windows_form());
    rules::codes(Key::new(path.anchor(), &segs))
}

fn glob_codes(path: &NormalPath) -> CodeSet {
    let mut set = CodeSet::default();
    let mut expansions = Vec::new();
    if !witness::expand_braces(path.as_str(), &mut expansions) {
        set.insert(PathCode::GlobTooBroad);
    }
    let mut budget = MAX_WITNESSES;
    for text in &expansions {
        let np = normalize(text);
        let body = lower(np.body());
        let segs = key_segments(&body, path.is_windows_form() || np.is_windows_form());
        let rooted = np.anchor() != Anchor::Relative;
        let per_segment: Vec<Vec<String>> = segs
            .iter()
            .enumerate()
            .map(|(i, seg)| {
                if witness::is_glob_segment(seg) {
                    let context = match i.checked_sub(1).and_then(|p| segs.get(p)) {
                        Some(prev) => {
                            !witness::is_glob_segment(prev) && witness::is_context_dir(prev)
                        }
                        None => rooted && np.anchor() != Anchor::Home,
                    };
                    witness::candidates(seg, context)
                        .into_iter()
                        .filter(|c| c != "." && c != "..")
                        .collect()
                } else {
                    vec![(*seg).to_owned()]
                }
            })
            .collect();
        if per_segment.iter().any(Vec::is_empty) {
            continue;
        }
        let mut idx = vec![0usize; per_segment.len()];
        let mut local = MAX_WITNESSES_PER_ALTERNATIVE;
        loop {
            if budget == 0 || local == 0 {
                set.insert(PathCode::GlobTooBroad);
                break;
            }
            budget -= 1;
            local -= 1;
            let concrete: Vec<&str> = per_segment
                .iter()
                .zip(&idx)
                .filter_map(|(c, &i)| c.get(i).map(String::as_str))
                .filter(|s| !s.is_empty())
                .collect();
            set.union(rules::codes(Key::new(np.anchor(), &concrete)));
            if !advance(&mut idx, &per_segment) {
                break;
            }
        }
    }
    set
}

/// Odometer increment over the candidate lists, last segment fastest; `false` when done.
fn advance(idx: &mut [usize], lists: &[Vec<String>]) -> bool {
    for (i, list) in idx.iter_mut().zip(lists).rev() {
        *i += 1;
        if *i < list.len() {
            return true;
        }
        *i = 0;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(raw: &str, access: Access) -> Vec<String> {
        classify(raw, access).codes().map(str::to_owned).collect()
    }

    #[test]
    fn reads_of_secrets() {
        assert_eq!(codes("./a/../.env", Access::Read), ["path.dotenv"]);
        assert_eq!(codes(".//.env", Access::Read), ["path.dotenv"]);
        assert_eq!(
            codes("subdir/../../.env", Access::Read),
            ["path.dotenv", "path.parent_escape"]
        );
        assert_eq!(
            codes(r"C:\Users\x\.ssh\id_rsa", Access::Read),
            ["path.ssh_private_key"]
        );
        assert_eq!(
            codes("~/.SSH/ID_RSA", Access::Read),
            ["path.ssh_private_key"]
        );
        assert_eq!(codes(".env::$DATA", Access::Read), ["path.dotenv"]);
        assert_eq!(codes(".env.", Access::Read), ["path.dotenv"]);
        assert!(
            classify("~/.ssh/id_rsa.pub", Access::Read)
                .findings
                .is_empty()
        );
        assert!(
            classify("~/.ssh/known_hosts", Access::Read)
                .findings
                .is_empty()
        );
    }

    #[test]
    fn globs_count_as_what_they_match() {
        for g in [
            ".e*",
            "id_*",
            "*.pem",
            "~/.ssh/*",
            ".env*",
            "~/.{aws,ssh}/cred*",
            "/etc/sha*",
        ] {
            assert!(classify(g, Access::Read).sensitive, "{g}");
        }
        for g in ["*", "src/*.rs", "*.json", "docs/**/*.md", "~/.ssh/*.pub"] {
            let r = classify(g, Access::Read);
            assert!(!r.sensitive, "{g}: {:?}", r.findings);
        }
    }

    #[test]
    fn writes_of_critical_targets() {
        let r = classify("~/.bashrc", Access::Write);
        assert!(r.critical);
        assert_eq!(r.codes().collect::<Vec<_>>(), ["path.shell_startup"]);
        let r = classify("~/.bashrc", Access::Read);
        assert!(r.critical && r.findings.is_empty());
        assert_eq!(codes("/etc/sudoers.d/x", Access::Write), ["path.sudoers"]);
        assert_eq!(
            codes("backups/db.sql.gz", Access::Delete),
            ["path.backup_delete"]
        );
        assert!(codes("backups/db.sql.gz", Access::Write).is_empty());
    }

    #[test]
    fn nul_is_a_finding() {
        let r = classify(".env\0.png", Access::Read);
        assert_eq!(
            r.codes().collect::<Vec<_>>(),
            ["path.dotenv", "path.nul_byte"]
        );
    }

    #[test]
    fn glob_budget_is_reported() {
        let r = classify("/*/.*/.*", Access::Read);
        assert!(r.codes().any(|c| c == "path.glob_too_broad"));
    }
}
