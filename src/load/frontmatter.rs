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

/// A page's front matter: the keys written between its `---` lines.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// From the front matter, else the body's first `# heading`, else the file name.
    #[serde(default, deserialize_with = "text_or_number")]
    pub title: String,
    /// A sentence or two for listings and search; without it, the body's own summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// When the page was first published.
    #[serde(default)]
    pub date: Option<PageDate>,
    /// The last substantive change (without it, with `[content] dates_from_git`, the last commit).
    #[serde(default)]
    pub updated: Option<PageDate>,
    /// The day every fact was last checked against its sources.
    #[serde(default)]
    pub reviewed: Option<PageDate>,
    /// The page's tags: one, or a list of at most `MAX_TAGS`.
    #[serde(default, deserialize_with = "tag_list")]
    pub tags: Vec<String>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Old URLs that redirect here (with a leading `/`), or other names for wikilinks (without).
    #[serde(default, deserialize_with = "one_or_many")]
    pub aliases: Vec<String>,
    /// Replaces the file name as the last segment of the page's URL.
    #[serde(default)]
    pub slug: Option<String>,
    /// Order in a section listing: lowest first, pages without one after.
    #[serde(default)]
    pub weight: Option<i64>,
    /// The template to render the page with, instead of the one for its kind.
    #[serde(default)]
    pub template: Option<String>,
    /// Free values for themes (`page.extra`), and unknown keys under `unknown_keys = "extra"`.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Pages (content paths or wikilink names) pinned first among related explainers.
    #[serde(default, deserialize_with = "one_or_many")]
    pub related: Vec<String>,
    /// Sources the page declares, citable as `[@id]` from any page.
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
    /// What was wrong, as the notice on the page says it.
    pub text: String,
}

/// A claim someone made and the page checks (`claims:` in front matter).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimDecl {
    /// The words as said or written.
    pub claim: String,
    /// Who made the claim.
    pub claimant: String,
    /// When the claim was made.
    pub date: PartialDate,
    /// One of `[claims] ratings` in site.toml.
    pub rating: String,
    /// What the evidence shows, in a sentence or two.
    pub summary: String,
    /// Ids of the sources for the evidence: one or a list (optional).
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
    /// When it happened: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: PartialDate,
    /// What happened.
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
    /// The id citations use (`[@id]`), unique across the site.
    pub id: String,
    /// The source's title.
    pub title: String,
    /// Who published it.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Where it can be read.
    #[serde(default)]
    pub url: Option<String>,
    /// When it was published, as precise as it says: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// When it was last consulted.
    #[serde(default)]
    pub accessed: Option<PartialDate>,
    /// What sort of source it is (default `other`).
    #[serde(default)]
    pub kind: SourceKind,
}

/// What sort of document a source is (`kind:`, in lower case); `/sources/` groups by it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A law or regulation ("Laws").
    Law,
    /// A treaty ("Treaties").
    Treaty,
    /// A data set or statistics ("Data").
    Data,
    /// A report ("Reports").
    Report,
    /// A news article ("News").
    News,
    /// A statement someone made, such as a speech or press release ("Statements").
    Statement,
    /// Anything else, and the default ("Other sources").
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
