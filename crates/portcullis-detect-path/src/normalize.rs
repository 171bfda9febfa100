//! Lexical path normalisation: one canonical spelling for every way of naming a file.

use std::borrow::Cow;
use std::fmt;

/// Where a normalised path is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// Relative to the working directory (`src/main.rs`, `../x`).
    Relative,
    /// The file-system root (`/etc/shadow`).
    Root,
    /// A user's home directory, written `~` (`~/.ssh/id_rsa`). Every user's home maps here.
    Home,
    /// A Windows drive root, written `c:/` (lowercase letter).
    Drive(char),
}

/// A path in canonical lexical form. Build one with [`normalize`].
///
/// The text is the canonical spelling: `.` and `..` resolved, separators collapsed to single
/// `/`, no trailing slash, homes written `~`, drive roots `c:/`. Case is preserved; matching in
/// this crate is case-insensitive (see the crate docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NormalPath {
    text: String,
    anchor: Anchor,
    body_start: usize,
    had_traversal: bool,
    had_nul: bool,
    from_url: bool,
    windows_form: bool,
    is_glob: bool,
}

impl NormalPath {
    /// The canonical text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Consumes the path, returning its canonical text.
    pub fn into_string(self) -> String {
        self.text
    }

    /// Where the path is anchored.
    pub fn anchor(&self) -> Anchor {
        self.anchor
    }

    /// Whether the path names a fixed place: the root, a home or a drive (not the working
    /// directory).
    pub fn is_absolute(&self) -> bool {
        self.anchor != Anchor::Relative
    }

    /// Whether the path is inside a home directory (`~`, `~user`, `$HOME`, `/home/NAME`,
    /// `/Users/NAME`, `/root`, `C:\Users\NAME`).
    pub fn is_home_relative(&self) -> bool {
        self.anchor == Anchor::Home
    }

    /// Whether the input contained a `..` segment.
    pub fn had_traversal(&self) -> bool {
        self.had_traversal
    }

    /// Whether the input contained a NUL byte (the text is cut there, as the kernel would).
    pub fn had_nul(&self) -> bool {
        self.had_nul
    }

    /// Whether the input was a `file:` URL.
    pub fn from_url(&self) -> bool {
        self.from_url
    }

    /// Whether the input used Windows spelling (backslashes or a drive letter).
    pub fn is_windows_form(&self) -> bool {
        self.windows_form
    }

    /// Whether the text contains glob or brace-expansion characters (`*`, `?`, `[`, `{`).
    pub fn is_glob(&self) -> bool {
        self.is_glob
    }

    /// The segments after the anchor, in order.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.body()
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
    }

    /// The last segment, or `""` for an anchor alone (`/`, `~`, `.`).
    pub fn file_name(&self) -> &str {
        self.segments().last().unwrap_or("")
    }

    /// The text after the anchor (`.ssh/id_rsa` for `~/.ssh/id_rsa`).
    pub(crate) fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }
}

impl fmt::Display for NormalPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AsRef<str> for NormalPath {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// Normalises `raw` lexically; never touches the file system.
///
/// Idempotent: `normalize(normalize(x).as_str()) == normalize(x)` for the text. See the crate
/// docs for every rule.
pub fn normalize(raw: &str) -> NormalPath {
    let (raw, mut had_nul) = cut_at_nul(raw);
    let mut from_url = false;
    let mut work: Cow<'_, str> = Cow::Borrowed(raw);
    if let Some(rest) = strip_prefix_ci(raw, "file:") {
        from_url = true;
        let decoded = percent_decode(&file_url_path(rest));
        let (cut, nul) = cut_at_nul(&decoded);
        had_nul |= nul;
        work = Cow::Owned(cut.to_owned());
    }
    let windows_form = work.contains('\\') || starts_with_drive(&work);
    if work.contains('\\') {
        work = Cow::Owned(work.replace('\\', "/"));
    }
    let mut s: &str = &work;
    // Win32 device and long-path prefixes: `\\?\C:\x`, `\\.\C:\x`, `\\?\UNC\server\share`.
    for p in ["//?/unc/", "//./unc/"] {
        if let Some(rest) = strip_prefix_ci(s, p) {
            s = rest;
        }
    }
    for p in ["//?/", "//./"] {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest;
        }
    }

