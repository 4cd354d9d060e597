//! The link graph in one pass over pages and links: resolved link slots, backlinks (each
//! naming the link whose sentence is its context), and each page's related explainers.

use rayon::prelude::*;

use super::PageId;
use super::related;
use super::resolve::Resolved;
use super::sources::SourceId;
use super::tags::{TagId, TagSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Backlink {
    pub from: PageId,
    /// Which of that page's links is its first to this one: the sentence around it is
    /// the backlink's context.
    pub link: usize,
}

/// A page's connections to the rest of the site.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageGraph {
    /// Escaped hrefs for the Markdown link slots.
    pub hrefs: Vec<String>,
    /// Distinct pages this page links to, in order of first link.
    pub links_to: Vec<PageId>,
    pub tags: Vec<TagId>,
    pub references: Vec<SourceId>,
    pub backlinks: Vec<Backlink>,
    pub related: Vec<PageId>,
    /// Per `![[Note]]` embed of the body: the page shown and the heading or block id.
    pub embeds: Vec<Option<(PageId, Option<String>)>>,
}

pub(super) struct Graph {
    pub pages: Vec<PageGraph>,
}

pub(super) fn build(
    documents: &[super::Parsed],
    resolved: Vec<Resolved>,
    tags: &TagSet,
    related_count: usize,
    memo: related::RelatedReuse<'_>,
) -> (Graph, related::RelatedMemo) {
    // Each page's graph, its pinned related pages, and the first link to each page.
    let (mut pages, (pinned, first_links)): (Vec<PageGraph>, (Vec<_>, Vec<_>)) = (resolved.into_par_iter())
        .zip(&tags.page_tags)
        .map(|(r, page_tags)| {
            let first = first_link_to_each(&r);
            let graph = PageGraph {
                hrefs: r.hrefs,
                links_to: first.iter().map(|&(page, _)| page).collect(),
                tags: page_tags.clone(),
                references: r.references,
                embeds: r.embeds,
                ..PageGraph::default()
            };
            (graph, (r.pinned, first))
        })
        .unzip();
    for (from, first) in PageId::enumerate(first_links) {
        for (target, link) in first {
            pages[target].backlinks.push(Backlink { from, link });
        }
    }
    let input = related::Inputs {
        documents,
        pages: &pages,
        pinned: &pinned,
        tags,
        count: related_count,
    };
    let (lists, memo) = match memo {
        related::RelatedReuse::Keep(earlier) => {
            let memo = related::compute_or_reuse(input, earlier);
            (memo.lists().to_vec(), memo)
        }
        related::RelatedReuse::None => (related::compute(input), related::RelatedMemo::default()),
    };
    for (page, list) in pages.iter_mut().zip(lists) {
        page.related = list;
    }
    (Graph { pages }, memo)
}

/// Each page linked to, once, with the slot of the first link to it.
fn first_link_to_each(resolved: &Resolved) -> Vec<(PageId, usize)> {
    let mut seen = std::collections::HashSet::new();
    resolved
        .targets
        .iter()
        .filter(|&&(page, _)| seen.insert(page))
        .copied()
        .collect()
}
