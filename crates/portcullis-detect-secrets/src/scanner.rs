//! The scanner: a few SIMD literal passes find keyword hits, bounded windows confirm them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind, packed};
use regex::bytes::{Regex, RegexBuilder};

use crate::rules::{At, Check, DEFS, Def, Route};
use crate::validate::{self, JwtShape};
use crate::{Confidence, SecretMatch};

/// A compiled secret scanner. Build it once and share it; scanning takes `&self`.
///
/// Clean text costs a few vectorised literal passes (Teddy) over the input; only keyword hits
/// run a regex, on a bounded window, so the work per input byte is bounded whatever the input.
#[derive(Debug)]
pub struct Scanner {
    /// Keyword sets, each searched in one pass. `None` only if one could not be built;
    /// scanning then fails closed.
    sets: Option<Vec<KeywordSet>>,
    /// Two-byte keywords, searched with `memmem`.
    short: Vec<(memchr::memmem::Finder<'static>, Vec<Hit>)>,
    /// Rules reached through the identifier around a key-like word: an automaton over their
    /// lowercase keywords, and the rules of each keyword.
    routed: Option<AhoCorasick>,
    routed_rules: Vec<Vec<usize>>,
    /// Rules reached through `://`, by lowercase scheme (`postgres://`).
    schemes: BTreeMap<String, Vec<usize>>,
    /// One compiled regex per entry of `DEFS` (`None` only if it failed to compile, which a
    /// unit test rules out).
    /// Each rule's confirming regex, compiled the first time a keyword hit needs it: building
    /// all of them up front costs hundreds of milliseconds, which a hook process (one per tool
    /// call) cannot afford.
    regexes: Vec<OnceLock<Option<Regex>>>,
}

/// One prefilter pass: non-overlapping leftmost-longest literal search.
#[derive(Debug)]
struct KeywordSet {
    finder: Finder,
    /// For each pattern, what to run, at which offset inside the pattern: its own handlers at
    /// offset 0 and those of every other keyword of the set that occurs inside it (the search
    /// is non-overlapping, so they would otherwise be missed).
    hits: Vec<Vec<Hit>>,
}

#[derive(Debug)]
enum Finder {
    Teddy(packed::Searcher),
    Automaton(AhoCorasick),
}

/// A handler at an offset, for a keyword of a length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Hit {
    offset: usize,
    len: usize,
    handler: Handler,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Handler {
    Def(usize),
    PrivateKey,
    Generic,
    Url,
}

/// Keywords of the generic `name = value` detector, in their usual spellings.
const GENERIC_KEYWORDS: &[&str] = &[
    "secret",
    "Secret",
    "SECRET",
    "token",
    "Token",
    "TOKEN",
    "password",
    "Password",
    "PASSWORD",
    "passwd",
    "Passwd",
    "PASSWD",
    "pwd",
    "Pwd",
    "PWD",
    "key",
    "Key",
    "KEY",
    "credential",
    "Credential",
    "CREDENTIAL",
    "passphrase",
    "Passphrase",
    "PASSPHRASE",
];

/// Patterns per Teddy pass for the long keywords.
const LONG_CHUNK: usize = 32;
/// Largest private-key block searched for its `-----END` line.
const MAX_PEM: usize = 64 * 1024;
/// Longest identifier examined by the generic detector.
const MAX_NAME: usize = 64;
/// Longest value taken by the generic detector.
const MAX_GENERIC_VALUE: usize = 256;

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

impl Scanner {
    /// Compiles the built-in rules. Prefer [`Scanner::builtin`], which does this once.
    pub fn new() -> Scanner {
        let mut generic: BTreeMap<&'static str, Vec<Handler>> = BTreeMap::new();
        let mut long: BTreeMap<&'static str, Vec<Handler>> = BTreeMap::new();
        let mut short3: BTreeMap<&'static str, Vec<Handler>> = BTreeMap::new();
        let mut short2: BTreeMap<&'static str, Vec<Handler>> = BTreeMap::new();
        let mut routed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut schemes: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, def) in DEFS.iter().enumerate() {
            for kw in def.keywords {
                if def.route == Route::Name {
                    // Matched inside an identifier: drop what cannot be part of one (`=`).
                    let lower = kw
                        .trim_end_matches(|c: char| !is_ident_byte(c as u8))
                        .to_ascii_lowercase();
                    routed.entry(lower).or_default().push(i);
                } else if let Some(scheme) = kw.strip_suffix("://") {
                    schemes
                        .entry(format!("{}://", scheme.to_ascii_lowercase()))
                        .or_default()
                        .push(i);
                } else {
                    let map = match kw.len() {
                        0..=2 => &mut short2,
                        3 => &mut short3,
                        _ => &mut long,
                    };
                    map.entry(kw).or_default().push(Handler::Def(i));
                }
            }
        }
        long.entry("PRIVATE KEY")
            .or_default()
            .push(Handler::PrivateKey);
        short3.entry("://").or_default().push(Handler::Url);
        for kw in GENERIC_KEYWORDS {
            generic.entry(kw).or_default().push(Handler::Generic);
        }
        // Teddy slows down sharply past a few dozen patterns (bucket collisions), so the long
        // keywords are split into sorted chunks: neighbours share prefixes and buckets.
        let mut groups = vec![generic, short3];
        let long: Vec<(&'static str, Vec<Handler>)> = long.into_iter().collect();
        for chunk in long.chunks(LONG_CHUNK) {
            groups.push(chunk.iter().cloned().collect());
        }
        let sets = groups.into_iter().map(KeywordSet::build).collect();
        let short = short2
            .into_iter()
            .map(|(kw, handlers)| {
                let hits = handlers
                    .into_iter()
                    .map(|handler| Hit {
                        offset: 0,
                        len: kw.len(),
                        handler,
                    })
                    .collect();
                (memchr::memmem::Finder::new(kw.as_bytes()), hits)
            })
            .collect();
        let regexes = DEFS.iter().map(|_| OnceLock::new()).collect();
        let routed_rules: Vec<Vec<usize>> = routed.values().cloned().collect();
        let routed = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(routed.keys())
            .ok();
        // Without the identifier automaton some rules could never fire: fail closed instead.
        let sets = if routed.is_some() { sets } else { None };
        Scanner {
            sets,
            short,
            routed,
            routed_rules,
            schemes,
            regexes,
        }
    }

