//! Dates and reading time as a reader sees them.

/// "N min read", as on the model page. `minutes` is never shown as 0.
pub fn reading_time(minutes: u32) -> String {
    format!("{} min read", minutes.max(1))
}

/// A short relative time such as "just now", "5 min ago", "3 h ago",
/// "yesterday", "4 days ago"; older than a week (or in the future by more
/// than a few minutes, i.e. a wrong clock) falls back to the date.
pub fn relative_time(then_unix: i64, now_unix: i64) -> String {
    let ago = now_unix - then_unix;
    match ago {
        i64::MIN..=-300 => short_date(then_unix),
        -299..=59 => "just now".to_string(),
        60..=3_599 => format!("{} min ago", ago / 60),
        3_600..=86_399 => format!("{} h ago", ago / 3_600),
        86_400..=172_799 => "yesterday".to_string(),
        172_800..=604_799 => format!("{} days ago", ago / 86_400),
        _ => short_date(then_unix),
    }
}

// "20 Nov 2026" and the date's parts, in UTC: the model crate's, shared
// with the proxy's first paint.
pub use newsdesk_feed::{civil_date, short_date};

/// Seconds since the epoch, now, from the browser's clock.
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_naturally() {
        let now = 1_764_000_000;
        let cases = [
            (now, "just now"),
            (now - 59, "just now"),
            (now - 60, "1 min ago"),
            (now - 3_599, "59 min ago"),
            (now - 3_600, "1 h ago"),
            (now - 86_399, "23 h ago"),
            (now - 86_400, "yesterday"),
            (now - 3 * 86_400, "3 days ago"),
        ];
        for (then, want) in cases {
            assert_eq!(relative_time(then, now), want, "{} s ago", now - then);
        }
        assert_eq!(
            relative_time(now - 30 * 86_400, now),
            short_date(now - 30 * 86_400)
        );
    }

    #[test]
    fn dates_match_the_calendar() {
        // 2026-11-20T08:15:00Z, computed with Python's datetime.
        assert_eq!(short_date(1_795_162_500), "20 Nov 2026");
        assert_eq!(short_date(0), "1 Jan 1970");
        // Leap day 2024-02-29T00:00:00Z.
        assert_eq!(short_date(1_709_164_800), "29 Feb 2024");
    }

    #[test]
    fn reading_time_is_never_zero() {
        assert_eq!(reading_time(0), "1 min read");
        assert_eq!(reading_time(7), "7 min read");
    }
}
