//! Allow and deny lists, and the report for one target.

use std::net::IpAddr;
use std::str::FromStr;

use portcullis_detect::{Detector, excerpt};
use portcullis_types::Finding;

use crate::class::{HostClass, classify, rebinding_name};
use crate::code::EgressCode;
use crate::error::{EgressError, redact_userinfo};
use crate::target::{Host, Target, parse_target};

/// One allow- or deny-list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum HostPattern {
    /// `*`: every host.
    Any,
    /// `example.com`: that name only.
    Exact(String),
    /// `*.example.com`: strict subdomains.
    Subdomains(String),
    /// `.example.com`: the name and its subdomains.
    DomainTree(String),
    /// `10.0.0.0/8`, `fd00::/8`, or one address.
    Net(IpAddr, u8),
    /// `unix:/var/run/docker.sock` or `/var/run/docker.sock`.
    Unix(String),
}

impl HostPattern {
    fn parse(raw: &str) -> Result<HostPattern, EgressError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(EgressError::invalid_pattern(raw, "empty entry"));
        }
        if s == "*" {
            return Ok(HostPattern::Any);
        }
        if let Some(p) = s.strip_prefix("unix:") {
            return Ok(HostPattern::Unix(p.trim_start_matches("//").to_owned()));
        }
        if s.starts_with('/') {
            return Ok(HostPattern::Unix(s.to_owned()));
        }
        if let Some((addr, bits)) = s.split_once('/') {
            let ip = parse_ip(addr)
                .ok_or_else(|| EgressError::invalid_pattern(raw, "not an ip network"))?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits: u8 = bits
                .parse()
                .ok()
                .filter(|b| *b <= max)
                .ok_or_else(|| EgressError::invalid_pattern(raw, "bad prefix length"))?;
            return Ok(HostPattern::Net(ip, bits));
        }
        if let Some(ip) = parse_ip(s) {
            let bits = if ip.is_ipv4() { 32 } else { 128 };
            return Ok(HostPattern::Net(ip, bits));
        }
        let (kind, name): (fn(String) -> HostPattern, &str) =
            if let Some(rest) = s.strip_prefix("*.") {
                (HostPattern::Subdomains, rest)
            } else if let Some(rest) = s.strip_prefix('.') {
                (HostPattern::DomainTree, rest)
            } else {
                (HostPattern::Exact, s)
            };
        match url::Host::parse(name) {
            Ok(url::Host::Domain(d)) if !d.contains('*') && !d.is_empty() => {
                Ok(kind(d.trim_end_matches('.').to_ascii_lowercase()))
            }
            Ok(url::Host::Domain(_)) => Err(EgressError::invalid_pattern(
                raw,
                "wildcards are only allowed as a leading `*.`",
            )),
            Ok(url::Host::Ipv4(a)) => Ok(HostPattern::Net(IpAddr::V4(a), 32)),
            Ok(url::Host::Ipv6(a)) => Ok(HostPattern::Net(IpAddr::V6(a), 128)),
            Err(e) => Err(EgressError::invalid_pattern(raw, &e.to_string())),
        }
    }

    fn matches(&self, host: &Host, embedded: &[IpAddr]) -> bool {
        match (self, host) {
            (HostPattern::Any, _) => true,
            (HostPattern::Exact(p), Host::Domain(d)) => p == d,
            (HostPattern::Subdomains(p), Host::Domain(d)) => is_subdomain(d, p),
            (HostPattern::DomainTree(p), Host::Domain(d)) => p == d || is_subdomain(d, p),
            (HostPattern::Net(net, bits), Host::Ip(ip)) => in_net(*ip, *net, *bits),
            (HostPattern::Net(net, bits), Host::Domain(_)) => {
                embedded.iter().any(|ip| in_net(*ip, *net, *bits))
            }
            (HostPattern::Unix(p), Host::Unix(u)) => p == u,
            _ => false,
        }
    }
}

fn parse_ip(s: &str) -> Option<IpAddr> {
    let s = s
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(s);
    IpAddr::from_str(s).ok()
}

fn is_subdomain(d: &str, parent: &str) -> bool {
    d.len() > parent.len() + 1
        && d.ends_with(parent)
        && d.as_bytes().get(d.len() - parent.len() - 1) == Some(&b'.')
}