    let mut anchor = Anchor::Relative;
    let mut stack: Vec<&str> = Vec::with_capacity(8);
    let rooted = s.starts_with('/');
    let body = s.trim_start_matches('/');
    let mut parts = body.split('/');
    let first = if rooted { None } else { parts.next() };
    if rooted {
        anchor = Anchor::Root;
    }
    let mut pending_first = None;
    if let Some(first) = first {
        match prefix_of(first) {
            Some(Prefix::Home(extra)) => {
                anchor = Anchor::Root;
                stack.extend(["home", HOME_MARK]);
                stack.extend_from_slice(extra);
            }
            Some(Prefix::Drive(letter, extra, rest)) => {
                anchor = Anchor::Drive(letter);
                stack.extend_from_slice(extra);
                if !rest.is_empty() {
                    stack.push(rest);
                }
            }
            Some(Prefix::Cwd) => {}
            None => pending_first = Some(first),
        }
    }
    let mut had_traversal = false;
    for seg in pending_first.into_iter().chain(parts) {
        match seg {
            "" | "." => {}
            ".." => {
                had_traversal = true;
                match stack.last() {
                    Some(&top) if top != ".." => {
                        stack.pop();
                    }
                    _ if anchor == Anchor::Relative => stack.push(".."),
                    _ => {}
                }
            }
            _ => {
                if anchor == Anchor::Root && stack.is_empty() && is_drive(seg) {
                    // `/C:/x`, as left by `file:///C:/x`.
                    anchor = Anchor::Drive(drive_letter(seg));
                    continue;
                }
                stack.push(seg);
                if anchor == Anchor::Root {
                    match proc_alias(&stack) {
                        Some(ProcAlias::Root) => stack.clear(),
                        Some(ProcAlias::Cwd) => {
                            stack.clear();
                            anchor = Anchor::Relative;
                        }
                        None => {}
                    }
                }
            }
        }
    }

    let mut skip = 0;
    match anchor {
        Anchor::Root => {
            if let Some(n) = private_alias(&stack) {
                stack.remove(n);
            }
            if let Some(n) = home_prefix_len(&stack) {
                anchor = Anchor::Home;
                skip = n;
            }
        }
        Anchor::Drive(_) => {
            if let Some(n) = windows_home_len(&stack) {
                anchor = Anchor::Home;
                skip = n;
            }
        }
        Anchor::Relative | Anchor::Home => {}
    }
    let rest = stack.get(skip..).unwrap_or_default();

    let mut text = String::with_capacity(s.len() + 2);
    match anchor {
        Anchor::Relative => {
            if rest
                .first()
                .is_some_and(|f| prefix_of(f).is_some() || strip_prefix_ci(f, "file:").is_some())
            {
                text.push_str("./");
            }
        }
        Anchor::Root => text.push('/'),
        Anchor::Home => text.push('~'),
        Anchor::Drive(letter) => {
            text.push(letter);
            text.push_str(":/");
        }
    }
    if anchor == Anchor::Home && !rest.is_empty() {
        text.push('/');
    }
    let body_start = text.len();
    for (i, seg) in rest.iter().enumerate() {
        if i > 0 {
            text.push('/');
        }
        text.push_str(seg);
    }
    if anchor == Anchor::Relative && rest.is_empty() {
        text.push('.');
    }
    let is_glob = text.bytes().any(|b| matches!(b, b'*' | b'?' | b'[' | b'{'));
    NormalPath {
        text,
        anchor,
        body_start,
        had_traversal,
        had_nul,
        from_url,
        windows_form,
        is_glob,
    }
}

/// Internal stand-in for the user name in `~`, so that `~/..` resolves to `/home`.
const HOME_MARK: &str = "\u{1}~";

enum Prefix<'a> {
    /// A home, with segments under it (`$XDG_CONFIG_HOME` is `~/.config`).
    Home(&'static [&'static str]),
    /// A drive root, with segments under it, and a drive-relative remainder (`c:foo`).
    Drive(char, &'static [&'static str], &'a str),
    /// The working directory itself (`~+`, `$PWD`).
    Cwd,
}

/// Recognises a first segment that names an anchor: `~`, `~user`, `$HOME`, `%USERPROFILE%`, a
/// drive letter and similar.
fn prefix_of(first: &str) -> Option<Prefix<'_>> {
    if first == "~+" || first == "~-" {
        return Some(Prefix::Cwd);
    }
    if first.starts_with('~') {
        return Some(Prefix::Home(&[]));
    }
    if is_drive(first) {
        return Some(Prefix::Drive(drive_letter(first), &[], ""));
    }
    if !(first.starts_with('$') || first.starts_with('%')) {
        return None;
    }
    let name = first
        .trim_start_matches('$')
        .trim_start_matches('{')
        .trim_end_matches('}');
    let name = strip_prefix_ci(name, "env:").unwrap_or(name);
    let name = name.trim_matches('%');
    let lower = name.to_ascii_lowercase();
    let p = match lower.as_str() {
        "home" | "userprofile" | "homedrive%%homepath" => Prefix::Home(&[]),
        "xdg_config_home" => Prefix::Home(&[".config"]),
        "xdg_data_home" => Prefix::Home(&[".local", "share"]),
        "xdg_state_home" => Prefix::Home(&[".local", "state"]),
        "xdg_cache_home" => Prefix::Home(&[".cache"]),
        "appdata" => Prefix::Home(&["AppData", "Roaming"]),
        "localappdata" => Prefix::Home(&["AppData", "Local"]),
        "systemroot" | "windir" => Prefix::Drive('c', &["Windows"], ""),
        "programfiles" => Prefix::Drive('c', &["Program Files"], ""),
        "programdata" => Prefix::Drive('c', &["ProgramData"], ""),
        "pwd" => Prefix::Cwd,
        _ => return None,
    };
    Some(p)
}

