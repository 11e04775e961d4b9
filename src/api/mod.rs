//! Everything the app asks its proxy, and what can go wrong: the only code
//! that talks HTTP (`client`), the proxy's paths (`paths`), and the errors
//! a reader sees (`error`).

mod client;
mod error;

pub use client::*;
pub use error::ApiError;
