//! What is tracked while one body is read: the open heading, link, image, quote,
//! code block and paragraph, the ids and citations given out so far, and the events
//! waiting to be written.

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::Event;

use super::heading_html::OpenHeading;
use super::headings::IdAllocator;
use super::{Dialect, LinkTarget, MORE, Rendered, WikilinkOrder, callouts, code, embeds, hazards, slots};
use crate::glossary::Glossary;
use crate::paths::HeadingIds;

/// A block the unsourced-figure rule looks at as one unit.
#[derive(Debug, Default)]
pub(super) struct FigureBlock {
    pub(super) figure: Option<(usize, String)>,
    pub(super) cited: bool,
}

/// How the events of the current link are handled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum OpenLink {
    /// Not ours: passed through unchanged.
    External,
    /// An internal link we opened as raw HTML. A wikilink without a label shows its
    /// target as typed, its heading after `>` as Obsidian shows it (`Note > Heading`).
    /// `from_image`: opened by `![[Note]]` inside a line, so the image's end closes it.
    Internal { bare_wikilink: bool, from_image: bool },
    /// A citation, already written out in full: everything up to its end is dropped.
    Citation,
}

pub(super) struct State<'a> {
    /// The body being read (a callout's marker and a term's id are read from it).
    pub(super) source: &'a str,
    /// Events ready to be written.
    pub(super) out: VecDeque<Event<'a>>,
    pub(super) rendered: Rendered,
    pub(super) ids: IdAllocator,
    /// How heading ids are spelled, also for `[[#Heading]]`.
    pub(super) heading_ids: HeadingIds,
    /// Whether `#tags` in prose are read as tags.
    pub(super) inline_tags: bool,
    pub(super) heading: Option<OpenHeading<'a>>,
    /// Plain text of the current paragraph, list item or cell, with links waiting for it.
    /// Its words are counted when it is cleared, so a word split by markup or a curly
    /// quote (`don’t`) counts once.
    pub(super) block_text: String,
    pub(super) block_links: Vec<(usize, usize)>,
    /// Pages linked so far (anchors aside). Only a page's first link gets a context
    /// sentence: backlinks show no other, and a page of a million links stays cheap.
    pub(super) linked_pages: HashSet<LinkTarget>,
    /// The link being read, if any.
    pub(super) link: Option<OpenLink>,
    pub(super) citation_numbers: HashMap<String, usize>,
    pub(super) citation_counts: Vec<usize>,
    pub(super) more_text: Option<String>,
    /// Open paragraphs, list items and tables, innermost last.
    pub(super) figure_blocks: Vec<FigureBlock>,
    /// The first paragraph's text, kept in case `<!-- more -->` never appears outside code.
    pub(super) first_paragraph: Option<String>,
    /// Blocks and spans open around the current event, and whether they have been
    /// too deep already (reported once).
    pub(super) depth: usize,
    pub(super) was_too_deep: bool,
    pub(super) raw_html: hazards::RawHtmlScan,
    /// An image whose source is a link slot: its alt text is gathered, and the tag is
    /// written when the image ends.
    pub(super) image: Option<slots::SlottedImage>,
    /// Open quotes, innermost last: each a callout (and how it closes) or a plain quote.
    pub(super) quotes: Vec<Option<callouts::Marker>>,
    /// A callout whose marker line is being read: its title is open, and whether the
    /// paragraph that started on that line has been held back.
    pub(super) opening_callout: Option<bool>,
    /// The glossary whose terms are linked, and the entries linked so far.
    pub(super) terms: Option<&'a Glossary>,
    pub(super) linked_terms: HashSet<usize>,
    /// The code block being read, if any.
    pub(super) code: Option<code::OpenCode>,
    /// Whether `[[…]]` are wikilinks (and `![[Note]]` paragraphs embeds).
    pub(super) wikilinks: bool,
    /// `^block-id` markers not yet given to their block, in body order.
    pub(super) block_ids: Vec<embeds::BlockId>,
    /// Inside a paragraph written as an embed: its events are skipped.
    pub(super) skipping_embed: bool,
}

impl<'a> State<'a> {
    pub(super) fn new(source: &'a str, dialect: Dialect, terms: Option<&'a Glossary>) -> Self {
        let Dialect {
            heading_ids,
            wikilinks,
            inline_tags,
            math: _,
        } = dialect;
        State {
            source,
            inline_tags,
            out: VecDeque::new(),
            rendered: Rendered::default(),
            ids: IdAllocator::new(heading_ids),
            heading_ids,
            heading: None,
            block_text: String::new(),
            block_links: Vec::new(),
            linked_pages: HashSet::new(),
            link: None,
            citation_numbers: HashMap::new(),
            citation_counts: Vec::new(),
            more_text: source.contains(MORE).then(String::new),
            figure_blocks: Vec::new(),
            first_paragraph: None,
            depth: 0,
            was_too_deep: false,
            raw_html: hazards::RawHtmlScan::default(),
            image: None,
            quotes: Vec::new(),
            opening_callout: None,
            terms,
            linked_terms: HashSet::new(),
            code: None,
            wikilinks: wikilinks != WikilinkOrder::None,
            block_ids: Vec::new(),
            skipping_embed: false,
        }
    }

    pub(super) fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(heading) => heading.events.push(event),
            None => self.out.push_back(event),
        }
    }
}
