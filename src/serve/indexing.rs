//! The search index in `serve`: brought up to date on a thread of its own after each
//! good build, one at a time, and swapped into the served site unless a newer site
//! replaced it. The index is kept between builds (`search::LiveIndex`), so an edit to one
//! page indexes that page's record again, not every page's.

use std::io::Write;
use std::sync::Arc;

use super::{Server, Snapshot};
use crate::model::Site;
use crate::search;

/// The background search index: whether one is being built, and the newest site
/// waiting for one.
#[derive(Default)]
pub(super) struct Indexing {
    running: bool,
    wanted: Option<Wanted>,
    /// The index of the last site indexed, while no thread is working on it.
    live: Option<search::LiveIndex>,
}

/// A site to index: its generation, its language and the model the records come from.
struct Wanted {
    generation: u64,
    language: String,
    pages_per_index: std::num::NonZeroUsize,
    site: Arc<Site>,
}

impl Server {
    pub(super) fn index_in_background(
        self: &Arc<Self>,
        generation: u64,
        search: (String, std::num::NonZeroUsize),
        site: Arc<Site>,
    ) {
        let (language, pages_per_index) = search;
        {
            let mut state = self
                .indexing
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            state.wanted = Some(Wanted {
                generation,
                language,
                pages_per_index,
                site,
            });
            if state.running {
                return;
            }
            state.running = true;
        }
        let server = Arc::clone(self);
        std::thread::spawn(move || {
            let mut live = None;
            loop {
                let next = {
                    let mut state = server
                        .indexing
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    live = live.or_else(|| state.live.take());
                    let next = state.wanted.take();
                    state.running = next.is_some();
                    if next.is_none() {
                        state.live = live.take();
                    }
                    next
                };
                let Some(wanted) = next else {
                    return;
                };
                server.build_search_index(&wanted, &mut live);
            }
        });
    }

    /// Indexes the explainers of a site and adds the index to the served files, unless
    /// a newer site replaced it meanwhile.
    fn build_search_index(&self, wanted: &Wanted, live: &mut Option<search::LiveIndex>) {
        let generation = wanted.generation;
        if self.current().generation != generation {
            return;
        }
        let records = search::records(&wanted.site).collect();
        let updated = match live {
            Some(index) => index.update(&wanted.language, records, wanted.pages_per_index),
            None => search::LiveIndex::new(&wanted.language).and_then(|index| {
                let index = live.insert(index);
                index.update(&wanted.language, records, wanted.pages_per_index)
            }),
        };
        let index = match updated {
            Ok((index, _)) => index,
            Err(error) => {
                // The next site starts a fresh index.
                *live = None;
                let _ = writeln!(std::io::stderr(), "{error}");
                return;
            }
        };
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
