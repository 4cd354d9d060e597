//! The Markdown stage: each explainer body is parsed once into HTML in which internal
//! links are numbered slots, plus what the model needs to resolve and check them
//! (headings, links with their positions and context, citations). Filling the slots with
//! URLs is a string substitution done at render time.

mod cite;
mod comments;
mod figures;
mod hazards;
mod heading_html;
mod headings;
mod links;
mod rendered;
mod text;

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

pub use hazards::{MAX_NESTING, runs_code, shorten};
pub use headings::{Heading, TocEntry, table_of_contents};
pub use links::LinkTarget;
pub use rendered::{Citation, Link, RawCode, Refused, Rendered, UncitedFigure};
pub use text::fill_slots;

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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

pub use cite::smarten;

/// Parses a Markdown body into slotted HTML and the facts about it.
pub fn render(body: &str) -> Rendered {
    let uncommented = comments::blank_comments(body);
    let body = uncommented.as_deref().unwrap_or(body);
    let cleaned;
    let body = if memchr::memchr(0, body.as_bytes()).is_some() {
        cleaned = body.replace('\0', " ");
        cleaned.as_str()
    } else {
        body
    };
    let cite_callback = |link: BrokenLink<'_>| {
        link.reference.starts_with('@').then(|| {
            (
                CowStr::from(format!("{CITE_PREFIX}{}", link.reference)),
                CowStr::Borrowed(""),
            )
        })
    };
    let parser = Parser::new_with_broken_link_callback(body, options(), Some(cite_callback));
    let mut stream = Stream {
        parser: parser.into_offset_iter(),
        state: State::new(body.contains(MORE)),
    };
    // Written with room to grow, then copied to an exact fit: every page body is held
    // until rendering, and an allocator keeps a block that shrinks by less than half
    // (HTML is usually a little longer than its Markdown).
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(&mut html, &mut stream);
    let html = match stream.state.rendered.citations.is_empty() {
        true => html.as_str().to_owned(),
        false => bind_citations(&html),
    };
    stream.state.finish(html)
}

/// `==highlighted==` text (as Obsidian writes it) as `<mark>`, when both marks are in one
/// run of text: the opening one before a non-space, the closing one after one.
fn highlights(text: &str) -> Option<Vec<Event<'static>>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("==") {
        let inner = &rest[open + 2..];
        let Some(close) = inner.find("==") else { break };
        let marked = &inner[..close];
        let bounded = !marked.is_empty()
            && !marked.starts_with(char::is_whitespace)
            && !marked.ends_with(char::is_whitespace);
        if !bounded {
            pieces.push(Event::Text(rest[..open + 2].to_string().into()));
            rest = inner;
            continue;
        }
        pieces.push(Event::Text(rest[..open].to_string().into()));
        pieces.push(Event::InlineHtml("<mark>".into()));
        pieces.push(Event::Text(marked.to_string().into()));
        pieces.push(Event::InlineHtml("</mark>".into()));
        rest = &inner[close + 2..];
    }
    if pieces.iter().all(|p| matches!(p, Event::Text(_))) {
        return None;
    }
    pieces.push(Event::Text(rest.to_string().into()));
    Some(pieces)
}

/// A citation marker stays on the line of the word it follows: the space (or line break)
/// before it becomes a no-break space, so no line starts with `[1]`.
fn bind_citations(html: &str) -> String {
    const MARKER: &str = "<sup class=\"citation\"";
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(MARKER) {
        let before = &rest[..at];
        let trimmed = before.trim_end_matches([' ', '\n']);
        out.push_str(trimmed);
        if trimmed.len() < before.len() {
            out.push_str("&nbsp;");
        }
        out.push_str(MARKER);
        rest = &rest[at + MARKER.len()..];
    }
    out.push_str(rest);
    out
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
            self.state.handle(event, range.start);
        }
    }
}

/// How the events of the current link are handled.
/// A summary taken from the first paragraph is cut at a word before this many characters
/// (one listed in the front matter or written before `<!-- more -->` is kept whole).
const SUMMARY_MAX_CHARS: usize = 300;

#[derive(Clone, Copy, PartialEq, Eq)]
enum OpenLink {
    /// Not ours: passed through unchanged.
    External,
    /// An internal link we opened as raw HTML; its text is dropped when the target's
    /// title replaces it.
    Internal { shows_target_title: bool },
    /// A citation, already written out in full: everything up to its end is dropped.
    Citation,
}

struct State<'a> {
    /// Events ready to be written.
    out: VecDeque<Event<'a>>,
    rendered: Rendered,
    ids: IdAllocator,
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
    /// Inside a fenced or indented code block: text is counted but is not prose.
    in_code_block: bool,
    /// The first paragraph's text, kept in case `<!-- more -->` never appears outside code.
    first_paragraph: Option<String>,
    /// Blocks and spans open around the current event, and whether they have been
    /// too deep already (reported once).
    depth: usize,
    was_too_deep: bool,
    raw_html: hazards::RawHtmlScan,
    /// An image whose source is a link slot: its alt text is gathered, and the tag is
    /// written when the image ends.
    image: Option<SlottedImage>,
}

