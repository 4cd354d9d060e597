//! What templates see: plain serializable views of the site and its pages. Field names
//! here are the template API documented in the README.

use std::hash::Hash;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::config::Config;
use crate::load::{PageDate, SourceDecl};
use crate::markdown::{Rendered, TocEntry, fill_slots, table_of_contents};
use crate::model::{Page, PageId, PageKind, Site, SourceId, TagId};

mod dated;
mod sources;

use dated::event_ids;
pub use dated::{AuthorView, ClaimView, CorrectionView, EventView};
pub use sources::SourceView;

/// A view shown many times in one build (a page in listings, a tag on every page it
/// tags), whose template value is made once and shared. The view itself is only made
/// when needed (for that value, or for a fingerprint): listing a page whose value is
/// made already touches nothing of the page.
#[derive(Clone, Copy)]
pub struct Shared<'a, T> {
    views: &'a Views<'a>,
    id: usize,
    make: fn(&'a Views<'a>, usize) -> T,
    value: &'a OnceLock<Value>,
}

impl<T> std::fmt::Debug for Shared<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shared({})", self.id)
    }
}

/// Fingerprints hash the view; its template value is made from it.
impl<T: Hash> Hash for Shared<'_, T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.make)(self.views, self.id).hash(state);
    }
}

/// Inside a Tera value, the shared value is taken as it is (Tera clones a `Value` it
/// meets while serializing, which shares its contents).
impl<T: Serialize> Serialize for Shared<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.value)
            .get_or_init(|| Value::from_serializable(&(self.make)(self.views, self.id)))
            .serialize(serializer)
    }
}

/// A page as listed elsewhere: in sections, tags, backlinks, related lists.
pub type PageRef<'a> = Shared<'a, Listed<'a>>;

/// What templates see of a listed page.
#[derive(Debug, Clone, Copy, Hash, Serialize)]
pub struct Listed<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub date: Option<Day>,
    pub reading_time: usize,
}

/// A tag as shown on the pages it tags and in tag lists.
pub type TagRef<'a> = Shared<'a, TagView<'a>>;

#[derive(Debug, Clone, Copy, Hash, Serialize)]
pub struct TagView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
    pub count: usize,
    /// From site.toml's `[tags.KEY]`, else empty.
    pub description: &'a str,
}

#[derive(Debug, Clone, Hash, Serialize)]
pub struct BacklinkView<'a> {
    pub page: PageRef<'a>,
    pub context: &'a str,
}

#[derive(Debug, Clone, Hash, Serialize)]
pub struct ReferenceView<'a> {
    pub number: usize,
    #[serde(flatten)]
    pub source: &'a SourceDecl,
    /// `#cite-N-K` anchors of each place the page cites this source.
    pub backrefs: Vec<String>,
    /// Anchor of this source on the /sources/ page.
    pub sources_url: String,
}

/// A page's body: the Markdown stage's HTML and what fills its link slots. Filled only
/// when a template gets it; a fingerprint hashes the parts, which is much cheaper.
#[derive(Debug, Clone)]
pub struct Body<'a> {
    rendered: &'a Rendered,
    hrefs: &'a [String],
    /// The body's charts as HTML, for its chart slots.
    charts: Vec<String>,
    /// What the body's `![[Note]]` embeds show, for its embed slots.
    embeds: Vec<String>,
}

impl Hash for Body<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.rendered.html_print(), self.hrefs, &self.charts, &self.embeds).hash(state);
    }
}

impl Serialize for Body<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&fill_slots(
            &self.rendered.html,
            self.hrefs,
            &self.charts,
            &self.embeds,
        ))
    }
}

