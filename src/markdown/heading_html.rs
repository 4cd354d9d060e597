//! Headings are written last: their events wait until the heading ends, when its id
//! (from the text, or `{#id}`) is known and it can get its self-link.

use pulldown_cmark::{CowStr, Event, HeadingLevel};
use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

use super::{Heading, State, text};

/// An open heading whose events are held back until its id is known.
pub(super) struct OpenHeading<'a> {
    pub(super) level: HeadingLevel,
    pub(super) id: Option<CowStr<'a>>,
    pub(super) classes: Vec<CowStr<'a>>,
    pub(super) events: Vec<Event<'a>>,
    pub(super) text: String,
    pub(super) has_link: bool,
}

impl State<'_> {
    pub(super) fn close_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let level = heading.level as u8;
        let id = match &heading.id {
            Some(id) => self.ids.reserve(id),
            None => self.ids.allocate(&heading.text),
        };
        let mut html = String::with_capacity(64 + 2 * heading.text.len());
        html.push_str("<h");
        html.push(char::from(b'0' + level));
        html.push_str(" id=\"");
        let _ = escape_html(&mut html, &id);
        html.push('"');
        if !heading.classes.is_empty() {
            html.push_str(" class=\"");
            let _ = escape_html(&mut html, &heading.classes.join(" "));
            html.push('"');
        }
        if heading.has_link {
            html.push('>');
            push_inner(&mut html, heading.events);
        } else {
            html.push_str("><a class=\"self-link\" href=\"#");
            let _ = escape_href(&mut html, &id);
            html.push_str("\">");
            push_inner(&mut html, heading.events);
            html.push_str("</a>");
        }
        html.push_str("</h");
        html.push(char::from(b'0' + level));
        html.push_str(">\n");
        self.rendered.headings.push(Heading {
            level,
            id,
            title: text::collapse_whitespace(&heading.text),
        });
        self.close_block(false);
        self.emit(Event::Html(html.into()));
    }
}

/// A heading's inner HTML: plain text (the usual case) is escaped directly, anything else
/// goes through the HTML writer.
fn push_inner(html: &mut String, events: Vec<Event<'_>>) {
    if events.iter().all(|event| matches!(event, Event::Text(_))) {
        for event in &events {
            if let Event::Text(text) = event {
                let _ = escape_html_body_text(&mut *html, text);
            }
        }
    } else {
        pulldown_cmark::html::push_html(html, events.into_iter());
    }
}
