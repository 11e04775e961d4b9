use leptos::prelude::*;

use crate::state::preferences::{use_preferences, Theme, TEXT_SIZES};
use crate::text::i18n::use_i18n;
use crate::text::i18n::Language;

/// "Display": theme (system, light, dark) and article text size. A
/// `<details>` disclosure, so it opens and closes without script and with
/// the keyboard.
#[component]
pub fn DisplayMenu() -> impl IntoView {
    let preferences = use_preferences();
    let i18n = use_i18n();
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
            <summary>{move || i18n.w().display}</summary>
            <div class="display-panel">
                <fieldset>
                    <legend>{move || i18n.t().theme}</legend>
                    {Theme::ALL.into_iter().map(|theme| {
                        let label = move || match theme {
                            Theme::System => i18n.t().system,
                            Theme::Light => i18n.t().light,
                            Theme::Dark => i18n.t().dark,
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
                                " "{label}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t().text_size}</legend>
                    <button class="size-button" on:click=smaller
                        disabled=smallest
                        aria-label=move || i18n.t().smaller>"A−"</button>
                    <span class="size-label">{move || TEXT_SIZES[preferences.text_size.get()].replace('-', " ")}</span>
                    <button class="size-button" on:click=larger
                        disabled=largest
                        aria-label=move || i18n.t().larger>"A+"</button>
                </fieldset>
                <label class="scroll-toggle">
                    <input
                        type="checkbox"
                        prop:checked=move || preferences.load_on_scroll.get()
                        on:change=move |ev| preferences.load_on_scroll.set(event_target_checked(&ev))
                    />
                    <span>{move || i18n.t().load_on_scroll}</span>
                </label>
                <fieldset>
                    <legend>{move || i18n.t().language}</legend>
                    {Language::ALL.into_iter().map(|language| view! {
                        <label lang=language.tag()>
                            <input
                                type="radio"
                                name="language"
                                value=language.tag()
                                prop:checked=move || i18n.language() == language
                                on:change=move |_| i18n.0.set(language)
                            />
                            {format!(" {}", language.name())}
                        </label>
                    }).collect_view()}
                </fieldset>
            </div>
        </details>
    }
}
