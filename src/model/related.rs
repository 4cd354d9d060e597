//! Related explainers: pinned pages first, then the best by shared tags weighted by
//! rarity (inverse document frequency), boosted by direct links either way. Tags shared
//! by more than `COMMON_TAG` pages are not walked in full (see `COMMON_SAMPLE`), which
//! keeps the stage linear in pages + links + tag memberships.
//!
//! Cost: for each page, one walk over the posting lists of its tags and its links, with
//! a reusable dense score buffer per thread, then a partial selection of the top N.

use rayon::prelude::*;

use super::PageId;
use super::graph::PageGraph;
use super::tags::{TagId, TagSet};

/// Tags on more pages than this are "common": walking their page lists for every page
/// would make the stage quadratic, and they say little about relatedness.
const COMMON_TAG: usize = 256;
/// How many pages of a common tag's list (in title order) are considered.
const COMMON_SAMPLE: usize = 128;

/// Added to the score of a page linked to or from, per direction.
const LINK_BOOST: f64 = 1.0;

/// Every page's tags in one flat array: scoring a candidate reads a few neighbouring
/// words instead of following two pointers into its `PageGraph`, which at 10k pages
/// missed the cache for most candidates.
struct FlatTags {
    starts: Vec<usize>,
    tags: Vec<TagId>,
}

impl FlatTags {
    fn new(pages: &[PageGraph]) -> FlatTags {
        let mut starts = Vec::with_capacity(pages.len() + 1);
        let mut tags = Vec::new();
        starts.push(0);
        for page in pages {
            tags.extend_from_slice(&page.tags);
            starts.push(tags.len());
        }
        FlatTags { starts, tags }
    }

    fn of(&self, page: PageId) -> &[TagId] {
        &self.tags[self.starts[page.index()]..self.starts[page.index() + 1]]
    }
}

/// Scores of the pages touched while ranking one page, and the weight of each common
/// tag the page has (by tag, zero for the others); both reset after use.
struct Scratch {
    scores: Vec<f64>,
    touched: Vec<PageId>,
    common_weight: Vec<f64>,
}

impl Scratch {
    fn add(&mut self, page: PageId, score: f64) {
        if self.scores[page] == 0.0 {
            self.touched.push(page);
        }
        self.scores[page] += score;
    }
}

/// The related lists of a build and a hash of everything they were computed from.
/// `serve` hands it to the next build, which reuses the lists when none of that
/// changed: most edits change a body's text, not its tags, links or title.
#[derive(Debug, Default, Clone)]
pub(crate) struct RelatedMemo {
    inputs: u64,
    lists: Vec<Vec<PageId>>,
}

/// What the related stage is given of an earlier build.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RelatedReuse<'m> {
    /// No next build to remember the lists for (`build`, `check`).
    None,
    /// The lists of the earlier build, if any, reused when computed from the same
    /// input; this build's lists are remembered for the next.
    Keep(Option<&'m RelatedMemo>),
}

impl RelatedMemo {
    pub(super) fn lists(&self) -> &[Vec<PageId>] {
        &self.lists
    }
}

/// Everything the related lists are computed from.
#[derive(Clone, Copy)]
pub(super) struct Inputs<'a> {
    pub documents: &'a [super::Parsed],
    pub pages: &'a [PageGraph],
    /// Each page's `related:` pins, resolved.
    pub pinned: &'a [Vec<PageId>],
    pub tags: &'a TagSet,
    /// How many related pages a list names (`related_count`).
    pub count: usize,
}

/// The lists of `earlier` when they were computed from the same input, else `compute`d.
pub(super) fn compute_or_reuse(input: Inputs<'_>, earlier: Option<&RelatedMemo>) -> RelatedMemo {
    let inputs = inputs_hash(input);
    match earlier {
        Some(memo) if memo.inputs == inputs && memo.lists.len() == input.documents.len() => memo.clone(),
        _ => RelatedMemo {
            inputs,
            lists: compute(input),
        },
    }
}

