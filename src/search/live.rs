//! The search indexes `serve` keeps between rebuilds.

use std::num::NonZeroUsize;

use super::engine::{add, files, new_index, runtime};
use super::{Record, SearchError, Shards};
use crate::write::Output;

/// The indexes `serve` keeps between rebuilds, split as a build splits them. An index
/// whose pages are the same, in the same order, indexes again only the records whose
/// text, title or tags changed (Pagefind replaces a record by its URL, in place, so the
/// files equal a fresh index's), and an index with no change keeps its files; any other
/// change starts that index afresh.
pub(crate) struct LiveIndex {
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
    pub(crate) fn new(language: &str) -> Result<LiveIndex, SearchError> {
        Ok(LiveIndex {
            runtime: runtime()?,
            language: language.to_string(),
            shards: Vec::new(),
        })
    }

    /// Brings the indexes up to these records and returns Pagefind's files, with how many
    /// records were indexed again.
    pub(crate) fn update(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index_one;
    use crate::write::Content;

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
