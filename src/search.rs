//! Full-text search with Pagefind's Rust API. Each explainer goes to Pagefind as a record
//! made from the model (its title, tags and the body's plain text from the Markdown
//! stage), not as HTML for Pagefind to parse again, so the index can be built beside the
//! rendering. Pagefind indexes one record at a time, so a large site is split into
//! several indexes (`Shards`) built side by side, which the search page merges; Pagefind's
//! files (chunked index, fragments, its search UI) are written under `pagefind/`.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::model::{Page, Site};
use crate::paths::UrlPath;
use crate::render::{Content, Output};

/// The folder Pagefind's files go to, and the UI files templates link to.
pub const BUNDLE: &str = "pagefind/";
pub const UI_FILES: &[&str] = &["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"];

#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct SearchError(String);

impl SearchError {
    /// The indexing thread stopped with a panic (a bug in briefing or Pagefind).
    pub fn panicked() -> SearchError {
        SearchError("the indexing thread panicked".into())
    }
}

/// How the explainers are split into indexes: in the site's order, at most
/// `pages_per_index` in each and as even as that allows. The first index is the bundle
/// under `pagefind/`; index `n` is under `pagefind/shard-n/` and merged into the first by
/// the search page. The split depends on the pages alone, so the files are the same on
/// any machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shards {
    pages: usize,
    pub count: usize,
}

impl Shards {
    pub fn new(pages: usize, pages_per_index: NonZeroUsize) -> Shards {
        Shards {
            pages,
            count: pages.div_ceil(pages_per_index.get()).max(1),
        }
    }

    /// The positions, among the explainers, of those in index `shard`.
    pub fn range(&self, shard: usize) -> Range<usize> {
        let size = self.pages.div_ceil(self.count);
        (shard * size).min(self.pages)..((shard + 1) * size).min(self.pages)
    }

    /// The folder of index `shard`'s files.
    pub fn bundle(shard: usize) -> String {
        match shard {
            0 => BUNDLE.to_string(),
            n => format!("{BUNDLE}shard-{n}/"),
        }
    }

    /// The folders of the indexes the search page merges into the first.
    pub fn merged(&self) -> Vec<String> {
        (1..self.count).map(Shards::bundle).collect()
    }
}

/// One explainer as the index holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The page's path from the site root without the base path (`/us-law/x/`): the
    /// search UI adds the base path it is served under.
    pub url: String,
    pub title: String,
    pub tags: Vec<String>,
    /// The summary, then the body's plain text: what results quote from.
    pub text: String,
}

