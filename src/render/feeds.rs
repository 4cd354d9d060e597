//! Files made without templates, planned by URL before they are made: `sitemap.xml`, Atom
//! feeds (site-wide and per tag), `robots.txt`, redirect pages plus a `_redirects` file for
//! aliases, and (planned by the renderer) `graph.json` and the static files.

use std::fmt::Write as _;

use pulldown_cmark_escape::escape_html;

use crate::load::PageDate;
use crate::model::{AuthorId, Page, PageId, PageKind, Tag, TagId};
use crate::paths::UrlPath;

use super::views::Views;
use super::{Content, tag_url};

/// How many explainers a feed carries.
const FEED_ENTRIES: usize = 20;

/// A file made without templates, planned before it is made: its URL is known early
/// (for link checks and collisions), its content only when it is written.
#[derive(Debug)]
pub(super) enum Fixed {
    Sitemap,
    Atom,
    TagAtom(TagId),
    /// The timeline's events, newest first.
    TimelineAtom,
    /// An author's explainers, newest first.
    AuthorAtom(AuthorId),
    /// Every correction, newest first.
    CorrectionsAtom,
    Robots,
    /// A page's alias, which sends readers on to it.
    Alias(PageId),
    RedirectRules,
    GraphJson,
    /// Link previews: each explainer's title, summary and reading time.
    PreviewsJson,
    /// A page's social card (`[social] cards`).
    Card(PageId),
    Ready(Content),
}

/// The feeds, sitemap, robots file and redirects of the site, by URL.
pub(super) fn plan(views: &Views<'_>) -> Vec<(UrlPath, Fixed)> {
    let site = views.site;
    let mut planned = vec![
        (UrlPath::file("sitemap.xml"), Fixed::Sitemap),
        (UrlPath::file("atom.xml"), Fixed::Atom),
        (UrlPath::file("robots.txt"), Fixed::Robots),
    ];
    planned.extend(TagId::enumerate(&site.tags).map(|(id, tag)| (tag_feed_url(tag), Fixed::TagAtom(id))));
    for (id, page) in PageId::enumerate(&site.pages) {
        planned.extend((page.place.aliases.iter()).map(|alias| (alias.clone(), Fixed::Alias(id))));
    }
    if !site.timeline.is_empty() {
        planned.push((timeline_feed_url(), Fixed::TimelineAtom));
    }
    if !site.corrections.is_empty() {
        planned.push((feed_of(&super::corrections_url()), Fixed::CorrectionsAtom));
    }
    for (id, author) in AuthorId::enumerate(&site.authors) {
        planned.push((feed_of(&super::author_url(&author.id)), Fixed::AuthorAtom(id)));
    }
    if site.pages.iter().any(|page| !page.place.aliases.is_empty()) {
        planned.push((UrlPath::file("_redirects"), Fixed::RedirectRules));
    }
    if views.config.site.social.cards {
        planned.extend(
            PageId::enumerate(&site.pages)
                .filter(|(_, page)| matches!(page.place.kind, PageKind::Home | PageKind::Explainer))
                .map(|(id, page)| (super::card_url(&page.place.url), Fixed::Card(id))),
        );
    }
    planned
}

