//! The one rule for item and source ids, shared by every stage that makes
//! or checks one (normalize, the sources file, the newsroom's lookups).

/// Longest item or source id the proxy accepts. Ids are slugs of a headline;
/// anything longer is not one of ours and is refused before any lookup.
pub const MAX_ID_LEN: usize = 128;

/// True for ids the proxy ever hands out: 1 to [`MAX_ID_LEN`] characters
/// of `a-z`, `0-9` and `-`. Safe in a URL path and in a log line.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids_are_lowercase_slugs() {
        let cases = [
            ("news-tram-line-4", true),
            ("a", true),
            ("", false),
            ("News", false),
            ("a b", false),
            ("a/b", false),
            ("..", false),
            ("<script>", false),
            ("é", false),
        ];
        for (id, valid) in cases {
            assert_eq!(is_valid_id(id), valid, "{id:?}");
        }
        assert!(!is_valid_id(&"a".repeat(MAX_ID_LEN + 1)));
    }
}
