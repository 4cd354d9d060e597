//! The Markdown stage: each explainer body is parsed once into HTML in which internal
//! links are numbered slots, plus what the model needs to resolve and check them
//! (headings, links with their positions and context, citations). Filling the slots with
//! URLs is a string substitution done at render time.

mod blocks;
mod callouts;
mod cite;
mod code;
mod comments;
mod dendron;
mod dialect;
mod embeds;
mod figures;
mod foreign;
mod hazards;
mod heading_html;
mod headings;
mod highlight;
mod inline_tags;
mod links;
mod math;
mod prepare;
mod rendered;
mod slots;
mod terms;
mod text;

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{BrokenLink, CowStr, Event, Parser, Tag, TagEnd};

pub use dialect::{Dialect, WikilinkOrder};
pub use foreign::Foreign;
pub use hazards::{MAX_NESTING, runs_code};
pub use headings::{Heading, TocEntry, table_of_contents};
pub use links::{LinkTarget, markdown_of_html};
pub use rendered::{ChartBlock, Citation, Link, RawCode, Refused, Rendered, UncitedFigure};
pub use text::fill_slots;

use crate::glossary::Glossary;
use crate::paths::HeadingIds;
use heading_html::OpenHeading;
use headings::IdAllocator;

/// A block the unsourced-figure rule looks at as one unit.
#[derive(Debug, Default)]
struct FigureBlock {
    figure: Option<(usize, String)>,
    cited: bool,
}

const CITE_PREFIX: &str = "\0cite:";
const MORE: &str = "<!-- more -->";

pub use cite::smarten;
pub use embeds::part as embedded_part;

/// Parses a Markdown body into slotted HTML and the facts about it.
/// With a glossary (`[glossary] autolink`), the first use of each of its terms links to
/// the term's entry.
pub fn render(body: &str, dialect: Dialect, terms: Option<&Glossary>) -> Rendered {
    let prepared = prepare::prepare(body, dialect.wikilinks);
    let body = prepared.text.as_ref();
    let cite_callback = |link: BrokenLink<'_>| {
        link.reference.starts_with('@').then(|| {
            (
                CowStr::from(format!("{CITE_PREFIX}{}", link.reference)),
                CowStr::Borrowed(""),
            )
        })
    };
    let parser = Parser::new_with_broken_link_callback(
        body,
        dialect::options(dialect.wikilinks, dialect.math),
        Some(cite_callback),
    );
    let mut stream = Stream {
        parser: parser.into_offset_iter(),
        state: State::new(body, dialect, terms),
    };
    stream.state.block_ids = prepared.block_ids;
    // Written with room to grow, then copied to an exact fit: every page body is held
    // until rendering, and an allocator keeps a block that shrinks by less than half
    // (HTML is usually a little longer than its Markdown).
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(&mut html, &mut stream);
    let html = match stream.state.rendered.citations.is_empty() {
        true => html.as_str().to_owned(),
        false => cite::bind_citations(&html),
    };
    let mut rendered = stream.state.finish(html);
    rendered.foreign = prepared.foreign;
    rendered
}

/// Our events, written out as the parser produces them: only an open heading's events
/// wait (for its id).
struct Stream<'a, P> {
    parser: P,
    state: State<'a>,
}

impl<'a, P: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> Iterator for Stream<'a, P> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.state.out.pop_front() {
                return Some(event);
            }
            let (event, range) = self.parser.next()?;
            self.state.handle(event, range);
        }
    }
}

/// How the events of the current link are handled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OpenLink {
    /// Not ours: passed through unchanged.
    External,
    /// An internal link we opened as raw HTML. A wikilink without a label shows its
    /// target as typed, its heading after `>` as Obsidian shows it (`Note > Heading`).
    /// `from_image`: opened by `![[Note]]` inside a line, so the image's end closes it.
    Internal { bare_wikilink: bool, from_image: bool },
    /// A citation, already written out in full: everything up to its end is dropped.
    Citation,
}

