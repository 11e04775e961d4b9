//! RSS 2.0, 0.9x and 1.0 (RDF): which one a document is, its channel
//! image, and the relabelling of `<rss>` versions `feed-rs` does not know.

use feed_rs::model::{self as rs, FeedType};
use quick_xml::events::Event;

use super::Channel;
use super::FeedFormat;

/// RSS versions `feed-rs` reads by name; another (or none) is read as 2.0,
/// the superset of them all.
const KNOWN_RSS_VERSIONS: &[&str] = &["2.0", "0.91", "0.92"];

/// The channel of an RSS feed: its version (an `<rss>` root saying 0.9x
/// is 0.9x even where feed-rs read it as 2.0) and its image (`<image>`, or
/// RSS 1.0's).
pub(super) fn channel(feed: &rs::Feed, rss_version: &str) -> Channel {
    let format = match feed.feed_type {
        FeedType::RSS0 => FeedFormat::Rss0,
        FeedType::RSS1 => FeedFormat::Rss1,
        FeedType::RSS2 if rss_version.starts_with("0.9") => FeedFormat::Rss0,
        // RSS 2.0 (feed-rs reports no other type for an RSS document).
        _ => FeedFormat::Rss2,
    };
    Channel {
        format,
        icon: feed
            .logo
            .as_ref()
            .or(feed.icon.as_ref())
            .map(|i| i.uri.clone()),
        favicon: None,
    }
}

/// The edit that labels an `<rss>` root of odd version as 2.0.
/// `root` is the root element's local name, `rss_version` its `version`,
/// `root_tag` the byte range of its start tag in `text`.
pub(super) fn version_edit(
    root: Option<&str>,
    rss_version: &str,
    root_tag: Option<(usize, usize)>,
    text: &str,
) -> Option<(usize, usize, String)> {
    if root != Some("rss") || KNOWN_RSS_VERSIONS.contains(&rss_version.trim()) {
        return None;
    }
    let (start, end) = root_tag?;
    let tag = text.get(start..end)?;
    let open = tag.find('<')?;
    let mut reader = quick_xml::Reader::from_str(&tag[open..]);
    let (root, close) = match reader.read_event().ok()? {
        Event::Start(root) => (root, ">"),
        Event::Empty(root) => (root, "/>"),
        _ => return None,
    };
    let mut rebuilt = format!("{}<{}", &tag[..open], root.name().as_ref());
    for attr in root.attributes().flatten() {
        if attr.key.as_ref() == "version" {
            continue;
        }
        let value = &attr.value;
        let quote = if value.contains('"') { '\'' } else { '"' };
        rebuilt.push_str(&format!(" {}={quote}{value}{quote}", attr.key.as_ref()));
    }
    rebuilt.push_str(" version=\"2.0\"");
    rebuilt.push_str(close);
    Some((start, end, rebuilt))
}

#[cfg(test)]
mod tests {
    use crate::parser::parse;

    #[test]
    fn odd_rss_versions_are_read_as_rss2() {
        for version in [" version=\"0.94\"", "", " version=\"2.01\""] {
            let text = format!(
                "<rss{version} xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>T</title>\
                 <item><title>One</title></item></channel></rss>"
            );
            let feed = parse(text.as_bytes(), None, None).unwrap();
            assert_eq!(feed.entries.len(), 1, "{version:?}");
            assert_eq!(feed.title.as_deref(), Some("T"));
        }
    }
}
