//! The stream the reader last looked at (News Feed, a desk, a topic), so
//! an article can offer the previous and next story in it.

use leptos::prelude::*;

/// A story in a stream: its id and headline.
pub type StreamEntry = (String, String);

/// The ids and headlines of the last stream shown, in order.
#[derive(Debug, Clone, Copy)]
pub struct CurrentStream(pub RwSignal<Vec<StreamEntry>>);

impl CurrentStream {
    /// Provides an empty stream as context.
    pub fn provide() -> CurrentStream {
        let stream = CurrentStream(RwSignal::new(Vec::new()));
        provide_context(stream);
        stream
    }

    /// The stories before and after `id` in the stream, if it is in it.
    pub fn neighbours(&self, id: &str) -> (Option<StreamEntry>, Option<StreamEntry>) {
        self.0.with(|stories| {
            let Some(at) = stories.iter().position(|(s, _)| s == id) else {
                return (None, None);
            };
            let before = at.checked_sub(1).and_then(|i| stories.get(i)).cloned();
            (before, stories.get(at + 1).cloned())
        })
    }
}

/// The app's [`CurrentStream`], if there is one.
pub fn use_current_stream() -> Option<CurrentStream> {
    use_context::<CurrentStream>()
}
