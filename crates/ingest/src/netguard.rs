//! Which network addresses the proxy may fetch from: the public internet
//! only.
//!
//! An operator puts the proxy on the internet and lets people add sources.
//! Without this guard, a source such as `http://169.254.169.254/latest/` or
//! `http://10.0.0.5/admin` would make the proxy fetch from the operator's own
//! network on a stranger's behalf (server-side request forgery). The rules
//! here are pure — no I/O — so they can be read and tested as one table;
//! `newsdesk-fetcher` applies them to every address it is about to connect
//! to, after DNS resolution, not only to the text of the URL.
//!
//! The rules follow the IANA special-purpose address registries: every
//! range that is not globally reachable is refused, and so is every IPv6
//! form that carries an IPv4 address the guard cannot see through
//! (IPv4-mapped, IPv4-compatible, Teredo). The two forms whose embedded IPv4
//! address sits at a known place (NAT64 `64:ff9b::/96`, 6to4 `2002::/16`)
//! are judged by that IPv4 address.
//!
//! ```
//! use newsdesk_ingest::netguard::{check, is_public, Denied};
//! assert!(is_public("93.184.215.14".parse().unwrap()));
//! assert_eq!(check("169.254.169.254".parse().unwrap()), Err(Denied::LinkLocal));
//! assert_eq!(check("::ffff:127.0.0.1".parse().unwrap()), Err(Denied::Ipv4Mapped));
//! ```

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not on the public internet.
///
/// [`fmt::Display`] gives words an operator can read in a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Denied {
    /// `0.0.0.0/8` ("this network") or `::`: means "this host" to many stacks.
    Unspecified,
    /// `127.0.0.0/8` or `::1`: this machine.
    Loopback,
    /// `10/8`, `172.16/12`, `192.168/16`: a private network (RFC 1918).
    Private,
    /// `100.64.0.0/10`: carrier-grade NAT, a provider's internal network.
    SharedAddressSpace,
    /// `169.254/16` (incl. cloud metadata `169.254.169.254`) or `fe80::/10`.
    LinkLocal,
    /// `192.0.0.0/24` or `2001::/23` outside Teredo and benchmarking:
    /// addresses reserved for IETF protocols.
    IetfProtocol,
    /// `192.0.2/24`, `198.51.100/24`, `203.0.113/24`, `2001:db8::/32`,
    /// `3fff::/20`: reserved for examples in documentation.
    Documentation,
    /// `198.18.0.0/15` or `2001:2::/48`: reserved for benchmarking labs.
    Benchmarking,
    /// `224.0.0.0/4` or `ff00::/8`.
    Multicast,
    /// `255.255.255.255`.
    Broadcast,
    /// Reserved or unassigned: `240/4`, `192.88.99/24`, `100::/64`,
    /// `5f00::/16`, and every IPv6 address outside global unicast `2000::/3`.
    Reserved,
    /// `fc00::/7`: IPv6's private networks.
    UniqueLocal,
    /// `fec0::/10`: deprecated IPv6 site-local addresses.
    SiteLocal,
    /// `::ffff:a.b.c.d`: an IPv4 address dressed as IPv6. No DNS answer for a
    /// real publisher looks like this; it is refused whatever it carries.
    Ipv4Mapped,
    /// `::a.b.c.d`: the deprecated IPv4-compatible form, refused likewise.
    Ipv4Compatible,
    /// `64:ff9b:1::/48`: NAT64 for a local network only (RFC 8215).
    Nat64LocalUse,
    /// `2001::/32`: Teredo tunnels; the IPv4 inside is obfuscated.
    Teredo,
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Denied::Unspecified => "an unspecified address (0.0.0.0/8 or ::)",
            Denied::Loopback => "a loopback address (this machine)",
            Denied::Private => "a private network address",
            Denied::SharedAddressSpace => "a carrier-grade NAT address (100.64.0.0/10)",
            Denied::LinkLocal => "a link-local address (this includes cloud metadata services)",
            Denied::IetfProtocol => "an address reserved for IETF protocols",
            Denied::Documentation => "an address reserved for documentation",
            Denied::Benchmarking => "an address reserved for benchmarking",
            Denied::Multicast => "a multicast address",
            Denied::Broadcast => "the broadcast address",
            Denied::Reserved => "a reserved or unassigned address",
            Denied::UniqueLocal => "an IPv6 unique-local (private) address",
            Denied::SiteLocal => "an IPv6 site-local address",
            Denied::Ipv4Mapped => "an IPv4-mapped IPv6 address",
            Denied::Ipv4Compatible => "an IPv4-compatible IPv6 address",
            Denied::Nat64LocalUse => "a local-use NAT64 address",
            Denied::Teredo => "a Teredo tunnel address",
        })
    }
}

