//! What templates see: plain serializable views of the site and its pages. Field names
//! here are the template API documented in the README.

use std::hash::Hash;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::config::Config;
use crate::load::PageDate;
use crate::model::{PageId, Site, TagId};

mod dated;
mod page;
mod sources;

use dated::event_ids;
pub(super) use dated::{AuthorView, ClaimView, CorrectionView, EventView};
pub(super) use sources::SourceView;

/// A view shown many times in one build (a page in listings, a tag on every page it
/// tags), whose template value is made once and shared. The view itself is only made
/// when needed (for that value, or for a fingerprint): listing a page whose value is
/// made already touches nothing of the page.
#[derive(Clone, Copy)]
pub(crate) struct Shared<'a, I, T> {
    views: &'a Views<'a>,
    id: I,
    make: fn(&'a Views<'a>, I) -> T,
    value: &'a OnceLock<Value>,
}

impl<I: std::fmt::Debug, T> std::fmt::Debug for Shared<'_, I, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shared({:?})", self.id)
    }
}

/// Fingerprints hash the view; its template value is made from it.
impl<I: Copy, T: Hash> Hash for Shared<'_, I, T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.make)(self.views, self.id).hash(state);
    }
}

/// Inside a Tera value, the shared value is taken as it is (Tera clones a `Value` it
/// meets while serializing, which shares its contents).
impl<I: Copy, T: Serialize> Serialize for Shared<'_, I, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.value)
            .get_or_init(|| Value::from_serializable(&(self.make)(self.views, self.id)))
            .serialize(serializer)
    }
}

/// A page as listed elsewhere: in sections, tags, backlinks, related lists.
pub(crate) type PageRef<'a> = Shared<'a, PageId, Listed<'a>>;

/// What templates see of a listed page.
#[derive(Debug, Clone, Copy, Hash, Serialize)]
pub(crate) struct Listed<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub date: Option<Day>,
    pub reading_time: usize,
}

/// A tag as shown on the pages it tags and in tag lists.
pub(super) type TagRef<'a> = Shared<'a, TagId, TagView<'a>>;

#[derive(Debug, Clone, Copy, Hash, Serialize)]
pub(crate) struct TagView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
    pub count: usize,
    /// From site.toml's `[tags.KEY]`, else empty.
    pub description: &'a str,
}

/// Free-form `extra` tables (a page's front matter, site.toml's `[extra]`), as written;
/// fingerprints hash their JSON form, as the tables have no `Hash` of their own.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(transparent)]
pub(crate) struct Extra<'a, T: Serialize>(pub &'a T);

impl<T: Serialize> std::hash::Hash for Extra<'_, T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        serde_json::to_string(self.0).unwrap_or_default().hash(state);
    }
}

/// Builds views; holds what every view needs.
pub(crate) struct Views<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    /// Every page's link (`Site::pages` order), spelled once: pages are listed many times.
    links: Vec<String>,
    /// Every tag's link (`Site::tags` order), spelled once: each page lists its tags.
    tag_links: Vec<String>,
    /// The link of the `/sources/` page, which every reference points into.
    sources_link: String,
    /// Every page's template value as listed, made when first needed.
    listed: Vec<OnceLock<Value>>,
    /// Every tag's template value, made when first needed.
    tag_values: Vec<OnceLock<Value>>,
    /// The anchor of each event of `Site::timeline` on `/timeline/`.
    event_ids: Vec<String>,
    /// Each page's events, as indexes into `Site::timeline`.
    events_of: Vec<Vec<usize>>,
    /// Each page's claims, as indexes into `Site::claims`.
    claims_of: Vec<Vec<usize>>,
    /// Each page's corrections, as indexes into `Site::corrections`.
    corrections_of: Vec<Vec<usize>>,
}

/// A calendar day, which templates get as `2024-05-01`; fingerprints hash the date
/// itself, so nothing is formatted for pages that are not rendered.
#[derive(Debug, Clone, Copy, Hash)]
pub(crate) struct Day(jiff::civil::Date);

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