struct State<'a> {
    /// The body being read (a callout's marker and a term's id are read from it).
    source: &'a str,
    /// Events ready to be written.
    out: VecDeque<Event<'a>>,
    rendered: Rendered,
    ids: IdAllocator,
    /// How heading ids are spelled, also for `[[#Heading]]`.
    heading_ids: HeadingIds,
    /// Whether `#tags` in prose are read as tags.
    inline_tags: bool,
    heading: Option<OpenHeading<'a>>,
    /// Plain text of the current paragraph, list item or cell, with links waiting for it.
    /// Its words are counted when it is cleared, so a word split by markup or a curly
    /// quote (`don’t`) counts once.
    block_text: String,
    block_links: Vec<(usize, usize)>,
    /// Pages linked so far (anchors aside). Only a page's first link gets a context
    /// sentence: backlinks show no other, and a page of a million links stays cheap.
    linked_pages: HashSet<LinkTarget>,
    /// The link being read, if any.
    link: Option<OpenLink>,
    citation_numbers: HashMap<String, usize>,
    citation_counts: Vec<usize>,
    more_text: Option<String>,
    /// Open paragraphs, list items and tables, innermost last.
    figure_blocks: Vec<FigureBlock>,
    /// The first paragraph's text, kept in case `<!-- more -->` never appears outside code.
    first_paragraph: Option<String>,
    /// Blocks and spans open around the current event, and whether they have been
    /// too deep already (reported once).
    depth: usize,
    was_too_deep: bool,
    raw_html: hazards::RawHtmlScan,
    /// An image whose source is a link slot: its alt text is gathered, and the tag is
    /// written when the image ends.
    image: Option<slots::SlottedImage>,
    /// Open quotes, innermost last: each a callout (and how it closes) or a plain quote.
    quotes: Vec<Option<callouts::Marker>>,
    /// A callout whose marker line is being read: its title is open, and whether the
    /// paragraph that started on that line has been held back.
    opening_callout: Option<bool>,
    /// The glossary whose terms are linked, and the entries linked so far.
    terms: Option<&'a Glossary>,
    linked_terms: HashSet<usize>,
    /// The code block being read, if any.
    code: Option<code::OpenCode>,
    /// Whether `[[…]]` are wikilinks (and `![[Note]]` paragraphs embeds).
    wikilinks: bool,
    /// `^block-id` markers not yet given to their block, in body order.
    block_ids: Vec<embeds::BlockId>,
    /// Inside a paragraph written as an embed: its events are skipped.
    skipping_embed: bool,
}

