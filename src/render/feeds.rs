//! Machine-readable outputs for publishing: `sitemap.xml`, Atom feeds (site-wide and per
//! tag), `robots.txt`, and redirect pages plus a `_redirects` file for aliases.

use std::fmt::Write as _;

use rayon::prelude::*;

use pulldown_cmark_escape::escape_html;

use crate::load::PageDate;
use crate::model::{Page, PageId};
use crate::paths::UrlPath;

use super::views::Views;
use super::{Content, Output, tag_url};

/// How many explainers a feed carries.
const FEED_ENTRIES: usize = 20;

pub fn render(views: &Views<'_>, build_date: PageDate) -> Vec<Output> {
    let site = views.site;
    let mut outputs = vec![
        text(UrlPath::file("sitemap.xml"), sitemap(views)),
        text(
            UrlPath::file("atom.xml"),
            atom(
                views,
                &site.recent,
                UrlPath::file("atom.xml"),
                &views.config.site.title,
                build_date,
            ),
        ),
        text(UrlPath::file("robots.txt"), robots(views)),
    ];
    outputs.par_extend(site.tags.par_iter().map(|tag| {
        let url = UrlPath::file(&format!("{}atom.xml", tag_url(&tag.key).as_str()));
        let title = format!("{} — {}", views.config.site.title, tag.name);
        text(url.clone(), atom(views, &tag.pages, url, &title, build_date))
    }));
    outputs.extend(redirects(views));
    outputs
}

fn text(url: UrlPath, body: String) -> Output {
    Output {
        url,
        content: Content::Bytes(body.into_bytes()),
    }
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = escape_html(&mut out, text);
    out
}

fn last_changed(page: &Page) -> Option<PageDate> {
    page.doc.front.updated.or(page.doc.front.date)
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
        .map(|p| (urls.permalink(&p.place.url), last_changed(p)))
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
        .filter_map(|p| last_changed(p))
        .max()
        .unwrap_or(build_date);
    let home = urls.permalink(&UrlPath::root());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\"/>\n  <id>{}</id>\n  <updated>{}</updated>\n",
        esc(&views.config.site.language),
        esc(title),
        esc(&urls.permalink(&self_url)),
        esc(&home),
        esc(&urls.permalink(&self_url)),
        updated.instant
    );
    if let Some(author) = &views.config.site.author {
        let _ = writeln!(xml, "  <author><name>{}</name></author>", esc(author));
    } else {
        let _ = writeln!(
            xml,
            "  <author><name>{}</name></author>",
            esc(&views.config.site.title)
        );
    }
    for page in entries {
        let link = esc(&urls.permalink(&page.place.url));
        let published = page.doc.front.date.unwrap_or(build_date);
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{link}\"/>\n    <id>{link}</id>\n    <published>{}</published>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            esc(page.title()),
            published.instant,
            last_changed(page).unwrap_or(published).instant,
            esc(&page.summary)
        );
    }
    xml.push_str("</feed>\n");
    xml
}

fn robots(views: &Views<'_>) -> String {
    let sitemap = views.config.urls.permalink(&UrlPath::file("sitemap.xml"));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

/// A small page per alias that sends readers on, and `_redirects` for hosts that read it.
fn redirects(views: &Views<'_>) -> Vec<Output> {
    let urls = &views.config.urls;
    let mut outputs = Vec::new();
    let mut rules = String::new();
    for page in &views.site.pages {
        let target = urls.permalink(&page.place.url);
        for alias in &page.place.aliases {
            let page_html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n<link rel=\"canonical\" href=\"{to}\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{to}\">{title}</a>.</p>\n</body>\n</html>\n",
                lang = esc(&views.config.site.language),
                title = esc(page.title()),
                to = esc(&target),
            );
            outputs.push(text(alias.clone(), page_html));
            let _ = writeln!(rules, "{} {} 301", urls.link(alias), urls.link(&page.place.url));
        }
    }
    if !rules.is_empty() {
        outputs.push(text(UrlPath::file("_redirects"), rules));
    }
    outputs
}
