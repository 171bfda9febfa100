//! What kind of place a target points at.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::target::{Host, Target, embedded_v4};

/// The kind of network place a target reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HostClass {
    /// An ordinary Internet host.
    Public,
    /// This machine: `127.0.0.0/8`, `::1`, `localhost`, `*.localhost`, and `file:` URLs.
    Loopback,
    /// A Unix domain socket.
    Unix,
    /// `0.0.0.0/8` or `::`: on Linux, connecting there reaches this machine.
    Unspecified,
    /// Multicast, broadcast and reserved ranges (`224.0.0.0/4`, `240.0.0.0/4`, `ff00::/8`).
    Reserved,
    /// Private and internal networks: RFC 1918, CGNAT `100.64.0.0/10`, benchmarking
    /// `198.18.0.0/15`, IPv6 ULA `fc00::/7`, and internal names (`*.internal`, `*.local`,
    /// `*.svc.cluster.local`, single-label names).
    Private,
    /// Link-local `169.254.0.0/16` and `fe80::/10` (except metadata addresses).
    LinkLocal,
    /// Cloud instance metadata services (`169.254.169.254`, `fd00:ec2::254`,
    /// `metadata.google.internal`, Alibaba `100.100.100.200`, …).
    Metadata,
}

impl HostClass {
    /// The wire spelling (`metadata`, `link_local`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            HostClass::Public => "public",
            HostClass::Loopback => "loopback",
            HostClass::Unix => "unix",
            HostClass::Unspecified => "unspecified",
            HostClass::Reserved => "reserved",
            HostClass::Private => "private",
            HostClass::LinkLocal => "link_local",
            HostClass::Metadata => "metadata",
        }
    }

    /// Every class.
    pub const ALL: [HostClass; 8] = [
        HostClass::Public,
        HostClass::Loopback,
        HostClass::Unix,
        HostClass::Unspecified,
        HostClass::Reserved,
        HostClass::Private,
        HostClass::LinkLocal,
        HostClass::Metadata,
    ];

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<HostClass> {
        HostClass::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether the class is this machine (loopback, Unix socket, unspecified address).
    pub const fn is_local(self) -> bool {
        matches!(
            self,
            HostClass::Loopback | HostClass::Unix | HostClass::Unspecified
        )
    }

    /// How dangerous an SSRF to this class is, for picking the worst of several addresses.
    const fn danger(self) -> u8 {
        match self {
            HostClass::Public => 0,
            HostClass::Reserved => 1,
            HostClass::Loopback => 2,
            HostClass::Unix => 2,
            HostClass::Unspecified => 3,
            HostClass::Private => 4,
            HostClass::LinkLocal => 5,
            HostClass::Metadata => 6,
        }
    }
}

impl fmt::Display for HostClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Classifies a target's host. Pure: no DNS. Names known to resolve to a fixed or embedded
/// address (`127.0.0.1.nip.io`, `localtest.me`) get that address's class.
pub fn classify(target: &Target) -> HostClass {
    match &target.host {
        Host::Ip(ip) => classify_ip(*ip),
        Host::Unix(_) => HostClass::Unix,
        Host::Empty => HostClass::Loopback,
        Host::Domain(d) => classify_domain(d),
    }
}

/// Classifies an IP address.
pub fn classify_ip(ip: IpAddr) -> HostClass {
    match ip {
        IpAddr::V4(a) => classify_v4(a),
        IpAddr::V6(a) => classify_v6(a),
    }
}

const METADATA_V4: [Ipv4Addr; 5] = [
    Ipv4Addr::new(169, 254, 169, 254), // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack
    Ipv4Addr::new(169, 254, 170, 2),   // AWS ECS task metadata
    Ipv4Addr::new(169, 254, 170, 23),  // AWS EKS pod identity
    Ipv4Addr::new(100, 100, 100, 200), // Alibaba Cloud
    Ipv4Addr::new(192, 0, 0, 192),     // Oracle Cloud (classic)
];

fn classify_v4(a: Ipv4Addr) -> HostClass {
    let [o0, o1, _, _] = a.octets();
    if METADATA_V4.contains(&a) {
        HostClass::Metadata
    } else if o0 == 0 {
        HostClass::Unspecified
    } else if a.is_loopback() {
        HostClass::Loopback
    } else if a.is_private()
        || (o0 == 100 && (64..128).contains(&o1))
        || (o0 == 198 && (o1 == 18 || o1 == 19))
        || (o0 == 192 && o1 == 0 && a.octets()[2] == 0)
    {
        HostClass::Private
    } else if a.is_link_local() {
        HostClass::LinkLocal
    } else if o0 >= 224 {
        HostClass::Reserved
    } else {
        HostClass::Public
    }
}

