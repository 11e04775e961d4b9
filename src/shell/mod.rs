//! The frame around the pages: the router, the document title, the hand-over
//! from the proxy's first paint, and keyboard shortcuts.

pub mod hand_over;
pub mod keyboard;
pub mod router;
pub mod title;
