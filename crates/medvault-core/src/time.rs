//! Timestamps: Unix milliseconds in storage, ISO 8601 (UTC) for people.

use crate::{Error, Result};

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

/// `2026-11-25T21:18:59Z` for a Unix-millisecond timestamp.
pub fn format_iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// Parses `YYYY-MM-DD` (midnight UTC) into Unix milliseconds.
pub fn parse_date(s: &str) -> Result<i64> {
    let bad = || Error::Invalid(format!("'{s}' is not a date; use YYYY-MM-DD"));
    let parts: Vec<&str> = s.trim().split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let (y, m, d): (i64, i64, i64) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    date_ms(y, m, d).ok_or_else(bad)
}

/// Unix milliseconds at midnight UTC of `y-m-d`, or `None` when there is no such day.
pub fn date_ms(y: i64, m: i64, d: i64) -> Option<i64> {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days_in_month = [31, 28 + leap as i64, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month[(m - 1) as usize] {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400_000)
}

/// The calendar year (UTC) of a Unix-millisecond timestamp.
pub fn year_of(ms: i64) -> i64 {
    civil_from_days(ms.div_euclid(86_400_000)).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates_round_trip() {
        assert_eq!(format_iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(parse_date("2000-03-01").unwrap(), 951_868_800_000);
        assert_eq!(
            format_iso(parse_date("2024-02-29").unwrap() + 3_723_000),
            "2024-02-29T01:02:03Z"
        );
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("yesterday").is_err());
    }
}
