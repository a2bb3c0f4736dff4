//! Dates of the proleptic Gregorian calendar as days since 1970-01-01 (UTC), with Howard
//! Hinnant's `days_from_civil` and `civil_from_days`. One copy for the certificate reader, the
//! widgets' date inputs and their time stamps.

/// Days since 1970-01-01 of a date (year, month 1–12, day 1–31).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date (year, month, day) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// `YYYY-MM-DD` (UTC) of an epoch time in seconds: the format of a date input, and unambiguous
/// in any locale.
pub fn date_text(epoch_seconds: i64) -> String {
    let (year, month, day) = civil_from_days(epoch_seconds.div_euclid(DAY));
    format!("{year:04}-{month:02}-{day:02}")
}

/// `YYYY-MM-DD HH:MM UTC` of an epoch time in seconds: when something happened, to the minute.
pub fn minute_text(epoch_seconds: i64) -> String {
    let seconds_of_day = epoch_seconds.rem_euclid(DAY);
    format!(
        "{} {:02}:{:02} UTC",
        date_text(epoch_seconds),
        seconds_of_day / 3_600,
        seconds_of_day % 3_600 / 60
    )
}

/// `YYYY-MM-DD HH:MM:SS UTC` of an epoch time in seconds: when something happened, to the
/// second (clock skew shows).
pub fn second_text(epoch_seconds: i64) -> String {
    let seconds_of_day = epoch_seconds.rem_euclid(DAY);
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        date_text(epoch_seconds),
        seconds_of_day / 3_600,
        seconds_of_day % 3_600 / 60,
        seconds_of_day % 60
    )
}

/// The start (00:00 UTC, epoch seconds) of a `YYYY-MM-DD` date; `None` when it is not a real
/// date.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    let days = days_from_civil(year, month, day);
    // Refuses 2025-02-30 and the like: the date must come back unchanged.
    (civil_from_days(days) == (year, month, day)).then_some(days * DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_become_epoch_days_and_back() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2038, 1, 19), 24_855);
        for days in [-1, 0, 59, 11_016, 11_017, 24_855, 100_000] {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
        assert_eq!(date_text(11_017 * DAY), "2000-03-01");
        assert_eq!(date_text(11_017 * DAY + DAY - 1), "2000-03-01");
        assert_eq!(parse_date(" 2000-03-01 "), Some(11_017 * DAY));
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("2025-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn epoch_seconds_become_utc_dates_and_back() {
        assert_eq!(date_text(0), "1970-01-01");
        assert_eq!(date_text(1_750_000_000), "2025-06-15");
        assert_eq!(date_text(951_782_400), "2000-02-29");
        assert_eq!(date_text(4_102_444_799), "2099-12-31");
        assert_eq!(parse_date("2000-02-29"), Some(951_782_400));
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("2025-13-01"), None);
        assert_eq!(parse_date("soon"), None);
        assert_eq!(minute_text(1_764_711_000), "2025-12-02 21:30 UTC");
        assert_eq!(second_text(1_764_711_009), "2025-12-02 21:30:09 UTC");
    }
}
