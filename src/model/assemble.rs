//! Building the model, stage by stage: pages placed at URLs, the source registry and
//! the link index side by side, events, claims and the glossary checked against the
//! registry, links resolved beside the tag listings, then the graph, bylines and
//! charts, and every page finished with them.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::glossary::Glossary;
use crate::load::{Asset, PageDate, SharedSources};

use super::{
    AuthorId, Chart, Page, PageGraph, PageId, PageKind, Parsed, Placement, RelatedMemo, RelatedReuse, Site,
    bylines, charts, claims, graph, index, resolve, sources, tags, timeline, urls,
};

/// Everything the model is built from.
pub(crate) struct Input {
    pub documents: Vec<Parsed>,
    pub assets: Vec<Asset>,
    pub shared_sources: Option<SharedSources>,
    /// `content/_glossary.yaml`, read and checked on its own.
    pub glossary: Option<Arc<Glossary>>,
    /// Each file's last commit (`[content] dates_from_git`), by path under `content/`.
    pub git_dates: std::collections::HashMap<PathBuf, PageDate>,
    /// Files that failed to load; links to them are not reported a second time.
    pub failed: Vec<PathBuf>,
}

/// The site model, the content problems found making it, and the related lists for
/// the next build (empty when not asked for).
#[derive(Debug)]
pub(crate) struct Built {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
    pub related: RelatedMemo,
}

/// Builds the site model. Given the related lists of an earlier build, they are reused
/// when their input is unchanged.
pub(crate) fn build(input: Input, config: &Config, related: RelatedReuse<'_>) -> Built {
    // Every field named: a new input does not compile until it is given a stage.
    let Input {
        documents,
        assets,
        shared_sources,
        glossary,
        git_dates,
        failed,
    } = input;
    let mut diagnostics = Vec::new();
    let (documents, placements) = urls::place(documents, config, &mut diagnostics);
    let (registry, index) = registry_and_index(
        &documents,
        &placements,
        shared_sources.as_ref(),
        &failed,
        &assets,
        &mut diagnostics,
    );
    let (timeline, event_problems) = timeline::collect(&documents, &registry);
    diagnostics.extend(event_problems);
    let (claims, claim_problems) = claims::collect(&documents, &registry, &config.site.claims.ratings);
    diagnostics.extend(claim_problems);
    let glossary_sources = (glossary.as_deref()).map_or_else(Vec::new, |g| {
        sources::glossary_sources(g, &registry, &mut diagnostics)
    });
    let resolver = resolve::Resolver {
        index: &index,
        documents: &documents,
        placements: &placements,
        registry: &registry,
        config,
    };
    let (page_links, tag_set, recent) = links_and_listings(&resolver, &mut diagnostics);
    let (graph, related) = graph::build(
        &documents,
        page_links,
        &tag_set,
        config.site.related_count,
        related,
    );
    let (authors, page_authors) = bylines::authors(&documents, config, &recent, &mut diagnostics);
    let corrections = bylines::corrections(&documents, &mut diagnostics);
    let page_charts = page_charts(&documents, &registry, config, &mut diagnostics);
    let citing = (timeline.iter().map(|e| (e.page, &e.sources[..])))
        .chain(claims.iter().map(|c| (c.page, &c.sources[..])));
    let sources = registry.into_sources(citing);
    let pages = (documents.into_par_iter())
        .zip(placements)
        .zip(graph.pages)
        .zip(page_charts)
        .zip(page_authors)
        .map(|((((parsed, place), graph), charts), authors)| {
            Arc::new(finished_page(parsed, place, graph, charts, authors, &git_dates))
        })
        .collect();
    let site = Site {
        pages,
        tags: tag_set.tags,
        sources,
        assets: urls::place_assets(assets),
        recent,
        timeline,
        claims,
        glossary,
        glossary_sources,
        authors,
        corrections,
    };
    Built {
        site,
        diagnostics,
        related,
    }
}

/// The source registry and the index of link targets, built side by side. The index
/// also knows the files that failed to load and the assets: targets that are not pages.
fn registry_and_index(
    documents: &[Parsed],
    placements: &[Placement],
    shared_sources: Option<&SharedSources>,
    failed: &[PathBuf],
    assets: &[Asset],
    diagnostics: &mut Vec<Diagnostic>,
) -> (sources::Registry, index::Index) {
    let ((registry, problems), index) = rayon::join(
        || {
            let mut problems = Vec::new();
            let registry = sources::Registry::build(shared_sources, documents, &mut problems);
            (registry, problems)
        },
        || index::Index::new(documents, placements, failed, assets),
    );
    diagnostics.extend(problems);
    (registry, index)
}

/// Every page's links resolved, in parallel with the tag listings and the recent
/// explainers (which need only the front matter).
fn links_and_listings(
    resolver: &resolve::Resolver<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<resolve::Resolved>, tags::TagSet, Vec<PageId>) {
    let documents = resolver.documents;
    let ((page_links, problems), (tag_set, recent)) = rayon::join(
        || -> (Vec<resolve::Resolved>, Vec<Vec<Diagnostic>>) {
            (0..documents.len())
                .into_par_iter()
                .map(|index| resolver.resolve_page(PageId::at(index)))
                .unzip()
        },
        || {
            let newest = newest_first(documents);
            (
                tags::collect(documents, &newest, resolver.config),
                recent(newest, resolver.placements),
            )
        },
    );
    diagnostics.extend(problems.into_iter().flatten());
    (page_links, tag_set, recent)
}

/// Each page's charts, read from their data files, in page order.
fn page_charts(
    documents: &[Parsed],
    registry: &sources::Registry,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Vec<Chart>> {
    (documents.iter())
        .map(|Parsed { doc, body }| {
            charts::collect(doc, &body.charts, registry, &config.content_dir, diagnostics)
        })
        .collect()
}

/// A parsed document with its place, graph, charts and authors: the written summary
/// (or the first paragraph's), and the date it was updated (front matter, else git).
fn finished_page(
    Parsed { doc, body }: Parsed,
    place: Placement,
    graph: PageGraph,
    charts: Vec<Chart>,
    authors: Vec<AuthorId>,
    git_dates: &std::collections::HashMap<PathBuf, PageDate>,
) -> Page {
    let summary = match doc.front.summary.as_ref().filter(|s| !s.trim().is_empty()) {
        Some(written) => crate::markdown::smarten(written),
        None => body.summary.clone().unwrap_or_default(),
    };
    let updated = (doc.front.updated).or_else(|| git_dates.get(&doc.rel_path).copied());
    Page {
        updated,
        doc,
        body,
        place,
        graph,
        summary,
        charts,
        authors,
    }
}

/// Every page, newest first, then by title, then in page order: the order of tag
/// listings and of recent explainers.
fn newest_first(documents: &[Parsed]) -> Vec<PageId> {
    let mut ids: Vec<PageId> = PageId::all(documents.len()).collect();
    ids.par_sort_unstable_by(|&a, &b| {
        let (fa, fb) = (&documents[a].doc.front, &documents[b].doc.front);
        fb.date
            .cmp(&fa.date)
            .then_with(|| fa.title.cmp(&fb.title))
            .then(a.cmp(&b))
    });
    ids
}

/// The explainers of `newest_first`.
fn recent(mut newest_first: Vec<PageId>, placements: &[Placement]) -> Vec<PageId> {
    newest_first.retain(|&id| placements[id].kind == PageKind::Explainer);
    newest_first
}
