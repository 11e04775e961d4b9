use leptos::prelude::*;

use crate::keyboard::{use_shortcuts, SHORTCUTS};

/// The keyboard shortcuts, shown with `?` and closed with Escape or the
/// button (which takes focus when it opens).
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let shortcuts = use_shortcuts();
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
                <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                <dl class="shortcut-list">
                    {SHORTCUTS.iter().map(|(keys, what)| view! {
                        <dt><kbd>{*keys}</kbd></dt>
                        <dd>{*what}</dd>
                    }).collect_view()}
                </dl>
                <button class="button" node_ref=close on:click=move |_| shortcuts.help_open.set(false)>"Close"</button>
            </div>
        </Show>
    }
}
