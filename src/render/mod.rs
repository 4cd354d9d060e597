//! Rendering: the site model through the theme's templates into output files (pages,
//! listings, feeds, sitemap), plus the static files to copy. Pages render in parallel.

mod cards;
mod feeds;
mod fingerprint;
mod graph;
mod jobs;
mod json_ld;
mod partials;
mod templates;
mod views;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::PageDate;
use crate::model::{PageId, Site};
use crate::paths::{TagKey, UrlPath};
pub(crate) use crate::write::{Content, Output};

use feeds::Fixed;
pub(crate) use fingerprint::Fingerprints;
use jobs::{Job, job_context, job_url, render_job};
pub(crate) use templates::Templates;
pub(crate) use views::{PageRef, Views, reading_time};

/// A file made without templates, before it is made.
#[derive(Debug)]
pub(crate) struct FixedFile {
    pub url: UrlPath,
    what: Fixed,
}

pub(crate) fn tag_url(key: &TagKey) -> UrlPath {
    UrlPath::dir(["tags", key.as_str()])
}

pub(crate) fn sources_url() -> UrlPath {
    UrlPath::dir(["sources"])
}

/// An author's page: their explainers, newest first.
pub(crate) fn author_url(id: &str) -> UrlPath {
    UrlPath::dir(["authors", &crate::paths::slugify(id)])
}

/// Every correction of the site (made when some page has `corrections:`).
pub(crate) fn corrections_url() -> UrlPath {
    UrlPath::dir(["corrections"])
}

/// The glossary (made when `content/_glossary.yaml` has entries).
pub(crate) fn glossary_url() -> UrlPath {
    UrlPath::dir(["glossary"])
}

/// Every page's checked claims (made when some page has `claims:`).
pub(crate) fn claims_url() -> UrlPath {
    UrlPath::dir(["claims"])
}

/// The social card of the page at `page` (`[social] cards`).
pub(crate) fn card_url(page: &UrlPath) -> UrlPath {
    UrlPath::file(&format!("{}card.png", page.as_str()))
}

/// Every page's events in date order (made when some page has `events:`).
pub(crate) fn timeline_url() -> UrlPath {
    UrlPath::dir(["timeline"])
}

#[derive(Serialize, Hash)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    author: Option<&'a str>,
    extra: views::Extra<'a, toml::Table>,
    /// Top-level sections, for navigation.
    sections: Vec<PageRef<'a>>,
    /// The newest explainers (at most 10).
    recent: Vec<PageRef<'a>>,
    build_date: String,
    /// Whether the search index and search page are built.
    search: bool,
    /// Whether some page has events, so `/timeline/` is built.
    timeline: bool,
    /// Whether some page has claims, so `/claims/` is built.
    claims: bool,
    /// Whether the glossary has entries, so `/glossary/` is built.
    glossary: bool,
    /// Whether some page has corrections, so `/corrections/` is built.
    corrections: bool,
    /// Every source of the site, with the explainers citing it.
    sources: Vec<views::SourceView<'a>>,
}

/// Templates compiled once, ready to render any page of the site.
pub(crate) struct Renderer<'a> {
    views: Views<'a>,
    compiled: Compiled,
    build_date: PageDate,
    jobs: Vec<Job>,
}

/// A page's URL, its fingerprint, and its output if it was rendered.
pub(crate) type Rerendered = (UrlPath, u64, Option<Result<Output, Box<Diagnostic>>>);

