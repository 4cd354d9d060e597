//! What the Markdown stage hands the model: slotted HTML and the facts about a body.

use super::{Heading, LinkTarget};

/// A checked internal link; its index is the slot number in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Where the link points, as written.
    pub target: LinkTarget,
    /// Byte offset of the link in the Markdown body.
    pub offset: usize,
    /// The sentence around the link, for backlinks; only a page's first link to each
    /// page has one.
    pub context: String,
}

/// `[@id]` or `[@id, locator]` in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The source id after `@`.
    pub id: String,
    /// Where in the source, after the comma (`p. 3`), if given.
    pub locator: Option<String>,
    /// Byte offset in the Markdown body.
    pub offset: usize,
}

/// A parsed explainer body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML with `\0h{n}\0` slots (the href of link n).
    pub html: String,
    /// The body's headings, in order.
    pub headings: Vec<Heading>,
    /// Ids of other places a link may point at: definition-list terms, and `id`s written
    /// in raw HTML (`<a id="x"></a>`, as mdBook sources mark old anchors).
    pub anchor_ids: Vec<String>,
    /// Internal links, in order: link n fills slot n of `html`.
    pub links: Vec<Link>,
    /// Every `[@id]` citation, in order.
    pub citations: Vec<Citation>,
    /// Source ids in order of first citation: the reference numbers are index + 1.
    pub cited: Vec<String>,
    /// Words in the body (prose and code), for the reading time.
    pub word_count: usize,
    /// The body as plain text, block after block (headings, paragraphs, list items,
    /// table cells, code): what the search index reads.
    pub text: String,
    /// Plain text before `<!-- more -->`, else of the first paragraph.
    pub summary: Option<String>,
    /// Paragraphs, list items and tables that state a figure without citing anything.
    pub uncited_figures: Vec<UncitedFigure>,
    /// Raw HTML that runs code or embeds another document (warned about).
    pub raw_code: Vec<RawCode>,
    /// `#tags` found in prose (with `[content] inline_tags`), as written without `#`.
    pub inline_tags: Vec<String>,
    /// ```` ```chart ```` blocks, in order: chart n is drawn into the `\0c{n}\0` slot.
    pub charts: Vec<ChartBlock>,
    /// `![[Note]]` embeds, in order: embed n shows the target of link slot
    /// `embeds[n]` in the `\0e{n}\0` slot.
    pub embeds: Vec<usize>,
    /// LaTeX that did not parse (`[content] math`): the problem and its byte offset.
    pub math_errors: Vec<(String, usize)>,
    /// Other generators' template syntax, left out: the first of each kind.
    pub foreign: Vec<super::Foreign>,
    /// Markup that must not be published (errors).
    pub refused: Vec<Refused>,
    /// `http(s)://` link destinations with their byte offsets, for `check --external`.
    pub external: Vec<(String, usize)>,
}

/// A ```` ```chart ```` block: its YAML and where that starts in the body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChartBlock {
    /// The YAML between the fences.
    pub yaml: String,
    /// Byte offset of the YAML (the line after the fence) in the Markdown body.
    pub offset: usize,
}

/// A figure in a block (paragraph, list item or table) that has no citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncitedFigure {
    /// Byte offset of the figure's text in the Markdown body.
    pub offset: usize,
    /// The figure as written (`3%`, `1,200`).
    pub figure: String,
}

/// Raw HTML in a body that runs code or embeds another document: `<script>`, an `on…`
/// handler, `<iframe>`, `<object>`, `<embed>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawCode {
    /// Byte offset of the HTML in the Markdown body.
    pub offset: usize,
    /// What it is, as a warning names it: "`<script>`", "an `onerror` handler".
    pub what: String,
}

/// Markup a build refuses to publish, at a byte offset in the Markdown body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Refused {
    /// A link or image whose URL runs code (`javascript:` and the like), shortened.
    CodeUrl {
        /// Byte offset of the link or image in the Markdown body.
        offset: usize,
        /// The URL, shortened for the message.
        url: String,
    },
    /// Blocks or spans nested deeper than `hazards::MAX_NESTING`.
    TooDeep {
        /// Byte offset of the first block or span nested too deep.
        offset: usize,
    },
}