/// Everything the lists depend on: each page's path (hence whether it is a section),
/// title (ties are broken in title order), tags, links (hence backlinks) and pins.
fn inputs_hash(input: Inputs<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::hash::stable_hasher();
    input.count.hash(&mut hasher);
    for ((doc, page), pins) in input.documents.iter().zip(input.pages).zip(input.pinned) {
        (
            &doc.doc.rel_path,
            &doc.doc.front.title,
            &page.tags,
            &page.links_to,
            pins,
        )
            .hash(&mut hasher);
    }
    hasher.finish()
}

/// Every page's related list (empty for the home page and sections).
pub(super) fn compute(input: Inputs<'_>) -> Vec<Vec<PageId>> {
    let ranking = Ranking::new(input);
    // Each rayon job gets its own score buffer; large jobs keep those few.
    (0..input.documents.len())
        .into_par_iter()
        .map(PageId::at)
        .with_min_len(1024)
        .map_init(
            || ranking.scratch(),
            |scratch, id| ranking.related_to(id, scratch),
        )
        .collect()
}

/// What ranking any one page needs of the whole site, made once.
struct Ranking<'a> {
    input: Inputs<'a>,
    explainer: Vec<bool>,
    title_rank: Vec<usize>,
    tags_of: FlatTags,
    /// Each tag's pages in title order (for sampling common tags).
    by_title: Vec<Vec<PageId>>,
    /// Each tag's weight: the rarer, the heavier.
    idf: Vec<f64>,
}

impl<'a> Ranking<'a> {
    fn new(input: Inputs<'a>) -> Ranking<'a> {
        let documents = input.documents;
        let explainer: Vec<bool> = PageId::all(documents.len())
            .map(|id| id != PageId::HOME && !documents[id].doc.is_section())
            .collect();
        let explainers = explainer.iter().filter(|&&e| e).count().max(1) as f64;
        let title_rank = title_ranks(documents);
        let by_title = (input.tags.tags.iter())
            .map(|t| {
                let mut pages = t.pages.clone();
                pages.sort_by_key(|&p| title_rank[p]);
                pages
            })
            .collect();
        let idf = (input.tags.tags.iter())
            .map(|t| {
                (explainers / t.pages.len().max(1) as f64)
                    .ln()
                    .max(f64::MIN_POSITIVE)
            })
            .collect();
        Ranking {
            input,
            explainer,
            title_rank,
            tags_of: FlatTags::new(input.pages),
            by_title,
            idf,
        }
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            scores: vec![0.0; self.input.documents.len()],
            touched: Vec::new(),
            common_weight: vec![0.0; self.input.tags.tags.len()],
        }
    }

    fn is_explainer(&self, id: PageId) -> bool {
        self.explainer[id]
    }

    /// Page `id`'s related list: its pins, then the best scored by shared tags and links.
    fn related_to(&self, id: PageId, scratch: &mut Scratch) -> Vec<PageId> {
        if !self.is_explainer(id) {
            return Vec::new();
        }
        let tags = &self.input.tags.tags;
        let (common, rare): (Vec<TagId>, Vec<TagId>) =
            (self.input.pages[id].tags.iter()).partition(|&&t| tags[t].pages.len() > COMMON_TAG);
        self.score_rare_tags(&rare, scratch);
        self.score_links(id, scratch);
        if !common.is_empty() {
            self.score_common_tags(&common, scratch);
        }
        self.pick(id, scratch)
    }

    /// Every page sharing one of `rare` gets that tag's weight.
    fn score_rare_tags(&self, rare: &[TagId], scratch: &mut Scratch) {
        for &tag in rare {
            for &other in &self.input.tags.tags[tag].pages {
                scratch.add(other, self.idf[tag]);
            }
        }
    }

    /// Pages linked to or from page `id` get `LINK_BOOST` per direction.
    fn score_links(&self, id: PageId, scratch: &mut Scratch) {
        let page = &self.input.pages[id];
        let links = (page.links_to.iter()).chain(page.backlinks.iter().map(|b| &b.from));
        for &other in links {
            scratch.add(other, LINK_BOOST);
        }
    }

