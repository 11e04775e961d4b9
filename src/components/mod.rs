//! Reusable view pieces, one component per file.

mod article_view;
mod desk_card;
mod desk_list;
mod display_menu;
mod error_view;
mod feed_stream;
mod freshness_notice;
mod loading;
mod share_button;
mod shortcuts_help;
mod site_header;
mod status_banners;
pub mod story_list;
mod video_card;
pub mod video_facade;
mod video_section;

pub use article_view::ArticleView;
pub use desk_card::DeskCard;
pub use desk_list::DeskList;
pub use display_menu::DisplayMenu;
pub use error_view::ErrorView;
pub use feed_stream::FeedStream;
pub use freshness_notice::FreshnessNotice;
pub use loading::Loading;
pub use shortcuts_help::ShortcutsHelp;
pub use site_header::SiteHeader;
pub use status_banners::StatusBanners;
pub use story_list::ItemList;
pub use video_card::VideoCard;
pub use video_section::VideoSection;
