//! Parsing a network target the way the network stack (WHATWG URL parser, `inet_aton`) does.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

use url::Url;

use crate::error::EgressError;

/// Longest target accepted, in bytes.
pub const MAX_TARGET_BYTES: usize = 65_536;

/// Where a target points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host {
    /// An IP address, whatever spelling it was written in (`2130706433` is `127.0.0.1`).
    Ip(IpAddr),
    /// A domain name: lowercase, IDNA (punycode) applied, trailing dot removed.
    Domain(String),
    /// A Unix domain socket path (`unix:/var/run/docker.sock`, `http+unix://…`).
    Unix(String),
    /// No network host: a `file:` URL.
    Empty,
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Ip(IpAddr::V4(a)) => write!(f, "{a}"),
            Host::Ip(IpAddr::V6(a)) => write!(f, "[{a}]"),
            Host::Domain(d) => f.write_str(d),
            Host::Unix(p) => write!(f, "unix:{p}"),
            Host::Empty => f.write_str("(local file)"),
        }
    }
}

/// A parsed network target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The scheme, lowercase, when one was written (`https`); `None` for `host`, `host:port`.
    pub scheme: Option<String>,
    /// The host.
    pub host: Host,
    /// The port, when written and not the scheme's default.
    pub port: Option<u16>,
    /// The path (`/` for a bare host with a scheme; empty without one).
    pub path: String,
    /// Whether the URL carried a user name or password (`https://user:pw@host`).
    pub had_userinfo: bool,
    /// Whether the URL looks built to confuse a reader about its host: a user name that is a
    /// host name or address (`http://good.com@evil.com`), or `#@`, `?@`, `\@` right after the
    /// host (`http://evil.com#@good.com`).
    pub userinfo_trick: bool,
    /// Whether an IP address was written in another form than plain dotted decimal: decimal,
    /// hex, octal, short forms, percent-encoding, fullwidth digits, or IPv4 inside IPv6.
    pub obfuscated_ip: bool,
    /// The IPv6 zone id (`eth0` in `[fe80::1%25eth0]`), when present.
    pub zone: Option<String>,
}

impl Target {
    /// The port, or the scheme's default port when none was written.
    pub fn effective_port(&self) -> Option<u16> {
        self.port
            .or_else(|| self.scheme.as_deref().and_then(default_port))
    }
}

/// The default port of a scheme.
fn default_port(scheme: &str) -> Option<u16> {
    Some(match scheme {
        "http" | "ws" => 80,
        "https" | "wss" => 443,
        "ftp" => 21,
        "ssh" | "sftp" => 22,
        "telnet" => 23,
        "gopher" => 70,
        "dict" => 2628,
        "ldap" => 389,
        "ldaps" => 636,
        "tftp" => 69,
        "smb" => 445,
        "redis" => 6379,
        _ => return None,
    })
}

/// Schemes that may be written without `//` (`file:/etc/passwd`, `mailto:x@y`).
const OPAQUE_SCHEMES: &[&str] = &[
    "file",
    "mailto",
    "data",
    "javascript",
    "gopher",
    "dict",
    "ldap",
    "ldaps",
    "tftp",
    "jar",
    "netdoc",
    "telnet",
    "ssh",
    "sftp",
    "ftp",
    "ftps",
    "smb",
    "redis",
    "http",
    "https",
    "ws",
    "wss",
    "unix",
];

