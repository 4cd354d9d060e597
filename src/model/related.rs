//! Related explainers: pinned pages first, then the best by shared tags weighted by
//! rarity (inverse document frequency), boosted by direct links either way.

use std::collections::HashMap;

use crate::load::Document;
use crate::markdown::Rendered;

use super::PageId;
use super::graph::PageGraph;
use super::resolve::Resolved;
use super::tags::TagSet;

/// Added to the score of a page linked to or from, per direction.
const LINK_BOOST: f64 = 1.0;

pub fn compute(
    documents: &[(Document, Rendered)],
    pages: &[PageGraph],
    resolved: &[Resolved],
    tags: &TagSet,
    count: usize,
) -> Vec<Vec<PageId>> {
    let is_explainer = |id: PageId| id != 0 && !documents[id].0.is_section();
    let explainers = (0..documents.len()).filter(|&id| is_explainer(id)).count().max(1) as f64;
    let idf: Vec<f64> = tags
        .tags
        .iter()
        .map(|t| (explainers / t.pages.len().max(1) as f64).ln())
        .collect();
    (0..documents.len())
        .map(|id| {
            if !is_explainer(id) {
                return Vec::new();
            }
            let mut scores: HashMap<PageId, f64> = HashMap::new();
            for &tag in &pages[id].tags {
                for &other in &tags.tags[tag].pages {
                    *scores.entry(other).or_default() += idf[tag];
                }
            }
            for &other in pages[id]
                .links_to
                .iter()
                .chain(pages[id].backlinks.iter().map(|b| &b.from))
            {
                *scores.entry(other).or_default() += LINK_BOOST;
            }
            let mut ranked: Vec<(PageId, f64)> = scores
                .into_iter()
                .filter(|&(other, score)| other != id && is_explainer(other) && score > 0.0)
                .collect();
            ranked.sort_by(|a, b| {
                b.1.total_cmp(&a.1)
                    .then_with(|| documents[a.0].0.front.title.cmp(&documents[b.0].0.front.title))
                    .then(a.0.cmp(&b.0))
            });
            let mut list: Vec<PageId> = Vec::new();
            let pinned = resolved[id].pinned.iter().copied();
            for other in pinned.chain(ranked.into_iter().map(|(p, _)| p)) {
                if list.len() == count.max(resolved[id].pinned.len()) {
                    break;
                }
                if other != id && !list.contains(&other) {
                    list.push(other);
                }
            }
            list
        })
        .collect()
}
