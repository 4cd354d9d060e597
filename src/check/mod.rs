//! Site-wide validations beyond what a build needs to succeed: warnings a careful editor
//! wants (orphans, lonely tags, missing summaries, duplicate titles, raw scripts, unused
//! or missing sources, unsourced figures, overdue reviews) and the final-HTML link check.

mod external;
mod output_links;
mod review;
mod tags;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Location};
use crate::markdown::{MAX_NESTING, Refused, Rendered};
use crate::model::{Page, PageId, PageKind, Site};

pub(crate) use external::{Limits, check_external};
pub(crate) use output_links::{LinkTargets, broken_links, duplicate_outputs, root_links, search_files};
pub(crate) use review::{overdue_reviews, stale_sources};

/// The site's content warnings about the files `about` accepts (every file, for a build
/// or `check`; the files just edited, for a `serve` rebuild).
pub(crate) fn site_warnings(
    site: &Site,
    config: &Config,
    about: impl Fn(&Path) -> bool + Sync,
) -> Vec<Diagnostic> {
    let asked: Vec<&Page> = site.explainers().filter(|page| about(&page.doc.file)).collect();
    warnings_about(site, config, &asked, about)
}

/// `site_warnings` about one page's file, without looking at every other page's.
pub(crate) fn page_site_warnings(site: &Site, config: &Config, id: PageId) -> Vec<Diagnostic> {
    let page = &*site.pages[id];
    let asked: Vec<&Page> = Some(page)
        .filter(|p| p.place.kind == PageKind::Explainer)
        .into_iter()
        .collect();
    warnings_about(site, config, &asked, |file| {
        file.as_os_str() == page.doc.file.as_os_str()
    })
}

/// The `asked` explainers' own warnings, and the site-wide ones about the files `about`
/// accepts.
fn warnings_about(
    site: &Site,
    config: &Config,
    asked: &[&Page],
    about: impl Fn(&Path) -> bool,
) -> Vec<Diagnostic> {
    let mut warnings: Vec<Diagnostic> = (asked.par_iter())
        .flat_map_iter(|page| page_warnings(page, config))
        .collect();
    let site_wide = uncited_sources(site)
        .into_iter()
        .chain(tags::lonely_tags(site))
        .chain(tags::merged_spellings(site))
        .chain(duplicate_titles(site, asked.iter().copied()));
    warnings.extend(site_wide.filter(|warning| about(&warning.location.file)));
    warnings
}

/// The body offsets `page_warnings` points at (raw scripts, uncited figures), known from
/// the Markdown stage alone.
pub(crate) fn page_warning_offsets<'b>(
    body: &'b Rendered,
    config: &Config,
) -> impl Iterator<Item = usize> + 'b {
    let figures = config.site.check.unsourced_figures;
    let uncited = body.uncited_figures.iter().filter(move |_| figures);
    let refused = body.refused.iter().map(|refused| match refused {
        Refused::CodeUrl { offset, .. } | Refused::TooDeep { offset } => *offset,
    });
    (body.raw_code.iter().map(|raw| raw.offset))
        .chain(body.foreign.iter().map(|foreign| foreign.offset))
        .chain(body.math_errors.iter().map(|(_, offset)| *offset))
        .chain(uncited.map(|figure| figure.offset))
        .chain(refused)
}

