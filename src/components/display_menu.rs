use leptos::prelude::*;

use crate::preferences::{use_preferences, Theme, TEXT_SIZES};

/// "Display": theme (system, light, dark) and article text size. A
/// `<details>` disclosure, so it opens and closes without script and with
/// the keyboard.
#[component]
pub fn DisplayMenu() -> impl IntoView {
    let preferences = use_preferences();
    let smaller = move |_| preferences.text_size.update(|s| *s = s.saturating_sub(1));
    let larger = move |_| {
        preferences
            .text_size
            .update(|s| *s = (*s + 1).min(TEXT_SIZES.len() - 1))
    };
    // Computed here: a `>` inside the view! macro would end the tag.
    let smallest = move || preferences.text_size.get() == 0;
    let largest = move || preferences.text_size.get() + 1 >= TEXT_SIZES.len();
    view! {
        <details class="display-menu">
            <summary>"Display"</summary>
            <div class="display-panel">
                <fieldset>
                    <legend>"Theme"</legend>
                    {Theme::ALL.into_iter().map(|theme| {
                        let label = match theme {
                            Theme::System => "System",
                            Theme::Light => "Light",
                            Theme::Dark => "Dark",
                        };
                        view! {
                            <label>
                                <input
                                    type="radio"
                                    name="theme"
                                    value=theme.key()
                                    prop:checked=move || preferences.theme.get() == theme
                                    on:change=move |_| preferences.theme.set(theme)
                                />
                                {format!(" {label}")}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <fieldset>
                    <legend>"Article text size"</legend>
                    <button class="size-button" on:click=smaller
                        disabled=smallest
                        aria-label="Smaller text">"A−"</button>
                    <span class="size-label">{move || TEXT_SIZES[preferences.text_size.get()].replace('-', " ")}</span>
                    <button class="size-button" on:click=larger
                        disabled=largest
                        aria-label="Larger text">"A+"</button>
                </fieldset>
            </div>
        </details>
    }
}
