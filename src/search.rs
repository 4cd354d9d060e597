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
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| SearchError(e.to_string()))?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| SearchError(e.to_string()))?;
        for record in records {
            add(&mut index, record, language).await?;
        }
        let files = index.get_files().await.map_err(|e| SearchError(e.to_string()))?;
        Ok(files.into_iter().map(bundle_file).collect())
    })
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
