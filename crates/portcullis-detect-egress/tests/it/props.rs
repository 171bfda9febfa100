//! Property tests: every spelling of an IPv4 address means that address, the userinfo never
//! becomes the host, normalised hosts are stable, and nothing panics.

use std::net::{IpAddr, Ipv4Addr};

use portcullis_detect_egress::{EgressPolicy, Host, classify_ip, parse_target};
use proptest::prelude::*;

/// The spellings `inet_aton` and WHATWG accept for one address.
fn spellings(a: Ipv4Addr) -> Vec<String> {
    let [o0, o1, o2, o3] = a.octets();
    let n = u32::from(a);
    vec![
        format!("{a}"),
        format!("{n}"),
        format!("0x{n:x}"),
        format!("0x{n:08X}"),
        format!("0{o0:o}.0{o1:o}.0{o2:o}.0{o3:o}"),
        format!("0x{o0:x}.0x{o1:x}.0x{o2:x}.0x{o3:x}"),
        format!(
            "{o0}.{}",
            (u32::from(o1) << 16) | (u32::from(o2) << 8) | u32::from(o3)
        ),
        format!("{o0}.{o1}.{}", (u32::from(o2) << 8) | u32::from(o3)),
        format!("[::ffff:{a}]"),
        format!("{a}."),
    ]
}

fn label() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,10}[a-z0-9]"
}

fn domain() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(label(), 1..4),
        prop::sample::select(vec!["com", "org", "io", "dev"]),
    )
        .prop_map(|(ls, tld)| format!("{}.{tld}", ls.join(".")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn every_ipv4_spelling_is_the_same_address(bits in any::<u32>()) {
        let a = Ipv4Addr::from(bits);
        let want = classify_ip(IpAddr::V4(a));
        for s in spellings(a) {
            let t = parse_target(&format!("http://{s}/")).unwrap();
            let got = match t.host {
                Host::Ip(IpAddr::V4(x)) => x,
                Host::Ip(IpAddr::V6(x)) => x.to_ipv4_mapped().unwrap(),
                other => panic!("{s}: {other:?}"),
            };
            prop_assert_eq!(got, a, "{}", s);
            let r = EgressPolicy::default().check(&format!("http://{s}/"));
            prop_assert_eq!(r.class, Some(want), "{}", s);
        }
    }

    #[test]
    fn userinfo_never_becomes_the_host(user in domain(), host in domain()) {
        let t = parse_target(&format!("http://{user}@{host}/x")).unwrap();
        prop_assert_eq!(t.host, Host::Domain(host.clone()));
        prop_assert!(t.userinfo_trick);
        let t = parse_target(&format!("http://{host}#@{user}/")).unwrap();
        prop_assert_eq!(t.host, Host::Domain(host));
        prop_assert!(t.userinfo_trick);
    }

    #[test]
    fn normalised_domains_are_stable(d in domain(), upper in any::<bool>(), dot in any::<bool>()) {
        let mut raw = if upper { d.to_uppercase() } else { d.clone() };
        if dot {
            raw.push('.');
        }
        let t = parse_target(&format!("https://{raw}/")).unwrap();
        prop_assert_eq!(&t.host, &Host::Domain(d.clone()));
        let again = parse_target(&t.host.to_string()).unwrap();
        prop_assert_eq!(again.host, t.host);
    }

    #[test]
    fn check_never_panics(raw in "\\PC{0,120}") {
        let r = EgressPolicy::default().check(&raw);
        prop_assert_eq!(r.target.is_some(), r.class.is_some());
        for f in &r.findings {
            prop_assert!(f.code.starts_with("egress."));
        }
    }

    #[test]
    fn url_shaped_noise_never_panics(
        scheme in prop::sample::select(vec!["http://", "https://", "gopher://", "file://", "", "//", "unix:"]),
        body in "[a-zA-Z0-9.:@#?%\\[\\]/\\\\-]{0,60}",
    ) {
        let _ = EgressPolicy::default().check(&format!("{scheme}{body}"));
    }
}
