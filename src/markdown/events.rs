//! Where each parser event goes: what an open embed, image, citation or callout marker
//! takes is theirs; links and images, inline text, raw HTML and blocks each go to the
//! concern that owns them.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::heading_html::OpenHeading;
use super::state::{OpenLink, State};
use super::{MORE, embeds, links, math, text};

/// Our events, written out as the parser produces them: only an open heading's events
/// wait (for its id).
pub(super) struct Stream<'a, P> {
    pub(super) parser: P,
    pub(super) state: State<'a>,
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

impl<'a> State<'a> {
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
