//! How a site's explainers are split into Pagefind indexes, and the folder of each.

use std::num::NonZeroUsize;
use std::ops::Range;

use super::BUNDLE;

/// How the explainers are split into indexes: in the site's order, at most
/// `pages_per_index` in each and as even as that allows. The first index is the bundle
/// under `pagefind/`; index `n` is under `pagefind/shard-n/` and merged into the first by
/// the search page. The split depends on the pages alone, so the files are the same on
/// any machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shards {
    pages: usize,
    pub count: usize,
}

impl Shards {
    pub(crate) fn new(pages: usize, pages_per_index: NonZeroUsize) -> Shards {
        Shards {
            pages,
            count: pages.div_ceil(pages_per_index.get()).max(1),
        }
    }

    /// The positions, among the explainers, of those in index `shard`.
    pub(crate) fn range(&self, shard: usize) -> Range<usize> {
        let size = self.pages.div_ceil(self.count);
        (shard * size).min(self.pages)..((shard + 1) * size).min(self.pages)
    }

    /// The folder of index `shard`'s files.
    pub(crate) fn bundle(shard: usize) -> String {
        match shard {
            0 => BUNDLE.to_string(),
            n => format!("{BUNDLE}shard-{n}/"),
        }
    }

    /// The folders of the indexes the search page merges into the first.
    pub(crate) fn merged(&self) -> Vec<String> {
        (1..self.count).map(Shards::bundle).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