    /// The shared built-in scanner, compiled on first use.
    pub fn builtin() -> &'static Scanner {
        static SCANNER: OnceLock<Scanner> = OnceLock::new();
        SCANNER.get_or_init(Scanner::new)
    }

    /// Every secret in `text`, sorted by start, with non-overlapping spans. Where two formats
    /// claim overlapping text the more specific one wins (higher confidence, then longer).
    pub fn scan(&self, text: &str) -> Vec<SecretMatch> {
        self.run(text, false)
    }

    /// Whether `text` holds no secret. Stops at the first confirmed secret.
    pub fn is_clean(&self, text: &str) -> bool {
        self.run(text, true).is_empty()
    }

    /// Number of prefilter keyword hits in `text` (benchmarks: the prefilter's own cost).
    #[doc(hidden)]
    pub fn keyword_hits(&self, text: &str) -> usize {
        let mut n = 0;
        self.each_hit(text, |_, _, _| {
            n += 1;
            true
        });
        n
    }

    /// Hits of one prefilter set (benchmarks: the cost of each pass).
    #[doc(hidden)]
    pub fn set_hits(&self, set: usize, text: &str) -> usize {
        let mut n = 0;
        if let Some(s) = self.sets.as_ref().and_then(|s| s.get(set)) {
            s.each(text.as_bytes(), |_, _| {
                n += 1;
                true
            });
        }
        n
    }

    /// Calls `f(position, keyword end, handler)` for every keyword hit, set by set; each set's
    /// hits come in increasing position (what the generic and private-key memos rely on; no
    /// handler depends on the order across sets). Stops when `f` returns false. Returns false
    /// when a keyword set could not be built.
    fn each_hit(&self, text: &str, mut f: impl FnMut(usize, usize, Handler) -> bool) -> bool {
        let Some(sets) = self.sets.as_ref() else {
            return false;
        };
        let mut go = true;
        for set in sets {
            set.each(text.as_bytes(), |start, pattern| {
                for h in set.hits.get(pattern).into_iter().flatten() {
                    go = go && f(start + h.offset, start + h.offset + h.len, h.handler);
                }
                go
            });
            if !go {
                return true;
            }
        }
        for (finder, handlers) in &self.short {
            for start in finder.find_iter(text.as_bytes()) {
                for h in handlers {
                    if !f(start, start + h.len, h.handler) {
                        return true;
                    }
                }
            }
        }
        true
    }

    fn run(&self, text: &str, first_only: bool) -> Vec<SecretMatch> {
        let mut state = State::default();
        let mut cands: Vec<Cand> = Vec::new();
        let built = self.each_hit(text, |start, end, handler| {
            match handler {
                Handler::Def(i) => self.run_def(i, text, start, end, &mut cands),
                Handler::PrivateKey => private_key(text, start, &mut state, &mut cands),
                Handler::Generic => self.generic(text, start, end, &mut state, &mut cands),
                Handler::Url => self.url(text, start, &mut cands),
            }
            !first_only || cands.is_empty()
        });
        if !built {
            return fail_closed(text);
        }
        if !first_only {
            aws_secret_near_key_ids(text, &mut cands);
        }
        resolve(cands)
    }

