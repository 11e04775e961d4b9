use leptos::error::Errors;
use leptos::prelude::*;

use crate::error::ApiError;

/// The error state of a fetch: what failed, what to do, and a Retry button.
///
/// Used as the fallback of an `<ErrorBoundary>`; `on_retry` refetches.
#[component]
pub fn ErrorView(
    /// The errors caught by the boundary.
    errors: ArcRwSignal<Errors>,
    /// Called when the reader presses Retry.
    on_retry: Callback<()>,
) -> impl IntoView {
    let message = Memo::new(move |_| {
        errors
            .get()
            .into_iter()
            .next()
            .map(|(_, e)| match e.downcast_ref::<ApiError>() {
                Some(api) => (api.headline().to_string(), api.to_string()),
                None => ("Something went wrong".to_string(), e.to_string()),
            })
            .unwrap_or_default()
    });
    view! {
        <div class="error-state" role="alert">
            <h2>{move || message.get().0}</h2>
            <p>{move || message.get().1}</p>
            <button class="button" on:click=move |_| on_retry.run(())>"Retry"</button>
        </div>
    }
}
