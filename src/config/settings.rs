//! The tables of `site.toml` below the site's own keys (`[search]`, `[content]`,
//! `[check]`, `[claims]`, `[glossary]`, `[social]`, `[tags.KEY]`, `[authors.ID]`), each with
//! its defaults. Every table refuses keys it does not know.

use serde::{Deserialize, Serialize};

/// One author (`[authors.ID]`): shown in bylines and on `/authors/ID/`.
#[derive(Debug, Clone, Deserialize, Serialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct AuthorSettings {
    /// Their name as bylines show it.
    pub name: String,
    /// What they do (`Legal editor`), shown with their name; optional.
    #[serde(default)]
    pub role: Option<String>,
    /// A page of their own elsewhere.
    #[serde(default)]
    pub url: Option<String>,
}

/// Full-text search (Pagefind), on by default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    /// Build the search index (default `true`; `build --no-search` turns it off).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// At most this many explainers go into one Pagefind index; a larger site gets
    /// several, built side by side, which the search page merges (`search::Shards`).
    #[serde(default = "pages_per_index")]
    pub pages_per_index: std::num::NonZeroUsize,
}

fn pages_per_index() -> std::num::NonZeroUsize {
    std::num::NonZeroUsize::new(2500).expect("not zero")
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings {
            enabled: true,
            pages_per_index: pages_per_index(),
        }
    }
}

/// The glossary (`content/_glossary.yaml`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GlossarySettings {
    /// Link the first use of each term in a page's prose to its entry.
    #[serde(default)]
    pub autolink: bool,
}

/// How pages look when shared.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SocialSettings {
    /// Draw a social card (`og:image`, 1200×630 PNG) for each explainer and the home page.
    /// Off by default: each card costs a few milliseconds of the build.
    #[serde(default)]
    pub cards: bool,
}

/// Checked claims (`claims:` in front matter).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimSettings {
    /// The words a claim may be rated with, best first (schema.org's `ratingValue` counts
    /// down from the first).
    #[serde(default = "default_ratings")]
    pub ratings: Vec<String>,
}

impl Default for ClaimSettings {
    fn default() -> Self {
        ClaimSettings {
            ratings: default_ratings(),
        }
    }
}

fn default_ratings() -> Vec<String> {
    ["Accurate", "Misleading", "Unsupported", "False"]
        .map(String::from)
        .to_vec()
}

/// What to do with a front-matter key briefing does not know (`[content] unknown_keys`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownKeys {
    /// Refuse the page (the default: a typo never goes unnoticed).
    #[default]
    Error,
    /// Keep the page, warn, and drop the key.
    Warn,
    /// Keep the key's value under `page.extra`, silently.
    Extra,
}

/// Which side of the `|` in `[[a|b]]` names the target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WikilinkOrder {
    /// `[[target|label]]`, as Obsidian, Foam and briefing write them.
    #[default]
    Obsidian,
    /// `[[label|target]]`, as Dendron writes them.
    Dendron,
    /// No wikilinks: `[[x]]` is text (Hugo, Jekyll and mdBook content, where it is often
    /// a TOML table name).
    None,
}

/// How content written for other tools is read.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContentSettings {
    /// Front-matter keys briefing does not know: `error` (default), `warn`, or `extra`
    /// (kept as `page.extra`).
    #[serde(default)]
    pub unknown_keys: UnknownKeys,
    /// How heading ids are spelled: `briefing` (default) or `github`.
    #[serde(default)]
    pub heading_ids: crate::paths::HeadingIds,
    /// Which side of `[[a|b]]` is the target: `obsidian` (default, `[[target|label]]`)
    /// or `dendron` (`[[label|target]]`).
    #[serde(default)]
    pub wikilinks: WikilinkOrder,
    /// `#tags` in prose are tags of the page (as in Obsidian).
    #[serde(default)]
    pub inline_tags: bool,
    /// `$…$` and `$$…$$` are LaTeX math, rendered as MathML (off by default: on a site
    /// that writes dollar amounts, `$` is money).
    #[serde(default)]
    pub math: bool,
    /// A page without `updated:` is dated by the last git commit that touched it.
    #[serde(default)]
    pub dates_from_git: bool,
}

/// Switches for the optional rules of `briefing check`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Warn about figures in a paragraph or table that cites no source.
    #[serde(default = "yes")]
    pub unsourced_figures: bool,
    /// Warn when the newest source an explainer cites is older than this many days
    /// (unless the page is `evergreen: true`).
    #[serde(default = "default_stale_source_days")]
    pub stale_source_days: i64,
    /// Warn about explainers never reviewed or overdue (sites without review dates
    /// switch it off).
    #[serde(default = "yes")]
    pub review: bool,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            unsourced_figures: true,
            stale_source_days: default_stale_source_days(),
            review: true,
        }
    }
}

fn default_stale_source_days() -> i64 {
    365
}

fn yes() -> bool {
    true
}

/// How one tag is shown: `[tags.SLUG]` in site.toml.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TagSettings {
    /// The tag's display name; without it, the spelling pages use most often.
    pub name: Option<String>,
    /// A line about the tag for its page (empty by default).
    #[serde(default)]
    pub description: String,
}
