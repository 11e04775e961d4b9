/// Percent-encodes everything but RFC 3986's unreserved characters, for a
/// value placed in a URL path segment or query: an id, a tag. The proxy
/// writes `next_url`s with it and the app builds its API and page paths
/// with it, so both sides encode the same text the same way.
///
/// ```
/// use newsdesk_feed::encode_segment;
/// assert_eq!(encode_segment("city-hall_2.0~x"), "city-hall_2.0~x");
/// assert_eq!(encode_segment("a/b c&d"), "a%2Fb%20c%26d");
/// assert_eq!(encode_segment("енергія"), "%D0%B5%D0%BD%D0%B5%D1%80%D0%B3%D1%96%D1%8F");
/// ```
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