    /// `://` at `p`: run the connection-string rules of the scheme before it.
    fn url(&self, text: &str, p: usize, out: &mut Vec<Cand>) {
        let bytes = text.as_bytes();
        let mut s = p;
        while s > 0
            && p - s < 16
            && matches!(before(bytes, s), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'+')
        {
            s -= 1;
        }
        let Some(scheme) = text.get(s..p + 3) else {
            return;
        };
        if let Some(defs) = self.schemes.get(&scheme.to_ascii_lowercase()) {
            for &i in defs {
                self.run_def(i, text, s, p + 3, out);
            }
        }
    }

    fn run_def(&self, i: usize, text: &str, p: usize, kw_end: usize, out: &mut Vec<Cand>) {
        let Some(def) = DEFS.get(i) else {
            return;
        };
        let Some(re) = self
            .regexes
            .get(i)
            .and_then(|cell| cell.get_or_init(|| compile(def)).as_ref())
        else {
            return;
        };
        let bytes = text.as_bytes();
        match def.at {
            At::Start { fwd } => {
                if !def.left.allows(before(bytes, p)) {
                    return;
                }
                let end = (p + fwd).min(bytes.len());
                let Some(window) = bytes.get(p..end) else {
                    return;
                };
                // Formats without a capture group need no capture engine: `find` is cheaper.
                let spans = if re.captures_len() > 1 {
                    re.captures(window).and_then(|caps| {
                        let m0 = caps.get(0)?;
                        let value = caps.get(1).or_else(|| caps.get(0))?;
                        Some((m0.start(), value.start(), value.end()))
                    })
                } else {
                    re.find(window).map(|m| (m.start(), m.start(), m.end()))
                };
                if let Some((m0, vs, ve)) = spans {
                    confirm(def, text, p + m0, p + vs, p + ve, out);
                }
            }
            At::Around { back, fwd } => {
                let start = p.saturating_sub(back);
                let end = (kw_end + fwd).min(bytes.len());
                let Some(window) = bytes.get(start..end) else {
                    return;
                };
                for caps in re.captures_iter(window) {
                    let Some(m0) = caps.get(0) else { continue };
                    if start + m0.start() > p || start + m0.end() < kw_end {
                        continue;
                    }
                    let Some(value) = caps.get(1).or_else(|| caps.get(0)) else {
                        continue;
                    };
                    confirm(
                        def,
                        text,
                        start + m0.start(),
                        start + value.start(),
                        start + value.end(),
                        out,
                    );
                }
            }
        }
    }
}

impl KeywordSet {
    fn build(keywords: BTreeMap<&'static str, Vec<Handler>>) -> Option<KeywordSet> {
        let patterns: Vec<&'static str> = keywords.keys().copied().collect();
        let hits = patterns
            .iter()
            .map(|outer| {
                let mut hits = Vec::new();
                for (inner, handlers) in &keywords {
                    let mut from = 0;
                    while let Some(i) = outer.get(from..).and_then(|rest| rest.find(inner)) {
                        let offset = from + i;
                        hits.extend(handlers.iter().map(|&handler| Hit {
                            offset,
                            len: inner.len(),
                            handler,
                        }));
                        from = offset + 1;
                    }
                }
                hits.sort_unstable();
                hits
            })
            .collect();
        let teddy = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostLongest)
            .heuristic_pattern_limits(false)
            .builder()
            .extend(&patterns)
            .build();
        let finder = match teddy {
            Some(searcher) => Finder::Teddy(searcher),
            None => Finder::Automaton(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .ok()?,
            ),
        };
        Some(KeywordSet { finder, hits })
    }

    /// Calls `f(start, pattern)` for each hit until it returns false.
    fn each(&self, haystack: &[u8], mut f: impl FnMut(usize, usize) -> bool) {
        match &self.finder {
            Finder::Teddy(s) => {
                for m in s.find_iter(haystack) {
                    if !f(m.start(), m.pattern().as_usize()) {
                        return;
                    }
                }
            }
            Finder::Automaton(a) => {
                for m in a.find_iter(haystack) {
                    if !f(m.start(), m.pattern().as_usize()) {
                        return;
                    }
                }
            }
        }
    }
}

/// Per-scan memo so repeated keywords cannot make the scan quadratic.
#[derive(Debug, Default)]
struct State {
    /// The generic detector already examined the identifier ending here.
    generic_done: usize,
    /// Last `-----END ` search: searched from, found at.
    pem_end: Option<(usize, Option<usize>)>,
}

