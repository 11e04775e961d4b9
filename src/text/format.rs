//! The reader's clock. Dates and reading times are written by
//! [`Language`](newsdesk_page::Language) (`newsdesk_page`), the same for the
//! app and the proxy's first paint.

/// Seconds since the epoch, now, from the browser's clock.
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}
