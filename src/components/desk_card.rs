use crate::api;
use crate::text::i18n::use_i18n;
use leptos::prelude::*;
use newsdesk_feed::Author;

/// The news-desk card: avatar, the desk's name, its bio, an email link and
/// "Read more" to everything the desk wrote.
#[component]
pub fn DeskCard(
    /// The desk (a JSON Feed author with the `_newsdesk` extension).
    desk: Author,
    /// Whether to show the "Read more" link (hidden on the desk's own page).
    #[prop(default = true)]
    read_more: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = desk.name.clone().unwrap_or_else(|| "News desk".to_string());
    let read_more_href = desk
        .desk_id()
        .filter(|_| read_more)
        .map(|id| format!("/desk/{id}"));
    view! {
        <aside class="desk-card" aria-label=format!("About {name}")>
            {desk.avatar.clone().map(|src| view! {
                <img class="avatar" src=api::resolve(&src) alt="" width="64" height="64"/>
            })}
            <div class="desk-card-text">
                <h2 class="desk-name">{name.clone()}</h2>
                {desk.bio().map(|bio| view! { <p class="desk-bio">{bio.to_string()}</p> })}
                <p class="desk-links">
                    {desk.email().map(|email| view! {
                        <a class="desk-email" href=format!("mailto:{email}")>{email.to_string()}</a>
                    })}
                    {read_more_href.map(|href| view! {
                        <a class="read-more" href=href>{move || i18n.t().read_more}<span class="visually-hidden">{format!(" from {name}")}</span></a>
                    })}
                </p>
            </div>
        </aside>
    }
}
