//! A minimal HTTP/1.1 POST client over `std::net` (plain HTTP only, no TLS): enough for an
//! OTLP collector on localhost or a sidecar network, with hard timeouts.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// Largest response head read.
const MAX_HEAD: usize = 16 * 1024;

/// A parsed `http://host[:port][/path]` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HttpUrl {
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) path: String,
}

impl HttpUrl {
    /// Parses an `http://` URL; `default_path` is used when the URL has none.
    pub(crate) fn parse(url: &str, default_path: &str) -> Result<HttpUrl, String> {
        let rest = url.strip_prefix("http://").ok_or_else(|| {
            format!("endpoint `{url}` must start with `http://` (TLS is not supported; use a local collector)")
        })?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (
                rest.get(..i).unwrap_or_default(),
                rest.get(i..).unwrap_or_default(),
            ),
            None => (rest, ""),
        };
        if authority.is_empty() || authority.contains('@') {
            return Err(format!("endpoint `{url}` has no host (or has credentials)"));
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (h, after) = v6
                .split_once(']')
                .ok_or_else(|| format!("bad IPv6 host in `{url}`"))?;
            (h, after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        let port = match port {
            None => 80,
            Some(p) => p.parse().map_err(|_| format!("bad port in `{url}`"))?,
        };
        if host.is_empty()
            || !host
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b".-:_".contains(&c))
        {
            return Err(format!("bad host in `{url}`"));
        }
        let path = if path.is_empty() { default_path } else { path };
        if path.bytes().any(|c| c.is_ascii_control() || c == b' ') {
            return Err(format!("bad path in `{url}`"));
        }
        Ok(HttpUrl {
            host: host.to_owned(),
            port,
            path: path.to_owned(),
        })
    }

    fn host_header(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// POSTs `body` and returns the response status. Every step is bounded by `timeout` (name
/// resolution uses the system resolver, which has its own timeout: prefer IP addresses).
pub(crate) fn post(
    url: &HttpUrl,
    content_type: &str,
    headers: &[(String, String)],
    body: &[u8],
    timeout: Duration,
) -> Result<u16, String> {
    let addr = (url.host.as_str(), url.port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve `{}`: {e}", url.host))?
        .next()
        .ok_or_else(|| format!("`{}` has no address", url.host))?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|e| format!("cannot set timeouts: {e}"))?;
    let _ = stream.set_nodelay(true);
    let mut request = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\nUser-Agent: portcullis-ledger\r\n",
        url.path,
        url.host_header(),
        body.len()
    );
    for (name, value) in headers {
        request.push_str(name);
        request.push_str(": ");
        request.push_str(value);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .and_then(|()| stream.write_all(body))
        .and_then(|()| stream.flush())
        .map_err(|e| format!("cannot send to {addr}: {e}"))?;
    let mut head = Vec::with_capacity(512);
    let mut chunk = [0_u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            return Err("response head too large".into());
        }
        let n = stream
            .read(&mut chunk)
            .map_err(|e| format!("no response from {addr}: {e}"))?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
    parse_status(&head).ok_or_else(|| "malformed HTTP response".into())
}

fn parse_status(head: &[u8]) -> Option<u16> {
    let line = head.split(|&b| b == b'\r').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split(' ');
    let version = parts.next()?;
    if !version.starts_with("HTTP/1.") {
        return None;
    }
    parts.next()?.parse().ok()
}

/// Checks that a header name and value cannot break the request.
pub(crate) fn valid_header(name: &str, value: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-_".contains(&c))
        && !value.bytes().any(|c| c == b'\r' || c == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls() {
        let u = HttpUrl::parse("http://127.0.0.1:4318", "/v1/logs").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("127.0.0.1", 4318, "/v1/logs")
        );
        let u = HttpUrl::parse("http://collector/custom/logs", "/v1/logs").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("collector", 80, "/custom/logs")
        );
        let u = HttpUrl::parse("http://[::1]:4318/v1/logs", "/x").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("::1", 4318));
        for bad in [
            "https://x",
            "http://",
            "http://u:p@x",
            "http://x:99999",
            "http://x/a b",
            "http://a\r\nb",
        ] {
            assert!(HttpUrl::parse(bad, "/").is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_status_lines() {
        assert_eq!(parse_status(b"HTTP/1.1 200 OK\r\n\r\n"), Some(200));
        assert_eq!(parse_status(b"HTTP/1.0 503 Busy\r\n"), Some(503));
        assert_eq!(parse_status(b"SSH-2.0\r\n"), None);
    }

    #[test]
    fn header_injection_refused() {
        assert!(valid_header("Authorization", "Bearer x"));
        assert!(!valid_header("X", "a\r\nEvil: 1"));
        assert!(!valid_header("X Y", "a"));
    }
}