fn in_net(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V4(_)) => a
            .to_ipv4_mapped()
            .is_some_and(|v4| in_net(IpAddr::V4(v4), net, bits)),
        (IpAddr::V4(_), IpAddr::V6(_)) => false,
    }
}

/// Egress allow and deny lists, compiled. `EgressPolicy::default()` has neither.
///
/// Entries: `example.com` (that name), `*.example.com` (strict subdomains), `.example.com`
/// (the name and its subdomains), `*` (everything), an IP address, a CIDR network
/// (`10.0.0.0/8`, `fd00::/8`), or a Unix socket path. Names are IDNA-normalised and
/// lowercased like targets. Deny wins over allow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EgressPolicy {
    allow: Vec<HostPattern>,
    deny: Vec<HostPattern>,
}

/// What [`EgressPolicy::check`] found about one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EgressReport {
    /// The parsed target, or `None` when it could not be parsed.
    pub target: Option<Target>,
    /// The host's class, or `None` when the target could not be parsed.
    pub class: Option<HostClass>,
    /// Whether the lists let the host through: not denied, and allowed (or no allow list, or
    /// a local target). `false` for unparseable targets.
    pub allowed_host: bool,
    /// Findings in code order.
    pub findings: Vec<Finding>,
}

impl EgressReport {
    /// Every finding code, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.findings.iter().map(|f| f.code.as_str())
    }

    /// The highest finding risk, or 0.
    pub fn risk(&self) -> u8 {
        self.findings.iter().map(|f| f.risk).max().unwrap_or(0)
    }
}

const CONTAINER_SOCKETS: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "podman.sock",
    "crio.sock",
    "dockershim.sock",
    "cri-dockerd.sock",
];

impl EgressPolicy {
    /// Compiles allow and deny lists; the first invalid entry is an error.
    pub fn new(allow: &[String], deny: &[String]) -> Result<EgressPolicy, EgressError> {
        Ok(EgressPolicy {
            allow: allow
                .iter()
                .map(|p| HostPattern::parse(p))
                .collect::<Result<_, _>>()?,
            deny: deny
                .iter()
                .map(|p| HostPattern::parse(p))
                .collect::<Result<_, _>>()?,
        })
    }

    /// Parses, classifies and checks one target. Never fails: an unparseable target is an
    /// `egress.unparseable_target` finding.
    pub fn check(&self, raw: &str) -> EgressReport {
        match parse_target(raw) {
            Ok(t) => self.check_target(t),
            Err(e) => {
                let c = EgressCode::UnparseableTarget;
                EgressReport {
                    target: None,
                    class: None,
                    allowed_host: false,
                    findings: vec![
                        Finding::new(c.as_str(), e.to_string(), c.risk())
                            .with_evidence(excerpt(&redact_userinfo(raw), 160)),
                    ],
                }
            }
        }
    }

    /// Classifies and checks an already parsed target.
    pub fn check_target(&self, target: Target) -> EgressReport {
        use EgressCode as C;
        let class = classify(&target);
        let rebinding = match &target.host {
            Host::Domain(d) => rebinding_name(d),
            _ => None,
        };
        let embedded = rebinding.as_ref().map_or(&[][..], |r| r.ips.as_slice());
        let denied = self.deny.iter().any(|p| p.matches(&target.host, embedded));
        let allowed = self.allow.is_empty()
            || class.is_local()
            || self.allow.iter().any(|p| p.matches(&target.host, embedded));

        let mut codes = Vec::new();
        match class {
            HostClass::Metadata => codes.push(C::MetadataEndpoint),
            HostClass::Private | HostClass::LinkLocal => codes.push(C::PrivateNetwork),
            HostClass::Unspecified => codes.push(C::UnspecifiedAddress),
            HostClass::Reserved => codes.push(C::ReservedAddress),
            HostClass::Loopback => codes.push(C::Loopback),
            HostClass::Unix => {
                let container = match &target.host {
                    Host::Unix(p) => CONTAINER_SOCKETS
                        .iter()
                        .any(|s| p.rsplit('/').next() == Some(*s)),
                    _ => false,
                };
                codes.push(if container {
                    C::ContainerSocket
                } else {
                    C::UnixSocket
                });
            }
            HostClass::Public => {}
        }
        if matches!(target.host, Host::Ip(_)) && class == HostClass::Public {
            codes.push(C::IpLiteral);
        }
        if target.obfuscated_ip {
            codes.push(C::ObfuscatedIp);
        }
        if rebinding.is_some() {
            codes.push(C::DnsRebindingName);
        }
        if target.userinfo_trick {
            codes.push(C::UserinfoTrick);
        } else if target.had_userinfo {
            codes.push(C::UrlCredentials);
        }
        if let Host::Domain(d) = &target.host
            && d.split('.').any(|l| l.starts_with("xn--"))
        {
            codes.push(C::IdnHost);
        }
        match target.scheme.as_deref() {
            Some("http" | "ws") if !class.is_local() => codes.push(C::PlainHttp),
            Some("http" | "https" | "ws" | "wss" | "unix") | None => {}
            Some(_) => codes.push(C::NonHttpScheme),
        }
        if denied {
            codes.push(C::DeniedHost);
        }
        if !allowed {
            codes.push(C::UnknownHost);
        }
        codes.sort();
        codes.dedup();

        let shown = target.host.to_string();
        let evidence = excerpt(&shown, 160);
        let findings = codes
            .into_iter()
            .map(|c| {
                Finding::new(
                    c.as_str(),
                    format!("`{evidence}`: {}", c.describe()),
                    c.risk(),
                )
                .with_evidence(evidence.clone())
            })
            .collect();
        EgressReport {
            target: Some(target),
            class: Some(class),
            allowed_host: allowed && !denied,
            findings,
        }
    }
}