/// Whether `ip` is on the public internet, so the proxy may connect to it.
///
/// ```
/// use newsdesk_ingest::netguard::is_public;
/// assert!(is_public("2606:4700::1111".parse().unwrap()));
/// assert!(!is_public("10.1.2.3".parse().unwrap()));
/// ```
pub fn is_public(ip: IpAddr) -> bool {
    check(ip).is_ok()
}

/// `Ok` if `ip` is on the public internet, otherwise why not.
///
/// ```
/// use newsdesk_ingest::netguard::{check, Denied};
/// assert_eq!(check("64:ff9b::a00:1".parse().unwrap()), Err(Denied::Private)); // NAT64 of 10.0.0.1
/// ```
pub fn check(ip: IpAddr) -> Result<(), Denied> {
    match ip {
        IpAddr::V4(v4) => check_v4(v4),
        IpAddr::V6(v6) => check_v6(v6),
    }
}

/// Whether `host` (a DNS name, as in a URL) names this machine: `localhost`
/// and any name under `.localhost` (RFC 6761), with or without the final
/// dot. Such names are refused before any lookup, so the refusal does not
/// depend on how this machine's resolver treats them.
///
/// ```
/// use newsdesk_ingest::netguard::is_local_name;
/// assert!(is_local_name("LocalHost."));
/// assert!(is_local_name("feeds.localhost"));
/// assert!(!is_local_name("localhost.example.com"));
/// ```
pub fn is_local_name(host: &str) -> bool {
    let name = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

/// IPv4 ranges that are not globally reachable, first match wins (so the
/// broadcast address is named before the reserved block holding it).
const V4_RULES: &[(Ipv4Addr, u8, Denied)] = &[
    (Ipv4Addr::new(0, 0, 0, 0), 8, Denied::Unspecified),
    (Ipv4Addr::new(10, 0, 0, 0), 8, Denied::Private),
    (Ipv4Addr::new(100, 64, 0, 0), 10, Denied::SharedAddressSpace),
    (Ipv4Addr::new(127, 0, 0, 0), 8, Denied::Loopback),
    (Ipv4Addr::new(169, 254, 0, 0), 16, Denied::LinkLocal),
    (Ipv4Addr::new(172, 16, 0, 0), 12, Denied::Private),
    (Ipv4Addr::new(192, 0, 0, 0), 24, Denied::IetfProtocol),
    (Ipv4Addr::new(192, 0, 2, 0), 24, Denied::Documentation),
    // The deprecated 6to4 relay anycast (RFC 7526).
    (Ipv4Addr::new(192, 88, 99, 0), 24, Denied::Reserved),
    (Ipv4Addr::new(192, 168, 0, 0), 16, Denied::Private),
    (Ipv4Addr::new(198, 18, 0, 0), 15, Denied::Benchmarking),
    (Ipv4Addr::new(198, 51, 100, 0), 24, Denied::Documentation),
    (Ipv4Addr::new(203, 0, 113, 0), 24, Denied::Documentation),
    (Ipv4Addr::new(224, 0, 0, 0), 4, Denied::Multicast),
    (Ipv4Addr::new(255, 255, 255, 255), 32, Denied::Broadcast),
    (Ipv4Addr::new(240, 0, 0, 0), 4, Denied::Reserved),
];

/// What to do with an IPv6 range: refuse it, or judge the IPv4 address it
/// embeds.
#[derive(Clone, Copy)]
enum V6Rule {
    Deny(Denied),
    /// NAT64 `64:ff9b::/96`: the IPv4 address is the last 32 bits.
    Nat64,
    /// 6to4 `2002::/16`: the IPv4 address is bits 16 to 47.
    SixToFour,
}

/// IPv6 ranges, first match wins (more specific ranges come first).
/// Anything that matches none and is outside `2000::/3` is reserved.
const V6_RULES: &[(Ipv6Addr, u8, V6Rule)] = &[
    (
        Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0),
        128,
        V6Rule::Deny(Denied::Unspecified),
    ),
    (
        Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 1),
        128,
        V6Rule::Deny(Denied::Loopback),
    ),
    (
        Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0),
        96,
        V6Rule::Deny(Denied::Ipv4Mapped),
    ),
    (
        Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0),
        96,
        V6Rule::Deny(Denied::Ipv4Compatible),
    ),
    (
        Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0),
        96,
        V6Rule::Nat64,
    ),
    (
        Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0),
        48,
        V6Rule::Deny(Denied::Nat64LocalUse),
    ),
    // Discard-only (RFC 6666).
    (
        Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0),
        64,
        V6Rule::Deny(Denied::Reserved),
    ),
    (
        Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0),
        32,
        V6Rule::Deny(Denied::Teredo),
    ),
    (
        Ipv6Addr::new(0x2001, 2, 0, 0, 0, 0, 0, 0),
        48,
        V6Rule::Deny(Denied::Benchmarking),
    ),
    (
        Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0),
        23,
        V6Rule::Deny(Denied::IetfProtocol),
    ),
    (
        Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0),
        32,
        V6Rule::Deny(Denied::Documentation),
    ),
    (
        Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0),
        16,
        V6Rule::SixToFour,
    ),
    (
        Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0),
        20,
        V6Rule::Deny(Denied::Documentation),
    ),
    // Segment-routing SIDs (RFC 9602): never a web server.
    (
        Ipv6Addr::new(0x5f00, 0, 0, 0, 0, 0, 0, 0),
        16,
        V6Rule::Deny(Denied::Reserved),
    ),
    (
        Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0),
        7,
        V6Rule::Deny(Denied::UniqueLocal),
    ),
    (
        Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0),
        10,
        V6Rule::Deny(Denied::LinkLocal),
    ),
    (
        Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0),
        10,
        V6Rule::Deny(Denied::SiteLocal),
    ),
    (
        Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0),
        8,
        V6Rule::Deny(Denied::Multicast),
    ),
];