/// The templates compiled with what every page shares (the site view, the page lookup),
/// and its fingerprint.
#[derive(Clone)]
pub(crate) struct Compiled {
    templates: Arc<Templates>,
    site_print: u64,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Compiled({:x})", self.site_print)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(
        site: &'a Site,
        config: &'a Config,
        build_date: PageDate,
    ) -> Result<Self, Vec<Diagnostic>> {
        let views = Views::new(site, config);
        let compiled = load_templates(&views, build_date).map_err(|d| vec![*d])?;
        Ok(Renderer::with(views, compiled, build_date))
    }

    /// A renderer with the templates an earlier one compiled, for a site whose every
    /// page looks the same from elsewhere (only a page's own text changed).
    pub(crate) fn reusing(
        site: &'a Site,
        config: &'a Config,
        build_date: PageDate,
        compiled: Compiled,
    ) -> Self {
        Renderer::with(Views::new(site, config), compiled, build_date)
    }

    fn with(views: Views<'a>, compiled: Compiled, build_date: PageDate) -> Self {
        compiled.templates.forget_partials();
        Renderer {
            jobs: jobs::jobs(views.site, views.config),
            views,
            compiled,
            build_date,
        }
    }

    /// What the renderer made that does not borrow the site (template values, the
    /// compiled templates and the partials they cached), to be freed elsewhere.
    pub(crate) fn into_made(self) -> impl Send + 'static {
        (self.views.into_values(), self.compiled)
    }

    /// The templates, to render the next site with (`reusing`).
    pub(crate) fn compiled(&self) -> Compiled {
        self.compiled.clone()
    }

    pub(crate) fn build_date(&self) -> PageDate {
        self.build_date
    }

    /// The site being rendered.
    pub(crate) fn site(&self) -> &'a Site {
        self.views.site
    }

    /// An error at the `template:` line of every page naming a template that neither
    /// the site nor the theme has.
    pub(crate) fn missing_templates(&self) -> Vec<Diagnostic> {
        let templates = &self.compiled.templates;
        (self.views.site.pages.iter())
            .filter_map(|page| {
                let name = page.doc.front.template.as_deref()?;
                (!templates.has(name)).then(|| templates.missing(name, &page.doc))
            })
            .collect()
    }

    /// Files made without templates (feeds, sitemap, redirects, graph.json, static
    /// files), planned: each is made by `make_fixed` when it is written.
    pub(crate) fn fixed_files(&self) -> Vec<FixedFile> {
        let mut planned = vec![
            (UrlPath::file("graph.json"), Fixed::GraphJson),
            (UrlPath::file("previews.json"), Fixed::PreviewsJson),
        ];
        planned.extend(feeds::plan(&self.views));
        planned.extend(static_files(self.views.site, self.views.config));
        planned
            .into_iter()
            .map(|(url, what)| FixedFile { url, what })
            .collect()
    }

    pub(crate) fn make_fixed(&self, file: FixedFile) -> Output {
        Output {
            content: feeds::make(&self.views, self.build_date, file.what),
            url: file.url,
        }
    }

    /// Every file the templates will produce, known before any is rendered.
    pub(crate) fn page_files(&self) -> impl Iterator<Item = UrlPath> + '_ {
        self.jobs.iter().map(|job| job_url(job, self.views.site))
    }

    /// Renders every templated page in parallel and hands each to `sink` as it is done,
    /// so a build never needs the whole site in memory.
    pub(crate) fn render_pages<T: Send>(
        &self,
        sink: impl Fn(Output) -> T + Sync,
    ) -> Vec<Result<T, Box<Diagnostic>>> {
        self.jobs
            .par_iter()
            .map(|job| {
                let mut context = Context::new();
                let template = job_context(job, &self.views, &mut context);
                render_job(job, template, &context, &self.views, &self.compiled.templates).map(&sink)
            })
            .collect()
    }

    /// Renders only the pages whose template input differs from `previous` (every page
    /// when `previous` is empty) or that `kept` no longer has, and returns the
    /// fingerprints of all of them.
    pub(crate) fn render_changed(
        &self,
        previous: &Fingerprints,
        kept: &(dyn Fn(&UrlPath) -> bool + Sync),
    ) -> (Vec<Result<Output, Box<Diagnostic>>>, Fingerprints) {
        let results: Vec<_> = (self.jobs.par_iter())
            .map(|job| self.render_if_changed(job, previous, kept))
            .collect();
        let mut prints = Fingerprints {
            site: self.compiled.site_print,
            outputs: HashMap::with_capacity(results.len()),
        };
        let mut outputs = Vec::new();
        for (url, print, output) in results {
            prints.outputs.insert(url, print);
            outputs.extend(output);
        }
        (outputs, prints)
    }

    /// Page `id`'s URL, its fingerprint and, unless `previous` shows its template input
    /// unchanged, its output. `previous` must come from the build whose templates this
    /// renderer reuses, and `id` name a page of the site.
    pub(crate) fn rerender_page(&self, id: PageId, previous: &Fingerprints) -> Rerendered {
        self.render_if_changed(&Job::Page(id), previous, &|_| true)
    }

    /// A job's URL, its fingerprint, and its output unless `previous` has the same
    /// fingerprint for it and `kept` still has the file.
    fn render_if_changed(
        &self,
        job: &Job,
        previous: &Fingerprints,
        kept: &(dyn Fn(&UrlPath) -> bool + Sync),
    ) -> Rerendered {
        let url = job_url(job, self.views.site);
        // With nothing to compare against, the context is filled in the same pass.
        let mut sinks = (
            fingerprint::Fingerprint::new(),
            previous.is_empty().then(Context::new),
        );
        let template = job_context(job, &self.views, &mut sinks);
        let (fingerprint, context) = sinks;
        let print = fingerprint.finish(template);
        let keep = previous.unchanged(self.compiled.site_print, &url, print) && kept(&url);
        let output = (!keep).then(|| {
            let context = context.unwrap_or_else(|| {
                let mut context = Context::new();
                job_context(job, &self.views, &mut context);
                context
            });
            render_job(job, template, &context, &self.views, &self.compiled.templates)
        });
        (url, print, output)
    }
}