/// The content of a planned file.
pub(super) fn make(views: &Views<'_>, build_date: PageDate, fixed: Fixed) -> Content {
    let site = views.site;
    let text = match fixed {
        Fixed::Sitemap => sitemap(views),
        Fixed::Atom => atom(
            views,
            &site.recent,
            UrlPath::file("atom.xml"),
            &views.config.site.title,
            build_date,
        ),
        Fixed::TagAtom(id) => {
            let tag = &site.tags[id];
            let title = format!("{} — {}", views.config.site.title, tag.name);
            atom(views, &tag.pages, tag_feed_url(tag), &title, build_date)
        }
        Fixed::TimelineAtom => timeline_atom(views, build_date),
        Fixed::AuthorAtom(id) => {
            let author = &site.authors[id];
            let name = &views.config.site.authors[&author.id].name;
            let title = format!("{} — {name}", views.config.site.title);
            atom(
                views,
                &author.pages,
                feed_of(&super::author_url(&author.id)),
                &title,
                build_date,
            )
        }
        Fixed::CorrectionsAtom => corrections_atom(views, build_date),
        Fixed::Robots => robots(views),
        Fixed::Alias(id) => redirect_page(views, id),
        Fixed::RedirectRules => redirect_rules(views),
        Fixed::GraphJson => return Content::Bytes(super::graph::json(views)),
        Fixed::PreviewsJson => return Content::Bytes(super::graph::previews(views)),
        Fixed::Card(id) => {
            let page = &views.site.pages[id];
            let site = &views.config.site;
            return Content::Bytes(super::cards::png(&site.title, page.title(), &page.summary));
        }
        Fixed::Ready(content) => return content,
    };
    Content::Bytes(text.into_bytes())
}

fn tag_feed_url(tag: &Tag) -> UrlPath {
    UrlPath::file(&format!("{}atom.xml", tag_url(&tag.key).as_str()))
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = escape_html(&mut out, text);
    out
}

fn sitemap(views: &Views<'_>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let urls = &views.config.urls;
    let mut entries: Vec<(String, Option<PageDate>)> = views
        .site
        .pages
        .iter()
        .map(|p| (urls.permalink(&p.place.url), p.last_changed()))
        .collect();
    entries.extend(
        views
            .site
            .tags
            .iter()
            .map(|t| (urls.permalink(&tag_url(&t.key)), None)),
    );
    entries.push((urls.permalink(&UrlPath::dir(["tags"])), None));
    entries.push((urls.permalink(&super::sources_url()), None));
    if !views.site.timeline.is_empty() {
        entries.push((urls.permalink(&super::timeline_url()), None));
    }
    if !views.site.claims.is_empty() {
        entries.push((urls.permalink(&super::claims_url()), None));
    }
    if views.site.has_glossary() {
        entries.push((urls.permalink(&super::glossary_url()), None));
    }
    if !views.site.corrections.is_empty() {
        entries.push((urls.permalink(&super::corrections_url()), None));
    }
    entries.extend((views.site.authors.iter()).map(|a| (urls.permalink(&super::author_url(&a.id)), None)));
    entries.sort();
    for (loc, lastmod) in entries {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", esc(&loc));
        if let Some(date) = lastmod {
            let _ = writeln!(xml, "    <lastmod>{}</lastmod>", date.day);
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn atom(views: &Views<'_>, pages: &[PageId], self_url: UrlPath, title: &str, build_date: PageDate) -> String {
    let urls = &views.config.urls;
    let entries: Vec<&Page> = pages
        .iter()
        .take(FEED_ENTRIES)
        .map(|&id| &*views.site.pages[id])
        .collect();
    let updated = entries
        .iter()
        .filter_map(|p| p.last_changed())
        .max()
        .unwrap_or(build_date);
    let home = urls.permalink(&UrlPath::root());
    let self_link = urls.permalink(&self_url);
    let mut xml = feed_head(views, title, &home, &self_link, updated.instant);
    for page in entries {
        let link = esc(&urls.permalink(&page.place.url));
        let published = page.doc.front.date.unwrap_or(build_date);
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{link}\"/>\n    <id>{link}</id>\n    <published>{}</published>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            esc(page.title()),
            published.instant,
            page.last_changed().unwrap_or(published).instant,
            esc(&page.summary)
        );
    }
    xml.push_str("</feed>\n");
    xml
}

/// An Atom feed's opening: language, title, its own and its page's links, id, last
/// update, and the site's author.
fn feed_head(
    views: &Views<'_>,
    title: &str,
    page_url: &str,
    self_url: &str,
    updated: jiff::Timestamp,
) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n",
        esc(&views.config.site.language),
        esc(title),
        esc(self_url),
        esc(page_url),
        esc(self_url),
        esc(views
            .config
            .site
            .author
            .as_deref()
            .unwrap_or(&views.config.site.title)),
    )
}