/// A confirmed match before overlap resolution.
#[derive(Debug, Clone, Copy)]
struct Cand {
    m: SecretMatch,
    /// Generic detectors rank below every named format.
    rank: u8,
}

fn compile(def: &Def) -> Option<Regex> {
    let pattern = match def.at {
        At::Start { .. } => format!("^(?:{})", def.re),
        At::Around { .. } => format!("(?:{})", def.re),
    };
    RegexBuilder::new(&pattern)
        .size_limit(1 << 21)
        .dfa_size_limit(1 << 21)
        .nest_limit(64)
        .build()
        .ok()
}

/// The keyword automaton could not be built (never observed; a unit test builds it): treat
/// the whole input as one secret rather than report it clean.
fn fail_closed(text: &str) -> Vec<SecretMatch> {
    if text.is_empty() {
        return Vec::new();
    }
    vec![SecretMatch {
        kind: "scanner_unavailable",
        code: "secret.scanner_unavailable",
        start: 0,
        end: text.len(),
        risk: 100,
        confidence: Confidence::Low,
        prefix: "",
    }]
}

/// The byte before `pos`, or NUL at the start. NUL is neither a token character nor
/// whitespace, so loops that skip spaces always stop at the ends of the text.
fn before(bytes: &[u8], pos: usize) -> u8 {
    pos.checked_sub(1)
        .and_then(|i| bytes.get(i))
        .copied()
        .unwrap_or(0)
}

/// The byte at `pos`, or NUL past the end.
fn at(bytes: &[u8], pos: usize) -> u8 {
    bytes.get(pos).copied().unwrap_or(0)
}

/// Applies boundaries and the rule's check, then records the match.
fn confirm(def: &Def, text: &str, m_start: usize, vs: usize, ve: usize, out: &mut Vec<Cand>) {
    let bytes = text.as_bytes();
    if !def.left.allows(before(bytes, m_start)) || !def.right.allows(at(bytes, ve)) {
        return;
    }
    let Some(value) = text.get(vs..ve) else {
        return;
    };
    // Text this crate already redacted is not a secret (`https://[REDACTED:x]@host` would
    // otherwise read as a URL password); see testdata/fuzz-crashes.
    if text
        .get(m_start..ve)
        .is_some_and(|m| memchr::memmem::find(m.as_bytes(), b"[REDACTED").is_some())
    {
        return;
    }
    let mut confidence = def.confidence;
    let ok = match def.check {
        Check::Plain => !validate::is_placeholder(value),
        Check::Entropy(min) => {
            !validate::is_placeholder(value)
                && validate::entropy(value.as_bytes()) * 10.0 >= f64::from(min)
        }
        Check::Crc32Base62 => {
            if validate::is_placeholder(value) {
                false
            } else {
                // A bad checksum cannot be a live token, but fail closed: report it, ranked low.
                if !validate::crc32_base62_ok(value) {
                    confidence = Confidence::Low;
                }
                true
            }
        }
        Check::Bech32 => validate::bech32_ok(value),
        Check::Jwt => jwt_ok(value, &mut confidence),
        Check::AuthHeader => auth_header_ok(text, m_start, value),
    };
    if !ok {
        return;
    }
    let risk = if confidence < def.confidence {
        def.risk.saturating_sub(30)
    } else {
        def.risk
    };
    let prefix = def
        .keywords
        .iter()
        .copied()
        .filter(|kw| value.starts_with(kw))
        .max_by_key(|kw| kw.len())
        .unwrap_or("");
    out.push(Cand {
        m: SecretMatch {
            kind: def.kind,
            code: def.code,
            start: vs,
            end: ve,
            risk,
            confidence,
            prefix,
        },
        rank: def_rank(def),
    });
}

/// Named formats (2) beat keyword-bound and catch-all formats (1), which beat the generic
/// assignment detector (0).
fn def_rank(def: &Def) -> u8 {
    if def.confidence == Confidence::Low
        || matches!(def.kind, "authorization_header" | "url_basic_auth")
    {
        1
    } else {
        2
    }
}

