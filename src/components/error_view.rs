use leptos::prelude::*;

use crate::error::ApiError;

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
    view! {
        <div class="error-state" role="alert">
            <h2>{error.headline()}</h2>
            <p>{error.to_string()}</p>
            <button class="button" on:click=move |_| on_retry.run(())>"Retry"</button>
        </div>
    }
}
