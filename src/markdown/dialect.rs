//! How a site's Markdown is read: heading-id spelling, which side of a wikilink's `|` is
//! the target (or no wikilinks at all), inline `#tags`, math, and the pulldown-cmark options
//! that follow from them. Built from `[content]` in site.toml.

use pulldown_cmark::Options;

use crate::paths::HeadingIds;

/// How a site's Markdown is read (`[content]` in site.toml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dialect {
    /// How heading ids are spelled.
    pub heading_ids: HeadingIds,
    /// Which side of `[[a|b]]` is the target, or no wikilinks at all.
    pub wikilinks: WikilinkOrder,
    /// `#tags` in prose are tags of the page.
    pub inline_tags: bool,
    /// `$…$` and `$$…$$` are LaTeX math.
    pub math: bool,
}

/// Which side of the `|` in `[[a|b]]` names the target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
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

/// The parser's options for a site's wikilink and math settings.
pub(super) fn options(wikilinks: WikilinkOrder, math: bool) -> Options {
    let wikilinks = match wikilinks {
        WikilinkOrder::None => Options::empty(),
        WikilinkOrder::Obsidian | WikilinkOrder::Dendron => Options::ENABLE_WIKILINKS,
    };
    let math = if math {
        Options::ENABLE_MATH
    } else {
        Options::empty()
    };
    wikilinks
        | math
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}
