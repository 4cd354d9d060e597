//! The search index in `serve`: rebuilt on a thread of its own after each good build,
//! one at a time, and swapped into the served site unless a newer site replaced it.

use std::sync::Arc;

use super::{Server, Snapshot};
use crate::render::Content;
use crate::search;

/// The background search index: whether one is being built, and the newest site
/// generation (with its language) waiting for one.
#[derive(Default)]
pub struct Indexing {
    running: bool,
    wanted: Option<(u64, String)>,
}

impl Server {
    pub(super) fn index_in_background(self: &Arc<Self>, generation: u64, language: String) {
        {
            let mut state = self
                .indexing
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            state.wanted = Some((generation, language));
            if state.running {
                return;
            }
            state.running = true;
        }
        let server = Arc::clone(self);
        std::thread::spawn(move || {
            loop {
                let next = {
                    let mut state = server
                        .indexing
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    let next = state.wanted.take();
                    state.running = next.is_some();
                    next
                };
                let Some((generation, language)) = next else {
                    return;
                };
                server.build_search_index(generation, &language);
            }
        });
    }

    /// Indexes the explainers of the current site and adds the index to it, unless a
    /// newer site replaced it meanwhile.
    fn build_search_index(&self, generation: u64, language: &str) {
        let snapshot = self.current();
        if snapshot.generation != generation {
            return;
        }
        let mut pages: Vec<(String, &[u8])> = (snapshot.files.iter())
            .filter(|(name, _)| name.ends_with(".html"))
            .filter_map(|(name, content)| match content.as_ref() {
                Content::Bytes(html) => Some((
                    format!("/{}", name.trim_end_matches("index.html")),
                    html.as_slice(),
                )),
                Content::Copy(_) => None,
            })
            .collect();
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let indexer = search::Indexer::start(language, pages.iter().map(|(url, _)| url.clone()).collect());
        for (url, html) in pages {
            indexer.offer(url, html);
        }
        drop(snapshot);
        let Ok(index) = indexer.finish() else { return };
        let mut slot = self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if slot.generation == generation {
            let mut files = slot.files.clone();
            files.retain(|name, _| !name.starts_with(search::BUNDLE));
            files.extend(
                index
                    .into_iter()
                    .map(|o| (o.url.output_file(), Arc::new(o.content))),
            );
            *slot = Arc::new(Snapshot {
                files,
                error: slot.error.clone(),
                generation,
            });
        }
    }
}
