//! Obsidian's `==highlighted==` text, written as `<mark>`.

use pulldown_cmark::Event;

/// `==highlighted==` text (as Obsidian writes it) as `<mark>`, when both marks are in one
/// run of text: the opening one before a non-space, the closing one after one.
pub(super) fn highlights(text: &str) -> Option<Vec<Event<'static>>> {
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