pub(super) fn day(date: Option<PageDate>) -> Option<Day> {
    date.map(|d| Day(d.day))
}

pub(crate) fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

impl<'a> Views<'a> {
    pub(crate) fn new(site: &'a Site, config: &'a Config) -> Views<'a> {
        let links = site
            .pages
            .par_iter()
            .map(|p| config.urls.link(&p.place.url))
            .collect();
        let tag_links = site
            .tags
            .iter()
            .map(|tag| config.urls.link(&crate::render::tag_url(&tag.key)))
            .collect();
        let sources_link = config.urls.link(&crate::render::sources_url());
        let unmade = |count| std::iter::repeat_with(OnceLock::new).take(count).collect();
        let listed = unmade(site.pages.len());
        let tag_values = unmade(site.tags.len());
        let mut events_of = vec![Vec::new(); site.pages.len()];
        for (index, event) in site.timeline.iter().enumerate() {
            events_of[event.page].push(index);
        }
        let mut claims_of = vec![Vec::new(); site.pages.len()];
        for (index, claim) in site.claims.iter().enumerate() {
            claims_of[claim.page].push(index);
        }
        let mut corrections_of = vec![Vec::new(); site.pages.len()];
        for (index, correction) in site.corrections.iter().enumerate() {
            corrections_of[correction.page].push(index);
        }
        Views {
            site,
            config,
            links,
            tag_links,
            sources_link,
            listed,
            tag_values,
            event_ids: event_ids(site),
            events_of,
            claims_of,
            corrections_of,
        }
    }

    /// The template values made while rendering, which outlive the site's borrow.
    pub(crate) fn into_values(self) -> (Vec<OnceLock<Value>>, Vec<OnceLock<Value>>) {
        (self.listed, self.tag_values)
    }

    pub(crate) fn page_url(&self, id: PageId) -> String {
        self.links[id].clone()
    }

    pub(crate) fn page_link(&self, id: PageId) -> &str {
        &self.links[id]
    }

    pub(crate) fn tag_link(&self, id: TagId) -> &str {
        &self.tag_links[id]
    }

    /// Every page's content path and link, in `Site::pages` order.
    pub(crate) fn page_links(&self) -> impl Iterator<Item = (&'a std::path::Path, &str)> {
        let site: &'a Site = self.site;
        site.pages
            .iter()
            .map(|page| page.doc.rel_path.as_path())
            .zip(self.links.iter().map(String::as_str))
    }

    /// The shared view `make` makes of item `id`, whose value goes in `values[id]`.
    fn shared<I: Copy, T>(
        &'a self,
        id: I,
        make: fn(&'a Views<'a>, I) -> T,
        values: &'a [OnceLock<Value>],
    ) -> Shared<'a, I, T>
    where
        [OnceLock<Value>]: std::ops::Index<I, Output = OnceLock<Value>>,
    {
        Shared {
            views: self,
            id,
            make,
            value: &values[id],
        }
    }

    pub(crate) fn page_ref(&'a self, id: PageId) -> PageRef<'a> {
        self.shared(id, Views::listed, &self.listed)
    }

    fn listed(&'a self, id: PageId) -> Listed<'a> {
        let page = &self.site.pages[id];
        Listed {
            title: page.title(),
            url: &self.links[id],
            summary: &page.summary,
            date: day(page.doc.front.date),
            reading_time: reading_time(page.body.word_count),
        }
    }

    pub(crate) fn tag_ref(&'a self, id: TagId) -> TagRef<'a> {
        self.shared(id, Views::tag_view, &self.tag_values)
    }

    fn tag_view(&'a self, id: TagId) -> TagView<'a> {
        let tag = &self.site.tags[id];
        TagView {
            name: &tag.name,
            slug: tag.key.as_str(),
            url: &self.tag_links[id],
            count: tag.pages.len(),
            description: &tag.description,
        }
    }
}
