use leptos::prelude::*;
use newsdesk_feed::FeedInfo;

use crate::format::{now_unix, relative_time};

/// Tells the reader when they are looking at the last saved copy because a
/// publisher could not be reached, and how old it is. Shows nothing for a
/// fresh feed.
#[component]
pub fn FreshnessNotice(
    /// The feed's `_newsdesk` block.
    info: Option<FeedInfo>,
    /// Who could not be reached, e.g. "Riverbank news desk" or "Some desks".
    #[prop(into)]
    who: String,
) -> impl IntoView {
    info.filter(|i| i.stale).map(|info| {
        let updated = info
            .refreshed_at
            .as_deref()
            .and_then(newsdesk_feed::parse_rfc3339)
            .map(|t| format!(" Last updated {}.", relative_time(t, now_unix())))
            .unwrap_or_default();
        view! {
            <p class="stale-notice" role="status">
                <strong>"Showing the last saved copy. "</strong>
                {format!("{who} could not be reached just now; newer stories will appear when it is back.{updated}")}
            </p>
        }
    })
}
