//! Wall-clock time as the feeds write it: RFC 3339 in UTC with a `Z`.
//!
//! The model crate only parses dates (it does no I/O, so it has no clock);
//! the proxy is the one that stamps and shifts them.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now. A clock set before 1970 reads as 0
/// rather than failing: dates would look old, nothing would break.
pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
///
/// ```
/// assert_eq!(newsdesk_ingest::clock::format_rfc3339(86_400), "1970-01-02T00:00:00Z");
/// ```
pub fn format_rfc3339(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    let (year, month, day) = newsdesk_feed::civil_date(unix);
    if !(0..=9999).contains(&year) {
        return formatted(year, month, day, secs);
    }
    // Years of four digits (every date a feed really carries): each field
    // is two digits, written directly instead of through `format!`'s
    // padding machinery (two dates per item), with the same result.
    let mut out = String::with_capacity(20);
    let mut two = |value: i64, then: Option<char>| {
        for digit in [value / 10 % 10, value % 10] {
            out.push(char::from_digit(u32::try_from(digit).unwrap_or_default(), 10).unwrap_or('0'));
        }
        out.extend(then);
    };
    two(year / 100, None);
    two(year % 100, Some('-'));
    two(month, Some('-'));
    two(day, Some('T'));
    two(secs / 3600, Some(':'));
    two(secs % 3600 / 60, Some(':'));
    two(secs % 60, Some('Z'));
    out
}

/// [`format_rfc3339`] through `format!`, for any year.
fn formatted(year: i64, month: i64, day: i64, secs: i64) -> String {
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_feed::parse_rfc3339;

    #[test]
    fn formats_what_the_model_crate_parses_back() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_795_000_000, "2026-11-18T11:06:40Z"),
            (-1, "1969-12-31T23:59:59Z"),
        ];
        for (unix, text) in cases {
            assert_eq!(format_rfc3339(unix), text);
            assert_eq!(parse_rfc3339(text), Some(unix));
        }
        // The direct writing gives what `format!` gives, for every year.
        for unix in (-400_000_000_000_i64..400_000_000_000).step_by(777_777_777) {
            let secs = unix.rem_euclid(86_400);
            let (year, month, day) = newsdesk_feed::civil_date(unix);
            assert_eq!(
                format_rfc3339(unix),
                formatted(year, month, day, secs),
                "{unix}"
            );
        }
        // A sweep across leap years and month ends.
        for unix in (0..4_000_000_000_i64).step_by(7_777_777) {
            assert_eq!(parse_rfc3339(&format_rfc3339(unix)), Some(unix));
        }
    }
}