fn check_v4(ip: Ipv4Addr) -> Result<(), Denied> {
    let bits = u32::from(ip);
    V4_RULES
        .iter()
        .find(|(net, len, _)| prefix_matches_v4(bits, u32::from(*net), *len))
        .map_or(Ok(()), |(_, _, denied)| Err(*denied))
}

fn check_v6(ip: Ipv6Addr) -> Result<(), Denied> {
    let bits = u128::from(ip);
    let rule = V6_RULES
        .iter()
        .find(|(net, len, _)| prefix_matches_v6(bits, u128::from(*net), *len))
        .map(|(_, _, rule)| *rule);
    match rule {
        Some(V6Rule::Deny(denied)) => Err(denied),
        // Truncation is the point: the embedded address is those 32 bits.
        Some(V6Rule::Nat64) => check_v4(Ipv4Addr::from(bits as u32)),
        Some(V6Rule::SixToFour) => check_v4(Ipv4Addr::from((bits >> 80) as u32)),
        None if ip.segments()[0] & 0xe000 != 0x2000 => Err(Denied::Reserved),
        None => Ok(()),
    }
}

fn prefix_matches_v4(bits: u32, net: u32, len: u8) -> bool {
    let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
    bits & mask == net & mask
}

fn prefix_matches_v6(bits: u128, net: u128, len: u8) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
    bits & mask == net & mask
}
