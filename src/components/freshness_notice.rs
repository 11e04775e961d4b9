use leptos::prelude::*;
use newsdesk_feed::FeedInfo;

use crate::text::format::now_unix;
use crate::text::i18n::use_i18n;

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
    let i18n = use_i18n();
    info.filter(|i| i.stale).map(|info| {
        let refreshed = info
            .refreshed_at
            .as_deref()
            .and_then(newsdesk_feed::parse_rfc3339);
        view! {
            <p class="stale-notice" role="status">
                <strong>{move || i18n.t().stale_title}</strong>
                {move || {
                    let updated = refreshed
                        .map(|t| format!(" ({} {})", i18n.w().updated, i18n.language().relative_time(t, now_unix())))
                        .unwrap_or_default();
                    format!("{who} {}{updated}", i18n.t().stale_body)
                }}
            </p>
        }
    })
}
