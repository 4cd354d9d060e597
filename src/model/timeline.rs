//! The site's timeline: every page's `events:` checked (a date, some text, sources that
//! exist) and merged in date order.

use crate::diag::Diagnostic;
use crate::load::PartialDate;

use super::sources::Registry;
use super::written::list_item_location;
use super::{PageId, Parsed, SourceId};

/// One dated event, from the front matter of `page`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    pub date: PartialDate,
    pub text: String,
    pub sources: Vec<SourceId>,
    pub page: PageId,
}

/// Every page's events, oldest first (a year or month before the days in it; events of
/// one date in page order, then as written), and the problems found in them.
pub(super) fn collect(documents: &[Parsed], registry: &Registry) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut events = Vec::new();
    let mut problems = Vec::new();
    for (page, Parsed { doc, .. }) in PageId::enumerate(documents) {
        for (nth, decl) in doc.front.events.iter().enumerate() {
            let at = |needle: &str| list_item_location(doc, "events", nth, needle);
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
                    None => problems.push(registry.unknown_source(id, Some("event"), at(id))),
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