/// `x:` exactly: a drive root. (`c:foo` is left alone: on Unix it is an ordinary name.)
fn is_drive(seg: &str) -> bool {
    let b = seg.as_bytes();
    b.len() == 2 && b.first().is_some_and(u8::is_ascii_alphabetic) && b.get(1) == Some(&b':')
}

fn drive_letter(seg: &str) -> char {
    seg.chars().next().map_or('c', |c| c.to_ascii_lowercase())
}

fn starts_with_drive(s: &str) -> bool {
    s.split(['/', '\\']).next().is_some_and(is_drive)
}

enum ProcAlias {
    Root,
    Cwd,
}

/// `/proc/<pid>/root` is the root and `/proc/<pid>/cwd` the working directory (also under
/// `/proc/<pid>/task/<tid>/`).
fn proc_alias(stack: &[&str]) -> Option<ProcAlias> {
    let last = match stack {
        ["proc", pid, last] if is_pid(pid) => *last,
        ["proc", pid, "task", tid, last] if is_pid(pid) && is_pid(tid) => *last,
        _ => return None,
    };
    match last {
        "root" => Some(ProcAlias::Root),
        "cwd" => Some(ProcAlias::Cwd),
        _ => None,
    }
}

fn is_pid(s: &str) -> bool {
    s == "self"
        || s == "thread-self"
        || (!s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'*' | b'?' | b'[' | b']')))
}

/// macOS: `/private/etc`, `/private/var` and `/private/tmp` are `/etc`, `/var`, `/tmp`.
fn private_alias(stack: &[&str]) -> Option<usize> {
    match stack {
        [p, second, ..]
            if p.eq_ignore_ascii_case("private")
                && ["etc", "var", "tmp"]
                    .iter()
                    .any(|d| second.eq_ignore_ascii_case(d)) =>
        {
            Some(0)
        }
        _ => None,
    }
}

const NOT_HOMES: [&str; 6] = [
    "shared",
    "public",
    "default",
    "default user",
    "all users",
    "lost+found",
];

/// Length of a home prefix under the root: `/home/NAME`, `/Users/NAME`, `/root`, `/var/root`,
/// and drives mounted the WSL or Cygwin way (`/mnt/c/Users/NAME`).
fn home_prefix_len(stack: &[&str]) -> Option<usize> {
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    match stack {
        [h, name, ..] if (eq(h, "home") || eq(h, "users")) && is_home_name(name) => Some(2),
        [r, ..] if eq(r, "root") => Some(1),
        [v, r, ..] if eq(v, "var") && eq(r, "root") => Some(2),
        [m, d, u, name, ..]
            if (eq(m, "mnt") || eq(m, "cygdrive"))
                && d.len() == 1
                && eq(u, "users")
                && is_home_name(name) =>
        {
            Some(4)
        }
        _ => None,
    }
}

fn windows_home_len(stack: &[&str]) -> Option<usize> {
    match stack {
        [u, name, ..]
            if (u.eq_ignore_ascii_case("users")
                || u.eq_ignore_ascii_case("documents and settings"))
                && is_home_name(name) =>
        {
            Some(2)
        }
        _ => None,
    }
}

fn is_home_name(name: &str) -> bool {
    !NOT_HOMES.iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// The path part of a `file:` URL (after `file:`): drops `//host` (a host that is not
/// `localhost` is kept as the first segment, failing closed on `file://etc/passwd`), the query
/// and the fragment.
fn file_url_path(rest: &str) -> String {
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let rest = rest.get(..end).unwrap_or(rest);
    let Some(after) = rest
        .strip_prefix("//")
        .or_else(|| rest.strip_prefix("\\\\"))
    else {
        return rest.to_owned();
    };
    let host_end = after.find(['/', '\\']).unwrap_or(after.len());
    let (host, path) = after.split_at(host_end);
    if host.is_empty() || host.eq_ignore_ascii_case("localhost") {
        if path.is_empty() {
            "/".to_owned()
        } else {
            path.to_owned()
        }
    } else {
        format!("/{host}{path}")
    }
}

/// Decodes `%XX` escapes; invalid escapes stay as written and invalid UTF-8 becomes U+FFFD.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|c| hex_val(*c)),
                bytes.get(i + 2).and_then(|c| hex_val(*c)),
            )
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn cut_at_nul(s: &str) -> (&str, bool) {
    match s.find('\0') {
        Some(i) => (s.get(..i).unwrap_or(""), true),
        None => (s, false),
    }
}

