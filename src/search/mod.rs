//! Full-text search with Pagefind's Rust API. Each explainer goes to Pagefind as a record
//! made from the model (its title, tags and the body's plain text from the Markdown
//! stage), not as HTML for Pagefind to parse again, so the index can be built beside the
//! rendering. Pagefind indexes one record at a time, so a large site is split into
//! several indexes (`Shards`) built side by side, which the search page merges; Pagefind's
//! files (chunked index, fragments, its search UI) are written under `pagefind/`.

mod engine;
mod live;
mod shards;

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::model::{Page, Site};
use crate::write::Output;

pub(crate) use live::LiveIndex;
pub(crate) use shards::Shards;

/// The folder Pagefind's files go to, and the UI files templates link to.
pub(crate) const BUNDLE: &str = "pagefind/";
pub(crate) const UI_FILES: &[&str] = &["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"];

#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct SearchError(String);

impl SearchError {
    /// The indexing thread stopped with a panic (a bug in briefing or Pagefind).
    pub fn panicked() -> SearchError {
        SearchError("the indexing thread panicked".into())
    }
}

/// One explainer as the index holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// The page's path from the site root without the base path (`/us-law/x/`): the
    /// search UI adds the base path it is served under.
    pub url: String,
    pub title: String,
    pub tags: Vec<String>,
    /// The summary, then the body's plain text: what results quote from.
    pub text: String,
}

/// Every explainer's record, in the site's order (which fixes the index's bytes).
pub(crate) fn records(site: &Site) -> impl Iterator<Item = Record> + '_ {
    site.explainers().map(|page| record(site, page))
}

fn record(site: &Site, page: &Page) -> Record {
    let mut text = String::with_capacity(page.summary.len() + 1 + page.body.text.len());
    text.push_str(&page.summary);
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(&page.body.text);
    Record {
        url: format!("/{}", page.place.url.encoded()),
        title: page.title().to_string(),
        tags: (page.graph.tags.iter())
            .map(|&tag| site.tags[tag].name.clone())
            .collect(),
        text,
    }
}

/// Indexes the site's explainers and hands each index's files to `put` as soon as that
/// index is built, so a large site never holds all of them. The indexes (`Shards`) are
/// built on as many threads as there are cores, each record let go of once added; the
/// caller runs this beside other work.
pub(crate) fn index<E>(
    language: &str,
    site: &Site,
    pages_per_index: NonZeroUsize,
    put: impl Fn(Vec<Output>) -> Result<(), E> + Sync,
) -> Result<(), E>
where
    E: From<SearchError> + Send,
{
    let explainers: Vec<&Page> = site.explainers().collect();
    let shards = Shards::new(explainers.len(), pages_per_index);
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(shards.count);
    std::thread::scope(|scope| {
        let threads: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let shard = next.fetch_add(1, Ordering::Relaxed);
                        if shard >= shards.count {
                            return Ok(());
                        }
                        let records = explainers[shards.range(shard)]
                            .iter()
                            .map(|page| record(site, page));
                        let files = index_one(language, records, shard)?;
                        put(files)?;
                    }
                })
            })
            .collect();
        (threads.into_iter()).try_for_each(|thread| {
            thread
                .join()
                .unwrap_or_else(|_| Err(SearchError::panicked().into()))
        })
    })
}

/// One Pagefind index of these records, its files under index `shard`'s folder.
pub(super) fn index_one(
    language: &str,
    records: impl Iterator<Item = Record>,
    shard: usize,
) -> Result<Vec<Output>, SearchError> {
    engine::runtime()?.block_on(async {
        let mut index = engine::new_index(language)?;
        for record in records {
            engine::add(&mut index, record, language).await?;
        }
        engine::files(&mut index, shard).await
    })
}
