use leptos::prelude::*;

use crate::api::ApiError;
use crate::text::i18n::{use_i18n, Interface};

/// The error state of a fetch: what failed, what to do, and a Retry button.
///
/// Pages match on their resource's `Result` and show this for `Err`
/// (see ARCHITECTURE.md, "Choices", for why not an `<ErrorBoundary>`).
#[component]
pub fn ErrorView(
    /// What went wrong.
    error: ApiError,
    /// Called when the reader presses Retry.
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = error.clone();
    view! {
        <div class="error-state" role="alert">
            <h2>{move || i18n.language().error_headline(&error)}</h2>
            <p>{move || i18n.language().error_message(&message)}</p>
            <button class="button" on:click=move |_| on_retry.run(())>{move || i18n.t().retry}</button>
        </div>
    }
}