/// Every explainer's record, in the site's order (which fixes the index's bytes).
pub fn records(site: &Site) -> impl Iterator<Item = Record> + '_ {
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
pub fn index<E>(
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
fn index_one(
    language: &str,
    records: impl Iterator<Item = Record>,
    shard: usize,
) -> Result<Vec<Output>, SearchError> {
    runtime()?.block_on(async {
        let mut index = new_index(language)?;
        for record in records {
            add(&mut index, record, language).await?;
        }
        files(&mut index, shard).await
    })
}

/// The indexes `serve` keeps between rebuilds, split as a build splits them. An index
/// whose pages are the same, in the same order, indexes again only the records whose
/// text, title or tags changed (Pagefind replaces a record by its URL, in place, so the
/// files equal a fresh index's), and an index with no change keeps its files; any other
/// change starts that index afresh.
pub struct LiveIndex {
    runtime: tokio::runtime::Runtime,
    language: String,
    shards: Vec<LiveShard>,
}

struct LiveShard {
    index: pagefind::api::PagefindIndex,
    /// Each record's URL and the hash of the rest, in index order.
    held: Vec<(String, u64)>,
    files: Vec<Output>,
}

impl LiveIndex {
    pub fn new(language: &str) -> Result<LiveIndex, SearchError> {
        Ok(LiveIndex {
            runtime: runtime()?,
            language: language.to_string(),
            shards: Vec::new(),
        })
    }

    /// Brings the indexes up to these records and returns Pagefind's files, with how many
    /// records were indexed again.
    pub fn update(
        &mut self,
        language: &str,
        records: Vec<Record>,
        pages_per_index: NonZeroUsize,
    ) -> Result<(Vec<Output>, usize), SearchError> {
        if language != self.language {
            self.language = language.to_string();
            self.shards.clear();
        }
        let split = Shards::new(records.len(), pages_per_index);
        self.shards.truncate(split.count);
        let mut records = records.into_iter();
        let mut indexed = 0;
        for shard in 0..split.count {
            let part: Vec<Record> = records.by_ref().take(split.range(shard).len()).collect();
            let LiveIndex {
                runtime,
                language,
                shards,
            } = self;
            if shards.len() == shard {
                shards.push(LiveShard {
                    index: new_index(language)?,
                    held: Vec::new(),
                    files: Vec::new(),
                });
            }
            indexed += runtime.block_on(shards[shard].update(language, part, shard))?;
        }
        let files = (self.shards.iter())
            .flat_map(|shard| shard.files.iter().cloned())
            .collect();
        Ok((files, indexed))
    }
}

impl LiveShard {
    async fn update(
        &mut self,
        language: &str,
        records: Vec<Record>,
        shard: usize,
    ) -> Result<usize, SearchError> {
        let same_pages = records.len() == self.held.len()
            && records
                .iter()
                .zip(&self.held)
                .all(|(record, (url, _))| record.url == *url);
        if !same_pages {
            self.index = new_index(language)?;
            self.held.clear();
        }
        let mut indexed = 0;
        let mut now = Vec::with_capacity(records.len());
        for (at, record) in records.into_iter().enumerate() {
            let print = crate::hash::stable_hash(&(&record.title, &record.tags, &record.text));
            now.push((record.url.clone(), print));
            if self.held.get(at).is_none_or(|&(_, before)| before != print) {
                add(&mut self.index, record, language).await?;
                indexed += 1;
            }
        }
        self.held = now;
        if indexed > 0 || !same_pages || self.files.is_empty() {
            self.files = files(&mut self.index, shard).await?;
        }
        Ok(indexed)
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, SearchError> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| SearchError(e.to_string()))
}

fn new_index(language: &str) -> Result<pagefind::api::PagefindIndex, SearchError> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| SearchError(e.to_string()))
}

async fn files(index: &mut pagefind::api::PagefindIndex, shard: usize) -> Result<Vec<Output>, SearchError> {
    let files = index.get_files().await.map_err(|e| SearchError(e.to_string()))?;
    let bundle = Shards::bundle(shard);
    Ok((files.into_iter())
        .filter(|file| shard == 0 || !is_ui_file(&file.filename))
        .map(|file| bundle_file(file, &bundle))
        .collect())
}

/// Pagefind's search interfaces, which every index carries but the search page loads
/// from the first alone: the others keep only what searching them needs.
fn is_ui_file(name: &std::path::Path) -> bool {
    let name = name.file_name().and_then(|name| name.to_str()).unwrap_or("");
    [
        "pagefind-ui.",
        "pagefind-component-ui.",
        "pagefind-modular-ui.",
        "pagefind-highlight.",
    ]
    .iter()
    .any(|ui| name.starts_with(ui))
}

async fn add(
    index: &mut pagefind::api::PagefindIndex,
    record: Record,
    language: &str,
) -> Result<(), SearchError> {
    let Record {
        url,
        title,
        tags,
        text,
    } = record;
    let meta = BTreeMap::from([("title".to_string(), title)]);
    let filters = (!tags.is_empty()).then(|| BTreeMap::from([("tag".to_string(), tags)]));
    index
        .add_custom_record(url.clone(), text, language.to_string(), Some(meta), filters, None)
        .await
        .map(drop)
        .map_err(|e| SearchError(format!("{url}: {e}")))
}

