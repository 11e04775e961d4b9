//! Routed pages, one per file.

mod article_page;
mod desk_page;
mod feed_page;
mod not_found;
mod saved_page;
mod search_page;
mod sources_page;
mod tag_page;

pub use article_page::ArticlePage;
pub use desk_page::DeskPage;
pub use feed_page::FeedPage;
pub use not_found::NotFound;
pub use saved_page::SavedPage;
pub use search_page::SearchPage;
pub use sources_page::SourcesPage;
pub use tag_page::TagPage;
