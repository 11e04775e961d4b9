//! Routed pages, one per file.

mod article_page;
mod desk_page;
mod feed_page;
mod not_found;
mod saved_page;

pub use article_page::ArticlePage;
pub use desk_page::DeskPage;
pub use feed_page::FeedPage;
pub use not_found::NotFound;
pub use saved_page::SavedPage;