impl Detector for EgressPolicy {
    fn name(&self) -> &'static str {
        "egress"
    }

    fn detect(&self, text: &str) -> Vec<Finding> {
        self.check(text).findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(allow: &[&str], deny: &[&str]) -> EgressPolicy {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        EgressPolicy::new(&s(allow), &s(deny)).unwrap()
    }

    fn codes(p: &EgressPolicy, raw: &str) -> Vec<String> {
        p.check(raw).codes().map(str::to_owned).collect()
    }

    #[test]
    fn allow_and_deny_lists() {
        let p = policy(
            &["*.github.com", ".pypi.org", "api.openai.com", "10.1.0.0/16"],
            &["gist.github.com", "169.254.0.0/16"],
        );
        assert!(p.check("https://api.github.com/x").allowed_host);
        assert!(!p.check("https://github.com/x").allowed_host);
        assert!(p.check("https://pypi.org/simple").allowed_host);
        assert!(p.check("https://files.pypi.org/x").allowed_host);
        assert!(p.check("https://API.OpenAI.com./v1").allowed_host);
        assert!(!p.check("https://evil-github.com/").allowed_host);
        assert_eq!(
            codes(&p, "https://gist.github.com/"),
            ["egress.denied_host"]
        );
        assert!(p.check("http://10.1.2.3/").allowed_host);
        assert!(p.check("http://localhost:3000/").allowed_host);
        assert_eq!(codes(&p, "https://example.com/"), ["egress.unknown_host"]);
        let r = p.check("http://169.254.169.254.nip.io/");
        assert!(!r.allowed_host);
        assert!(r.codes().any(|c| c == "egress.denied_host"));
    }

    #[test]
    fn findings_for_ssrf_forms() {
        let p = EgressPolicy::default();
        assert_eq!(
            codes(&p, "http://169.254.169.254/latest/meta-data/"),
            ["egress.metadata_endpoint", "egress.plain_http"]
        );
        assert_eq!(
            codes(&p, "http://0x7f.1/"),
            ["egress.loopback", "egress.obfuscated_ip"]
        );
        assert_eq!(codes(&p, "https://8.8.8.8/"), ["egress.ip_literal"]);
        assert_eq!(
            codes(&p, "gopher://10.0.0.1:6379/_x"),
            ["egress.private_network", "egress.non_http_scheme"]
        );
        assert_eq!(
            codes(&p, "unix:///var/run/docker.sock"),
            ["egress.container_socket"]
        );
        assert_eq!(codes(&p, "https://example.com/"), Vec::<String>::new());
        assert_eq!(codes(&p, "http://[::1"), ["egress.unparseable_target"]);
        assert!(!p.check("http://[::1").allowed_host);
    }

    #[test]
    fn bad_patterns() {
        for bad in [
            "",
            "a*.example.com",
            "10.0.0.0/33",
            "exa mple.com",
            "example.com:443",
        ] {
            let e = EgressPolicy::new(&[bad.to_owned()], &[]).unwrap_err();
            assert_eq!(e.code(), "egress_invalid_pattern", "{bad}");
        }
    }
}
