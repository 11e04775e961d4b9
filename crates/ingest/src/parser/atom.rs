//! Atom 1.0: its channel's images (Atom's `icon` is the small square one,
//! its `logo` the large one).

use feed_rs::model as rs;

use super::Channel;
use super::FeedFormat;

/// The channel of an Atom feed.
pub(super) fn channel(feed: &rs::Feed) -> Channel {
    Channel {
        format: FeedFormat::Atom,
        icon: feed.logo.as_ref().map(|i| i.uri.clone()),
        favicon: feed.icon.as_ref().map(|i| i.uri.clone()),
    }
}
