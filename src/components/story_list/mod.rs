//! A list of stories: the list itself ([`ItemList`]), the row it draws for
//! each story (`row`), and the relay that keeps every drawn row's read,
//! saved and language marks up to date (`relay`). One unit: the list owns
//! one record per row.

mod list;
pub mod relay;
pub(crate) mod row;

pub use list::ItemList;