/// Parses a URL, `host`, `host:port`, IP address or Unix socket path.
pub fn parse_target(raw: &str) -> Result<Target, EgressError> {
    if raw.len() > MAX_TARGET_BYTES {
        return Err(EgressError::unparseable(raw, "longer than 65536 bytes"));
    }
    // WHATWG: strip leading and trailing C0 controls and spaces.
    let s = raw.trim_matches(|c: char| c <= ' ');
    if s.is_empty() {
        return Err(EgressError::unparseable(raw, "empty target"));
    }
    if let Some(t) = unix_target(s) {
        return Ok(t);
    }
    if let Some(t) = bare_ip(s) {
        return Ok(t);
    }
    let (to_parse, scheme_given) = match scheme_of(s) {
        Some(_) => (s.to_owned(), true),
        None if s.starts_with("//") || s.starts_with("\\\\") => (format!("http:{s}"), false),
        None => (format!("http://{s}"), false),
    };
    let (to_parse, zone) = strip_zone(&to_parse);
    let url = Url::parse(&to_parse).map_err(|e| EgressError::unparseable(raw, &e.to_string()))?;
    let scheme = url.scheme().to_owned();
    let raw_host = raw_host(&to_parse);
    let host = match url.host() {
        None if scheme == "file" => Host::Empty,
        None => return Err(EgressError::unparseable(raw, "no host")),
        Some(url::Host::Ipv4(a)) => Host::Ip(IpAddr::V4(a)),
        Some(url::Host::Ipv6(a)) => Host::Ip(IpAddr::V6(a)),
        Some(url::Host::Domain(d)) if is_special(&scheme) => {
            domain(d).ok_or_else(|| EgressError::unparseable(raw, "empty label in host"))?
        }
        Some(url::Host::Domain(d)) => {
            // Non-special schemes (gopher, dict, redis…) keep an opaque host; clients resolve
            // it like any other, so parse it as a special host would be.
            let decoded = percent_decode(d);
            match url::Host::parse(&decoded) {
                Ok(url::Host::Ipv4(a)) => Host::Ip(IpAddr::V4(a)),
                Ok(url::Host::Ipv6(a)) => Host::Ip(IpAddr::V6(a)),
                Ok(url::Host::Domain(d)) => domain(&d)
                    .ok_or_else(|| EgressError::unparseable(raw, "empty label in host"))?,
                Err(e) => return Err(EgressError::unparseable(raw, &e.to_string())),
            }
        }
    };
    if let Host::Domain(d) = &host
        && d.is_empty()
    {
        return Err(EgressError::unparseable(raw, "empty host"));
    }
    let obfuscated_ip = match &host {
        Host::Ip(IpAddr::V4(a)) => raw_host.as_deref() != Some(a.to_string().as_str()),
        Host::Ip(IpAddr::V6(a)) => embedded_v4(a).is_some(),
        _ => false,
    };
    let username = percent_decode(url.username());
    let had_userinfo = !username.is_empty() || url.password().is_some();
    let userinfo_trick = (had_userinfo && looks_like_host(&username)) || at_after_host(&to_parse);
    Ok(Target {
        scheme: scheme_given.then_some(scheme),
        host,
        port: url.port(),
        path: if scheme_given || url.path() != "/" {
            url.path().to_owned()
        } else {
            String::new()
        },
        had_userinfo,
        userinfo_trick,
        obfuscated_ip,
        zone,
    })
}

/// The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address.
pub(crate) fn embedded_v4(a: &Ipv6Addr) -> Option<std::net::Ipv4Addr> {
    if let Some(v4) = a.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = a.segments();
    let o = a.octets();
    let v4 = |i: usize| {
        Some(std::net::Ipv4Addr::new(
            *o.get(i)?,
            *o.get(i + 1)?,
            *o.get(i + 2)?,
            *o.get(i + 3)?,
        ))
    };
    match s {
        // IPv4-compatible `::a.b.c.d` (deprecated; not `::` or `::1`).
        [0, 0, 0, 0, 0, 0, hi, _] if hi != 0 => v4(12),
        // NAT64 well-known prefix 64:ff9b::/96 and local-use 64:ff9b:1::/48 (RFC 8215).
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] | [0x64, 0xff9b, 1, ..] => v4(12),
        // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765 SIIT).
        [0, 0, 0, 0, 0xffff, 0, _, _] => v4(12),
        // 6to4 2002:AABB:CCDD::/48.
        [0x2002, _, _, ..] => v4(2),
        _ => None,
    }
}

fn is_special(scheme: &str) -> bool {
    matches!(scheme, "http" | "https" | "ws" | "wss" | "ftp" | "file")
}

/// A domain host: one trailing dot (the DNS root) removed. A name with an empty label
/// (`a..b`, `10.0.0..`) resolves nowhere; it is rejected rather than guessed at.
// See: fuzz crash `crash-9b59537…` (`http://10.0.0..` printed as `10.0.0`, an IPv4 address).
fn domain(d: &str) -> Option<Host> {
    let d = d.strip_suffix('.').unwrap_or(d);
    if d.is_empty() || d.split('.').any(str::is_empty) {
        return None;
    }
    Some(Host::Domain(d.to_ascii_lowercase()))
}

