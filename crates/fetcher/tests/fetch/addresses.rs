//! The address rules alone (`netguard`): which IPs the proxy may connect to.
//! Each range is tested at its edges, with its public neighbours, so a
//! wrong prefix length shows up.

use std::net::IpAddr;

use newsdesk_ingest::netguard::{check, is_local_name, is_public, Denied};

/// `(address, expected)`; `None` means public.
const CASES: &[(&str, Option<Denied>)] = &[
    // IPv4: public neighbours of every refused range.
    ("1.1.1.1", None),
    ("8.8.8.8", None),
    ("93.184.215.14", None),
    ("9.255.255.255", None),
    ("11.0.0.0", None),
    ("100.63.255.255", None),
    ("100.128.0.0", None),
    ("126.255.255.255", None),
    ("128.0.0.0", None),
    ("169.253.255.255", None),
    ("169.255.0.0", None),
    ("172.15.255.255", None),
    ("172.32.0.0", None),
    ("192.0.1.255", None),
    ("192.0.3.0", None),
    ("192.167.255.255", None),
    ("192.169.0.0", None),
    ("198.17.255.255", None),
    ("198.20.0.0", None),
    ("198.51.99.255", None),
    ("203.0.114.0", None),
    ("223.255.255.255", None),
    // IPv4: refused ranges, first and last address.
    ("0.0.0.0", Some(Denied::Unspecified)),
    ("0.255.255.255", Some(Denied::Unspecified)),
    ("10.0.0.0", Some(Denied::Private)),
    ("10.255.255.255", Some(Denied::Private)),
    ("100.64.0.0", Some(Denied::SharedAddressSpace)),
    ("100.100.100.200", Some(Denied::SharedAddressSpace)), // Alibaba Cloud metadata
    ("100.127.255.255", Some(Denied::SharedAddressSpace)),
    ("127.0.0.1", Some(Denied::Loopback)),
    ("127.255.255.254", Some(Denied::Loopback)),
    ("169.254.0.0", Some(Denied::LinkLocal)),
    ("169.254.169.254", Some(Denied::LinkLocal)), // AWS, GCP, Azure metadata
    ("169.254.255.255", Some(Denied::LinkLocal)),
    ("172.16.0.0", Some(Denied::Private)),
    ("172.31.255.255", Some(Denied::Private)),
    ("192.0.0.0", Some(Denied::IetfProtocol)),
    ("192.0.0.255", Some(Denied::IetfProtocol)),
    ("192.0.2.1", Some(Denied::Documentation)),
    ("192.88.99.1", Some(Denied::Reserved)),
    ("192.168.0.0", Some(Denied::Private)),
    ("192.168.255.255", Some(Denied::Private)),
    ("198.18.0.0", Some(Denied::Benchmarking)),
    ("198.19.255.255", Some(Denied::Benchmarking)),
    ("198.51.100.7", Some(Denied::Documentation)),
    ("203.0.113.9", Some(Denied::Documentation)),
    ("224.0.0.1", Some(Denied::Multicast)),
    ("239.255.255.255", Some(Denied::Multicast)),
    ("240.0.0.1", Some(Denied::Reserved)),
    ("255.255.255.254", Some(Denied::Reserved)),
    ("255.255.255.255", Some(Denied::Broadcast)),
    // IPv6: public.
    ("2606:4700:4700::1111", None),
    ("2001:4860:4860::8888", None),
    ("2a00:1450:4001::1", None),
    ("2001:200::1", None),      // just past the IETF block 2001::/23
    ("3fff:1000::1", None),     // just past documentation 3fff::/20
    ("64:ff9b::808:808", None), // NAT64 of 8.8.8.8
    ("2002:808:808::1", None),  // 6to4 of 8.8.8.8
    // IPv6: refused.
    ("::", Some(Denied::Unspecified)),
    ("::1", Some(Denied::Loopback)),
    ("::ffff:127.0.0.1", Some(Denied::Ipv4Mapped)),
    ("::ffff:7f00:1", Some(Denied::Ipv4Mapped)),
    ("::ffff:169.254.169.254", Some(Denied::Ipv4Mapped)),
    ("::ffff:8.8.8.8", Some(Denied::Ipv4Mapped)), // no real publisher answers so
    ("::127.0.0.1", Some(Denied::Ipv4Compatible)),
    ("::8.8.8.8", Some(Denied::Ipv4Compatible)),
    ("::ffff:0:7f00:1", Some(Denied::Reserved)), // IPv4-translated (SIIT)
    ("64:ff9b::7f00:1", Some(Denied::Loopback)), // NAT64 of 127.0.0.1
    ("64:ff9b::a9fe:a9fe", Some(Denied::LinkLocal)), // NAT64 of 169.254.169.254
    ("64:ff9b::a00:1", Some(Denied::Private)),   // NAT64 of 10.0.0.1
    ("64:ff9b:1::1", Some(Denied::Nat64LocalUse)),
    ("64:ff9b:1:ffff::808:808", Some(Denied::Nat64LocalUse)),
    ("100::1", Some(Denied::Reserved)), // discard-only
    ("2001::1", Some(Denied::Teredo)),
    ("2001:0:ffff:ffff::1", Some(Denied::Teredo)),
    ("2001:2::1", Some(Denied::Benchmarking)),
    ("2001:20::1", Some(Denied::IetfProtocol)), // ORCHIDv2
    ("2001:1ff:ffff::1", Some(Denied::IetfProtocol)),
    ("2001:db8::1", Some(Denied::Documentation)),
    ("2001:db8:ffff::1", Some(Denied::Documentation)),
    ("3fff::1", Some(Denied::Documentation)),
    ("2002:7f00:1::1", Some(Denied::Loopback)), // 6to4 of 127.0.0.1
    ("2002:a00:1::1", Some(Denied::Private)),   // 6to4 of 10.0.0.1
    ("2002:c0a8:101::1", Some(Denied::Private)), // 6to4 of 192.168.1.1
    ("2002:a9fe:a9fe::1", Some(Denied::LinkLocal)), // 6to4 of the metadata IP
    ("5f00::1", Some(Denied::Reserved)),
    ("fc00::1", Some(Denied::UniqueLocal)),
    ("fd00:ec2::254", Some(Denied::UniqueLocal)), // AWS metadata over IPv6
    ("fdff:ffff::1", Some(Denied::UniqueLocal)),
    ("fe80::1", Some(Denied::LinkLocal)),
    ("febf:ffff::1", Some(Denied::LinkLocal)),
    ("fec0::1", Some(Denied::SiteLocal)),
    ("feff::1", Some(Denied::SiteLocal)),
    ("ff02::1", Some(Denied::Multicast)),
    ("ff0e::1", Some(Denied::Multicast)),
    ("1::1", Some(Denied::Reserved)),
    ("4000::1", Some(Denied::Reserved)),
    ("e000::1", Some(Denied::Reserved)),
];

#[test]
fn every_address_is_judged_by_its_range() {
    let mut wrong = Vec::new();
    for (text, expected) in CASES {
        let ip: IpAddr = text.parse().expect("a valid address in the table");
        let got = check(ip).err();
        if got != *expected {
            wrong.push(format!("{text}: expected {expected:?}, got {got:?}"));
        }
        assert_eq!(is_public(ip), expected.is_none(), "{text}");
    }
    assert!(wrong.is_empty(), "misjudged:\n{}", wrong.join("\n"));
}

#[test]
fn every_reason_reads_as_words() {
    for (text, expected) in CASES {
        if let Some(denied) = expected {
            let words = denied.to_string();
            assert!(
                words.starts_with("a") || words.starts_with("the"),
                "{text}: {words}"
            );
        }
    }
}

#[test]
fn localhost_names_are_known_without_dns() {
    let cases = [
        ("localhost", true),
        ("localhost.", true),
        ("LOCALHOST", true),
        ("feeds.localhost", true),
        ("a.b.localhost.", true),
        ("localhost.example.com", false),
        ("mylocalhost", false),
        ("harbour-gazette.example", false),
    ];
    for (name, expected) in cases {
        assert_eq!(is_local_name(name), expected, "{name}");
    }
}
