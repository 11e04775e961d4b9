//! [`Newsstand`]: the edition readers see now, swapped whole when a new
//! newsroom snapshot arrives (from the refresh loop, or the demo's one).

use std::sync::{Arc, RwLock};

use newsdesk_ingest::refresh::Fetches;
use newsdesk_ingest::sources::{ConfigError, SourcesFile};
use newsdesk_ingest::upstream::Upstream;
use newsdesk_ingest::{Newsroom, Refresher};

use crate::edition::Edition;

/// The newsroom readers see now, with its prepared API bodies (an
/// [`Edition`]); swapped whole after each refresh, so a request reads one
/// consistent snapshot.
#[derive(Debug)]
pub struct Newsstand {
    current: RwLock<Arc<Edition>>,
}

impl Newsstand {
    /// A newsstand showing `newsroom` (its hot pages prepared now).
    pub fn new(newsroom: Newsroom) -> Newsstand {
        Newsstand {
            current: RwLock::new(Arc::new(Edition::new(newsroom, None))),
        }
    }

    /// A newsstand showing `refresher`'s snapshots: the first now, each
    /// later one as soon as a refresh publishes it (its bodies prepared in
    /// the refreshing task, before the refresh returns).
    pub fn follow(refresher: Refresher) -> (Refresher, Arc<Newsstand>) {
        let stand = Arc::new(Newsstand::new(refresher.first_snapshot()));
        let publish_to = Arc::clone(&stand);
        let refresher = refresher.publish_to(move |newsroom| publish_to.replace(newsroom));
        (refresher, stand)
    }

    /// The current snapshot.
    pub fn get(&self) -> Arc<Newsroom> {
        self.edition().newsroom().clone()
    }

    /// The current snapshot with its prepared bodies.
    pub fn edition(&self) -> Arc<Edition> {
        // A poisoned lock means a writer panicked mid-swap of an Arc, which
        // cannot leave it half-written: keep serving.
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Puts out a new snapshot. Its bodies are prepared before the swap
    /// (reusing the current edition's for pages that did not change), so
    /// no reader waits for them.
    pub fn replace(&self, newsroom: Newsroom) {
        let current = self.edition();
        let edition = Arc::new(Edition::new(newsroom, Some(&*current)));
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = edition;
    }
}

/// The refresh loop for the sources of `file`, each fetched by its own
/// [`newsdesk_fetcher::Fetcher`] ([`newsdesk_fetcher::Fetcher::for_source`]:
/// the port its URL names, loopback only in test builds). `media` rewrites
/// images to signed `/api/media` links.
pub fn refresher(
    file: &SourcesFile,
    media: Option<newsdesk_ingest::signer::MediaSigner>,
) -> Result<Refresher, ConfigError> {
    Refresher::new(file, media, |source, fetches| {
        let fetcher = match fetches {
            Fetches::Feed => newsdesk_fetcher::Fetcher::for_source(file, source)?,
            Fetches::Pages => newsdesk_fetcher::Fetcher::for_source_pages(file, source)?,
        };
        Ok(Arc::new(fetcher) as Arc<dyn Upstream>)
    })
}
