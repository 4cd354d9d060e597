//! The templated outputs of a site, one job each (every page, every tag, the listings,
//! 404, search), what each job's template sees, and rendering it.

use tera::Context;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{AuthorId, PageId, PageKind, Site, TagId};
use crate::paths::UrlPath;
use crate::search;

use super::fingerprint::Sink;
use super::views::Views;
use super::{
    Content, Output, Templates, author_url, claims_url, corrections_url, glossary_url, graph, sources_url,
    tag_url, timeline_url,
};

/// One HTML file to render.
pub(super) enum Job {
    Page(PageId),
    TagIndex,
    Tag(TagId),
    Sources,
    Timeline,
    Claims,
    Glossary,
    Corrections,
    Author(AuthorId),
    Graph,
    Search,
    NotFound,
}

/// The largest outputs (the graph picture, listings of many pages) come first, so no
/// core is left waiting on one of them at the end.
pub(super) fn jobs(site: &Site, config: &Config) -> Vec<Job> {
    let search = config.site.search.enabled.then_some(Job::Search);
    let timeline = (!site.timeline.is_empty()).then_some(Job::Timeline);
    let claims = (!site.claims.is_empty()).then_some(Job::Claims);
    let glossary = site.has_glossary().then_some(Job::Glossary);
    let corrections = (!site.corrections.is_empty()).then_some(Job::Corrections);
    let authors = AuthorId::all(site.authors.len()).map(Job::Author);
    let tags = TagId::all(site.tags.len()).map(Job::Tag);
    let pages = PageId::all(site.pages.len()).map(Job::Page);
    [Job::Graph, Job::TagIndex, Job::Sources]
        .into_iter()
        .chain(pages)
        .chain(tags)
        .chain([Job::NotFound])
        .chain(timeline)
        .chain(claims)
        .chain(glossary)
        .chain(corrections)
        .chain(authors)
        .chain(search)
        .collect()
}

pub(super) fn job_url(job: &Job, site: &Site) -> UrlPath {
    match *job {
        Job::Page(id) => site.pages[id].place.url.clone(),
        Job::TagIndex => UrlPath::dir(["tags"]),
        Job::Tag(id) => tag_url(&site.tags[id].key),
        Job::Sources => sources_url(),
        Job::Timeline => timeline_url(),
        Job::Claims => claims_url(),
        Job::Glossary => glossary_url(),
        Job::Corrections => corrections_url(),
        Job::Author(id) => author_url(&site.authors[id].id),
        Job::Graph => UrlPath::dir(["graph"]),
        Job::Search => UrlPath::dir(["search"]),
        Job::NotFound => UrlPath::file("404.html"),
    }
}

/// Puts what a job's template sees into `context`; returns the template's name.
pub(super) fn job_context<'a>(job: &Job, views: &Views<'a>, context: &mut impl Sink) -> &'a str {
    let site = views.site;
    match *job {
        Job::Page(id) => {
            let page = &site.pages[id];
            let default = match page.place.kind {
                PageKind::Home => "index.html",
                PageKind::Section => "section.html",
                PageKind::Explainer => "page.html",
            };
            context.put("page", &views.page(id));
            page.doc.front.template.as_deref().unwrap_or(default)
        }
        Job::TagIndex => {
            let tags: Vec<_> = TagId::all(site.tags.len()).map(|t| views.tag_ref(t)).collect();
            context.put("tags", &tags);
            "tags.html"
        }
        Job::Tag(id) => {
            let tag = &site.tags[id];
            let pages: Vec<_> = tag.pages.iter().map(|&p| views.page_ref(p)).collect();
            context.put("tag", &views.tag_ref(id));
            context.put("description", &tag.description);
            context.put("pages", &pages);
            "tag.html"
        }
        Job::Sources => {
            context.put("groups", &views.source_groups());
            "sources.html"
        }
        Job::Timeline => {
            context.put("years", &views.timeline_years());
            "timeline.html"
        }
        Job::Claims => {
            context.put("claims", &views.all_claims());
            "claims.html"
        }
        Job::Glossary => {
            context.put("terms", &views.terms());
            "glossary.html"
        }
        Job::Corrections => {
            let corrections: Vec<_> = site.corrections.iter().map(|c| views.correction(c)).collect();
            context.put("corrections", &corrections);
            "corrections.html"
        }
        Job::Author(id) => {
            let pages: Vec<_> = site.authors[id]
                .pages
                .iter()
                .map(|&p| views.page_ref(p))
                .collect();
            context.put("author", &views.author(id));
            context.put("pages", &pages);
            "author.html"
        }
        Job::Graph => {
            let explainers: Vec<_> = site.recent.iter().map(|&p| views.page_ref(p)).collect();
            let tags: Vec<_> = TagId::all(site.tags.len()).map(|t| views.tag_ref(t)).collect();
            context.put("svg", &graph::Svg(views));
            context.put("explainers", &explainers);
            context.put("tags", &tags);
            "graph.html"
        }
        Job::Search => {
            let tags: Vec<_> = TagId::all(site.tags.len()).map(|t| views.tag_ref(t)).collect();
            context.put("tags", &tags);
            let shards = search::Shards::new(
                site.explainers().count(),
                views.config.site.search.pages_per_index,
            );
            context.put("search_merged", &shards.merged());
            "search.html"
        }
        Job::NotFound => "404.html",
    }
}

pub(super) fn render_job(
    job: &Job,
    template: &str,
    context: &Context,
    views: &Views<'_>,
    templates: &Templates,
) -> Result<Output, Box<Diagnostic>> {
    let url = job_url(job, views.site);
    let html = (templates.render(template, context, views.config, expected_size(job, views.site)))
        .map_err(|error| while_rendering(error, job, &url, views.site))?;
    Ok(Output {
        url,
        content: Content::Bytes(html),
    })
}

/// A template error, saying which page was being rendered when it happened.
fn while_rendering(mut error: Box<Diagnostic>, job: &Job, url: &UrlPath, site: &Site) -> Box<Diagnostic> {
    let page = match *job {
        Job::Page(id) => format!(
            "`{}` (/{})",
            crate::diag::display_path(&site.pages[id].doc.file),
            url.as_str()
        ),
        _ => format!("`/{}`", url.as_str()),
    };
    let said = format!("while rendering {page}");
    error.help = Some(match error.help.take() {
        Some(help) => format!("{help}; {said}"),
        None => said,
    });
    error
}

/// Room for a job's HTML: a page's body and the theme around it, or a listing's worth.
fn expected_size(job: &Job, site: &Site) -> usize {
    const CHROME: usize = 16 * 1024;
    match *job {
        Job::Page(id) => site.pages[id].body.html.len() + CHROME,
        _ => 4 * CHROME,
    }
}
