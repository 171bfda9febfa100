//! Lexical classification of the targets of destructive commands. The path classifier crate
//! judges sensitivity; this only answers "is this the root, a home, a system tree…".

/// What a destructive target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Root,
    Home,
    System,
    Cwd,
    Parent,
    Other,
}

/// Top-level directories whose loss breaks the system.
const SYSTEM_DIRS: &[&str] = &[
    "bin",
    "boot",
    "dev",
    "etc",
    "lib",
    "lib32",
    "lib64",
    "libx32",
    "opt",
    "proc",
    "sbin",
    "srv",
    "sys",
    "usr",
    "var",
    "snap",
    "System",
    "Library",
    "Applications",
    "private",
    "Volumes",
    "mnt",
    "media",
    "run",
    "efi",
];

/// System directories whose direct children are also critical (`/usr/bin`, `/etc/ssh`).
const SYSTEM_DEEP: &[&str] = &[
    "bin", "boot", "etc", "lib", "lib32", "lib64", "sbin", "usr", "System", "Library", "var",
];

/// Children of system directories that are scratch space.
const SCRATCH: &[&str] = &["tmp", "cache", "log"];

/// Lexically normalises a path: `$HOME`/`${HOME}` → `~`, repeated and trailing `/` removed,
/// `.` segments dropped and `..` resolved where possible. Globs are kept.
pub(crate) fn normalize(path: &str) -> String {
    let p = replace_home(path);
    // `~/..` climbs out of the home directory: into `/home`.
    let p = if p == "~/.." || p.starts_with("~/../") {
        format!("/home/{}", p.get(5..).unwrap_or_default())
    } else {
        p
    };
    let absolute = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    let mut leading_up = 0usize;
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() && !absolute {
                    leading_up += 1;
                }
            }
            s => parts.push(s),
        }
    }
    let mut out = String::new();
    if absolute {
        out.push('/');
    }
    for _ in 0..leading_up {
        out.push_str("../");
    }
    out.push_str(&parts.join("/"));
    if out.ends_with('/') && out.len() > 1 {
        out.pop();
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

/// `${HOME}` and `$HOME` (not `$HOME_DIR`) → `~`.
fn replace_home(path: &str) -> String {
    let p = path.replace("${HOME}", "~");
    let mut out = String::with_capacity(p.len());
    let mut rest = p.as_str();
    while let Some(i) = rest.find("$HOME") {
        let after = rest.get(i + 5..).unwrap_or_default();
        out.push_str(rest.get(..i).unwrap_or_default());
        if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            out.push_str("$HOME");
        } else {
            out.push('~');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Classifies the target of a recursive delete (or chmod/chown).
pub(crate) fn classify(path: &str) -> Target {
    let n = normalize(path);
    let trimmed = strip_glob_tail(&n);
    if trimmed == "/" {
        return Target::Root;
    }
    if trimmed == "~" || trimmed.starts_with('~') && !trimmed.contains('/') {
        // `~`, `~user`
        return Target::Home;
    }
    if trimmed == "." {
        return Target::Cwd;
    }
    if trimmed.split('/').all(|s| s == "..") {
        return Target::Parent;
    }
    if let Some(rest) = trimmed.strip_prefix('/') {
        let segs: Vec<&str> = rest.split('/').collect();
        match segs.as_slice() {
            ["home" | "Users", ..] if segs.len() <= 2 => return Target::Home,
            ["root"] => return Target::Home,
            [top] if is_system(top) => return Target::System,
            [top, child] if SYSTEM_DEEP.contains(top) && !SCRATCH.contains(child) => {
                return Target::System;
            }
            _ => {}
        }
    }
    Target::Other
}

fn is_system(top: &str) -> bool {
    SYSTEM_DIRS.contains(&top) || glob_matches_any(top, SYSTEM_DIRS)
}

/// `/*`, `/.*`, `dir/*` → the directory itself; `*` → `.`.
fn strip_glob_tail(n: &str) -> String {
    let mut s = n.to_owned();
    loop {
        let next = if s == "*" || s == ".*" || s == "{*,.*}" {
            ".".to_owned()
        } else if let Some(p) = s.strip_suffix("/*").or_else(|| s.strip_suffix("/.*")) {
            if p.is_empty() {
                "/".to_owned()
            } else {
                p.to_owned()
            }
        } else {
            return s;
        };
        s = next;
    }
}

/// Whether a glob pattern (`*`, `?`, `[..]`) could match any of `names`.
pub(crate) fn glob_matches_any(pattern: &str, names: &[&str]) -> bool {
    has_glob(pattern) && names.iter().any(|n| glob_match(pattern, n))
}

/// Whether `s` contains glob metacharacters.
pub(crate) fn has_glob(s: &str) -> bool {
    s.contains(['*', '?'])
        || s.find('[')
            .is_some_and(|i| s.get(i + 2..).is_some_and(|r| r.contains(']')))
}

/// A small, linear-time glob matcher (`*`, `?`, `[...]`), for command names and path segments.
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => {
                pi += 1;
                ti += 1;
                continue;
            }
            Some('[') => {
                if let Some((matched, len)) =
                    class_match(p.get(pi..).unwrap_or_default(), t.get(ti).copied())
                    && matched
                {
                    pi += len;
                    ti += 1;
                    continue;
                }
            }
            Some(&c) if Some(&c) == t.get(ti) => {
                pi += 1;
                ti += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|&c| c == '*')
}

/// Matches `[...]` at the start of `p` against `c`: (matched, pattern length).
fn class_match(p: &[char], c: Option<char>) -> Option<(bool, usize)> {
    let c = c?;
    let mut i = 1;
    let negate = matches!(p.get(1), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while let Some(&pc) = p.get(i) {
        if pc == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if p.get(i + 1) == Some(&'-')
            && let Some(&hi) = p.get(i + 2)
            && hi != ']'
        {
            if pc <= c && c <= hi {
                matched = true;
            }
            i += 3;
            continue;
        }
        if pc == c {
            matched = true;
        }
        i += 1;
    }
    None
}

/// Whether `path` names a block device or raw disk.
pub(crate) fn is_disk_device(path: &str) -> bool {
    let n = normalize(path);
    let Some(dev) = n.strip_prefix("/dev/") else {
        return false;
    };
    const PREFIXES: &[&str] = &[
        "sd", "hd", "vd", "xvd", "nvme", "mmcblk", "disk", "rdisk", "md", "dm-", "mapper/", "sr",
        "nbd", "loop", "root", "zd", "ada", "da",
    ];
    PREFIXES.iter().any(|p| dev.starts_with(p))
        || has_glob(dev)
            && glob_matches_any(dev, &["sda", "nvme0n1", "vda", "xvda", "mmcblk0", "disk0"])
}

/// Whether `path` is inside a home directory's shell start-up files or the global ones.
pub(crate) fn is_shell_startup(path: &str) -> bool {
    let n = normalize(path);
    let base = n.rsplit('/').next().unwrap_or(&n);
    const FILES: &[&str] = &[
        ".bashrc",
        ".bash_profile",
        ".bash_login",
        ".bash_logout",
        ".profile",
        ".zshrc",
        ".zprofile",
        ".zshenv",
        ".zlogin",
        ".kshrc",
        ".cshrc",
        ".tcshrc",
        ".mkshrc",
    ];
    FILES.contains(&base)
        || n.ends_with("/.config/fish/config.fish")
        || n == "/etc/profile"
        || n.starts_with("/etc/profile.d")
        || n == "/etc/bash.bashrc"
        || n == "/etc/bashrc"
        || n == "/etc/zshrc"
        || n == "/etc/zsh/zshrc"
        || n == "/etc/zshenv"
        || n == "/etc/environment"
}

/// Whether `path` is the sudoers file or inside `/etc/sudoers.d`.
pub(crate) fn is_sudoers(path: &str) -> bool {
    let n = normalize(path);
    n == "/etc/sudoers" || n.starts_with("/etc/sudoers.d") || n == "/private/etc/sudoers"
}

/// Whether `path` is an `authorized_keys` file.
pub(crate) fn is_authorized_keys(path: &str) -> bool {
    let n = normalize(path);
    n.ends_with("/authorized_keys") || n.ends_with("/authorized_keys2") || n == "authorized_keys"
}

/// Whether `path` is a cron table or cron directory.
pub(crate) fn is_cron(path: &str) -> bool {
    let n = normalize(path);
    n == "/etc/crontab"
        || n.starts_with("/etc/cron.")
        || n.starts_with("/etc/cron/")
        || n.starts_with("/var/spool/cron")
        || n.starts_with("/var/at/tabs")
        || n.starts_with("/usr/lib/cron/tabs")
}

/// Whether `path` is a shell history file.
pub(crate) fn is_history(path: &str) -> bool {
    let n = normalize(path);
    let base = n.rsplit('/').next().unwrap_or(&n);
    matches!(
        base,
        ".bash_history"
            | ".zsh_history"
            | ".sh_history"
            | ".history"
            | ".python_history"
            | ".mysql_history"
            | ".psql_history"
            | ".node_repl_history"
            | ".lesshst"
            | ".viminfo"
    ) || base.ends_with("_history") && base.starts_with('.')
}

/// Whether `path` is a system log (`/var/log/…`).
pub(crate) fn is_log(path: &str) -> bool {
    let n = normalize(path);
    n == "/var/log"
        || n.starts_with("/var/log/")
        || n.starts_with("/private/var/log")
        || n == "/var/adm"
        || n.starts_with("/var/adm/")
}

/// Whether `path` is a `/dev/tcp` or `/dev/udp` pseudo-device; returns `host:port`.
pub(crate) fn dev_tcp(path: &str) -> Option<String> {
    let rest = path
        .strip_prefix("/dev/tcp/")
        .or_else(|| path.strip_prefix("/dev/udp/"))?;
    let (host, port) = rest.split_once('/').unwrap_or((rest, ""));
    Some(if port.is_empty() {
        host.to_owned()
    } else {
        format!("{host}:{port}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_targets() {
        for p in ["/", "//", "/*", "/.", "/./", "/usr/..", "/*/"] {
            assert_eq!(classify(p), Target::Root, "{p}");
        }
        for p in [
            "~",
            "~/",
            "$HOME",
            "${HOME}/*",
            "/home/alice",
            "/home/*",
            "/root",
            "/Users/bob",
        ] {
            assert_eq!(classify(p), Target::Home, "{p}");
        }
        for p in [
            "/etc", "/usr/*", "/var", "/boot/", "/usr/bin", "/e?c", "/lib64",
        ] {
            assert_eq!(classify(p), Target::System, "{p}");
        }
        for p in [".", "./", "*", "./*"] {
            assert_eq!(classify(p), Target::Cwd, "{p}");
        }
        for p in ["..", "../", "../*", "../.."] {
            assert_eq!(classify(p), Target::Parent, "{p}");
        }
        for p in [
            "target/",
            "node_modules",
            "/tmp/x",
            "./build",
            "../build",
            "/var/tmp/x",
            "/var/lib/apt/lists/*",
            "~/project/dist",
            "/home/alice/tmp",
        ] {
            assert_eq!(classify(p), Target::Other, "{p}");
        }
    }

    #[test]
    fn globs() {
        assert!(glob_match("r?", "rm"));
        assert!(glob_match("/???/r*", "/bin/rm"));
        assert!(glob_match("[r]m", "rm"));
        assert!(!glob_match("r?", "rmdir"));
        assert!(glob_match("*", ""));
        assert!(!has_glob("[") && !has_glob("[[") && has_glob("r[m]") && has_glob("r?"));
    }

    #[test]
    fn special_files() {
        assert!(
            is_disk_device("/dev/sda")
                && is_disk_device("/dev/nvme0n1p1")
                && !is_disk_device("/dev/null")
        );
        assert!(is_shell_startup("~/.bashrc") && is_shell_startup("/etc/profile.d/x.sh"));
        assert!(is_sudoers("/etc/sudoers.d/agent") && is_authorized_keys("~/.ssh/authorized_keys"));
        assert_eq!(
            dev_tcp("/dev/tcp/10.0.0.1/4444").as_deref(),
            Some("10.0.0.1:4444")
        );
    }
}