fn classify_v6(a: Ipv6Addr) -> HostClass {
    let s = a.segments();
    if let Some(v4) = embedded_v4(&a) {
        return classify_v4(v4);
    }
    if a.is_unspecified() {
        HostClass::Unspecified
    } else if a.is_loopback() {
        HostClass::Loopback
    } else if s[0] == 0xfd00 && s[1] == 0x0ec2 && s[2..7] == [0; 5] && matches!(s[7], 0x254 | 0x23)
    {
        HostClass::Metadata
    } else if s[0] & 0xffc0 == 0xfe80 {
        HostClass::LinkLocal
    } else if s[0] & 0xfe00 == 0xfc00 || s[0] & 0xffc0 == 0xfec0 {
        HostClass::Private
    } else if s[0] & 0xff00 == 0xff00 || (s[0] == 0x0100 && s[1..4] == [0; 3]) {
        HostClass::Reserved
    } else {
        HostClass::Public
    }
}

const METADATA_NAMES: &[&str] = &[
    "metadata.google.internal",
    "metadata.goog",
    "metadata",
    "instance-data",
    "instance-data.ec2.internal",
    "metadata.azure.internal",
];

/// Suffixes of names that only resolve inside a network.
const INTERNAL_SUFFIXES: &[&str] = &[
    ".internal",
    ".local",
    ".localdomain",
    ".lan",
    ".home.arpa",
    ".intranet",
    ".corp",
    ".private",
    ".home",
];

fn classify_domain(d: &str) -> HostClass {
    if METADATA_NAMES.contains(&d) {
        return HostClass::Metadata;
    }
    if is_localhost_name(d) {
        return HostClass::Loopback;
    }
    if let Some(rebind) = rebinding_name(d) {
        return rebind
            .ips
            .iter()
            .map(|ip| classify_ip(*ip))
            .max_by_key(|c| c.danger())
            .unwrap_or(HostClass::Public);
    }
    if !d.contains('.') || INTERNAL_SUFFIXES.iter().any(|s| d.ends_with(s)) {
        return HostClass::Private;
    }
    HostClass::Public
}

/// `localhost`, `*.localhost` (RFC 6761), and the usual `/etc/hosts` aliases.
fn is_localhost_name(d: &str) -> bool {
    d == "localhost"
        || d.ends_with(".localhost")
        || matches!(
            d,
            "localhost.localdomain" | "ip6-localhost" | "ip6-loopback" | "localhost6"
        )
}

/// A name under a wildcard-DNS or DNS-rebinding service, and the addresses it embeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RebindingName {
    /// The service's domain (`nip.io`).
    pub service: &'static str,
    /// The addresses the name resolves to, as far as the name says.
    pub ips: Vec<IpAddr>,
}

/// Services whose names embed the address they resolve to.
const EMBEDDING_SERVICES: &[&str] = &[
    "nip.io",
    "sslip.io",
    "xip.io",
    "traefik.me",
    "nip.direct",
    "backname.io",
];

/// Names that always resolve to `127.0.0.1` (with every subdomain).
const FIXED_LOOPBACK: &[&str] = &[
    "localtest.me",
    "lvh.me",
    "vcap.me",
    "localh.st",
    "localhost.direct",
];

/// DNS-rebinding services: the answer alternates between addresses.
const REBINDING_SERVICES: &[&str] = &["rbndr.us", "1u.ms", "rebind.it", "rebind.network"];

/// Recognises names under wildcard-DNS and DNS-rebinding services.
pub fn rebinding_name(d: &str) -> Option<RebindingName> {
    let under = |svc: &str| d == svc || d.ends_with(&format!(".{svc}"));
    if let Some(svc) = REBINDING_SERVICES.iter().find(|s| under(s)) {
        let prefix = d.strip_suffix(svc).unwrap_or("").trim_end_matches('.');
        let mut ips = Vec::new();
        for label in prefix.split('.') {
            if let Some(ip) = hex_v4(label) {
                ips.push(IpAddr::V4(ip));
            }
        }
        ips.extend(scan_dashed_or_dotted(prefix));
        return Some(RebindingName { service: svc, ips });
    }
    if let Some(svc) = FIXED_LOOPBACK.iter().find(|s| under(s)) {
        let prefix = d.strip_suffix(svc).unwrap_or("").trim_end_matches('.');
        let mut ips = embedded_ips(prefix);
        if ips.is_empty() {
            ips.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
        }
        return Some(RebindingName { service: svc, ips });
    }
    if let Some(svc) = EMBEDDING_SERVICES.iter().find(|s| under(s)) {
        let prefix = d.strip_suffix(svc).unwrap_or("").trim_end_matches('.');
        return Some(RebindingName {
            service: svc,
            ips: embedded_ips(prefix),
        });
    }
    None
}

