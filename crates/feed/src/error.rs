use std::fmt;

/// Why a document is not a usable JSON Feed. The message says what is wrong
/// in words an operator can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedError {
    /// Not JSON, or JSON of the wrong shape.
    Syntax(String),
    /// A field the spec requires is absent or empty.
    MissingField(&'static str),
    /// `version` is not a JSON Feed version URL this crate reads.
    UnknownVersion(String),
    /// An item breaks the spec.
    InvalidItem {
        /// 0-based position of the item in `items`.
        index: usize,
        /// The item's id as given (may be empty).
        id: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeedError::Syntax(e) => write!(f, "not a JSON Feed document: {e}"),
            FeedError::MissingField(name) => write!(f, "the feed has no `{name}`"),
            FeedError::UnknownVersion(v) => {
                write!(f, "unknown JSON Feed version {v:?} (expected 1.0 or 1.1)")
            }
            FeedError::InvalidItem { index, id, reason } if id.is_empty() => {
                write!(f, "item {} {reason}", index + 1)
            }
            FeedError::InvalidItem { index, id, reason } => {
                write!(f, "item {} (id {id:?}) {reason}", index + 1)
            }
        }
    }
}

impl std::error::Error for FeedError {}