/// The scheme, when `s` starts with one that is not really `host:port`.
fn scheme_of(s: &str) -> Option<&str> {
    let colon = s.find(':')?;
    let scheme = s.get(..colon)?;
    let rest = s.get(colon + 1..)?;
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid {
        return None;
    }
    if rest.starts_with("//") {
        return Some(scheme);
    }
    // `localhost:8080`, `example.com:443/x`: a port, not a scheme.
    let port_like = rest
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()));
    if port_like {
        return None;
    }
    OPAQUE_SCHEMES
        .iter()
        .any(|k| scheme.eq_ignore_ascii_case(k))
        .then_some(scheme)
}

/// `unix:/path`, `unix:///path`, `http+unix://%2Fpath/…`, or a bare absolute path.
fn unix_target(s: &str) -> Option<Target> {
    let lower_start = s.get(..12).unwrap_or(s).to_ascii_lowercase();
    let (scheme, path) = if lower_start.starts_with("unix:") {
        let rest = s.get(5..)?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        ("unix", rest.to_owned())
    } else if let Some(pos) = lower_start.find("+unix://") {
        let rest = s.get(pos + 8..)?;
        let end = rest.find('/').unwrap_or(rest.len());
        ("unix", percent_decode(rest.get(..end)?))
    } else if s.starts_with('/') && !s.starts_with("//") {
        return Some(Target {
            scheme: None,
            host: Host::Unix(s.to_owned()),
            port: None,
            path: String::new(),
            had_userinfo: false,
            userinfo_trick: false,
            obfuscated_ip: false,
            zone: None,
        });
    } else {
        return None;
    };
    Some(Target {
        scheme: Some(scheme.to_owned()),
        host: Host::Unix(path),
        port: None,
        path: String::new(),
        had_userinfo: false,
        userinfo_trick: false,
        obfuscated_ip: false,
        zone: None,
    })
}

/// A bare IPv6 address (`::1`, `fe80::1%eth0`) or dotted IPv4 address.
fn bare_ip(s: &str) -> Option<Target> {
    let (addr, zone) = match s.split_once('%') {
        Some((a, z)) if a.contains(':') => (a, Some(z.to_owned())),
        _ => (s, None),
    };
    let ip = IpAddr::from_str(addr).ok()?;
    let obfuscated_ip = match ip {
        IpAddr::V6(a) => embedded_v4(&a).is_some(),
        IpAddr::V4(_) => false,
    };
    Some(Target {
        scheme: None,
        host: Host::Ip(ip),
        port: None,
        path: String::new(),
        had_userinfo: false,
        userinfo_trick: false,
        obfuscated_ip,
        zone,
    })
}

/// Removes an IPv6 zone id (`[fe80::1%25eth0]`), which the WHATWG parser rejects.
fn strip_zone(s: &str) -> (String, Option<String>) {
    if let (Some(open), Some(close)) = (s.find('['), s.find(']'))
        && open < close
        && let Some(inner) = s.get(open + 1..close)
        && let Some(pct) = inner.find('%')
    {
        let zone = inner.get(pct + 1..).unwrap_or("");
        let zone = zone.strip_prefix("25").unwrap_or(zone).to_owned();
        let mut out = String::with_capacity(s.len());
        out.push_str(s.get(..open + 1 + pct).unwrap_or(""));
        out.push_str(s.get(close..).unwrap_or(""));
        return (out, Some(zone));
    }
    (s.to_owned(), None)
}

/// The host as written (lowercase, trailing dot removed), for spotting unusual IP spellings.
fn raw_host(url: &str) -> Option<String> {
    let after = url.split_once("://").map(|(_, a)| a)?;
    let end = after.find(['/', '?', '#', '\\']).unwrap_or(after.len());
    let authority = after.get(..end)?;
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if hostport.starts_with('[') {
        hostport.get(..=hostport.find(']')?)?
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => h,
            _ => hostport,
        }
    };
    Some(host.trim_end_matches('.').to_ascii_lowercase())
}

/// `#@`, `?@` or `\@` right after the authority: a reader (or a lax parser) may take what
/// follows for the host.
fn at_after_host(url: &str) -> bool {
    let Some((_, after)) = url.split_once("://") else {
        return false;
    };
    let end = after.find(['/', '?', '#', '\\']).unwrap_or(after.len());
    let rest = after.get(end..).unwrap_or("");
    rest.starts_with("#@") || rest.starts_with("?@") || rest.starts_with("\\@")
}