fn bundle_file(file: pagefind::api::SyntheticFile, bundle: &str) -> Output {
    let name = crate::diag::display_path(&file.filename);
    let name = name.trim_start_matches('/').trim_start_matches(BUNDLE);
    Output {
        url: UrlPath::file(&format!("{bundle}{name}")),
        content: Content::Bytes(file.contents),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PER: NonZeroUsize = NonZeroUsize::new(100).expect("not zero");

    fn record(url: &str, text: &str) -> Record {
        Record {
            url: url.to_string(),
            title: format!("Title of {url}"),
            tags: vec!["law".to_string()],
            text: text.to_string(),
        }
    }

    fn bytes(files: Vec<Output>) -> Vec<(String, Vec<u8>)> {
        (files.into_iter())
            .map(|file| match file.content {
                Content::Bytes(bytes) => (file.url.as_str().to_string(), bytes),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn shards_split_the_pages_evenly_in_order_and_never_over_the_limit() {
        for (pages, per, count) in [
            (0, 5, 1),
            (1, 5, 1),
            (5, 5, 1),
            (6, 5, 2),
            (10, 3, 4),
            (10_000, 2500, 4),
        ] {
            let shards = Shards::new(pages, NonZeroUsize::new(per).expect("not zero"));
            assert_eq!(shards.count, count, "{pages} pages, {per} per index");
            let ranges: Vec<Range<usize>> = (0..shards.count).map(|shard| shards.range(shard)).collect();
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert_eq!(ranges.last().map(|r| r.end), Some(pages));
            assert!(
                ranges
                    .windows(2)
                    .all(|w| w[0].end == w[1].start && !w[1].is_empty()),
                "{ranges:?}"
            );
            assert!(ranges.iter().all(|r| r.len() <= per), "{ranges:?}");
        }
        assert_eq!(Shards::bundle(0), "pagefind/");
        assert_eq!(
            Shards::new(7, NonZeroUsize::new(3).expect("not zero")).merged(),
            ["pagefind/shard-1/", "pagefind/shard-2/"]
        );
    }

    #[test]
    fn an_edit_rebuilds_only_the_index_holding_the_page() {
        let pages: Vec<Record> = (0..6)
            .map(|n| record(&format!("/p{n}/"), &format!("page number {n}")))
            .collect();
        let two = NonZeroUsize::new(2).expect("not zero");
        let mut live = LiveIndex::new("en").expect("index");
        let (before, indexed) = live.update("en", pages.clone(), two).expect("update");
        assert_eq!(indexed, 6);
        let mut edited = pages;
        edited[3].text = "page number three, edited".to_string();
        let (after, indexed) = live.update("en", edited, two).expect("update");
        assert_eq!(indexed, 1);
        let changed = |bundle: &str| {
            let pick = |files: &[Output]| -> Vec<Output> {
                (files.iter())
                    .filter(|f| {
                        f.url.as_str().starts_with(bundle)
                            && !f.url.as_str()[bundle.len()..].starts_with("shard-")
                    })
                    .cloned()
                    .collect()
            };
            pick(&before) != pick(&after)
        };
        assert!(!changed("pagefind/"), "index 0 (pages 0, 1) is kept");
        assert!(changed("pagefind/shard-1/"), "index 1 (pages 2, 3) is new");
        assert!(!changed("pagefind/shard-2/"), "index 2 (pages 4, 5) is kept");
    }

    #[test]
    fn a_live_index_indexes_only_changed_records_and_equals_a_fresh_one() {
        let first = vec![
            record("/a/", "the sixty day clock"),
            record("/b/", "cartels and sanctions"),
            record("/c/", "overdose deaths by year"),
        ];
        let mut live = LiveIndex::new("en").expect("index");
        let (files, indexed) = live.update("en", first.clone(), PER).expect("update");
        assert_eq!(indexed, 3);
        assert_eq!(
            bytes(files),
            bytes(index_one("en", first.clone().into_iter(), 0).expect("fresh"))
        );

        let mut edited = first.clone();
        edited[1].text = "cartels, sanctions and extradition".to_string();
        let (files, indexed) = live.update("en", edited.clone(), PER).expect("update");
        assert_eq!(indexed, 1, "only the edited record");
        assert_eq!(
            bytes(files),
            bytes(index_one("en", edited.clone().into_iter(), 0).expect("fresh"))
        );

        let (_, indexed) = live.update("en", edited.clone(), PER).expect("update");
        assert_eq!(indexed, 0, "nothing changed");

        let mut added = edited;
        added.insert(0, record("/0/", "a new first page"));
        let (files, indexed) = live.update("en", added.clone(), PER).expect("update");
        assert_eq!(indexed, 4, "other pages: a fresh index");
        assert_eq!(
            bytes(files),
            bytes(index_one("en", added.into_iter(), 0).expect("fresh"))
        );
    }
}
