//! The ids of a site's pages, tags, sources and authors. Each is its item's place in the `Site`'s
//! list of them, typed by what it names so that one kind cannot be used for another; a
//! list is indexed by its own kind of id (`site.pages[id]`).

use std::marker::PhantomData;

use super::{Author, Page, Source, Tag};

/// The place of a `K` in the site's list of them.
pub(crate) struct Id<K> {
    index: usize,
    kind: PhantomData<fn() -> K>,
}

/// A page: its place in `Site::pages`, in the order pages are placed. Page 0 is the home
/// page (`content/_index.md`, or one made when there is none): `PageId::HOME`.
pub(crate) type PageId = Id<Page>;

/// A tag: its place in `Site::tags` (tags in key order).
pub(crate) type TagId = Id<Tag>;

/// A source: its place in `Site::sources` (shared sources first, then each page's, in
/// page order).
pub(crate) type SourceId = Id<Source>;

/// An author: their place in `Site::authors` (the authors of site.toml, in id order).
pub(crate) type AuthorId = Id<Author>;

impl PageId {
    /// The home page is always the first of `Site::pages`.
    pub(crate) const HOME: PageId = Id::at(0);
}

impl<K> Id<K> {
    /// The id of the item at `index` of its list.
    pub(crate) const fn at(index: usize) -> Self {
        Id {
            index,
            kind: PhantomData,
        }
    }

    /// The item's place in its list.
    pub(crate) const fn index(self) -> usize {
        self.index
    }

    /// Each item of a list with its id, in order.
    pub(crate) fn enumerate<I: IntoIterator>(items: I) -> impl Iterator<Item = (Self, I::Item)> {
        (items.into_iter().enumerate()).map(|(index, item)| (Id::at(index), item))
    }

    /// Every id of a list of `len` items, in order.
    pub(crate) fn all(len: usize) -> impl DoubleEndedIterator<Item = Self> + ExactSizeIterator + Clone {
        (0..len).map(Id::at)
    }
}

// Written out rather than derived: a derive would ask the same of `K`.
impl<K> Clone for Id<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for Id<K> {}

impl<K> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}

impl<K> Eq for Id<K> {}

impl<K> PartialOrd for Id<K> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<K> Ord for Id<K> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}

/// Hashes as its index does, so fingerprints are those of the index.
impl<K> std::hash::Hash for Id<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}

impl<K> std::fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.index)
    }
}

impl<K, T> std::ops::Index<Id<K>> for [T] {
    type Output = T;
    fn index(&self, id: Id<K>) -> &T {
        &self[id.index]
    }
}

impl<K, T> std::ops::IndexMut<Id<K>> for [T] {
    fn index_mut(&mut self, id: Id<K>) -> &mut T {
        &mut self[id.index]
    }
}

impl<K, T> std::ops::Index<Id<K>> for Vec<T> {
    type Output = T;
    fn index(&self, id: Id<K>) -> &T {
        &self[id.index]
    }
}

impl<K, T> std::ops::IndexMut<Id<K>> for Vec<T> {
    fn index_mut(&mut self, id: Id<K>) -> &mut T {
        &mut self[id.index]
    }
}
