//! Glossary terms in prose (`[glossary] autolink`): the first use of each term on a page
//! links to its entry on `/glossary/`, its definition as the link's title. Headings,
//! links, code and quotes are left alone (the caller only hands over other prose).

use pulldown_cmark::{CowStr, Event};
use pulldown_cmark_escape::escape_html;

use super::{LinkTarget, State};

impl<'a> State<'a> {
    /// Whether prose text here may link glossary terms.
    pub(super) fn links_terms(&self) -> bool {
        self.terms.is_some() && self.link.is_none() && self.heading.is_none() && self.quotes.is_empty()
    }

    /// Prose text with the first use on this page of each glossary term linked.
    pub(super) fn emit_with_terms(&mut self, text: CowStr<'a>, offset: usize) {
        let Some(glossary) = self.terms else {
            return self.emit_prose(text);
        };
        let mut written = 0;
        for (range, entry) in glossary.uses(&text) {
            if !self.linked_terms.insert(entry) {
                continue;
            }
            let entry = &glossary.entries[entry];
            self.emit_prose(CowStr::from(text[written..range.start].to_string()));
            let slot = self.new_slot(
                LinkTarget::Root {
                    path: "glossary/".to_string(),
                    anchor: Some(entry.id.clone()),
                },
                offset + range.start,
            );
            let mut open = format!("<a class=\"term\" href=\"\0h{slot}\0\" title=\"");
            let _ = escape_html(&mut open, entry.decl.definition.trim());
            open.push_str("\">");
            self.emit(Event::InlineHtml(open.into()));
            self.emit(Event::Text(CowStr::from(text[range.clone()].to_string())));
            self.emit(Event::InlineHtml("</a>".into()));
            written = range.end;
        }
        if written == 0 {
            self.emit_prose(text);
        } else {
            self.emit_prose(CowStr::from(text[written..].to_string()));
        }
    }
}