fn jwt_ok(value: &str, confidence: &mut Confidence) -> bool {
    let mut parts = value.split('.');
    let (Some(header), Some(payload), Some(sig)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    match validate::jwt_shape(header, payload) {
        JwtShape::Invalid => false,
        JwtShape::Unsigned => true,
        JwtShape::HeaderOnly => !sig.is_empty(),
        JwtShape::Full => {
            if sig.is_empty() {
                return false;
            }
            *confidence = Confidence::High;
            true
        }
    }
}

fn auth_header_ok(text: &str, m_start: usize, value: &str) -> bool {
    if validate::is_placeholder(value) {
        return false;
    }
    let head = text.get(m_start..).unwrap_or_default();
    let scheme_basic = head.char_indices().take(40).any(|(i, _)| {
        head.get(i..i + 6)
            .is_some_and(|s| s.eq_ignore_ascii_case("basic "))
    });
    if scheme_basic {
        validate::basic_auth_ok(value)
    } else {
        value.len() >= 16 && validate::entropy(value.as_bytes()) >= 3.0
    }
}

// ---------------------------------------------------------------------------------------------
// Private-key blocks

const PEM_BEGIN: &[u8] = b"-----BEGIN ";
const PEM_END: &[u8] = b"-----END ";

/// `PRIVATE KEY` hit at `p`: find the `-----BEGIN … PRIVATE KEY-----` line around it and the
/// matching `-----END` line; the span is the whole block.
fn private_key(text: &str, p: usize, state: &mut State, out: &mut Vec<Cand>) {
    let bytes = text.as_bytes();
    let look = p.saturating_sub(32);
    let Some(head) = bytes.get(look..p) else {
        return;
    };
    let Some(rel) = memchr::memmem::rfind(head, PEM_BEGIN) else {
        return;
    };
    let begin = look + rel;
    let label_start = begin + PEM_BEGIN.len();
    let Some(label_len) = bytes
        .get(label_start..)
        .and_then(|rest| memchr::memmem::find(rest.get(..48)?, b"-----"))
    else {
        return;
    };
    let Some(label) = text.get(label_start..label_start + label_len) else {
        return;
    };
    if !label.ends_with("PRIVATE KEY") && !label.ends_with("PRIVATE KEY BLOCK") {
        return;
    }
    if !label
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
    {
        return;
    }
    let body_start = label_start + label_len + 5;
    // The block ends at `-----END <same label>-----`; any other `-----END` (or none within
    // reach) means a truncated block, e.g. `head id_rsa`: fail closed and cover the body.
    let close = find_pem_end(bytes, body_start, state).and_then(|e| {
        let label_at = e + PEM_END.len();
        let same = bytes.get(label_at..label_at + label_len) == Some(label.as_bytes());
        let dashes = bytes.get(label_at + label_len..label_at + label_len + 5) == Some(b"-----");
        (same && dashes).then_some((e, label_at + label_len + 5))
    });
    let (end, body_end, complete) = if let Some((e, c)) = close {
        (c, e, true)
    } else {
        let mut e = body_start;
        let limit = (body_start + MAX_PEM).min(bytes.len());
        while e < limit && is_pem_body_byte(at(bytes, e)) {
            e += 1;
        }
        (e, e, false)
    };
    let body = bytes.get(body_start..body_end).unwrap_or_default();
    let significant = body.iter().filter(|b| b.is_ascii_alphanumeric()).count();
    if significant < 64 || memchr::memmem::find(body, b"...").is_some() {
        return;
    }
    let kind = pem_kind(label, bytes, begin);
    out.push(Cand {
        m: SecretMatch {
            kind: kind.0,
            code: kind.1,
            start: begin,
            end,
            risk: 95,
            confidence: if complete {
                Confidence::High
            } else {
                Confidence::Medium
            },
            prefix: "-----BEGIN",
        },
        rank: 2,
    });
}

fn is_pem_body_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'+' | b'/' | b'=' | b'\n' | b'\r' | b' ' | b'\t' | b'\\' | b':' | b',' | b'-'
        )
}

fn find_pem_end(bytes: &[u8], from: usize, state: &mut State) -> Option<usize> {
    if let Some((searched_from, found)) = state.pem_end
        && from >= searched_from
    {
        match found {
            None => return None,
            Some(f) if f >= from => return (f - from <= MAX_PEM).then_some(f),
            Some(_) => {}
        }
    }
    let hay = bytes.get(from..)?;
    let found = memchr::memmem::find(hay, PEM_END).map(|i| from + i);
    state.pem_end = Some((from, found));
    found.filter(|f| f - from <= MAX_PEM)
}

fn pem_kind(label: &str, bytes: &[u8], begin: usize) -> (&'static str, &'static str) {
    // A PEM inside `"private_key": "…"` of a Google service-account JSON file.
    let look = begin.saturating_sub(24);
    let prior = bytes.get(look..begin).unwrap_or_default();
    if memchr::memmem::find(prior, b"\"private_key\"").is_some() {
        return ("gcp_service_account_key", "secret.gcp_service_account_key");
    }
    match label.split(' ').next().unwrap_or_default() {
        "RSA" => ("rsa_private_key", "secret.rsa_private_key"),
        "EC" => ("ec_private_key", "secret.ec_private_key"),
        "DSA" => ("dsa_private_key", "secret.dsa_private_key"),
        "OPENSSH" => ("openssh_private_key", "secret.openssh_private_key"),
        "ENCRYPTED" => ("encrypted_private_key", "secret.encrypted_private_key"),
        "PGP" => ("pgp_private_key", "secret.pgp_private_key"),
        _ => ("private_key", "secret.private_key"),
    }
}

