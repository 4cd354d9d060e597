//! The typed front matter of an explainer and of `_sources.yaml` entries. Deserialization
//! rules live here; the YAML parser itself is confined to `load::yaml`.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};

/// Every key a page's front matter may have; used for "did you mean" hints.
pub const KEYS: &[&str] = &[
    "title",
    "summary",
    "date",
    "updated",
    "reviewed",
    "tags",
    "draft",
    "aliases",
    "slug",
    "weight",
    "template",
    "extra",
    "related",
    "sources",
    "evergreen",
    "events",
    "claims",
    "authors",
    "corrections",
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// From the front matter, else the body's first `# heading`, else the file name.
    #[serde(default, deserialize_with = "text_or_number")]
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub date: Option<PageDate>,
    #[serde(default)]
    pub updated: Option<PageDate>,
    #[serde(default)]
    pub reviewed: Option<PageDate>,
    #[serde(default, deserialize_with = "tag_list")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default, deserialize_with = "one_or_many")]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Pages (content paths or wikilink names) pinned first among related explainers.
    #[serde(default, deserialize_with = "one_or_many")]
    pub related: Vec<String>,
    #[serde(default)]
    pub sources: Vec<SourceDecl>,
    /// The subject does not change with the news (a statute, a treaty): old sources are
    /// no reason to look for newer ones.
    #[serde(default)]
    pub evergreen: bool,
    /// Dated events of the page's story, merged into `/timeline/`.
    #[serde(default)]
    pub events: Vec<EventDecl>,
    /// Claims the page checks, each rated.
    #[serde(default)]
    pub claims: Vec<ClaimDecl>,
    /// Ids of `[authors.ID]` in site.toml: the byline.
    #[serde(default, deserialize_with = "one_or_many")]
    pub authors: Vec<String>,
    /// What was wrong in an earlier version, and when it was put right.
    #[serde(default)]
    pub corrections: Vec<CorrectionDecl>,
}

/// A correction (`corrections:` in front matter).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionDecl {
    /// The day the correction was made.
    pub date: PageDate,
    pub text: String,
}

/// A claim someone made and the page checks (`claims:` in front matter).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimDecl {
    /// The words as said or written.
    pub claim: String,
    pub claimant: String,
    /// When the claim was made.
    pub date: PartialDate,
    /// One of `[claims] ratings` in site.toml.
    pub rating: String,
    /// What the evidence shows, in a sentence or two.
    pub summary: String,
    #[serde(default, deserialize_with = "one_or_many")]
    pub sources: Vec<String>,
    /// The language of the claim's words when it is not the site's (`es`).
    #[serde(default)]
    pub lang: Option<String>,
}

/// One dated event (`events:` in front matter): when, what, and the sources saying so.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDecl {
    pub date: PartialDate,
    pub text: String,
    /// A source id, or a list of them.
    #[serde(default, deserialize_with = "one_or_many")]
    pub source: Vec<String>,
}

/// A date from front matter: `2024-05-01`, an RFC 3339 date-time, or a whole number of
/// milliseconds since 1970 (as Dendron writes `created` and `updated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageDate {
    pub instant: Timestamp,
    pub day: Date,
}

impl PageDate {
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

/// A title written as a number (`title: 2022.01`, a Dendron journal note) is its text.
fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(TextOrNumber)
}

struct TextOrNumber;

impl serde::de::Visitor<'_> for TextOrNumber {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }
}

/// One source a page or the site declares, cited as `[@id]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDecl {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub accessed: Option<PartialDate>,
    #[serde(default)]
    pub kind: SourceKind,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Law,
    Treaty,
    Data,
    Report,
    News,
    Statement,
    #[default]
    Other,
}

/// A publication date as precise as the source gives it: `2024`, `2024-05` or `2024-05-01`.
/// Ordered as written, which for these three shapes is chronological, a year or month
/// before the days in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct PartialDate(String);

impl PartialDate {
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

/// Tags one page may have. Every tag is a page and a feed of its own, so a page with
/// 100,000 tags would write 200,000 files; a hundred is far beyond any real use.
pub const MAX_TAGS: usize = 100;

/// Accepts `tags: war-powers` as well as `tags: [war-powers, congress]`. A visitor (not an
/// untagged enum) so a wrong type is reported at its position with the field name.
fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    deserializer.deserialize_any(OneOrMany { limit: usize::MAX })
}

/// `one_or_many`, refusing a list longer than `MAX_TAGS` at the first tag too many.
fn tag_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    deserializer.deserialize_any(OneOrMany { limit: MAX_TAGS })
}

struct OneOrMany {
    limit: usize,
}

impl<'de> serde::de::Visitor<'de> for OneOrMany {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a list of strings")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(vec![value.to_string()])
    }

    /// `tags:` with nothing after it: none.
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            if items.len() == self.limit {
                return Err(serde::de::Error::custom(format!(
                    "more than {} tags on one page; keep the few that say what the page is about",
                    self.limit
                )));
            }
            items.push(item);
        }
        Ok(items)
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
