//! Full-text search with Pagefind's Rust API. Each explainer goes to Pagefind as a record
//! made from the model (its title, tags and the body's plain text from the Markdown
//! stage), not as HTML for Pagefind to parse again, so the index can be built beside the
//! rendering. Pagefind's files (chunked index, fragments, its search UI) are written
//! under `pagefind/`.

use std::collections::BTreeMap;

use crate::model::Site;
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
    site.explainers().map(|page| {
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
    })
}

/// Indexes the records (each let go of once added) and returns Pagefind's files, under
/// `pagefind/`. Pagefind indexes on one thread; the caller runs this beside other work.
pub fn index(language: &str, records: impl Iterator<Item = Record>) -> Result<Vec<Output>, SearchError> {
    let runtime = runtime()?;
    runtime.block_on(async {
        let mut index = new_index(language)?;
        for record in records {
            add(&mut index, record, language).await?;
        }
        files(&mut index).await
    })
}

/// The index `serve` keeps between rebuilds. When a rebuild has the same pages in the
/// same order, only the records whose text, title or tags changed are indexed again
/// (Pagefind replaces a record by its URL, in place, so the files equal a fresh index's);
/// Pagefind still rebuilds its chunks and fragments from the records it holds. Any other
/// change starts a fresh index.
pub struct LiveIndex {
    runtime: tokio::runtime::Runtime,
    language: String,
    index: pagefind::api::PagefindIndex,
    /// Each record's URL and the hash of the rest, in index order.
    held: Vec<(String, u64)>,
}

impl LiveIndex {
    pub fn new(language: &str) -> Result<LiveIndex, SearchError> {
        Ok(LiveIndex {
            runtime: runtime()?,
            language: language.to_string(),
            index: new_index(language)?,
            held: Vec::new(),
        })
    }

    /// Brings the index up to these records and returns Pagefind's files, with how many
    /// records were indexed again.
    pub fn update(
        &mut self,
        language: &str,
        records: Vec<Record>,
    ) -> Result<(Vec<Output>, usize), SearchError> {
        let same_pages = language == self.language
            && records.len() == self.held.len()
            && records
                .iter()
                .zip(&self.held)
                .all(|(record, (url, _))| record.url == *url);
        if !same_pages {
            *self = LiveIndex::new(language)?;
        }
        let LiveIndex {
            runtime,
            language,
            index,
            held,
        } = self;
        runtime.block_on(async {
            let mut indexed = 0;
            let mut now = Vec::with_capacity(records.len());
            for (at, record) in records.into_iter().enumerate() {
                let print = crate::hash::stable_hash(&(&record.title, &record.tags, &record.text));
                now.push((record.url.clone(), print));
                if held.get(at).is_none_or(|&(_, before)| before != print) {
                    add(index, record, language).await?;
                    indexed += 1;
                }
            }
            *held = now;
            Ok((files(index).await?, indexed))
        })
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

async fn files(index: &mut pagefind::api::PagefindIndex) -> Result<Vec<Output>, SearchError> {
    let files = index.get_files().await.map_err(|e| SearchError(e.to_string()))?;
    Ok(files.into_iter().map(bundle_file).collect())
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

fn bundle_file(file: pagefind::api::SyntheticFile) -> Output {
    let name = crate::diag::display_path(&file.filename);
    let name = name.trim_start_matches('/').trim_start_matches(BUNDLE);
    Output {
        url: UrlPath::file(&format!("{BUNDLE}{name}")),
        content: Content::Bytes(file.contents),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_live_index_indexes_only_changed_records_and_equals_a_fresh_one() {
        let first = vec![
            record("/a/", "the sixty day clock"),
            record("/b/", "cartels and sanctions"),
            record("/c/", "overdose deaths by year"),
        ];
        let mut live = LiveIndex::new("en").expect("index");
        let (files, indexed) = live.update("en", first.clone()).expect("update");
        assert_eq!(indexed, 3);
        assert_eq!(
            bytes(files),
            bytes(index("en", first.clone().into_iter()).expect("fresh"))
        );

        let mut edited = first.clone();
        edited[1].text = "cartels, sanctions and extradition".to_string();
        let (files, indexed) = live.update("en", edited.clone()).expect("update");
        assert_eq!(indexed, 1, "only the edited record");
        assert_eq!(
            bytes(files),
            bytes(index("en", edited.clone().into_iter()).expect("fresh"))
        );

        let (_, indexed) = live.update("en", edited.clone()).expect("update");
        assert_eq!(indexed, 0, "nothing changed");

        let mut added = edited;
        added.insert(0, record("/0/", "a new first page"));
        let (files, indexed) = live.update("en", added.clone()).expect("update");
        assert_eq!(indexed, 4, "other pages: a fresh index");
        assert_eq!(
            bytes(files),
            bytes(index("en", added.into_iter()).expect("fresh"))
        );
    }
}
