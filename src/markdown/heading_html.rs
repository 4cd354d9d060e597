//! Headings are written last: their events wait until the heading ends, when its id
//! (from the text, or `{#id}`) is known and it can get its self-link.

use pulldown_cmark::{CowStr, Event, HeadingLevel};
use pulldown_cmark_escape::{escape_href, escape_html};

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
        let mut inner = String::new();
        pulldown_cmark::html::push_html(&mut inner, heading.events.into_iter());
        let mut html = format!("<h{level} id=\"");
        let _ = escape_html(&mut html, &id);
        html.push('"');
        if !heading.classes.is_empty() {
            html.push_str(" class=\"");
            let _ = escape_html(&mut html, &heading.classes.join(" "));
            html.push('"');
        }
        if heading.has_link {
            html.push_str(&format!(">{inner}</h{level}>\n"));
        } else {
            html.push_str("><a class=\"self-link\" href=\"#");
            let _ = escape_href(&mut html, &id);
            html.push_str(&format!("\">{inner}</a></h{level}>\n"));
        }
        self.rendered.headings.push(Heading {
            level,
            id,
            title: text::collapse_whitespace(&heading.text),
        });
        self.close_block(false);
        self.out.push_back(Event::Html(html.into()));
    }
}
