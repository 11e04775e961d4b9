use leptos::prelude::*;

use crate::shell::keyboard::use_shortcuts;
use crate::text::i18n::use_i18n;

/// The keyboard shortcuts, shown with `?` and closed with Escape or the
/// button (which takes focus when it opens).
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let shortcuts = use_shortcuts();
    let i18n = use_i18n();
    let close = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if shortcuts.help_open.get() {
            if let Some(button) = close.get() {
                let _ = button.focus();
            }
        }
    });
    view! {
        <Show when=move || shortcuts.help_open.get()>
            <div class="dialog-backdrop" on:click=move |_| shortcuts.help_open.set(false)></div>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
                <h2 id="shortcuts-title">{move || i18n.t().shortcuts_title}</h2>
                <dl class="shortcut-list">
                    {move || i18n.t().shortcuts.iter().map(|(keys, what)| view! {
                        <dt><kbd>{*keys}</kbd></dt>
                        <dd>{*what}</dd>
                    }).collect_view()}
                </dl>
                <button class="button" node_ref=close on:click=move |_| shortcuts.help_open.set(false)>{move || i18n.t().close}</button>
            </div>
        </Show>
    }
}