    /// The fast path for tags on many pages: candidates found already get their share by
    /// membership; of the pages related only through common tags, the first few in title
    /// order (the order ties are broken in) are enough.
    fn score_common_tags(&self, common: &[TagId], scratch: &mut Scratch) {
        for &tag in common {
            scratch.common_weight[tag] = self.idf[tag];
        }
        let shared = |weight: &[f64], other: PageId| -> f64 {
            self.tags_of.of(other).iter().map(|&t| weight[t]).sum()
        };
        for i in 0..scratch.touched.len() {
            let other = scratch.touched[i];
            scratch.scores[other] += shared(&scratch.common_weight, other);
        }
        for &tag in common {
            for &other in self.by_title[tag].iter().take(COMMON_SAMPLE) {
                if scratch.scores[other] == 0.0 {
                    let score = shared(&scratch.common_weight, other);
                    scratch.add(other, score);
                }
            }
        }
        for &tag in common {
            scratch.common_weight[tag] = 0.0;
        }
    }

    /// Page `id`'s pins, then the best scored candidates, up to the count; resets the
    /// scores for the next page.
    fn pick(&self, id: PageId, scratch: &mut Scratch) -> Vec<PageId> {
        let page = &self.input.pages[id];
        let pinned = &self.input.pinned[id];
        let wanted = self.input.count.max(pinned.len());
        // Keep only the best few while walking the candidates: pins may repeat some of
        // them, so keep as many more as there are pins.
        let mut ranked = TopK::new(wanted + pinned.len());
        // Pages that link here are listed as backlinks already: related lists name
        // others (unless pinned).
        let links_here = |other: PageId| page.backlinks.iter().any(|b| b.from == other);
        for other in scratch.touched.drain(..) {
            let score = std::mem::take(&mut scratch.scores[other]);
            if other != id && self.is_explainer(other) && !links_here(other) {
                ranked.offer(other, score, self.title_rank[other]);
            }
        }
        let mut list: Vec<PageId> = Vec::with_capacity(wanted);
        for other in pinned.iter().copied().chain(ranked.into_pages()) {
            if list.len() == wanted {
                break;
            }
            if other != id && !list.contains(&other) {
                list.push(other);
            }
        }
        list
    }
}

/// The best `k` candidates seen so far, by score (higher first), then title order.
struct TopK {
    k: usize,
    best: Vec<(f64, usize, PageId)>,
}

impl TopK {
    fn new(k: usize) -> TopK {
        TopK {
            k,
            best: Vec::with_capacity(k + 1),
        }
    }

    fn ranks_before(a: &(f64, usize, PageId), b: &(f64, usize, PageId)) -> bool {
        a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
    }

    fn offer(&mut self, page: PageId, score: f64, title_rank: usize) {
        let entry = (score, title_rank, page);
        if self.best.len() == self.k
            && !self
                .best
                .last()
                .is_some_and(|last| Self::ranks_before(&entry, last))
        {
            return;
        }
        let at = self.best.partition_point(|e| Self::ranks_before(e, &entry));
        self.best.insert(at, entry);
        self.best.truncate(self.k);
    }

    fn into_pages(self) -> impl Iterator<Item = PageId> {
        self.best.into_iter().map(|(_, _, page)| page)
    }
}

/// Each page's position in title order (ties by page order), so ranking compares
/// integers instead of strings.
fn title_ranks(documents: &[super::Parsed]) -> Vec<usize> {
    let mut order: Vec<PageId> = PageId::all(documents.len()).collect();
    order.sort_by(|&a, &b| {
        documents[a]
            .doc
            .front
            .title
            .cmp(&documents[b].doc.front.title)
            .then(a.cmp(&b))
    });
    let mut rank = vec![0; documents.len()];
    for (position, id) in order.into_iter().enumerate() {
        rank[id] = position;
    }
    rank
}
