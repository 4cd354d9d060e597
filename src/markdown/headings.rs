//! Heading ids (stable, unique per page) and the nested table of contents.

use std::collections::{HashMap, HashSet};

use foldhash::fast::RandomState;
use serde::Serialize;

use crate::paths::HeadingIds;

/// A heading of a body: its level, the id links use, and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 for `#`, up to 6.
    pub level: u8,
    /// Its id: slugged from the text and unique within the page, or `{#id}` as written.
    pub id: String,
    /// Its plain text, with runs of whitespace collapsed.
    pub title: String,
}

/// Hands out heading ids: the slug of the heading text, suffixed `-1`, `-2`… on repeats.
/// Remembers the next suffix per slug, so 10,000 identical headings cost linear time.
#[derive(Debug, Default)]
pub(super) struct IdAllocator {
    scheme: HeadingIds,
    used: HashSet<String, RandomState>,
    next_suffix: HashMap<String, usize, RandomState>,
}

impl IdAllocator {
    pub(super) fn new(scheme: HeadingIds) -> Self {
        IdAllocator {
            scheme,
            ..IdAllocator::default()
        }
    }

    pub(super) fn allocate(&mut self, wanted: &str) -> String {
        let base = match self.scheme.slug(wanted) {
            slug if slug.is_empty() => "section".to_string(),
            slug => slug,
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        let mut id = format!("{base}-{n}");
        while !self.used.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.next_suffix.insert(base, n + 1);
        id
    }

    /// Reserves an id written by hand (`{#id}`) as it is.
    pub(super) fn reserve(&mut self, id: &str) -> String {
        self.used.insert(id.to_string());
        id.to_string()
    }
}

/// One entry of the table of contents, with the headings nested below it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TocEntry<'a> {
    /// The heading's level (2–4).
    pub level: u8,
    /// The heading's id, which the entry links to.
    pub id: &'a str,
    /// The heading's text.
    pub title: &'a str,
    /// The deeper headings after it, up to the next of its level or higher.
    pub children: Vec<TocEntry<'a>>,
}

/// Nests headings of levels 2–4 into a tree; deeper headings are left out.
pub fn table_of_contents(headings: &[Heading]) -> Vec<TocEntry<'_>> {
    let mut roots: Vec<TocEntry<'_>> = Vec::new();
    for heading in headings.iter().filter(|h| (2..=4).contains(&h.level)) {
        insert(&mut roots, heading);
    }
    roots
}

fn insert<'a>(siblings: &mut Vec<TocEntry<'a>>, heading: &'a Heading) {
    if let Some(last) = siblings.last_mut()
        && heading.level > last.level
    {
        insert(&mut last.children, heading);
        return;
    }
    siblings.push(TocEntry {
        level: heading.level,
        id: &heading.id,
        title: &heading.title,
        children: Vec::new(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_headings_get_unique_ids() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate("Notes"), "notes");
        assert_eq!(ids.allocate("Notes"), "notes-1");
        assert_eq!(ids.reserve("notes-2"), "notes-2");
        assert_eq!(ids.allocate("Notes"), "notes-3");
        assert_eq!(ids.allocate("?!"), "section");
    }

    #[test]
    fn toc_nests_by_level() {
        let h = |level, id: &str| Heading {
            level,
            id: id.into(),
            title: id.into(),
        };
        let headings = [
            h(2, "a"),
            h(3, "a1"),
            h(4, "a1x"),
            h(3, "a2"),
            h(2, "b"),
            h(5, "deep"),
        ];
        let toc = table_of_contents(&headings);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 2);
        assert_eq!(toc[0].children[0].children[0].id, "a1x");
        assert!(toc[1].children.is_empty());
    }
}