fn load_templates(views: &Views<'_>, build_date: PageDate) -> Result<Compiled, Box<Diagnostic>> {
    let (site, config) = (views.site, views.config);
    let site_view = SiteView {
        title: &config.site.title,
        description: &config.site.description,
        base_url: &config.site.base_url,
        base_path: config.urls.base_path(),
        language: &config.site.language,
        author: config.site.author.as_deref(),
        extra: views::Extra(&config.site.extra),
        sections: site
            .home()
            .place
            .subsections
            .iter()
            .map(|&id| views.page_ref(id))
            .collect(),
        recent: site
            .recent
            .iter()
            .take(10)
            .map(|&id| views.page_ref(id))
            .collect(),
        build_date: build_date.day.to_string(),
        search: config.site.search.enabled,
        timeline: !site.timeline.is_empty(),
        claims: !site.claims.is_empty(),
        glossary: site.has_glossary(),
        corrections: !site.corrections.is_empty(),
        sources: views.source_list(),
    };
    let lookup = |with_pages: bool| templates::Lookup {
        base_path: config.urls.base_path().to_string(),
        links: views
            .page_links()
            .map(|(path, link)| (crate::diag::display_path(path), link.to_string()))
            .collect(),
        pages: if with_pages {
            (site
                .pages
                .par_iter()
                .enumerate()
                .map(|(index, page)| (PageId::at(index), page)))
            .map(|(id, page)| {
                let path = crate::diag::display_path(&page.doc.rel_path);
                (path, Value::from_serializable(&views.page_ref(id)))
            })
            .collect()
        } else {
            HashMap::new()
        },
    };
    let templates = Templates::load(config, lookup, &Value::from_serializable(&site_view))?;
    // What every template shares: the site view, the templates themselves, and the
    // link of every content path (`get_url(path="@/…")` may show any of them).
    let links: Vec<_> = views.page_links().collect();
    let site_print = crate::hash::stable_hash(&(&site_view, links, templates.fingerprint()));
    // A template that looks pages up by path may show any page: then any page's
    // listing changing re-renders everything.
    let site_print = if templates.looks_up_pages() {
        let refs: Vec<_> = PageId::all(site.pages.len())
            .map(|id| (&site.pages[id].doc.rel_path, views.page_ref(id)))
            .collect();
        crate::hash::stable_hash(&(site_print, refs))
    } else {
        site_print
    };
    Ok(Compiled {
        templates: Arc::new(templates),
        site_print,
    })
}

/// Theme static files, then the site's own (which win), then content assets.
fn static_files(site: &Site, config: &Config) -> Vec<(UrlPath, Fixed)> {
    let mut by_url: std::collections::BTreeMap<UrlPath, PathBuf> = std::collections::BTreeMap::new();
    for dir in &config.static_dirs {
        for (rel, path) in crate::load::site_files(dir, &config.root).files {
            by_url.insert(UrlPath::file(&crate::diag::display_path(&rel)), path);
        }
    }
    for asset in &site.assets {
        by_url.insert(asset.url.clone(), asset.source.clone());
    }
    let mut outputs = Vec::new();
    if config.builtin_theme {
        for (path, text) in crate::theme::DEFAULT {
            let url = path.strip_prefix("static/").map(UrlPath::file);
            if let Some(url) = url.filter(|u| !by_url.contains_key(u)) {
                outputs.push((url, Fixed::Ready(Content::Bytes(text.as_bytes().to_vec()))));
            }
        }
    }
    outputs.extend((by_url.into_iter()).map(|(url, source)| (url, Fixed::Ready(Content::Copy(source)))));
    outputs
}
