//! What the model makes: the immutable `Site`, its pages (each placed at a URL, with
//! its graph, summary, charts and byline) and the files copied unchanged.

use std::path::PathBuf;
use std::sync::Arc;

use crate::glossary::Glossary;
use crate::load::{Document, PageDate};
use crate::paths::UrlPath;

use super::{
    Author, AuthorId, Body, Chart, Claim, Correction, Event, PageGraph, PageId, Source, SourceId, Tag,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    /// `content/_index.md`, or a generated home page when there is none.
    Home,
    /// A folder's `_index.md`.
    Section,
    Explainer,
}

/// Where a page sits: its URL and its section.
#[derive(Debug, Clone)]
pub(crate) struct Placement {
    pub kind: PageKind,
    pub url: UrlPath,
    /// Old URLs that redirect to this page.
    pub aliases: Vec<UrlPath>,
    /// The section listing this page; `None` only for the home page.
    pub parent: Option<PageId>,
    /// For sections: their explainers (sorted) and their subsections.
    pub children: Vec<PageId>,
    pub subsections: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub doc: Arc<Document>,
    pub body: Arc<Body>,
    pub place: Placement,
    pub graph: PageGraph,
    /// Front-matter summary, else the Markdown summary, else empty.
    pub summary: String,
    /// The body's charts, in order (for its `\0c{n}\0` slots).
    pub charts: Vec<Chart>,
    /// Its byline, as written.
    pub authors: Vec<AuthorId>,
    /// `updated:` from front matter, else (with `[content] dates_from_git`) the last
    /// commit that touched the file.
    pub updated: Option<PageDate>,
}

impl Page {
    /// When the page last changed: updated, else first published.
    pub(crate) fn last_changed(&self) -> Option<PageDate> {
        self.updated.or(self.doc.front.date)
    }

    pub(crate) fn title(&self) -> &str {
        &self.doc.front.title
    }
}

/// A file copied into the output unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StaticFile {
    pub source: PathBuf,
    pub url: UrlPath,
}

/// The whole knowledge base, resolved and cross-linked.
#[derive(Debug)]
pub(crate) struct Site {
    /// Shared, so a rebuild that changes one page's body shares the others (`with_page`).
    pub pages: Vec<Arc<Page>>,
    pub tags: Vec<Tag>,
    pub sources: Vec<Source>,
    pub assets: Vec<StaticFile>,
    /// Explainers, newest first (date, then title): the order of feeds and "recent" lists.
    pub recent: Vec<PageId>,
    /// Every page's `events:`, oldest first.
    pub timeline: Vec<Event>,
    /// Every page's `claims:`, in page order.
    pub claims: Vec<Claim>,
    /// The glossary, alphabetical, with each entry's source (if it names one that exists).
    pub glossary: Option<Arc<Glossary>>,
    pub glossary_sources: Vec<Option<SourceId>>,
    /// Every author of site.toml, in id order, with their explainers.
    pub authors: Vec<Author>,
    /// Every page's corrections, newest first.
    pub corrections: Vec<Correction>,
}

impl Site {
    /// Whether the glossary has entries (and `/glossary/` is built).
    pub(crate) fn has_glossary(&self) -> bool {
        self.glossary.as_ref().is_some_and(|g| !g.entries.is_empty())
    }

    pub(crate) fn home(&self) -> &Page {
        &self.pages[PageId::HOME]
    }

    pub(crate) fn explainers(&self) -> impl Iterator<Item = &Page> {
        self.pages
            .iter()
            .map(|page| &**page)
            .filter(|p| p.place.kind == PageKind::Explainer)
    }

    /// This site with page `id` replaced, every other page shared.
    pub(crate) fn with_page(&self, id: PageId, page: Page) -> Site {
        // Every field named: a new one does not compile until it is decided whether a
        // one-page edit can change it (if so, that edit must take the full path).
        let Site {
            pages,
            tags,
            sources,
            assets,
            recent,
            timeline,
            claims,
            glossary,
            glossary_sources,
            authors,
            corrections,
        } = self;
        let mut pages = pages.clone();
        pages[id] = Arc::new(page);
        Site {
            pages,
            tags: tags.clone(),
            sources: sources.clone(),
            assets: assets.clone(),
            recent: recent.clone(),
            timeline: timeline.clone(),
            claims: claims.clone(),
            glossary: glossary.clone(),
            glossary_sources: glossary_sources.clone(),
            authors: authors.clone(),
            corrections: corrections.clone(),
        }
    }
}
