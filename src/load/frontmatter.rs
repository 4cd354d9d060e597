//! The typed front matter of an explainer and of `_sources.yaml` entries. Deserialization
//! rules live here; the YAML parser itself is confined to `load::yaml`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::dates::{PageDate, PartialDate};

/// Every key a page's front matter may have; used for "did you mean" hints.
pub(super) const KEYS: &[&str] = &[
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

/// Tags one page may have. Every tag is a page and a feed of its own, so a page with
/// 100,000 tags would write 200,000 files; a hundred is far beyond any real use.
pub(super) const MAX_TAGS: usize = 100;

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