// ---------------------------------------------------------------------------------------------
// Generic `name = value` assignments

/// Name endings (lowercase, separators removed) that hold a password.
const PASSWORD_NAMES: &[&str] = &["password", "passwd", "pwd", "passphrase"];
/// Name endings that hold some other secret.
const SECRET_NAMES: &[&str] = &[
    "secret",
    "secretkey",
    "apikey",
    "apisecret",
    "accesskey",
    "privatekey",
    "signingkey",
    "encryptionkey",
    "masterkey",
    "authkey",
    "token",
    "credential",
    "credentials",
    "secrettoken",
];
/// Names that end like a secret but are not one.
const NOT_SECRET_NAMES: &[&str] = &[
    "publickey",
    "nexttoken",
    "pagetoken",
    "continuationtoken",
    "cursortoken",
    "csrftoken",
    "xsrftoken",
    "resumetoken",
    "synctoken",
    "canceltoken",
    "cancellationtoken",
    "idtoken",
    "tokenpath",
    "secretname",
    "secretref",
    "noncetoken",
];

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

impl Scanner {
    /// A key-like word at `p`: examine the identifier around it, run the rules routed by
    /// identifier (vendor names), then the generic `name = value` detector.
    fn generic(&self, text: &str, p: usize, kw_end: usize, state: &mut State, out: &mut Vec<Cand>) {
        if p < state.generic_done {
            return;
        }
        let bytes = text.as_bytes();
        let mut ns = p;
        while ns > 0 && p - ns < MAX_NAME && is_ident_byte(before(bytes, ns)) {
            ns -= 1;
        }
        let mut ne = kw_end;
        while ne < bytes.len() && ne - kw_end < MAX_NAME && is_ident_byte(at(bytes, ne)) {
            ne += 1;
        }
        state.generic_done = ne;
        // Every rule reached from here needs `name = value`: skip names without an operator
        // (prose, code that merely mentions a key) before any lookup.
        if !has_operator(
            bytes,
            ne,
            text.get(ns..ne).is_some_and(|n| n.starts_with("--")),
        ) {
            return;
        }
        let mut buf = [0u8; 2 * MAX_NAME + 16];
        let name = bytes.get(ns..ne).unwrap_or_default();
        let lower = buf.get_mut(..name.len()).unwrap_or_default();
        lower.copy_from_slice(name);
        lower.make_ascii_lowercase();
        // Vendor names are longer than any key-like word they sit next to.
        if name.len() > kw_end - p
            && let Some(routed) = &self.routed
        {
            for m in routed.find_overlapping_iter(&*lower) {
                for &i in self
                    .routed_rules
                    .get(m.pattern().as_usize())
                    .into_iter()
                    .flatten()
                {
                    self.run_def(i, text, ns + m.start(), ns + m.end(), out);
                }
            }
        }
        generic_assignment(text, ns, ne, out);
    }
}

/// Whether an assignment operator (`=`, `:`, `:=`, `=>`, after an optional closing quote) or,
/// for `--flag` names, a space follows the name ending at `ne`.
fn has_operator(bytes: &[u8], ne: usize, flag: bool) -> bool {
    let mut i = ne;
    if matches!(at(bytes, i), b'"' | b'\'') {
        i += 1;
    }
    while matches!(at(bytes, i), b' ' | b'\t') {
        i += 1;
    }
    let (op, next) = (at(bytes, i), at(bytes, i + 1));
    (op == b'=' && next != b'=') || (op == b':' && next != b':') || (flag && i > ne)
}

