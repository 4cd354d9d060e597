//! Tags: one per normalized key, with a display name (from site.toml, else the most
//! common spelling) and the explainers carrying it, newest first.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::Config;
use crate::paths::TagKey;

use super::PageId;

pub(crate) use super::ids::TagId;

#[derive(Debug, Clone)]
pub(crate) struct Tag {
    pub key: TagKey,
    pub name: String,
    pub description: String,
    /// Pages with this tag, newest first.
    pub pages: Vec<PageId>,
}

pub(super) struct TagSet {
    pub tags: Vec<Tag>,
    /// For each page, its tags in the order written (duplicates removed).
    pub page_tags: Vec<Vec<TagId>>,
}

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The site's tags, in key order; `newest_first` is every page in the order tag lists
/// show them.
pub(super) fn collect(documents: &[super::Parsed], newest_first: &[PageId], config: &Config) -> TagSet {
    let keys: Vec<Vec<(TagKey, &str)>> = documents
        .par_iter()
        .map(|super::Parsed { doc, body }| {
            (doc.front.tags.iter())
                .chain(&body.inline_tags)
                .map(|name| (TagKey::new(name), name.trim()))
                .filter(|(key, _)| !key.as_str().is_empty())
                .collect()
        })
        .collect();
    // How often each key is spelled each way, then in key order.
    let mut counted: FastMap<&TagKey, HashMap<&str, usize>> = FastMap::default();
    for (key, name) in keys.iter().flatten() {
        *counted.entry(key).or_default().entry(name).or_default() += 1;
    }
    let mut spellings: Vec<(&TagKey, HashMap<&str, usize>)> = counted.into_iter().collect();
    spellings.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let ids: FastMap<&TagKey, TagId> = TagId::enumerate(&spellings).map(|(i, &(k, _))| (k, i)).collect();
    let mut tags: Vec<Tag> = spellings
        .into_iter()
        .map(|(key, counts)| {
            let settings = config.site.tags.get(key.as_str());
            let name = settings
                .and_then(|s| s.name.clone())
                .unwrap_or_else(|| most_common(&counts).to_string());
            Tag {
                description: settings.map(|s| s.description.clone()).unwrap_or_default(),
                key: key.clone(),
                name,
                pages: Vec::new(),
            }
        })
        .collect();
    let mut page_tags = Vec::with_capacity(documents.len());
    for page_keys in &keys {
        let mut mine: Vec<TagId> = Vec::new();
        for id in page_keys.iter().filter_map(|(key, _)| ids.get(key)) {
            if !mine.contains(id) {
                mine.push(*id);
            }
        }
        page_tags.push(mine);
    }
    // Filled in listing order, so no list needs sorting.
    for &page in newest_first {
        for &tag in &page_tags[page] {
            tags[tag].pages.push(page);
        }
    }
    TagSet { tags, page_tags }
}

/// The spelling used most often; ties go to the alphabetically first.
fn most_common<'a>(counts: &HashMap<&'a str, usize>) -> &'a str {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map_or("", |(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_common_spelling_wins_with_alphabetical_ties() {
        let counts = HashMap::from([("War Powers", 2), ("war-powers", 1)]);
        assert_eq!(most_common(&counts), "War Powers");
        let tie = HashMap::from([("b", 1), ("a", 1)]);
        assert_eq!(most_common(&tie), "a");
    }
}
