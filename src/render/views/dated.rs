//! Views of the explainer-native data: events and the timeline, checked claims, the
//! glossary, bylines and corrections, and a page's charts.

use serde::Serialize;

use super::{Day, PageRef, Views};
use crate::load::PartialDate;
use crate::model::{Page, Site, SourceId};

/// A checked claim as templates see it, on its page and on `/claims/`.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct ClaimView<'a> {
    /// The claim's anchor on its page (`claim-1`).
    pub id: String,
    pub claim: &'a str,
    /// The language of the words when not the site's, else null.
    pub lang: Option<&'a str>,
    pub claimant: &'a str,
    pub date: &'a PartialDate,
    pub rating: &'a str,
    /// The rating in lower case with hyphens, for a CSS class (`rating-unsupported`).
    pub rating_slug: String,
    pub summary: &'a str,
    pub sources: Vec<EventSource<'a>>,
    pub page: PageRef<'a>,
    /// The claim on its page: the page's link and the claim's anchor.
    pub url: String,
}

/// A dated event as templates see it, on its page and on `/timeline/`.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct EventView<'a> {
    /// As written: `2025`, `2025-09` or `2025-09-02`.
    pub date: &'a PartialDate,
    /// The event's anchor on `/timeline/` (`e-2025-09-02-1`).
    pub id: &'a str,
    pub text: &'a str,
    pub sources: Vec<EventSource<'a>>,
    /// The explainer the event comes from.
    pub page: PageRef<'a>,
}

/// A source of an event or a claim: its title and its entry on `/sources/`.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct EventSource<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
}

/// An author in a byline and on `/authors/ID/`.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct AuthorView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: Option<&'a str>,
    /// Their page on this site (`/authors/ID/`).
    pub url: String,
    /// Their own page elsewhere, if site.toml gives one.
    pub homepage: Option<&'a str>,
}

/// A correction, on its page and on `/corrections/`.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct CorrectionView<'a> {
    pub date: Day,
    pub text: &'a str,
    pub page: PageRef<'a>,
}

/// A glossary entry on `/glossary/`.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct TermView<'a> {
    pub term: &'a str,
    /// Its anchor (`aumf`): `/glossary/#aumf`.
    pub id: &'a str,
    pub definition: &'a str,
    pub aliases: &'a [String],
    pub source: Option<EventSource<'a>>,
}

/// The events of one year on `/timeline/`.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct YearView<'a> {
    pub year: &'a str,
    pub events: Vec<EventView<'a>>,
}

impl<'a> Views<'a> {
    pub(crate) fn claim(&self, index: usize) -> ClaimView<'_> {
        let claim = &self.site.claims[index];
        let nth = 1 + self.claims_of[claim.page]
            .iter()
            .position(|&c| c == index)
            .unwrap_or(0);
        let id = format!("claim-{nth}");
        ClaimView {
            url: format!("{}#{id}", self.links[claim.page]),
            id,
            claim: &claim.claim,
            lang: claim.lang.as_deref(),
            claimant: &claim.claimant,
            date: &claim.date,
            rating: &claim.rating,
            rating_slug: crate::paths::slugify(&claim.rating),
            summary: &claim.summary,
            sources: claim.sources.iter().map(|&s| self.source_link(s)).collect(),
            page: self.page_ref(claim.page),
        }
    }

    /// Author `id` of `Site::authors`.
    pub(crate) fn author(&self, id: crate::model::AuthorId) -> AuthorView<'_> {
        let author = &self.site.authors[id];
        let settings = &self.config.site.authors[&author.id];
        AuthorView {
            id: &author.id,
            name: &settings.name,
            role: settings.role.as_deref(),
            url: self.config.urls.link(&crate::render::author_url(&author.id)),
            homepage: settings.url.as_deref(),
        }
    }

    pub(crate) fn correction(&self, correction: &'a crate::model::Correction) -> CorrectionView<'_> {
        CorrectionView {
            date: Day(correction.date.day),
            text: &correction.text,
            page: self.page_ref(correction.page),
        }
    }

    /// The glossary's entries, alphabetical.
    pub(crate) fn terms(&self) -> Vec<TermView<'_>> {
        let Some(glossary) = self.site.glossary.as_deref() else {
            return Vec::new();
        };
        (glossary.entries.iter().zip(&self.site.glossary_sources))
            .map(|(entry, source)| TermView {
                term: &entry.decl.term,
                id: &entry.id,
                definition: &entry.decl.definition,
                aliases: &entry.decl.aliases,
                source: source.map(|s| self.source_link(s)),
            })
            .collect()
    }

    /// Every claim of the site, the most recently made first.
    pub(crate) fn all_claims(&self) -> Vec<ClaimView<'_>> {
        let mut order: Vec<usize> = (0..self.site.claims.len()).collect();
        order.sort_by(|&a, &b| {
            self.site.claims[b]
                .date
                .cmp(&self.site.claims[a].date)
                .then(a.cmp(&b))
        });
        order.into_iter().map(|index| self.claim(index)).collect()
    }

    fn source_link(&self, source: SourceId) -> EventSource<'_> {
        let decl = &self.site.sources[source].decl;
        EventSource {
            id: &decl.id,
            title: &decl.title,
            url: format!("{}#{}", self.sources_link, decl.id),
        }
    }

    /// A page's charts as `<figure>`s (`#chart-1`, …), each source linked to `/sources/`.
    pub(super) fn charts(&self, page: &Page) -> Vec<String> {
        (page.charts.iter().enumerate())
            .map(|(i, chart)| {
                let sources: Vec<String> = (chart.sources.iter())
                    .map(|&s| {
                        let link = self.source_link(s);
                        let mut a = String::from("<a href=\"");
                        let _ = pulldown_cmark_escape::escape_href(&mut a, &link.url);
                        a.push_str("\">");
                        let _ = pulldown_cmark_escape::escape_html(&mut a, link.title);
                        a.push_str("</a>");
                        a
                    })
                    .collect();
                crate::charts::figure(
                    &chart.spec,
                    &chart.table,
                    &format!("chart-{}", i + 1),
                    &sources.join("; "),
                )
            })
            .collect()
    }

    /// Event `index` of `Site::timeline`.
    pub(crate) fn event(&self, index: usize) -> EventView<'_> {
        let event = &self.site.timeline[index];
        EventView {
            date: &event.date,
            id: &self.event_ids[index],
            text: &event.text,
            sources: event.sources.iter().map(|&s| self.source_link(s)).collect(),
            page: self.page_ref(event.page),
        }
    }

    /// The timeline by year, oldest first.
    pub(crate) fn timeline_years(&self) -> Vec<YearView<'_>> {
        let mut years: Vec<YearView<'_>> = Vec::new();
        for (index, event) in self.site.timeline.iter().enumerate() {
            let year = event.date.year();
            match years.last_mut() {
                Some(last) if last.year == year => last.events.push(self.event(index)),
                _ => years.push(YearView {
                    year,
                    events: vec![self.event(index)],
                }),
            }
        }
        years
    }
}

/// `e-DATE-N`: the Nth event of that date in the timeline.
pub(super) fn event_ids(site: &Site) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(site.timeline.len());
    let mut same_date = 0;
    for (index, event) in site.timeline.iter().enumerate() {
        let repeat = index > 0 && site.timeline[index - 1].date == event.date;
        same_date = if repeat { same_date + 1 } else { 1 };
        ids.push(format!("e-{}-{same_date}", event.date));
    }
    ids
}
