//! The text of the block being read (paragraph, list item, table cell): its words are
//! counted when it closes, the sentence around each of its first links becomes that
//! link's backlink context, the first paragraph is the summary unless one is given, and
//! its text joins the body's plain text (for search).

use pulldown_cmark::{CowStr, Event};

use super::{Rendered, State, highlight, text};

/// A summary taken from the first paragraph is cut at a word before this many characters
/// (one listed in the front matter or written before `<!-- more -->` is kept whole).
const SUMMARY_MAX_CHARS: usize = 300;

impl<'a> State<'a> {
    /// Prose text, its `==highlights==` marked.
    pub(super) fn emit_prose(&mut self, text: CowStr<'a>) {
        match highlight::highlights(&text) {
            Some(pieces) => pieces.into_iter().for_each(|piece| self.emit(piece)),
            None => self.emit(Event::Text(text)),
        }
    }

    /// A paragraph or list item begins: its text, links and figures are its own.
    pub(super) fn open_block(&mut self, event: Event<'a>) {
        self.clear_block_text();
        self.block_links.clear();
        self.open_figure_block();
        self.emit(event);
    }

    pub(super) fn add_text(&mut self, text: &str) {
        self.block_text.push_str(text);
        if let Some(more) = &mut self.more_text {
            more.push_str(text);
            more.push(' ');
        }
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        }
    }

    pub(super) fn close_block(&mut self, is_paragraph: bool) {
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

    pub(super) fn clear_block_text(&mut self) {
        let mut block = std::mem::take(&mut self.block_text);
        self.rendered.word_count += text::count_words(&block);
        self.keep_text(&block);
        block.clear();
        self.block_text = block;
    }

    /// Adds a block's text to the body's plain text, a space between blocks.
    pub(super) fn keep_text(&mut self, block: &str) {
        let block = block.trim();
        if block.is_empty() {
            return;
        }
        if !self.rendered.text.is_empty() {
            self.rendered.text.push(' ');
        }
        self.rendered.text.push_str(block);
    }

    pub(super) fn finish(mut self, html: String) -> Rendered {
        self.clear_block_text();
        if self.rendered.summary.is_none() {
            self.rendered.summary = self.first_paragraph.take();
        }
        self.rendered.html = html;
        self.rendered
    }
}
