//! Finding codes of this crate.

use std::fmt;

/// A stable finding code of this crate (`egress.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EgressCode {
    /// `egress.metadata_endpoint`: a cloud instance metadata service.
    MetadataEndpoint,
    /// `egress.private_network`: a private, internal or link-local network.
    PrivateNetwork,
    /// `egress.unspecified_address`: `0.0.0.0` or `::`, which reach this machine.
    UnspecifiedAddress,
    /// `egress.reserved_address`: multicast, broadcast or reserved ranges.
    ReservedAddress,
    /// `egress.loopback`: this machine (informational).
    Loopback,
    /// `egress.unix_socket`: a Unix domain socket (informational).
    UnixSocket,
    /// `egress.container_socket`: the Docker, containerd or Podman control socket.
    ContainerSocket,
    /// `egress.ip_literal`: a public host named by IP address.
    IpLiteral,
    /// `egress.obfuscated_ip`: an IP address in decimal, hex, octal, short or IPv6-wrapped form.
    ObfuscatedIp,
    /// `egress.dns_rebinding_name`: a wildcard-DNS or DNS-rebinding name.
    DnsRebindingName,
    /// `egress.userinfo_trick`: a URL built to hide its real host.
    UserinfoTrick,
    /// `egress.url_credentials`: a user name or password in the URL.
    UrlCredentials,
    /// `egress.idn_host`: an internationalised (punycode) host name.
    IdnHost,
    /// `egress.plain_http`: unencrypted HTTP or WebSocket to a non-local host.
    PlainHttp,
    /// `egress.non_http_scheme`: `file:`, `gopher:`, `dict:`, `ftp:` and other non-HTTP schemes.
    NonHttpScheme,
    /// `egress.denied_host`: a host on the deny list.
    DeniedHost,
    /// `egress.unknown_host`: a host not on the configured allow list.
    UnknownHost,
    /// `egress.unparseable_target`: a target that cannot be parsed.
    UnparseableTarget,
}

impl EgressCode {
    /// Every code, in report order.
    pub const ALL: [EgressCode; 18] = [
        EgressCode::MetadataEndpoint,
        EgressCode::PrivateNetwork,
        EgressCode::UnspecifiedAddress,
        EgressCode::ReservedAddress,
        EgressCode::Loopback,
        EgressCode::UnixSocket,
        EgressCode::ContainerSocket,
        EgressCode::IpLiteral,
        EgressCode::ObfuscatedIp,
        EgressCode::DnsRebindingName,
        EgressCode::UserinfoTrick,
        EgressCode::UrlCredentials,
        EgressCode::IdnHost,
        EgressCode::PlainHttp,
        EgressCode::NonHttpScheme,
        EgressCode::DeniedHost,
        EgressCode::UnknownHost,
        EgressCode::UnparseableTarget,
    ];

    /// The stable code string.
    pub const fn as_str(self) -> &'static str {
        match self {
            EgressCode::MetadataEndpoint => "egress.metadata_endpoint",
            EgressCode::PrivateNetwork => "egress.private_network",
            EgressCode::UnspecifiedAddress => "egress.unspecified_address",
            EgressCode::ReservedAddress => "egress.reserved_address",
            EgressCode::Loopback => "egress.loopback",
            EgressCode::UnixSocket => "egress.unix_socket",
            EgressCode::ContainerSocket => "egress.container_socket",
            EgressCode::IpLiteral => "egress.ip_literal",
            EgressCode::ObfuscatedIp => "egress.obfuscated_ip",
            EgressCode::DnsRebindingName => "egress.dns_rebinding_name",
            EgressCode::UserinfoTrick => "egress.userinfo_trick",
            EgressCode::UrlCredentials => "egress.url_credentials",
            EgressCode::IdnHost => "egress.idn_host",
            EgressCode::PlainHttp => "egress.plain_http",
            EgressCode::NonHttpScheme => "egress.non_http_scheme",
            EgressCode::DeniedHost => "egress.denied_host",
            EgressCode::UnknownHost => "egress.unknown_host",
            EgressCode::UnparseableTarget => "egress.unparseable_target",
        }
    }

    /// Parses a code string.
    pub fn parse(s: &str) -> Option<EgressCode> {
        EgressCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The risk (0–100) of this finding.
    pub const fn risk(self) -> u8 {
        match self {
            EgressCode::MetadataEndpoint => 90,
            EgressCode::PrivateNetwork => 70,
            EgressCode::UnspecifiedAddress => 50,
            EgressCode::ReservedAddress => 50,
            EgressCode::Loopback => 5,
            EgressCode::UnixSocket => 5,
            EgressCode::ContainerSocket => 85,
            EgressCode::IpLiteral => 50,
            EgressCode::ObfuscatedIp => 70,
            EgressCode::DnsRebindingName => 70,
            EgressCode::UserinfoTrick => 70,
            EgressCode::UrlCredentials => 40,
            EgressCode::IdnHost => 20,
            EgressCode::PlainHttp => 30,
            EgressCode::NonHttpScheme => 60,
            EgressCode::DeniedHost => 90,
            EgressCode::UnknownHost => 30,
            EgressCode::UnparseableTarget => 60,
        }
    }

    /// A short description for messages.
    pub const fn describe(self) -> &'static str {
        match self {
            EgressCode::MetadataEndpoint => "a cloud instance metadata service",
            EgressCode::PrivateNetwork => "a private or internal network",
            EgressCode::UnspecifiedAddress => "the unspecified address, which reaches this machine",
            EgressCode::ReservedAddress => "a multicast, broadcast or reserved address",
            EgressCode::Loopback => "this machine",
            EgressCode::UnixSocket => "a local Unix socket",
            EgressCode::ContainerSocket => "a container engine control socket (root on the host)",
            EgressCode::IpLiteral => "a host named by IP address",
            EgressCode::ObfuscatedIp => "an IP address in an unusual spelling",
            EgressCode::DnsRebindingName => "a wildcard-DNS or DNS-rebinding name",
            EgressCode::UserinfoTrick => "a URL built to hide its real host",
            EgressCode::UrlCredentials => "credentials embedded in the URL",
            EgressCode::IdnHost => "an internationalised host name",
            EgressCode::PlainHttp => "unencrypted HTTP",
            EgressCode::NonHttpScheme => "a non-HTTP scheme",
            EgressCode::DeniedHost => "a host on the deny list",
            EgressCode::UnknownHost => "a host not on the allow list",
            EgressCode::UnparseableTarget => "a target that cannot be parsed",
        }
    }
}

impl fmt::Display for EgressCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_in_order() {
        for (i, c) in EgressCode::ALL.into_iter().enumerate() {
            assert_eq!(EgressCode::parse(c.as_str()), Some(c));
            assert_eq!(c as usize, i);
            assert!(c.as_str().starts_with("egress."));
            assert!(c.risk() <= 100);
        }
    }
}
