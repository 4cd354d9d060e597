//! Full-text search with Pagefind's Rust API: rendered explainer pages are indexed in
//! memory on a thread of their own while the rest of the site renders, and Pagefind's
//! files (chunked index, fragments, its search UI) are written under `pagefind/`.

use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use crate::paths::UrlPath;
use crate::render::{Content, Output};

/// The folder Pagefind's files go to, and the UI files templates link to.
pub const BUNDLE: &str = "pagefind/";
pub const UI_FILES: &[&str] = &["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"];

/// Pages carrying this attribute are indexed; listings and tag pages are not.
const BODY_MARKER: &str = "data-pagefind-body";

#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct SearchError(String);

/// Indexes pages as they are handed over; `finish` returns Pagefind's files. Pagefind's
/// files depend on the order pages are added, and pages finish rendering in no fixed
/// order, so each is added in its place in the site's order (`order`): the ones that
/// arrive early wait, and indexing overlaps rendering.
pub struct Indexer {
    pages: SyncSender<(usize, Option<Page>)>,
    positions: HashMap<String, usize>,
    worker: JoinHandle<Result<Vec<Output>, SearchError>>,
}

/// A page for the index: its URL and the part of its HTML Pagefind reads.
type Page = (String, String);

impl Indexer {
    /// Starts indexing; `order` is every page the build renders, as its path from the
    /// site root without the base path (`/us-law/x/`), in the site's order.
    pub fn start(language: &str, order: Vec<String>) -> Indexer {
        let (pages, inbox) = sync_channel::<(usize, Option<Page>)>(64);
        let language = language.to_string();
        let positions = order.into_iter().enumerate().map(|(i, url)| (url, i)).collect();
        let worker = std::thread::spawn(move || index_all(inbox, &language));
        Indexer {
            pages,
            positions,
            worker,
        }
    }

    /// Hands over a rendered page of `order`: indexed if it is an explainer (its HTML
    /// has `data-pagefind-body`), else only counted, so the pages after it can go in.
    pub fn offer(&self, url: String, html: &[u8]) {
        let Some(&position) = self.positions.get(&url) else {
            return;
        };
        let indexed = std::str::from_utf8(html).ok().and_then(indexed_part);
        let _ = self.pages.send((position, indexed.map(|part| (url, part))));
    }

    /// Waits for the index and returns its files, under `pagefind/`.
    pub fn finish(self) -> Result<Vec<Output>, SearchError> {
        drop(self.pages);
        self.worker
            .join()
            .map_err(|_| SearchError("the indexing thread panicked".into()))?
    }
}

/// What Pagefind reads of a page: from the element marked `data-pagefind-body` to the end
/// of `<main>` (the site header, navigation and head before it are skipped unparsed).
fn indexed_part(html: &str) -> Option<String> {
    let marker = html.find(BODY_MARKER)?;
    let start = html[..marker].rfind('<')?;
    let end = html[marker..]
        .find("</main>")
        .map_or(html.len(), |at| marker + at);
    Some(format!("<html><body>{}</body></html>", &html[start..end]))
}

async fn add(index: &mut pagefind::api::PagefindIndex, url: String, html: String) -> Result<(), SearchError> {
    index
        .add_html_file(None, Some(url.clone()), html)
        .await
        .map(drop)
        .map_err(|e| SearchError(format!("{url}: {e}")))
}

fn index_all(inbox: Receiver<(usize, Option<Page>)>, language: &str) -> Result<Vec<Output>, SearchError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| SearchError(e.to_string()))?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| SearchError(e.to_string()))?;
        // Pages are added in their place in the site's order; those that come early wait.
        let mut waiting: BTreeMap<usize, Option<Page>> = BTreeMap::new();
        let mut next = 0;
        while let Ok((position, page)) = inbox.recv() {
            waiting.insert(position, page);
            while let Some(page) = waiting.remove(&next) {
                next += 1;
                if let Some((url, html)) = page {
                    add(&mut index, url, html).await?;
                }
            }
        }
        // A page that never came (its template failed) leaves a gap the rest go past.
        for (url, html) in waiting.into_values().flatten() {
            add(&mut index, url, html).await?;
        }
        let files = index.get_files().await.map_err(|e| SearchError(e.to_string()))?;
        Ok(files
            .into_iter()
            .map(|file| {
                let name = crate::diag::display_path(&file.filename);
                let name = name.trim_start_matches('/').trim_start_matches("pagefind/");
                Output {
                    url: UrlPath::file(&format!("{BUNDLE}{name}")),
                    content: Content::Bytes(file.contents),
                }
            })
            .collect())
    })
}
