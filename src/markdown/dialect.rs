//! How a site's Markdown is read: heading-id spelling, which side of a wikilink's `|` is
//! the target (or no wikilinks at all), inline `#tags`, math, and the pulldown-cmark options
//! that follow from them. Built from `[content]` in site.toml.

use pulldown_cmark::Options;

use crate::config::ContentSettings;
pub use crate::config::WikilinkOrder;
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

impl From<&ContentSettings> for Dialect {
    fn from(content: &ContentSettings) -> Dialect {
        let ContentSettings {
            unknown_keys: _,
            heading_ids,
            wikilinks,
            inline_tags,
            math,
            dates_from_git: _,
        } = *content;
        Dialect {
            heading_ids,
            wikilinks,
            inline_tags,
            math,
        }
    }
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
