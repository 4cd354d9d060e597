//! Dates as front matter and source registries write them: a page's date (a day, an RFC
//! 3339 date-time, or Dendron's milliseconds since 1970) and a source's date as precise
//! as the source gives it (`2024`, `2024-05`, `2024-05-01`).

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};

/// A date from front matter: `2024-05-01`, an RFC 3339 date-time, or a whole number of
/// milliseconds since 1970 (as Dendron writes `created` and `updated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageDate {
    /// The moment it names; midnight UTC for a bare day.
    pub instant: Timestamp,
    /// The day it falls on, in UTC.
    pub day: Date,
}

impl PageDate {
    /// Reads `YYYY-MM-DD` or an RFC 3339 date-time; `None` for anything else.
    pub fn parse(text: &str) -> Option<PageDate> {
        let text = text.trim();
        if let Ok(day) = text.parse::<Date>()
            && text.len() == 10
        {
            let instant = day.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
            return Some(PageDate { instant, day });
        }
        let instant: Timestamp = text.parse().ok()?;
        let day = instant.to_zoned(jiff::tz::TimeZone::UTC).date();
        Some(PageDate { instant, day })
    }
}

impl<'de> Deserialize<'de> for PageDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl serde::de::Visitor<'_> for DateVisitor {
    type Value = PageDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date (YYYY-MM-DD or RFC 3339) or milliseconds since 1970")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<PageDate, E> {
        PageDate::parse(text).ok_or_else(|| {
            E::custom(format!(
                "invalid date `{text}`: use YYYY-MM-DD (2024-05-01) or RFC 3339 (2024-05-01T09:30:00Z)"
            ))
        })
    }

    fn visit_i64<E: serde::de::Error>(self, millis: i64) -> Result<PageDate, E> {
        let instant = Timestamp::from_millisecond(millis).map_err(|_| {
            E::custom(format!(
                "invalid date `{millis}`: too far from 1970 in milliseconds"
            ))
        })?;
        let day = instant.to_zoned(jiff::tz::TimeZone::UTC).date();
        Ok(PageDate { instant, day })
    }

    fn visit_u64<E: serde::de::Error>(self, millis: u64) -> Result<PageDate, E> {
        let millis = i64::try_from(millis).map_err(|_| E::custom(format!("invalid date `{millis}`")))?;
        self.visit_i64(millis)
    }
}

/// A publication date as precise as the source gives it: `2024`, `2024-05` or `2024-05-01`.
/// Ordered as written, which for these three shapes is chronological, a year or month
/// before the days in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct PartialDate(String);

impl PartialDate {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real month or day); `None` otherwise.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let shape_ok = match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0)),
            [_, _, _] => text.parse::<Date>().is_ok(),
            _ => false,
        };
        shape_ok.then(|| PartialDate(text.to_string()))
    }
}

impl PartialDate {
    /// The year, as written (`2024`).
    pub fn year(&self) -> &str {
        self.0.get(..4).unwrap_or(&self.0)
    }

    /// The first day the date may mean: `2024` is 2024-01-01, `2024-02` is 2024-02-01.
    pub fn earliest_day(&self) -> Option<Date> {
        let parts: Vec<i16> = self.0.split('-').filter_map(|p| p.parse().ok()).collect();
        match parts.as_slice() {
            [year] => Date::new(*year, 1, 1).ok(),
            [year, month] => Date::new(*year, i8::try_from(*month).ok()?, 1).ok(),
            _ => self.0.parse().ok(),
        }
    }

    /// The last day the date may mean: `2024` is 2024-12-31, `2024-02` is 2024-02-29.
    pub fn latest_day(&self) -> Option<Date> {
        let parts: Vec<i16> = self.0.split('-').filter_map(|p| p.parse().ok()).collect();
        match parts.as_slice() {
            [year] => Date::new(*year, 12, 31).ok(),
            [year, month] => Date::new(*year, i8::try_from(*month).ok()?, 1)
                .ok()
                .map(|d| d.last_of_month()),
            _ => self.0.parse().ok(),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PartialDateVisitor)
    }
}

/// A date as text, or a bare year as YAML reads `date: 2024` (a number).
struct PartialDateVisitor;

impl serde::de::Visitor<'_> for PartialDateVisitor {
    type Value = PartialDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date: YYYY, YYYY-MM or YYYY-MM-DD")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<PartialDate, E> {
        PartialDate::parse(text)
            .ok_or_else(|| E::custom(format!("invalid date `{text}`: use YYYY, YYYY-MM or YYYY-MM-DD")))
    }

    fn visit_u64<E: serde::de::Error>(self, year: u64) -> Result<PartialDate, E> {
        self.visit_str(&year.to_string())
    }

    fn visit_i64<E: serde::de::Error>(self, year: i64) -> Result<PartialDate, E> {
        self.visit_str(&year.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_accept_days_and_rfc3339() {
        let day = PageDate::parse("2024-05-01").expect("day");
        assert_eq!(day.day.to_string(), "2024-05-01");
        let moment = PageDate::parse("2024-05-01T23:30:00-02:00").expect("rfc3339");
        assert_eq!(moment.day.to_string(), "2024-05-02");
        assert!(PageDate::parse("yesterday").is_none());
        assert!(PageDate::parse("2024-13-01").is_none());
    }

    #[test]
    fn a_partial_date_reaches_to_its_last_day() {
        let last = |text| {
            PartialDate::parse(text)
                .and_then(|d| d.latest_day())
                .map(|d| d.to_string())
        };
        assert_eq!(last("2024").as_deref(), Some("2024-12-31"));
        assert_eq!(last("2024-02").as_deref(), Some("2024-02-29"));
        assert_eq!(last("2025-10-02").as_deref(), Some("2025-10-02"));
    }

    #[test]
    fn partial_dates() {
        assert!(PartialDate::parse("2024").is_some());
        assert!(PartialDate::parse("2024-05").is_some());
        assert!(PartialDate::parse("2024-05-31").is_some());
        assert!(PartialDate::parse("2024-13").is_none());
        assert!(PartialDate::parse("May 2024").is_none());
    }
}