/// One explainer's own warnings: orphan, no summary, raw scripts, uncited figures.
fn page_warnings(page: &Page, config: &Config) -> Vec<Diagnostic> {
    let mut warnings = page.doc.load_warnings.clone();
    warnings.extend(tags::dropped_tags(page));
    let locator = page.doc.locator();
    let at = |offset: usize| locator.at(offset);
    if page.graph.tags.is_empty() && page.graph.backlinks.is_empty() {
        warnings.push(
            Diagnostic::warning(
                "orphan",
                Location::file(&page.doc.file),
                "orphan: no explainer links here and it has no tags",
            )
            .with_help("link to it from a related explainer, or give it tags"),
        );
    }
    if page
        .doc
        .front
        .summary
        .as_ref()
        .is_none_or(|s| s.trim().is_empty())
    {
        warnings.push(
            Diagnostic::warning(
                "missing-summary",
                Location::file(&page.doc.file),
                "no `summary` in front matter",
            )
            .with_help("add one or two sentences; listings, feeds and search results show it"),
        );
    }
    for raw in &page.body.raw_code {
        warnings.push(
            Diagnostic::warning(
                "raw-script",
                at(raw.offset),
                format!("raw HTML in content runs code or embeds a page: {}", raw.what),
            )
            .with_help("content is text for readers; scripts and embeds belong in the theme's templates"),
        );
    }
    for foreign in &page.body.foreign {
        let more = match foreign.count {
            1 => String::new(),
            n => format!(" ({n} on this page)"),
        };
        warnings.push(
            Diagnostic::warning(
                "foreign-syntax",
                at(foreign.offset),
                format!(
                    "{} `{}` is not Markdown: left out of the page{more}",
                    foreign.kind, foreign.written
                ),
            )
            .with_help("rewrite it as Markdown (a link, an image, a callout) or move it into a template"),
        );
    }
    for (problem, offset) in &page.body.math_errors {
        warnings.push(
            Diagnostic::warning(
                "bad-math",
                at(*offset),
                format!("LaTeX that does not parse: {problem}"),
            )
            .with_help("the formula is drawn with the part that failed marked; fix the LaTeX"),
        );
    }
    if config.site.check.unsourced_figures {
        for figure in &page.body.uncited_figures {
            warnings.push(
                Diagnostic::warning(
                    "unsourced-figure",
                    at(figure.offset),
                    format!(
                        "figure `{}` has no citation in its paragraph or table",
                        figure.figure
                    ),
                )
                .with_help("cite its source with [@source-id], or set [check] unsourced_figures = false"),
            );
        }
    }
    warnings
}

/// Errors for markup no build publishes: URLs that run code, nesting too deep.
pub(crate) fn refused_markup(site: &Site) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for page in site.pages.iter().filter(|page| !page.body.refused.is_empty()) {
        let locator = page.doc.locator();
        errors.extend(page.body.refused.iter().map(|refused| match refused {
            Refused::CodeUrl { offset, url } => {
                Diagnostic::error("unsafe-url", locator.at(*offset), format!("`{url}` runs code when followed"))
                    .with_help("link to an http(s) page or a file of the site; `javascript:`, `vbscript:` and `data:` URLs (but images' `data:image/…`) are refused")
            }
            Refused::TooDeep { offset } => Diagnostic::error(
                "too-deep",
                locator.at(*offset),
                format!("lists, quotes or spans are nested more than {MAX_NESTING} levels deep here"),
            )
            .with_help("flatten the structure; no reader follows this many levels"),
        }));
    }
    errors
}

/// Sources declared (in front matter or `_sources.yaml`) but cited by no page.
fn uncited_sources(site: &Site) -> Vec<Diagnostic> {
    site.sources
        .iter()
        .filter(|source| source.cited_by.is_empty())
        .map(|source| {
            Diagnostic::warning(
                "uncited-source",
                Location::file(&source.declared_in),
                format!("source `{}` is declared but never cited", source.decl.id),
            )
            .with_help("cite it with [@id] where it supports a claim, or remove it")
        })
        .collect()
}

/// Explainers sharing a title with another, for the `asked` explainers.
fn duplicate_titles<'s>(site: &'s Site, asked: impl Iterator<Item = &'s Page>) -> Vec<Diagnostic> {
    let key = |page: &Page| page.title().trim().to_lowercase();
    let keys: HashSet<String> = asked.map(key).collect();
    let mut by_title: HashMap<String, Vec<&Page>> = HashMap::new();
    for page in site.explainers() {
        let title = key(page);
        if keys.contains(&title) {
            by_title.entry(title).or_default().push(page);
        }
    }
    let mut warnings = Vec::new();
    for pages in by_title.values().filter(|p| p.len() > 1) {
        for page in pages {
            let others: Vec<String> = pages
                .iter()
                .filter(|p| p.doc.file != page.doc.file)
                .map(|p| crate::diag::display_path(&p.doc.file))
                .collect();
            warnings.push(Diagnostic::warning(
                "duplicate-title",
                Location::file(&page.doc.file),
                format!("title `{}` is also used by {}", page.title(), others.join(", ")),
            ));
        }
    }
    warnings
}
