//! The embedded demo newsroom: three desks' feeds (their images and
//! clips are served by the proxy), compiled into the binary so a fresh
//! checkout shows a full newsroom with no configuration and no network.

use newsdesk_feed::{Feed, FeedError};

use crate::clock::format_rfc3339;
use crate::newsroom::{Newsroom, NewsroomError, SourceFeed};

/// The demo sources, in the order the app lists them: (source id, JSON Feed).
///
/// The files live beside the images and clips they show, in
/// `crates/proxy/demo/` (the proxy serves those under `/demo/assets/`, and
/// the app's browser tests read the same feeds).
pub const FEEDS: [(&str, &str); 3] = [
    ("news", include_str!("../../proxy/demo/feeds/news.json")),
    ("video", include_str!("../../proxy/demo/feeds/video.json")),
    (
        "analysis",
        include_str!("../../proxy/demo/feeds/analysis.json"),
    ),
];

/// One hour: the demo's newest item lands within this of the start time,
/// and dates move by whole hours so "published at 08:15" keeps its minutes.
const HOUR: i64 = 3600;

/// Why the demo could not be loaded. It is compiled in, so this is a bug in
/// the demo files; the message names the file and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoError {
    /// A feed file is not a valid JSON Feed.
    Feed {
        /// The source id (and file stem) of the feed.
        source: String,
        /// What is wrong with it.
        error: FeedError,
    },
    /// The feeds parse but cannot form a newsroom (ids, desks).
    Newsroom(NewsroomError),
}

impl std::fmt::Display for DemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DemoError::Feed { source, error } => {
                write!(f, "demo feed demo/feeds/{source}.json: {error}")
            }
            DemoError::Newsroom(error) => write!(f, "demo newsroom: {error}"),
        }
    }
}

impl std::error::Error for DemoError {}

impl From<NewsroomError> for DemoError {
    fn from(error: NewsroomError) -> Self {
        DemoError::Newsroom(error)
    }
}

/// Loads the embedded demo newsroom as of `now` (seconds since the epoch).
pub fn newsroom(now: i64) -> Result<Newsroom, DemoError> {
    newsroom_from(&FEEDS, now)
}

/// Loads a newsroom from JSON Feed texts the way the demo is loaded: parse,
/// move every date so the newest item is less than an hour old, then clean
/// and index. Tests use it to push hostile feeds through the same path.
pub fn newsroom_from(feeds: &[(&str, &str)], now: i64) -> Result<Newsroom, DemoError> {
    let mut sources = feeds
        .iter()
        .map(|&(id, text)| {
            Feed::from_json(text)
                .map(|feed| SourceFeed {
                    id: id.to_owned(),
                    feed,
                })
                .map_err(|error| DemoError::Feed {
                    source: id.to_owned(),
                    error,
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    bring_to_now(&mut sources, now);
    Ok(Newsroom::new(sources, format_rfc3339(now))?)
}

/// Moves every date by the same whole number of hours so that the newest
/// `date_published` falls within the hour before `now`: the demo always
/// looks live, and the order and spacing of items stay as written.
fn bring_to_now(sources: &mut [SourceFeed], now: i64) {
    let newest = sources
        .iter()
        .flat_map(|s| &s.feed.items)
        .filter_map(|item| item.published_unix())
        .max();
    let Some(newest) = newest else { return };
    let shift = now
        .saturating_sub(newest)
        .div_euclid(HOUR)
        .saturating_mul(HOUR);
    let move_date = |date: &mut Option<String>| {
        if let Some(unix) = date.as_deref().and_then(newsdesk_feed::parse_rfc3339) {
            *date = Some(format_rfc3339(unix.saturating_add(shift)));
        }
    };
    for item in sources.iter_mut().flat_map(|s| &mut s.feed.items) {
        move_date(&mut item.date_published);
        move_date(&mut item.date_modified);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_feed::parse_rfc3339;

    const TWO_ITEMS: &str = r#"{
      "version": "https://jsonfeed.org/version/1.1",
      "title": "T",
      "authors": [{ "name": "Desk" }],
      "items": [
        { "id": "old", "content_text": "a", "date_published": "2020-01-01T08:15:30Z" },
        { "id": "new", "content_text": "b", "date_published": "2020-01-02T10:15:30+02:00",
          "date_modified": "2020-01-02T09:00:00Z" }
      ]
    }"#;

    #[test]
    fn dates_move_by_whole_hours_to_the_last_hour() {
        for now in [1_800_000_000, 1_800_000_000 + 1799, 1_500_000_000, 0] {
            let room = newsroom_from(&[("t", TWO_ITEMS)], now).unwrap();
            let new = &room.item("new").unwrap().items[0];
            let old = &room.item("old").unwrap().items[0];
            let new_at = parse_rfc3339(new.date_published.as_deref().unwrap()).unwrap();
            let old_at = parse_rfc3339(old.date_published.as_deref().unwrap()).unwrap();
            assert!(
                new_at <= now && now - new_at < HOUR,
                "now {now}: newest at {new_at}"
            );
            assert_eq!(new_at - old_at, 86_400, "spacing kept");
            assert_eq!(new_at.rem_euclid(60), 30, "seconds kept");
            assert!(new.date_published.as_deref().unwrap().ends_with('Z'));
            let modified = parse_rfc3339(new.date_modified.as_deref().unwrap()).unwrap();
            assert_eq!(modified - new_at, 2670, "modified moves with published");
        }
    }

    #[test]
    fn a_broken_feed_is_a_clear_error() {
        let err = newsroom_from(&[("bad", "{ not json")], 0).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("demo feed demo/feeds/bad.json:"),
            "{err}"
        );
    }
}