/// The Atom feed beside a listing page (`/authors/x/atom.xml`).
fn feed_of(page: &UrlPath) -> UrlPath {
    UrlPath::file(&format!("{}atom.xml", page.as_str()))
}

/// The newest corrections first; each entry links to the corrected page.
fn corrections_atom(views: &Views<'_>, build_date: PageDate) -> String {
    let urls = &views.config.urls;
    let page_url = urls.permalink(&super::corrections_url());
    let self_url = urls.permalink(&feed_of(&super::corrections_url()));
    let corrections = &views.site.corrections;
    let title = format!("{} — Corrections", views.config.site.title);
    let updated = corrections.first().map_or(build_date.instant, |c| c.date.instant);
    let mut xml = feed_head(views, &title, &page_url, &self_url, updated);
    for (n, correction) in corrections.iter().take(FEED_ENTRIES).enumerate() {
        let page = &views.site.pages[correction.page];
        let link = esc(&urls.permalink(&page.place.url));
        let _ = write!(
            xml,
            "  <entry>\n    <title>Correction: {}</title>\n    <link href=\"{link}\"/>\n    <id>{}#correction-{}-{n}</id>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            esc(page.title()),
            esc(&page_url),
            correction.date.day,
            correction.date.instant,
            esc(&correction.text),
        );
    }
    xml.push_str("</feed>\n");
    xml
}

fn timeline_feed_url() -> UrlPath {
    UrlPath::file(&format!("{}atom.xml", super::timeline_url().as_str()))
}

/// The newest events first; each entry links to its place on `/timeline/` and is dated
/// by the first day its date can mean.
fn timeline_atom(views: &Views<'_>, build_date: PageDate) -> String {
    let urls = &views.config.urls;
    let timeline = &views.site.timeline;
    let day = |index: usize| {
        (timeline[index].date.earliest_day())
            .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map_or(build_date.instant, |z| z.timestamp())
    };
    let newest: Vec<usize> = (0..timeline.len()).rev().take(FEED_ENTRIES).collect();
    let page_url = urls.permalink(&super::timeline_url());
    let self_url = urls.permalink(&timeline_feed_url());
    let title = format!("{} — Timeline", views.config.site.title);
    let updated = newest.first().map_or(build_date.instant, |&i| day(i));
    let mut xml = feed_head(views, &title, &page_url, &self_url, updated);
    for index in newest {
        let event = views.event(index);
        let link = esc(&format!("{page_url}#{}", event.id));
        let page = &views.site.pages[timeline[index].page];
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}: {}</title>\n    <link href=\"{link}\"/>\n    <id>{link}</id>\n    <updated>{}</updated>\n    <summary>{} (from “{}”)</summary>\n  </entry>\n",
            event.date,
            esc(event.text),
            day(index),
            esc(event.text),
            esc(page.title()),
        );
    }
    xml.push_str("</feed>\n");
    xml
}

fn robots(views: &Views<'_>) -> String {
    let sitemap = views.config.urls.permalink(&UrlPath::file("sitemap.xml"));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

/// A small page an alias serves, that sends readers on to the page.
fn redirect_page(views: &Views<'_>, id: PageId) -> String {
    let page = &views.site.pages[id];
    let target = views.config.urls.permalink(&page.place.url);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n<link rel=\"canonical\" href=\"{to}\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{to}\">{title}</a>.</p>\n</body>\n</html>\n",
        lang = esc(&views.config.site.language),
        title = esc(page.title()),
        to = esc(&target),
    )
}

/// `_redirects`, for hosts that read it: one line per alias.
fn redirect_rules(views: &Views<'_>) -> String {
    let urls = &views.config.urls;
    let mut rules = String::new();
    for page in &views.site.pages {
        for alias in &page.place.aliases {
            let _ = writeln!(rules, "{} {} 301", urls.link(alias), urls.link(&page.place.url));
        }
    }
    rules
}
