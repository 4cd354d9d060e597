//! The link graph in one pass over pages and links: resolved link slots, backlinks with
//! their context, and each page's related explainers.

use crate::load::Document;
use crate::markdown::Rendered;

use super::PageId;
use super::related;
use super::resolve::Resolved;
use super::sources::SourceId;
use super::tags::{TagId, TagSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    pub from: PageId,
    /// The sentence around the first link from that page.
    pub context: String,
}

/// A page's connections to the rest of the site.
#[derive(Debug, Clone, Default)]
pub struct PageGraph {
    /// Escaped hrefs and target titles for the Markdown link slots.
    pub hrefs: Vec<String>,
    pub titles: Vec<String>,
    /// Distinct pages this page links to, in order of first link.
    pub links_to: Vec<PageId>,
    pub tags: Vec<TagId>,
    pub references: Vec<SourceId>,
    pub backlinks: Vec<Backlink>,
    pub related: Vec<PageId>,
}

pub struct Graph {
    pub pages: Vec<PageGraph>,
}

pub fn build(
    documents: &[(Document, Rendered)],
    resolved: &[Resolved],
    tags: &TagSet,
    related_count: usize,
) -> Graph {
    let mut pages: Vec<PageGraph> = resolved
        .iter()
        .zip(&tags.page_tags)
        .map(|(r, page_tags)| PageGraph {
            hrefs: r.hrefs.clone(),
            titles: r.titles.clone(),
            links_to: distinct_targets(r),
            tags: page_tags.clone(),
            references: r.references.clone(),
            ..PageGraph::default()
        })
        .collect();
    for (from, r) in resolved.iter().enumerate() {
        for &target in &pages[from].links_to.clone() {
            let slot = r
                .targets
                .iter()
                .find(|(page, _)| *page == target)
                .map_or(0, |(_, slot)| *slot);
            let context = documents[from]
                .1
                .links
                .get(slot)
                .map(|l| l.context.clone())
                .unwrap_or_default();
            pages[target].backlinks.push(Backlink { from, context });
        }
    }
    let related = related::compute(documents, &pages, resolved, tags, related_count);
    for (page, list) in pages.iter_mut().zip(related) {
        page.related = list;
    }
    Graph { pages }
}

fn distinct_targets(resolved: &Resolved) -> Vec<PageId> {
    let mut seen = Vec::new();
    for &(page, _) in &resolved.targets {
        if !seen.contains(&page) {
            seen.push(page);
        }
    }
    seen
}
