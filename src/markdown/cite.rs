//! Citations (`[@id, locator]`), the unsourced-figure blocks they satisfy, and
//! typographic text for front-matter strings.

use pulldown_cmark::{Event, Options, Parser};
use pulldown_cmark_escape::escape_html;

use super::{Citation, FigureBlock, State, UncitedFigure, figures};

/// Plain text with typographic quotes and dashes, for front-matter strings such as
/// summaries (`--` becomes `–`, straight quotes become curly ones).
pub fn smarten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(text, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// A citation marker stays on the line of the word it follows: the space (or line break)
/// before it becomes a no-break space, so no line starts with `[1]`.
pub(super) fn bind_citations(html: &str) -> String {
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

impl State<'_> {
    /// `[@a]`, `[@a, locator]` and several at once: `[@a, p. 3; @b]`. A `;` part that
    /// does not start with `@` belongs to the previous locator (`[@c, art. I; art. II]`).
    pub(super) fn cite(&mut self, reference: &str, offset: usize) {
        let mut parsed: Vec<(String, Option<String>)> = Vec::new();
        for part in reference.split(';') {
            let part = part.trim();
            match (part.strip_prefix('@'), parsed.last_mut()) {
                (None, Some((_, locator))) => {
                    let joined = locator
                        .take()
                        .map_or(part.to_string(), |l| format!("{l}; {part}"));
                    *locator = Some(joined);
                }
                (stripped, _) => {
                    let part = stripped.unwrap_or(part);
                    let (id, locator) = match part.split_once(',') {
                        Some((id, locator)) => (id.trim(), Some(locator.trim()).filter(|l| !l.is_empty())),
                        None => (part.trim(), None),
                    };
                    parsed.push((id.to_string(), locator.map(str::to_string)));
                }
            }
        }
        // A citation reads as nothing, so the space before it goes too: a backlink quotes
        // "the hostilities." and not "the hostilities .".
        let kept = self.block_text.trim_end().len();
        self.block_text.truncate(kept);
        for (id, locator) in parsed {
            self.cite_one(&id, locator.as_deref(), offset);
        }
    }

    /// Tables hold no paragraphs, so a table is one block for all its cells.
    pub(super) fn open_figure_block(&mut self) {
        self.figure_blocks.push(FigureBlock::default());
    }

    pub(super) fn close_figure_block(&mut self) {
        if let Some(block) = self.figure_blocks.pop()
            && let (Some((offset, figure)), false) = (block.figure, block.cited)
        {
            self.rendered
                .uncited_figures
                .push(UncitedFigure { offset, figure });
        }
    }

    pub(super) fn note_figure(&mut self, text: &str, offset: usize) {
        // A figure in a heading, or in the text of a link to another explainer (whose
        // title it usually is), is sourced where it is stated, not here.
        if self.heading.is_some() || matches!(self.link, Some(super::OpenLink::Internal { .. })) {
            return;
        }
        let Some(block) = self.figure_blocks.last_mut().filter(|b| b.figure.is_none()) else {
            return;
        };
        if let Some(figure) = figures::find_figure(text) {
            let within = figure.as_ptr() as usize - text.as_ptr() as usize;
            block.figure = Some((offset + within, figure.to_string()));
        }
    }

    fn cite_one(&mut self, id: &str, locator: Option<&str>, offset: usize) {
        if let Some(block) = self.figure_blocks.last_mut() {
            block.cited = true;
        }
        let next = self.citation_numbers.len() + 1;
        let number = *self.citation_numbers.entry(id.to_string()).or_insert(next);
        if number == next {
            self.rendered.cited.push(id.to_string());
            self.citation_counts.push(0);
        }
        self.citation_counts[number - 1] += 1;
        let occurrence = self.citation_counts[number - 1];
        self.rendered.citations.push(Citation {
            id: id.to_string(),
            locator: locator.map(str::to_string),
            offset,
        });
        let mut label = number.to_string();
        if let Some(locator) = locator {
            label.push_str(", ");
            let _ = escape_html(&mut label, locator);
        }
        let html = format!(
            "<sup class=\"citation\" id=\"cite-{number}-{occurrence}\"><a href=\"#ref-{number}\">[{label}]</a></sup>"
        );
        self.emit(Event::InlineHtml(html.into()));
    }
}
