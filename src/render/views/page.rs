//! The view of one page as its template sees it: its body with link, chart and embed
//! slots filled, its references, backlinks, breadcrumbs and social card.

use std::hash::Hash;

use serde::Serialize;

use super::{AuthorView, ClaimView, CorrectionView, EventView};
use super::{Day, Extra, PageRef, TagRef, Views, day, reading_time};
use crate::load::SourceDecl;
use crate::markdown::{TocEntry, fill_slots, table_of_contents};
use crate::model::{Page, PageId, PageKind, SourceId};

#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct BacklinkView<'a> {
    pub page: PageRef<'a>,
    pub context: &'a str,
}

#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct ReferenceView<'a> {
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
pub(crate) struct Body<'a> {
    rendered: &'a crate::model::Body,
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
pub(crate) struct PageView<'a> {
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

/// How deep embeds may nest (a note embedding a note embedding a note…).
const MAX_EMBED_DEPTH: usize = 4;

impl<'a> Views<'a> {
    pub(crate) fn page(&self, id: PageId) -> PageView<'_> {
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
            claim_review: crate::render::json_ld::claim_review(self, id, &self.claims_of[id]),
            article: crate::render::json_ld::article(self, id, card.as_deref()),
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
    pub(crate) fn card(&self, id: PageId) -> Option<String> {
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
