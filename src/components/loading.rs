use leptos::prelude::*;

/// A loading state: a spinner and a line saying what is being fetched.
/// Announced politely to screen readers.
#[component]
pub fn Loading(
    /// What is loading, e.g. "Loading the latest news…".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}