/// The generic `name = value` detector for the identifier `ns..ne`.
fn generic_assignment(text: &str, ns: usize, ne: usize, out: &mut Vec<Cand>) {
    let bytes = text.as_bytes();
    let Some(name) = text.get(ns..ne) else { return };
    // The name lowercased with separators removed, on the stack.
    let mut buf = [0u8; 2 * MAX_NAME + 16];
    let mut n = 0;
    for b in name.bytes().filter(u8::is_ascii_alphanumeric) {
        if let Some(slot) = buf.get_mut(n) {
            *slot = b.to_ascii_lowercase();
            n += 1;
        }
    }
    let norm = buf.get(..n).unwrap_or_default();
    let ends = |list: &[&str]| list.iter().any(|s| norm.ends_with(s.as_bytes()));
    let password = ends(PASSWORD_NAMES);
    let secret = ends(SECRET_NAMES);
    if !(password || secret) || ends(NOT_SECRET_NAMES) {
        return;
    }
    let flag = name.starts_with("--");
    // Operator.
    let mut i = ne;
    if matches!(at(bytes, i), b'"' | b'\'') {
        i += 1;
    }
    while matches!(at(bytes, i), b' ' | b'\t') {
        i += 1;
    }
    let op = at(bytes, i);
    let next = at(bytes, i + 1);
    if op == b':' && next == b'=' || op == b'=' && next == b'>' {
        i += 2;
    } else if op == b'=' && next != b'=' || op == b':' && next != b':' {
        i += 1;
    } else if !(flag && i > ne) {
        return;
    }
    while matches!(at(bytes, i), b' ' | b'\t') {
        i += 1;
    }
    // Value.
    let quote = at(bytes, i);
    let quoted = matches!(quote, b'"' | b'\'' | b'`');
    let (vs, ve) = if quoted {
        let vs = i + 1;
        let mut j = vs;
        loop {
            let b = at(bytes, j);
            if j >= bytes.len() || b == b'\n' || j - vs > MAX_GENERIC_VALUE {
                return;
            }
            if b == quote && before(bytes, j) != b'\\' {
                break;
            }
            j += 1;
        }
        (vs, j)
    } else {
        let vs = i;
        let mut j = vs;
        while j < bytes.len() && j - vs <= MAX_GENERIC_VALUE {
            let b = at(bytes, j);
            if b.is_ascii_whitespace()
                || matches!(
                    b,
                    b',' | b';' | b')' | b'}' | b']' | b'"' | b'\'' | b'&' | b'<' | b'>' | b'`'
                )
            {
                break;
            }
            j += 1;
        }
        (vs, j)
    };
    let Some(value) = text.get(vs..ve) else {
        return;
    };
    if !generic_value_ok(value, quoted, password) {
        return;
    }
    let (kind, code, risk) = if password {
        ("generic_password", "secret.generic_password", 65)
    } else {
        ("generic_secret", "secret.generic_secret", 60)
    };
    out.push(Cand {
        m: SecretMatch {
            kind,
            code,
            start: vs,
            end: ve,
            risk,
            confidence: Confidence::Low,
            prefix: "",
        },
        rank: 0,
    });
}