#[derive(Debug, Clone, Hash, Serialize)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub summary: &'a str,
    pub content: Body<'a>,
    pub toc: Vec<TocEntry<'a>>,
    pub date: Option<Day>,
    pub updated: Option<Day>,
    pub reviewed: Option<Day>,
    pub tags: Vec<TagRef<'a>>,
    pub url: String,
    pub permalink: String,
    pub word_count: usize,
    pub reading_time: usize,
    pub extra: Extra<'a, serde_json::Map<String, serde_json::Value>>,
    pub ancestors: Vec<PageRef<'a>>,
    pub backlinks: Vec<BacklinkView<'a>>,
    pub related: Vec<PageRef<'a>>,
    pub references: Vec<ReferenceView<'a>>,
    /// Sections only: their explainers and subsections.
    pub pages: Vec<PageRef<'a>>,
    pub subsections: Vec<PageRef<'a>>,
    /// The page's own `events:`, oldest first.
    pub events: Vec<EventView<'a>>,
    /// The claims the page checks, as written.
    pub claims: Vec<ClaimView<'a>>,
    /// The byline: the page's authors as written.
    pub authors: Vec<AuthorView<'a>>,
    /// What earlier versions got wrong, newest first.
    pub corrections: Vec<CorrectionView<'a>>,
    /// schema.org `ClaimReview` JSON-LD for the claims (a JSON array, safe to put inside
    /// `<script type="application/ld+json">`), or empty.
    pub claim_review: String,
    /// schema.org `Article` JSON-LD for an explainer (safe inside a script), or empty.
    pub article: String,
    /// The address of the page's social card (its own for an explainer, the home page's
    /// for others), with `[social] cards`.
    pub card: Option<String>,
}

/// Free-form `extra` tables (a page's front matter, site.toml's `[extra]`), as written;
/// fingerprints hash their JSON form, as the tables have no `Hash` of their own.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(transparent)]
pub struct Extra<'a, T: Serialize>(pub &'a T);

impl<T: Serialize> std::hash::Hash for Extra<'_, T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        serde_json::to_string(self.0).unwrap_or_default().hash(state);
    }
}

/// How deep embeds may nest (a note embedding a note embedding a note…).
const MAX_EMBED_DEPTH: usize = 4;

/// Builds views; holds what every view needs.
pub struct Views<'a> {
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
pub struct Day(jiff::civil::Date);

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

pub fn day(date: Option<PageDate>) -> Option<Day> {
    date.map(|d| Day(d.day))
}