impl<'a> State<'a> {
    fn new(source: &'a str, dialect: Dialect, terms: Option<&'a Glossary>) -> Self {
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

    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(heading) => heading.events.push(event),
            None => self.out.push_back(event),
        }
    }

    /// Takes one parser event: what the open embed, image, citation or callout marker
    /// takes is theirs; everything else goes by concern.
    fn handle(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        self.track_depth(&event, range.start);
        let Some(event) = self.take_by_open_construct(event, &range) else {
            return;
        };
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) | Event::End(TagEnd::Link | TagEnd::Image) => {
                self.link_or_image(event, range.start)
            }
            Event::Text(_) | Event::InlineMath(_) | Event::DisplayMath(_) | Event::Code(_)
                if self.code.is_none() =>
            {
                self.inline(event, range.start)
            }
            Event::Html(_) | Event::InlineHtml(_) => self.raw_html(event, range.start),
            Event::SoftBreak | Event::HardBreak => {
                self.add_text(" ");
                self.emit(event);
            }
            event => self.block(event, range),
        }
    }

    /// `None` when an open embed, image, citation or callout marker took the event;
    /// else the event, a bare wikilink's text shown as its label.
    fn take_by_open_construct(
        &mut self,
        event: Event<'a>,
        range: &std::ops::Range<usize>,
    ) -> Option<Event<'a>> {
        if self.skipping_embed {
            self.skipping_embed = !matches!(event, Event::End(TagEnd::Paragraph));
            return None;
        }
        if let Event::Start(Tag::Table(_) | Tag::List(_) | Tag::BlockQuote(_)) = &event
            && !self.block_ids.is_empty()
        {
            self.anchor_block_named_after(range);
        }
        if self.image.is_some() {
            self.continue_image(event);
            return None;
        }
        if self.link == Some(OpenLink::Citation) && !matches!(event, Event::End(TagEnd::Link)) {
            // A citation reads as nothing: it was written out in full.
            return None;
        }
        let event = self.read_callout_marker_line(event, range)?;
        Some(match (self.link, event) {
            (
                Some(OpenLink::Internal {
                    bare_wikilink: true, ..
                }),
                Event::Text(typed),
            ) => Event::Text(links::wiki_label(&typed).into()),
            (_, event) => event,
        })
    }

    /// Links and images: opened as slots, closed as what they opened.
    fn link_or_image(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => self.open_link(link_type, dest_url, title, offset),
            Event::End(TagEnd::Link) => match self.link.take() {
                Some(OpenLink::Internal { .. }) => self.emit(Event::InlineHtml("</a>".into())),
                Some(OpenLink::Citation) => {}
                _ => self.emit(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Image { .. }) => self.open_image(event, offset),
            Event::End(TagEnd::Image)
                if matches!(self.link, Some(OpenLink::Internal { from_image: true, .. })) =>
            {
                self.link = None;
                self.emit(Event::InlineHtml("</a>".into()));
            }
            event => self.emit(event),
        }
    }

    /// Text outside code blocks, math and inline code: counted, read for figures, tags
    /// and glossary terms, and shown.
    fn inline(&mut self, event: Event<'a>, offset: usize) {
        let display = matches!(event, Event::DisplayMath(_));
        match event {
            Event::Text(text) => {
                self.add_text(&text);
                self.note_figure(&text, offset);
                if self.inline_tags && self.link.is_none() && self.heading.is_none() && text.contains('#') {
                    self.emit_with_inline_tags(&text, offset);
                } else if self.links_terms() {
                    self.emit_with_terms(text, offset);
                } else {
                    self.emit_prose(text);
                }
            }
            Event::InlineMath(latex) | Event::DisplayMath(latex) => {
                self.add_text(&latex);
                let html = math::mathml(&latex, display, offset, &mut self.rendered.math_errors);
                self.emit(Event::InlineHtml(html.into()));
            }
            event => {
                if let Event::Code(text) = &event {
                    self.add_text(text);
                }
                self.emit(event);
            }
        }
    }

    /// Raw HTML: its ids and links taken in, what must not run refused; the
    /// `<!-- more -->` marker ends the summary.
    fn raw_html(&mut self, event: Event<'a>, offset: usize) {
        let (Event::Html(html) | Event::InlineHtml(html)) = &event else {
            return self.emit(event);
        };
        if html.contains(MORE) {
            if let Some(before) = self.more_text.take() {
                self.rendered.summary = Some(text::collapse_whitespace(&before));
            }
            let html = html.clone();
            return self.emit(Event::Html(html));
        }
        if html.contains("id=") {
            self.rendered.anchor_ids.extend(links::ids_in_html(html));
        }
        let rendered = &mut self.rendered;
        (self.raw_html).scan(html, offset, &mut rendered.raw_code, &mut rendered.refused);
        let event = match self.slot_root_urls(html, offset) {
            Some(slotted) if matches!(event, Event::Html(_)) => Event::Html(slotted.into()),
            Some(slotted) => Event::InlineHtml(slotted.into()),
            None => event,
        };
        self.emit(event);
    }

    /// Blocks: headings, quotes, paragraphs and list items (or the embed a paragraph
    /// is), tables, definition terms and code blocks.
    fn block(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        let offset = range.start;
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some(OpenHeading {
                    level,
                    id,
                    classes,
                    events: Vec::new(),
                    text: String::new(),
                    has_link: false,
                });
            }
            Event::End(TagEnd::Heading(_)) => self.close_heading(),
            Event::Start(Tag::BlockQuote(_)) => self.open_quote(event, offset),
            Event::End(TagEnd::BlockQuote(_)) => self.close_quote(event),
            Event::Start(Tag::DefinitionListTitle) => {
                let term = self.source.get(range.clone()).unwrap_or("").trim();
                let id = self.ids.allocate(term);
                self.rendered.anchor_ids.push(id.clone());
                self.emit(Event::Html(format!("<dt id=\"{id}\">").into()));
            }
            Event::Start(Tag::Paragraph | Tag::Item) => {
                let source = self.source;
                let embed = (self.wikilinks && matches!(event, Event::Start(Tag::Paragraph)))
                    .then(|| embeds::standalone(&source[range.clone()], self.heading_ids))
                    .flatten();
                match embed {
                    Some((target, dest)) => self.open_embed(target, dest, offset),
                    None => {
                        let event = self.with_block_id(event, &range);
                        self.open_block(event);
                    }
                }
            }
            Event::Start(Tag::Table(_)) => {
                self.open_figure_block();
                self.emit(event);
            }
            Event::Start(Tag::CodeBlock(_)) | Event::End(TagEnd::CodeBlock) | Event::Text(_) => {
                self.code_block(event, range)
            }
            Event::End(TagEnd::Table) => {
                self.close_figure_block();
                self.emit(event);
            }
            Event::End(TagEnd::Paragraph) => {
                self.close_block(true);
                self.close_figure_block();
                self.emit(event);
            }
            Event::End(TagEnd::Item) => {
                self.close_block(false);
                self.close_figure_block();
                self.emit(event);
            }
            Event::End(TagEnd::TableCell) => {
                self.close_block(false);
                self.emit(event);
            }
            other => self.emit(other),
        }
    }
}

#[cfg(test)]
mod tests;
