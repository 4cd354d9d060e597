//! The site's timeline: every page's `events:` checked (a date, some text, sources that
//! exist) and merged in date order.

use crate::diag::{Diagnostic, Location, SourceText};
use crate::load::{Document, PartialDate};

use super::sources::Registry;
use super::{PageId, Parsed, Source, SourceId};

/// One dated event, from the front matter of `page`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: PartialDate,
    pub text: String,
    pub sources: Vec<SourceId>,
    pub page: PageId,
}

/// Every page's events, oldest first (a year or month before the days in it; events of
/// one date in page order, then as written), and the problems found in them.
pub fn collect(documents: &[Parsed], registry: &Registry) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut events = Vec::new();
    let mut problems = Vec::new();
    for (page, (doc, _)) in documents.iter().enumerate() {
        for (nth, decl) in doc.front.events.iter().enumerate() {
            let at = |needle: &str| event_location(doc, nth, needle);
            if decl.text.trim().is_empty() {
                problems.push(
                    Diagnostic::error("bad-event", at("text:"), "event with no text".to_string())
                        .with_help("say in a sentence what happened on that date"),
                );
                continue;
            }
            let mut sources = Vec::with_capacity(decl.source.len());
            for id in &decl.source {
                match registry.lookup(id) {
                    Some(source) => sources.push(source),
                    None => problems.push(unknown_source(registry, id, at(id))),
                }
            }
            events.push(Event {
                date: decl.date.clone(),
                text: crate::markdown::smarten(decl.text.trim()),
                sources,
                page,
            });
        }
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then(a.page.cmp(&b.page)));
    (events, problems)
}

/// A page whose events cite a source is among the pages citing it.
pub fn count_citations(events: &[Event], sources: &mut [Source]) {
    for event in events {
        for &source in &event.sources {
            let cited_by = &mut sources[source].cited_by;
            if let Err(at) = cited_by.binary_search(&event.page) {
                cited_by.insert(at, event.page);
            }
        }
    }
}

fn unknown_source(registry: &Registry, id: &str, location: Location) -> Diagnostic {
    let help = match registry.closest(id) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "declare it under `sources:` in the front matter or in content/_sources.yaml".into(),
    };
    Diagnostic::error(
        "unknown-source",
        location,
        format!("event cites unknown source `{id}`"),
    )
    .with_help(help)
}

/// Where `needle` is written within the `nth` item of the page's `events:` list (its
/// first line when the needle is not there, the `events:` key when the list is not
/// found as written).
fn event_location(doc: &Document, nth: usize, needle: &str) -> Location {
    let front = &doc.text[..doc.body_start];
    let key = front.find("\nevents:").map_or(0, |i| i + 1);
    let items = item_starts(front, key);
    let offset = match items.get(nth) {
        Some(&start) => {
            let end = items.get(nth + 1).copied().unwrap_or(front.len());
            front[start..end].find(needle).map_or(start, |i| start + i)
        }
        None => key,
    };
    Location::at(&doc.file, &SourceText::new(&doc.text), offset)
}

/// Byte offsets of the `- ` items of the list under the key at `key`: the dashes at the
/// list's own indentation, up to the next top-level key.
fn item_starts(front: &str, key: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut indent = None;
    let mut offset = key;
    for (i, line) in front[key..].split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        if i == 0 {
            continue;
        }
        let trimmed = line.trim_start();
        let depth = line.len() - trimmed.len();
        if !trimmed.is_empty() && depth == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed.starts_with("- ") || trimmed.trim_end() == "-" {
            let list_indent = *indent.get_or_insert(depth);
            if depth == list_indent {
                starts.push(start + depth);
            }
        }
    }
    starts
}