pub fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, config: &'a Config) -> Views<'a> {
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
    pub fn into_values(self) -> (Vec<OnceLock<Value>>, Vec<OnceLock<Value>>) {
        (self.listed, self.tag_values)
    }

    pub fn page_url(&self, id: PageId) -> String {
        self.links[id].clone()
    }

    pub fn page_link(&self, id: PageId) -> &str {
        &self.links[id]
    }

    pub fn tag_link(&self, id: TagId) -> &str {
        &self.tag_links[id]
    }

    /// Every page's content path and link, in `Site::pages` order.
    pub fn page_links(&self) -> impl Iterator<Item = (&'a std::path::Path, &str)> {
        let site: &'a Site = self.site;
        site.pages
            .iter()
            .map(|page| page.doc.rel_path.as_path())
            .zip(self.links.iter().map(String::as_str))
    }

    /// The shared view `make` makes of item `id`, whose value goes in `values[id]`.
    fn shared<T>(
        &'a self,
        id: usize,
        make: fn(&'a Views<'a>, usize) -> T,
        values: &'a [OnceLock<Value>],
    ) -> Shared<'a, T> {
        Shared {
            views: self,
            id,
            make,
            value: &values[id],
        }
    }

    pub fn page_ref(&'a self, id: PageId) -> PageRef<'a> {
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

    pub fn tag_ref(&'a self, id: TagId) -> TagRef<'a> {
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

    pub fn page(&self, id: PageId) -> PageView<'_> {
        let page: &'a Page = &self.site.pages[id];
        let front = &page.doc.front;
        let graph = &page.graph;
        let card = self.card(id);
        PageView {
            kind: match page.place.kind {
                PageKind::Home => "home",
                PageKind::Section => "section",
                PageKind::Explainer => "page",
            },
            title: page.title(),
            summary: &page.summary,
            content: Body {
                rendered: &page.body,
                hrefs: &graph.hrefs,
                charts: self.charts(page),
                embeds: self.embeds(id, &mut vec![id]),
            },
            toc: table_of_contents(&page.body.headings),
            date: day(front.date),
            updated: day(page.updated),
            reviewed: day(front.reviewed),
            tags: graph.tags.iter().map(|&t| self.tag_ref(t)).collect(),
            url: self.page_url(id),
            permalink: self.config.urls.permalink(&page.place.url),
            word_count: page.body.word_count,
            reading_time: reading_time(page.body.word_count),
            extra: Extra(&front.extra),
            ancestors: self.ancestors(id),
            backlinks: graph
                .backlinks
                .iter()
                .map(|b| BacklinkView {
                    page: self.page_ref(b.from),
                    context: (self.site.pages[b.from].body.links.get(b.link)).map_or("", |l| &l.context),
                })
                .collect(),
            related: graph.related.iter().map(|&p| self.page_ref(p)).collect(),
            references: self.references(page),
            pages: page.place.children.iter().map(|&p| self.page_ref(p)).collect(),
            subsections: page.place.subsections.iter().map(|&p| self.page_ref(p)).collect(),
            events: self.events_of[id].iter().map(|&e| self.event(e)).collect(),
            claims: self.claims_of[id].iter().map(|&c| self.claim(c)).collect(),
            authors: page.authors.iter().map(|&a| self.author(a)).collect(),
            corrections: (self.corrections_of[id].iter())
                .map(|&c| self.correction(&self.site.corrections[c]))
                .collect(),
            claim_review: super::json_ld::claim_review(self, id, &self.claims_of[id]),
            article: super::json_ld::article(self, id, card.as_deref()),
            card,
        }
    }

    /// What each `![[Note]]` embed of page `id` shows: the target's body (its own
    /// embeds filled in turn), or the part of it the embed names. `shown` holds the pages
    /// being shown around this one: a page already among them, or one nested deeper than
    /// `MAX_EMBED_DEPTH`, is not shown again (its link stays).
    fn embeds(&self, id: PageId, shown: &mut Vec<PageId>) -> Vec<String> {
        (self.site.pages[id].graph.embeds.iter())
            .map(|embed| match embed {
                Some((target, _)) if shown.contains(target) || shown.len() > MAX_EMBED_DEPTH => {
                    "<p class=\"embed-skipped\">Not shown here: it would show itself again.</p>\n".to_string()
                }
                Some((target, part)) => {
                    shown.push(*target);
                    let inner = self.embeds(*target, shown);
                    shown.pop();
                    let page = &self.site.pages[*target];
                    let html = fill_slots(&page.body.html, &page.graph.hrefs, &self.charts(page), &inner);
                    crate::markdown::embedded_part(&html, part.as_deref())
                }
                None => String::new(),
            })
            .collect()
    }

    /// The permalink of the card shown for page `id`, with `[social] cards`: an
    /// explainer's own, else the home page's.
    pub fn card(&self, id: PageId) -> Option<String> {
        if !self.config.site.social.cards {
            return None;
        }
        let page = &self.site.pages[id];
        let url = match page.place.kind {
            PageKind::Explainer => &page.place.url,
            PageKind::Home | PageKind::Section => &self.site.home().place.url,
        };
        Some(self.config.urls.permalink(&crate::render::card_url(url)))
    }

    /// Claim `index` of `Site::claims`.
    /// Home first, down to the page's own section (for breadcrumbs).
    fn ancestors(&self, id: PageId) -> Vec<PageRef<'_>> {
        let mut chain = Vec::new();
        let mut current = self.site.pages[id].place.parent;
        while let Some(parent) = current {
            chain.push(self.page_ref(parent));
            current = self.site.pages[parent].place.parent;
        }
        chain.reverse();
        chain
    }

    fn references(&self, page: &'a Page) -> Vec<ReferenceView<'a>> {
        page.graph
            .references
            .iter()
            .enumerate()
            .map(|(i, &source): (usize, &SourceId)| {
                let decl = &self.site.sources[source].decl;
                let uses = page.body.citations.iter().filter(|c| c.id == decl.id).count();
                ReferenceView {
                    number: i + 1,
                    source: decl,
                    backrefs: (1..=uses).map(|k| format!("#cite-{}-{k}", i + 1)).collect(),
                    sources_url: format!("{}#{}", self.sources_link, decl.id),
                }
            })
            .collect()
    }
}