struct SlottedImage {
    slot: usize,
    title: String,
    alt: String,
}

impl<'a> State<'a> {
    fn new(has_more: bool) -> Self {
        State {
            out: VecDeque::new(),
            rendered: Rendered::default(),
            ids: IdAllocator::default(),
            heading: None,
            block_text: String::new(),
            block_links: Vec::new(),
            linked_pages: HashSet::new(),
            link: None,
            citation_numbers: HashMap::new(),
            citation_counts: Vec::new(),
            more_text: has_more.then(String::new),
            figure_blocks: Vec::new(),
            in_code_block: false,
            first_paragraph: None,
            depth: 0,
            was_too_deep: false,
            raw_html: hazards::RawHtmlScan::default(),
            image: None,
        }
    }

    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(heading) => heading.events.push(event),
            None => self.out.push_back(event),
        }
    }

    fn handle(&mut self, event: Event<'a>, offset: usize) {
        self.track_depth(&event, offset);
        if self.image.is_some() {
            self.continue_image(event);
            return;
        }
        let drops_text = matches!(
            self.link,
            Some(
                OpenLink::Citation
                    | OpenLink::Internal {
                        shows_target_title: true
                    }
            )
        );
        if drops_text && !matches!(event, Event::End(TagEnd::Link)) {
            // A wikilink shown with its target's title still reads as its own text in
            // summaries, backlink context and heading ids; a citation reads as nothing.
            if let (Some(OpenLink::Internal { .. }), Event::Text(text) | Event::Code(text)) =
                (self.link, &event)
            {
                self.add_text(text);
            }
            return;
        }
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
            Event::Start(Tag::Image {
                link_type,
                ref dest_url,
                ref title,
                ..
            }) => {
                self.refuse_code_url(dest_url, true, offset);
                // `![[map.png]]` names a file wherever it is under content/.
                let target = match link_type {
                    // (`#icon` after the name is a style hint, not a place in the file.)
                    LinkType::WikiLink { .. } => Some(LinkTarget::Attachment {
                        name: dest_url.split('#').next().unwrap_or("").trim().to_string(),
                    }),
                    _ => links::root_target(dest_url),
                };
                match target {
                    Some(target) => self.open_slotted_image(target, title, offset),
                    None => {
                        self.note_reference(&dest_url.clone(), offset);
                        self.emit(event);
                    }
                }
            }
            Event::Start(Tag::Paragraph | Tag::Item) => {
                self.clear_block_text();
                self.block_links.clear();
                self.open_figure_block();
                self.emit(event);
            }
            Event::Start(Tag::Table(_)) => {
                self.open_figure_block();
                self.emit(event);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code_block = true;
                self.emit(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.emit(event);
            }
            Event::Text(ref text) if self.in_code_block => {
                self.rendered.word_count += text::count_words(text);
                self.emit(event);
            }
            Event::End(TagEnd::Table) => {
                self.close_figure_block();
                self.emit(event);
            }
            Event::Text(ref text) => {
                self.add_text(text);
                self.note_figure(text, offset);
                match highlights(text) {
                    Some(pieces) => pieces.into_iter().for_each(|piece| self.emit(piece)),
                    None => self.emit(event),
                }
            }
            Event::Code(ref text) => {
                self.add_text(text);
                self.emit(event);
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) if !html.contains(MORE) => {
                let rendered = &mut self.rendered;
                (self.raw_html).scan(html, offset, &mut rendered.raw_code, &mut rendered.refused);
                let event = match self.slot_root_urls(html, offset) {
                    Some(slotted) if matches!(event, Event::Html(_)) => Event::Html(slotted.into()),
                    Some(slotted) => Event::InlineHtml(slotted.into()),
                    None => event,
                };
                self.emit(event);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(before) = self.more_text.take() {
                    self.rendered.summary = Some(text::collapse_whitespace(&before));
                }
                self.emit(Event::Html(html));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.add_text(" ");
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

    /// A new link slot for `target` (no sentence of context: the link is not prose).
    fn new_slot(&mut self, target: LinkTarget, offset: usize) -> usize {
        let slot = self.rendered.links.len();
        self.rendered.links.push(Link {
            target,
            offset,
            context: String::new(),
        });
        slot
    }

    /// An image from the site root: its `src` becomes a slot, filled under the base path.
    fn open_slotted_image(&mut self, target: LinkTarget, title: &str, offset: usize) {
        let slot = self.new_slot(target, offset);
        self.image = Some(SlottedImage {
            slot,
            title: title.to_string(),
            alt: String::new(),
        });
    }

    /// Inside a slotted image: text goes to its alt text; its end writes the tag as
    /// pulldown-cmark would.
    fn continue_image(&mut self, event: Event<'a>) {
        let Some(image) = &mut self.image else { return };
        match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                let _ = escape_html(&mut image.alt, &text);
            }
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            Event::End(TagEnd::Image) => {
                let mut tag = format!("<img src=\"\0h{}\0\" alt=\"{}", image.slot, image.alt);
                if !image.title.is_empty() {
                    tag.push_str("\" title=\"");
                    let _ = escape_html(&mut tag, &image.title);
                }
                tag.push_str("\" />");
                self.image = None;
                self.emit(Event::InlineHtml(tag.into()));
            }
            _ => {}
        }
    }

    /// Raw HTML with its `href`/`src` paths from the site root turned into link slots.
    fn slot_root_urls(&mut self, html: &str, offset: usize) -> Option<String> {
        let found = links::root_urls_in_html(html);
        if found.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(html.len() + 8 * found.len());
        let mut copied = 0;
        for (range, url) in found {
            let Some(target) = links::root_target(&url) else {
                continue;
            };
            let slot = self.new_slot(target, offset);
            out.push_str(&html[copied..range.start]);
            out.push_str(&format!("\0h{slot}\0"));
            copied = range.end;
        }
        out.push_str(&html[copied..]);
        Some(out)
    }

    /// Notes the first place where blocks and spans nest deeper than `MAX_NESTING`.
    fn track_depth(&mut self, event: &Event<'a>, offset: usize) {
        match event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_NESTING && !self.was_too_deep {
                    self.was_too_deep = true;
                    self.rendered.refused.push(Refused::TooDeep { offset });
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    fn refuse_code_url(&mut self, url: &str, in_image: bool, offset: usize) {
        if runs_code(url, in_image) {
            self.rendered.refused.push(Refused::CodeUrl {
                offset,
                url: shorten(url),
            });
        }
    }

    fn add_text(&mut self, text: &str) {
        self.block_text.push_str(text);
        if let Some(more) = &mut self.more_text {
            more.push_str(text);
            more.push(' ');
        }
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        }
    }

    /// Records external URLs and relative file references for the checks.
    fn note_reference(&mut self, dest: &str, offset: usize) {
        if dest.starts_with("http://") || dest.starts_with("https://") {
            self.rendered.external.push((dest.to_string(), offset));
        } else if links::is_relative_file(dest) {
            self.rendered.file_refs.push((dest.to_string(), offset));
        }
    }

    fn open_link(&mut self, link_type: LinkType, dest: CowStr<'a>, title: CowStr<'a>, offset: usize) {
        if let Some(reference) = dest.strip_prefix(CITE_PREFIX) {
            self.cite(reference, offset);
            self.link = Some(OpenLink::Citation);
            return;
        }
        let target = match link_type {
            LinkType::WikiLink { .. } => Some(links::wiki(&dest)),
            // `<name@example.org>`: written as `mailto:`, not a file.
            LinkType::Email => None,
            _ => links::classify(&dest),
        };
        let Some(target) = target else {
            self.refuse_code_url(&dest, false, offset);
            if link_type != LinkType::Email {
                self.note_reference(&dest, offset);
            }
            self.link = Some(OpenLink::External);
            self.emit(Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id: CowStr::Borrowed(""),
            }));
            return;
        };
        let first_to_its_page = target.page().is_some_and(|page| self.linked_pages.insert(page));
        let slot = self.new_slot(target, offset);
        if first_to_its_page {
            self.block_links.push((slot, self.block_text.len()));
        }
        if let Some(heading) = &mut self.heading {
            heading.has_link = true;
        }
        let mut open = format!("<a href=\"\0h{slot}\0\"");
        if !title.is_empty() {
            open.push_str(" title=\"");
            let _ = escape_html(&mut open, &title);
            open.push('"');
        }
        open.push('>');
        self.emit(Event::InlineHtml(open.into()));
        let shows_target_title = matches!(link_type, LinkType::WikiLink { has_pothole: false });
        if shows_target_title {
            self.emit(Event::InlineHtml(format!("\0t{slot}\0").into()));
        }
        self.link = Some(OpenLink::Internal { shows_target_title });
    }

    fn close_block(&mut self, is_paragraph: bool) {
        for (slot, position) in self.block_links.drain(..) {
            self.rendered.links[slot].context = text::sentence_around(&self.block_text, position);
        }
        if is_paragraph && self.first_paragraph.is_none() && self.heading.is_none() {
            // One character past the limit tells `clip` that the text goes on.
            let text = text::collapse_whitespace_up_to(&self.block_text, SUMMARY_MAX_CHARS + 1);
            if !text.is_empty() {
                self.first_paragraph = Some(text::clip(&text, SUMMARY_MAX_CHARS));
            }
        }
        self.clear_block_text();
    }

    fn clear_block_text(&mut self) {
        self.rendered.word_count += text::count_words(&self.block_text);
        self.block_text.clear();
    }

    fn finish(mut self, html: String) -> Rendered {
        self.clear_block_text();
        if self.rendered.summary.is_none() {
            self.rendered.summary = self.first_paragraph.take();
        }
        self.rendered.html = html;
        self.rendered
    }
}

#[cfg(test)]
mod tests;
