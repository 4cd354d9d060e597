//! Full-text search with Pagefind's Rust API: rendered explainer pages are indexed in
//! memory on a thread of their own while the rest of the site renders, and Pagefind's
//! files (chunked index, fragments, its search UI) are written under `pagefind/`.

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

/// Indexes pages as they are handed over; `finish` returns Pagefind's files.
pub struct Indexer {
    pages: SyncSender<(String, String)>,
    worker: JoinHandle<Result<Vec<Output>, SearchError>>,
}

impl Indexer {
    pub fn start(language: &str) -> Indexer {
        let (pages, inbox) = sync_channel::<(String, String)>(64);
        let language = language.to_string();
        let worker = std::thread::spawn(move || index_all(inbox, &language));
        Indexer { pages, worker }
    }

    /// Queues a rendered page if it is an explainer. `url` is its path from the site root
    /// without the base path (`/us-law/x/`): the search UI prefixes the base path it is
    /// served under itself.
    pub fn offer(&self, url: String, html: &[u8]) {
        let Ok(text) = std::str::from_utf8(html) else {
            return;
        };
        if text.contains(BODY_MARKER) {
            let _ = self.pages.send((url, text.to_string()));
        }
    }

    /// Waits for the index and returns its files, under `pagefind/`.
    pub fn finish(self) -> Result<Vec<Output>, SearchError> {
        drop(self.pages);
        self.worker
            .join()
            .map_err(|_| SearchError("the indexing thread panicked".into()))?
    }
}

fn index_all(inbox: Receiver<(String, String)>, language: &str) -> Result<Vec<Output>, SearchError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| SearchError(e.to_string()))?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| SearchError(e.to_string()))?;
        // Pages arrive in the order they finish rendering, which varies; Pagefind's files
        // depend on the order pages are added, so they are added in URL order.
        let mut pages: Vec<(String, String)> = inbox.iter().collect();
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (url, html) in pages {
            index
                .add_html_file(None, Some(url.clone()), html)
                .await
                .map_err(|e| SearchError(format!("{url}: {e}")))?;
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