fn generic_value_ok(value: &str, quoted: bool, password: bool) -> bool {
    let len = value.len();
    // Cheap structural checks first: most candidates in code fail here.
    if !(6..=MAX_GENERIC_VALUE).contains(&len) {
        return false;
    }
    if value.contains('(')
        || value.contains(' ') && !quoted
        || is_dotted_path(value)
        || !quoted && is_code_expression(value)
    {
        return false;
    }
    let bytes = value.as_bytes();
    let has_digit = bytes.iter().any(u8::is_ascii_digit);
    let has_upper = bytes.iter().any(u8::is_ascii_uppercase);
    let has_lower = bytes.iter().any(u8::is_ascii_lowercase);
    let has_symbol = bytes.iter().any(u8::is_ascii_punctuation);
    let classes = usize::from(has_digit)
        + usize::from(has_upper)
        + usize::from(has_lower)
        + usize::from(has_symbol);
    let shape_ok = if password {
        len >= if quoted { 6 } else { 8 } && classes >= 2 && (quoted || has_digit || has_symbol)
    } else {
        len >= 12 && classes >= 2 && (quoted || has_digit)
    };
    if !shape_ok {
        return false;
    }
    let h = validate::entropy(bytes);
    if h < if password { 2.3 } else { 3.0 } {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    // References to other variables or secret stores, not values.
    for word in [
        "password",
        "passwd",
        "secret",
        "token",
        "getenv",
        "environ",
        "process.env",
        "vault:",
        "arn:aws",
        "file:",
        "env:",
    ] {
        if lower.contains(word) {
            return false;
        }
    }
    !validate::is_placeholder(value)
}

fn is_code_expression(value: &str) -> bool {
    let bytes = value.as_bytes();
    let ident_len = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    let starts_alpha = bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
    starts_alpha && matches!(bytes.get(ident_len), Some(b'.' | b'[' | b'('))
}

fn is_dotted_path(value: &str) -> bool {
    let mut parts = 0;
    for part in value.split('.') {
        let mut chars = part.bytes();
        match chars.next() {
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {}
            _ => return false,
        }
        if !chars.all(|c| c.is_ascii_alphanumeric() || c == b'_') {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

// ---------------------------------------------------------------------------------------------
// AWS secret access keys next to an access key id

fn aws_secret_near_key_ids(text: &str, cands: &mut Vec<Cand>) {
    let bytes = text.as_bytes();
    let ids: Vec<(usize, usize)> = cands
        .iter()
        .filter(|c| c.m.kind == "aws_access_key")
        .map(|c| (c.m.start, c.m.end))
        .collect();
    let mut seen_until = 0usize;
    for (s, e) in ids {
        let from = s.saturating_sub(256).max(seen_until);
        let to = (e + 256).min(bytes.len());
        let mut i = from;
        while i < to {
            if !is_b64(at(bytes, i)) || i > 0 && is_b64(before(bytes, i)) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < bytes.len() && is_b64(at(bytes, j)) {
                j += 1;
            }
            if j - i == 40 && at(bytes, j) != b'=' {
                let value = text.get(i..j).unwrap_or_default();
                let vb = value.as_bytes();
                let non_hex = vb.iter().any(|b| !b.is_ascii_hexdigit());
                let upper = vb.iter().any(u8::is_ascii_uppercase);
                let lower = vb.iter().any(u8::is_ascii_lowercase);
                if non_hex
                    && upper
                    && lower
                    && validate::entropy(vb) >= 4.0
                    && !validate::is_placeholder(value)
                {
                    cands.push(Cand {
                        m: SecretMatch {
                            kind: "aws_secret_access_key",
                            code: "secret.aws_secret_access_key",
                            start: i,
                            end: j,
                            risk: 95,
                            confidence: Confidence::Medium,
                            prefix: "",
                        },
                        rank: 2,
                    });
                }
            }
            i = j.max(i + 1);
        }
        seen_until = to;
    }
}

fn is_b64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

// ---------------------------------------------------------------------------------------------
// Overlaps

/// Keeps the best match of every overlapping group: higher rank (named format over generic),
/// then higher confidence, then the longer span, then the earlier start.
fn resolve(mut cands: Vec<Cand>) -> Vec<SecretMatch> {
    cands.sort_by(|a, b| {
        b.rank
            .cmp(&a.rank)
            .then(b.m.confidence.cmp(&a.m.confidence))
            .then((b.m.end - b.m.start).cmp(&(a.m.end - a.m.start)))
            .then(a.m.start.cmp(&b.m.start))
            .then(a.m.kind.cmp(b.m.kind))
    });
    let mut kept: BTreeMap<usize, SecretMatch> = BTreeMap::new();
    for c in cands {
        if c.m.start >= c.m.end {
            continue;
        }
        let overlaps_prev = kept
            .range(..c.m.end)
            .next_back()
            .is_some_and(|(_, k)| k.end > c.m.start);
        if !overlaps_prev {
            kept.insert(c.m.start, c.m);
        }
    }
    kept.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_regex_compiles() {
        let s = Scanner::new();
        for (def, cell) in DEFS.iter().zip(&s.regexes) {
            let re = cell.get_or_init(|| compile(def));
            let pattern = def.re;
            let err = RegexBuilder::new(pattern).size_limit(1 << 21).build().err();
            assert!(
                re.is_some(),
                "regex of {} does not compile: {err:?}",
                def.kind
            );
        }
        assert_eq!(s.regexes.len(), DEFS.len());
    }

    #[test]
    fn keyword_sets_build() {
        let sets = Scanner::builtin().sets.as_ref().unwrap();
        assert!(sets.len() >= 3);
        #[cfg(target_arch = "x86_64")]
        assert!(sets.iter().all(|s| matches!(s.finder, Finder::Teddy(_))));
    }

    #[test]
    fn dotted_paths() {
        assert!(is_dotted_path("self.password"));
        assert!(is_dotted_path("config.api.key"));
        assert!(!is_dotted_path("abc"));
        assert!(!is_dotted_path("a1.b2.c3d4e5f6g7h8.9"));
    }

    #[test]
    fn resolve_prefers_named_over_generic() {
        let m = |kind: &'static str, s, e, c| SecretMatch {
            kind,
            code: "secret.x",
            start: s,
            end: e,
            risk: 1,
            confidence: c,
            prefix: "",
        };
        let out = resolve(vec![
            Cand {
                m: m("generic_secret", 0, 10, Confidence::Low),
                rank: 0,
            },
            Cand {
                m: m("named", 2, 8, Confidence::Medium),
                rank: 1,
            },
            Cand {
                m: m("other", 20, 30, Confidence::Low),
                rank: 1,
            },
        ]);
        let kinds: Vec<_> = out.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, ["named", "other"]);
    }
}