/// A user name that reads like a host: has a dot, or is `localhost`.
fn looks_like_host(user: &str) -> bool {
    let u = user.trim();
    u.contains('.') || u.eq_ignore_ascii_case("localhost") || IpAddr::from_str(u).is_ok()
}

pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let Some(v) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn host(raw: &str) -> Host {
        parse_target(raw).unwrap().host
    }

    fn v4(a: u8, b: u8, c: u8, d: u8) -> Host {
        Host::Ip(IpAddr::V4(Ipv4Addr::new(a, b, c, d)))
    }

    #[test]
    fn ipv4_number_forms() {
        for raw in [
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://127.1",
            "http://0x7f000001",
            "127.0.0.1",
            "http://127.0.0.1./",
            "http://%31%32%37.0.0.1/",
        ] {
            assert_eq!(host(raw), v4(127, 0, 0, 1), "{raw}");
        }
        assert_eq!(host("10.1"), v4(10, 0, 0, 1));
        assert!(parse_target("http://0x7f.1/").unwrap().obfuscated_ip);
        assert!(!parse_target("http://127.0.0.1/").unwrap().obfuscated_ip);
    }

    #[test]
    fn ipv6_forms() {
        let t = parse_target("http://[::ffff:127.0.0.1]/").unwrap();
        assert!(matches!(t.host, Host::Ip(IpAddr::V6(_))));
        assert!(t.obfuscated_ip);
        let t = parse_target("http://[fe80::1%25eth0]:8080/").unwrap();
        assert_eq!(t.zone.as_deref(), Some("eth0"));
        assert_eq!(t.port, Some(8080));
        assert_eq!(
            parse_target("::1").unwrap().host,
            Host::Ip("::1".parse().unwrap())
        );
        assert_eq!(
            parse_target("fe80::1%eth0").unwrap().zone.as_deref(),
            Some("eth0")
        );
    }

    #[test]
    fn userinfo_tricks() {
        let t = parse_target("http://127.0.0.1@203.0.113.7/").unwrap();
        assert_eq!(t.host, v4(203, 0, 113, 7));
        assert!(t.userinfo_trick && t.had_userinfo);
        let t = parse_target("http://evil.com#@good.com").unwrap();
        assert_eq!(t.host, Host::Domain("evil.com".into()));
        assert!(t.userinfo_trick);
        let t = parse_target("http://good.com@evil.com").unwrap();
        assert_eq!(t.host, Host::Domain("evil.com".into()));
        assert!(t.userinfo_trick);
        let t = parse_target("https://user:pw@github.com/x").unwrap();
        assert!(t.had_userinfo && !t.userinfo_trick);
        assert!(
            !parse_target("https://medium.com/@user")
                .unwrap()
                .userinfo_trick
        );
    }

    #[test]
    fn schemes_and_ports() {
        let t = parse_target("localhost:8080").unwrap();
        assert_eq!(t.scheme, None);
        assert_eq!(t.port, Some(8080));
        let t = parse_target("HTTPS://Example.COM.:443/a?b").unwrap();
        assert_eq!(t.scheme.as_deref(), Some("https"));
        assert_eq!(t.host, Host::Domain("example.com".into()));
        assert_eq!(t.port, None);
        assert_eq!(t.effective_port(), Some(443));
        assert_eq!(t.path, "/a");
        assert_eq!(host("gopher://0x7f000001:70/_x"), v4(127, 0, 0, 1));
        assert_eq!(host("file:///etc/passwd"), Host::Empty);
        assert_eq!(
            host("unix:///var/run/docker.sock"),
            Host::Unix("/var/run/docker.sock".into())
        );
        assert_eq!(
            host("http+unix://%2Fvar%2Frun%2Fdocker.sock/info"),
            Host::Unix("/var/run/docker.sock".into())
        );
    }

    #[test]
    fn idna_and_errors() {
        assert_eq!(
            host("https://bücher.example/"),
            Host::Domain("xn--bcher-kva.example".into())
        );
        for bad in [
            "",
            "   ",
            "http://",
            "http://exa mple.com",
            "mailto:a@b.c",
            "http://10.0.0../",
            "http://a..b.com/",
            "gopher://x..y/",
            "http://[::1",
        ] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
        let e = parse_target("http://[::1").unwrap_err();
        assert_eq!(e.code(), "egress_unparseable_target");
    }
}
