//! Related explainers: pinned pages first, then the best by shared tags weighted by
//! rarity (inverse document frequency), boosted by direct links either way.
//!
//! Cost: for each page, one walk over the posting lists of its tags and its links, with
//! a reusable dense score buffer per thread, then a partial selection of the top N.

use rayon::prelude::*;

use crate::load::Document;
use crate::markdown::Rendered;

use super::PageId;
use super::graph::PageGraph;
use super::resolve::Resolved;
use super::tags::TagSet;

/// Added to the score of a page linked to or from, per direction.
const LINK_BOOST: f64 = 1.0;

/// Scores of the pages touched while ranking one page, reset after use.
struct Scratch {
    scores: Vec<f64>,
    touched: Vec<PageId>,
}

impl Scratch {
    fn add(&mut self, page: PageId, score: f64) {
        if self.scores[page] == 0.0 {
            self.touched.push(page);
        }
        self.scores[page] += score;
    }
}

pub fn compute(
    documents: &[(Document, Rendered)],
    pages: &[PageGraph],
    resolved: &[Resolved],
    tags: &TagSet,
    count: usize,
) -> Vec<Vec<PageId>> {
    let explainer: Vec<bool> = (0..documents.len())
        .map(|id| id != 0 && !documents[id].0.is_section())
        .collect();
    let is_explainer = |id: PageId| explainer[id];
    let explainers = explainer.iter().filter(|&&e| e).count().max(1) as f64;
    let title_rank = title_ranks(documents);
    let idf: Vec<f64> = tags
        .tags
        .iter()
        .map(|t| {
            (explainers / t.pages.len().max(1) as f64)
                .ln()
                .max(f64::MIN_POSITIVE)
        })
        .collect();
    (0..documents.len())
        .into_par_iter()
        .map_init(
            || Scratch {
                scores: vec![0.0; documents.len()],
                touched: Vec::new(),
            },
            |scratch, id| {
                if !is_explainer(id) {
                    return Vec::new();
                }
                for &tag in &pages[id].tags {
                    for &other in &tags.tags[tag].pages {
                        scratch.add(other, idf[tag]);
                    }
                }
                let links = pages[id]
                    .links_to
                    .iter()
                    .chain(pages[id].backlinks.iter().map(|b| &b.from));
                for &other in links {
                    scratch.add(other, LINK_BOOST);
                }
                let mut ranked: Vec<(PageId, f64)> = scratch
                    .touched
                    .drain(..)
                    .map(|p| (p, std::mem::take(&mut scratch.scores[p])))
                    .filter(|&(other, _)| other != id && is_explainer(other))
                    .collect();
                let order = |a: &(PageId, f64), b: &(PageId, f64)| {
                    b.1.total_cmp(&a.1).then(title_rank[a.0].cmp(&title_rank[b.0]))
                };
                let wanted = count.max(resolved[id].pinned.len());
                if ranked.len() > wanted {
                    ranked.select_nth_unstable_by(wanted, order);
                    ranked.truncate(wanted);
                }
                ranked.sort_by(order);
                let mut list: Vec<PageId> = Vec::with_capacity(wanted);
                let candidates = resolved[id]
                    .pinned
                    .iter()
                    .copied()
                    .chain(ranked.into_iter().map(|(p, _)| p));
                for other in candidates {
                    if list.len() == wanted {
                        break;
                    }
                    if other != id && !list.contains(&other) {
                        list.push(other);
                    }
                }
                list
            },
        )
        .collect()
}

/// Each page's position in title order (ties by page order), so ranking compares
/// integers instead of strings.
fn title_ranks(documents: &[(Document, Rendered)]) -> Vec<usize> {
    let mut order: Vec<PageId> = (0..documents.len()).collect();
    order.sort_by(|&a, &b| {
        documents[a]
            .0
            .front
            .title
            .cmp(&documents[b].0.front.title)
            .then(a.cmp(&b))
    });
    let mut rank = vec![0; documents.len()];
    for (position, id) in order.into_iter().enumerate() {
        rank[id] = position;
    }
    rank
}
