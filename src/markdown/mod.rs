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
mod events;
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
mod state;
mod terms;
mod text;

use pulldown_cmark::{BrokenLink, CowStr, Parser};

pub use cite::smarten;
pub use dialect::{Dialect, WikilinkOrder};
pub use embeds::part as embedded_part;
pub use foreign::Foreign;
pub use hazards::{MAX_NESTING, runs_code};
pub use headings::{Heading, TocEntry, table_of_contents};
pub use links::{LinkTarget, markdown_of_html};
pub use rendered::{ChartBlock, Citation, Link, RawCode, Refused, Rendered, UncitedFigure};
pub use text::fill_slots;

use crate::glossary::Glossary;
use events::Stream;
use state::{FigureBlock, OpenLink, State};

const CITE_PREFIX: &str = "\0cite:";
const MORE: &str = "<!-- more -->";

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

#[cfg(test)]
mod tests;