pub(crate) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).into_string()
    }

    #[test]
    fn dots_and_slashes() {
        assert_eq!(n("./a/../.env"), ".env");
        assert_eq!(n(".//.env"), ".env");
        assert_eq!(n("subdir/../../.env"), "../.env");
        assert_eq!(n("a//b///c/"), "a/b/c");
        assert_eq!(n("/../../etc/./shadow"), "/etc/shadow");
        assert_eq!(n(""), ".");
        assert_eq!(n("./"), ".");
        assert_eq!(n("/"), "/");
        assert_eq!(n("../../x"), "../../x");
    }

    #[test]
    fn homes() {
        assert_eq!(n("~/.ssh/id_rsa"), "~/.ssh/id_rsa");
        assert_eq!(n("~bob/.ssh/id_rsa"), "~/.ssh/id_rsa");
        assert_eq!(n("$HOME/.aws/credentials"), "~/.aws/credentials");
        assert_eq!(n("${HOME}/.netrc"), "~/.netrc");
        assert_eq!(n("/home/alice/.netrc"), "~/.netrc");
        assert_eq!(n("/Users/alice/.netrc"), "~/.netrc");
        assert_eq!(n("/root/.netrc"), "~/.netrc");
        assert_eq!(n("/home/alice"), "~");
        assert_eq!(n("~/../bob/.ssh/id_rsa"), "~/.ssh/id_rsa");
        assert_eq!(n("~/../../etc/shadow"), "/etc/shadow");
        assert_eq!(n("/home"), "/home");
        assert_eq!(n("$XDG_CONFIG_HOME/gcloud/x"), "~/.config/gcloud/x");
        assert_eq!(n("/Users/Shared/x"), "/Users/Shared/x");
    }

    #[test]
    fn proc_and_private_aliases() {
        assert_eq!(n("/proc/self/root/etc/shadow"), "/etc/shadow");
        assert_eq!(n("/proc/1234/root/root/.ssh/id_rsa"), "~/.ssh/id_rsa");
        assert_eq!(n("/proc/self/cwd/.env"), ".env");
        assert_eq!(n("/proc/self/cwd/../x"), "../x");
        assert_eq!(n("/proc/self/environ"), "/proc/self/environ");
        assert_eq!(n("/private/etc/sudoers"), "/etc/sudoers");
    }

    #[test]
    fn windows_and_urls() {
        assert_eq!(n(r"C:\Users\x\.ssh\id_rsa"), "~/.ssh/id_rsa");
        assert_eq!(n(r"C:\Windows\System32"), "c:/Windows/System32");
        assert_eq!(n(r"\\?\C:\Users\x\.aws\credentials"), "~/.aws/credentials");
        assert_eq!(n("%USERPROFILE%\\.aws\\credentials"), "~/.aws/credentials");
        assert_eq!(n("file:///etc/passwd"), "/etc/passwd");
        assert_eq!(n("file://localhost/etc/shadow"), "/etc/shadow");
        assert_eq!(n("FILE:///home/u/%2Eenv"), "~/.env");
        assert_eq!(n("file:///C:/Users/x/.ssh/id_rsa"), "~/.ssh/id_rsa");
        assert_eq!(n("file://etc/passwd"), "/etc/passwd");
        assert_eq!(n("file:///a/%2e%2e/.env?x#y"), "/.env");
    }

    #[test]
    fn nul_cuts() {
        let p = normalize(".env\0.txt");
        assert_eq!(p.as_str(), ".env");
        assert!(p.had_nul());
        let p = normalize("file:///x/.env%00.png");
        assert_eq!(p.as_str(), "/x/.env");
        assert!(p.had_nul());
    }

    #[test]
    fn ambiguous_first_segments_keep_a_dot() {
        assert_eq!(n("./~/x"), "./~/x");
        assert_eq!(n("a/../$HOME/x"), "./$HOME/x");
        assert_eq!(n("./c:"), "./c:");
        assert_eq!(n("./file:"), "./file:");
        assert_eq!(n(n("./~/x").as_str()), "./~/x");
    }

    #[test]
    fn flags() {
        let p = normalize("a/../b/*.pem");
        assert!(p.had_traversal() && p.is_glob() && !p.is_absolute());
        assert_eq!(p.file_name(), "*.pem");
        assert!(normalize("~/x").is_home_relative());
        assert!(normalize(r"C:\x").is_windows_form());
    }
}