/// The address a nip.io-style prefix embeds: dotted (`10.0.0.1`), dashed (`app-10-0-0-1`),
/// hex (`0a000001`) or sslip.io IPv6 with dashes (`--1` is `::1`).
fn embedded_ips(prefix: &str) -> Vec<IpAddr> {
    let labels: Vec<&str> = prefix.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() >= 4 {
        let tail = labels.get(labels.len() - 4..).unwrap_or(&[]).join(".");
        if let Ok(ip) = Ipv4Addr::from_str(&tail) {
            return vec![IpAddr::V4(ip)];
        }
    }
    let Some(last) = labels.last() else {
        return Vec::new();
    };
    if let Some(ip) = hex_v4(last) {
        return vec![IpAddr::V4(ip)];
    }
    if last.contains("--") || last.matches('-').count() >= 2 && last.contains(':') {
        let v6 = last.replace('-', ":");
        if let Ok(ip) = Ipv6Addr::from_str(&v6) {
            return vec![IpAddr::V6(ip)];
        }
    }
    let parts: Vec<&str> = last.split('-').collect();
    if parts.len() >= 4 {
        let quad = parts.get(parts.len() - 4..).unwrap_or(&[]).join(".");
        if let Ok(ip) = Ipv4Addr::from_str(&quad) {
            return vec![IpAddr::V4(ip)];
        }
    }
    Vec::new()
}

/// An 8-hex-digit label as an IPv4 address (`7f000001`).
fn hex_v4(label: &str) -> Option<Ipv4Addr> {
    if label.len() == 8 && label.bytes().all(|b| b.is_ascii_hexdigit()) {
        u32::from_str_radix(label, 16).ok().map(Ipv4Addr::from)
    } else {
        None
    }
}

/// Every dotted or dashed IPv4 quad anywhere in a rebinding-service prefix
/// (`make-1.2.3.4-rebind-169.254.169.254-rr`).
fn scan_dashed_or_dotted(prefix: &str) -> Vec<IpAddr> {
    let tokens: Vec<&str> = prefix.split(['.', '-']).collect();
    let mut out = Vec::new();
    for w in tokens.windows(4) {
        if w.iter()
            .all(|t| !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()))
            && let Ok(ip) = Ipv4Addr::from_str(&w.join("."))
            && !out.contains(&IpAddr::V4(ip))
        {
            out.push(IpAddr::V4(ip));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::parse_target;

    fn class(raw: &str) -> HostClass {
        classify(&parse_target(raw).unwrap())
    }

    #[test]
    fn ip_classes() {
        assert_eq!(class("http://169.254.169.254/latest"), HostClass::Metadata);
        assert_eq!(class("http://[fd00:ec2::254]/"), HostClass::Metadata);
        assert_eq!(class("http://0.0.0.0:8080"), HostClass::Unspecified);
        assert_eq!(class("http://[::]/"), HostClass::Unspecified);
        assert_eq!(class("http://[::ffff:127.0.0.1]/"), HostClass::Loopback);
        assert_eq!(class("http://[::ffff:a9fe:a9fe]/"), HostClass::Metadata);
        assert_eq!(class("http://[64:ff9b::a00:1]/"), HostClass::Private);
        assert_eq!(class("http://[::ffff:0:7f00:1]/"), HostClass::Loopback);
        assert_eq!(class("http://[64:ff9b:1::a9fe:a9fe]/"), HostClass::Metadata);
        assert_eq!(class("http://172.31.255.255/"), HostClass::Private);
        assert_eq!(class("http://172.32.0.1/"), HostClass::Public);
        assert_eq!(class("http://100.64.0.1/"), HostClass::Private);
        assert_eq!(class("http://169.254.1.1/"), HostClass::LinkLocal);
        assert_eq!(class("http://[fe80::1]/"), HostClass::LinkLocal);
        assert_eq!(class("http://[fd12::1]/"), HostClass::Private);
        assert_eq!(class("http://224.0.0.1/"), HostClass::Reserved);
        assert_eq!(class("http://8.8.8.8/"), HostClass::Public);
        assert_eq!(class("http://[2606:4700::1111]/"), HostClass::Public);
    }

    #[test]
    fn name_classes() {
        assert_eq!(class("http://localhost/"), HostClass::Loopback);
        assert_eq!(class("http://app.localhost/"), HostClass::Loopback);
        assert_eq!(class("http://localhost.evil.com/"), HostClass::Public);
        assert_eq!(
            class("http://metadata.google.internal/"),
            HostClass::Metadata
        );
        assert_eq!(class("http://db.internal/"), HostClass::Private);
        assert_eq!(class("http://intranet/"), HostClass::Private);
        assert_eq!(class("http://example.com/"), HostClass::Public);
    }

    #[test]
    fn rebinding_names() {
        assert_eq!(class("http://127.0.0.1.nip.io/"), HostClass::Loopback);
        assert_eq!(class("http://10-0-0-1.sslip.io/"), HostClass::Private);
        assert_eq!(
            class("http://app-169-254-169-254.nip.io/"),
            HostClass::Metadata
        );
        assert_eq!(class("http://0a000001.nip.io/"), HostClass::Private);
        assert_eq!(class("http://--1.sslip.io/"), HostClass::Loopback);
        assert_eq!(class("http://readme.localtest.me/"), HostClass::Loopback);
        assert_eq!(
            class("http://7f000001.c0a80001.rbndr.us/"),
            HostClass::Private
        );
        assert_eq!(
            class("http://make-1.2.3.4-rebind-169.254.169.254-rr.1u.ms/"),
            HostClass::Metadata
        );
        assert!(rebinding_name("nip.io.example.com").is_none());
    }
}
