//! Running the pipeline end to end for `build` and `check`, with per-stage timings.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check as rules;
use crate::config::{Config, ConfigError, Overrides};
use crate::diag::{self, Diagnostic};
use crate::incremental::{self, Reuse};
use crate::load::PageDate;
use crate::model::{Parsed, Site};
use crate::paths::UrlPath;
use crate::write::WriteError;
use crate::{load, model, render, search, write};

mod memory;
mod quick;
mod timings;

pub use memory::{Kept, KeptPages, Rendered, render_site, rerender_site};
use timings::Stopwatch;
pub use timings::{Lap, Timings};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub overrides: Overrides,
}

/// Why a build produced no site. `Content` means the writer must fix files (exit 1);
/// the others are about the setup (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{} error(s) in content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
}

impl BuildError {
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::Content(_) => 1,
            BuildError::Config(_) | BuildError::Write(_) | BuildError::Search(_) => 2,
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub config: Config,
    pub pages: usize,
    pub tags: usize,
    pub files: usize,
    /// Warnings found along the way.
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

impl BuildReport {
    pub fn output_dir(&self) -> &Path {
        &self.config.output_dir
    }
}

/// The pipeline up to the model, with every content warning found so far.
pub struct Modelled {
    pub config: Config,
    pub site: Site,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Config, load, Markdown and model; fails on any content error.
pub fn model_site(options: &BuildOptions) -> Result<Modelled, BuildError> {
    model_reusing(options, None)
}

/// `model_site` that, given what an earlier build left, reads and parses only the
/// files that changed, and leaves what this build read for the next one.
fn model_reusing(options: &BuildOptions, mut reuse: Option<&mut Reuse>) -> Result<Modelled, BuildError> {
    let mut watch = Stopwatch::start();
    let mut timings = Vec::new();
    let config = Config::load(&options.root, options.overrides.clone())?;
    let loaded = load::load(&config, reuse.as_deref().map(|r| &r.files));
    timings.push(watch.lap("load"));
    let previous = reuse.as_deref();
    // A rebuild warns only about the files it read afresh (on the first, all of them).
    let fresh: Option<HashSet<PathBuf>> = previous.map(|reuse| {
        (loaded.documents.iter())
            .filter(|doc| !reuse.parsed_before(doc))
            .map(|doc| doc.file.clone())
            .collect()
    });
    // Without a next build to keep them for, each body's text goes as soon as it is
    // parsed (only a diagnostic needs it now, and it can read it again), so the texts
    // and their HTML are never all held at once.
    let forget = reuse.is_none().then_some(config.root.as_path());
    let dialect = config.site.content.dialect();
    let glossary = loaded.glossary.map(Arc::new);
    let terms = glossary.as_deref().filter(|_| config.site.glossary.autolink);
    let documents: Vec<Parsed> = (loaded.documents.into_par_iter())
        .map(|doc| {
            let Parsed { mut doc, body } = incremental::markdown_stage(previous, doc, dialect, terms);
            if let (Some(root), Some(doc)) = (forget, Arc::get_mut(&mut doc)) {
                // Where the page's own warnings point, found while the text is at hand.
                doc.forget_body(root, rules::page_warning_offsets(&body, &config));
            }
            Parsed { doc, body }
        })
        .collect();
    if let Some(reuse) = reuse.as_deref_mut() {
        reuse.files = loaded.cache;
        reuse.keep_bodies(&documents, terms);
    }
    timings.push(watch.lap("markdown"));
    let input = model::Input {
        documents,
        assets: loaded.assets,
        shared_sources: loaded.shared_sources,
        glossary,
        git_dates: loaded.git_dates,
        failed: loaded.failed,
    };
    let memo = reuse.map(|reuse| &mut reuse.related);
    let (site, model_diagnostics) = model::build(input, &config, memo);
    let mut warnings = loaded.diagnostics;
    warnings.extend(model_diagnostics);
    warnings.extend(rules::refused_markup(&site));
    let theme_dirs = [&config.template_dirs[..], &config.static_dirs[..]].concat();
    warnings.extend(load::escaping_links(&theme_dirs, &config.root));
    // Editorial warnings are found even when there are errors: a user fixing the errors
    // should not meet a second list only after the first is cleared.
    warnings.extend(rules::site_warnings(&site, &config, |file| {
        fresh.as_ref().is_none_or(|fresh| fresh.contains(file))
    }));
    diag::sort(&mut warnings);
    if warnings.iter().any(Diagnostic::is_error) {
        warnings.extend(root_links_of_a_failed_site(&site, &config));
        diag::sort(&mut warnings);
        return Err(BuildError::Content(warnings));
    }
    timings.push(watch.lap("model"));
    Ok(Modelled {
        config,
        site,
        warnings,
        timings,
    })
}

/// On a site that already has errors, the links from the site root that name nothing a
/// build would write, so that one run reports every error. (A template that does not
/// compile is reported once the content builds.)
fn root_links_of_a_failed_site(site: &Site, config: &Config) -> Vec<Diagnostic> {
    let Ok(renderer) = render::Renderer::new(site, config, build_date(site)) else {
        return Vec::new();
    };
    let planned = planned_files(&renderer, &renderer.fixed_files());
    let targets = rules::LinkTargets::new(planned.iter(), config);
    rules::root_links(site, &targets, config.urls.base_path())
}

/// Every file a build writes from the templates and the fixed plan, by URL.
fn planned_files(renderer: &render::Renderer, fixed: &[render::FixedFile]) -> Vec<UrlPath> {
    (renderer.page_files())
        .chain(fixed.iter().map(|file| file.url.clone()))
        .collect()
}

/// Fails when a link from the site root names nothing the build writes.
fn reject_root_links(site: &Site, config: &Config, targets: &rules::LinkTargets) -> Result<(), BuildError> {
    let mut broken = rules::root_links(site, targets, config.urls.base_path());
    diag::sort(&mut broken);
    if broken.is_empty() {
        Ok(())
    } else {
        Err(BuildError::Content(broken))
    }
}

/// Fails when two producers would write one output file.
fn reject_collisions(paths: impl Iterator<Item = String>, config: &Config) -> Result<(), BuildError> {
    let collisions = rules::duplicate_outputs(paths, config);
    if collisions.is_empty() {
        Ok(())
    } else {
        Err(BuildError::Content(collisions))
    }
}

/// Builds the site into the output folder. Pages are rendered, link-checked and written
/// in one parallel pass straight into a staging folder, which replaces the output folder
/// only if everything succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let Modelled {
        config,
        site,
        warnings,
        mut timings,
    } = model_site(options)?;
    let mut watch = Stopwatch::start();
    let renderer = render::Renderer::new(&site, &config, build_date(&site)).map_err(BuildError::Content)?;
    let fixed = renderer.fixed_files();
    let planned = planned_files(&renderer, &fixed);
    let paths = planned
        .iter()
        .map(UrlPath::output_file)
        .chain(rules::search_files(&config));
    reject_collisions(paths, &config)?;
    let targets = rules::LinkTargets::new(planned.iter(), &config);
    reject_root_links(&site, &config, &targets)?;
    let staging = write::Staging::create(&config.output_dir)?;
    // The search index is built from the model on threads of its own while the pages
    // render, each of its parts written as soon as it is done.
    let (index, rendered) = std::thread::scope(|scope| {
        let index = (config.site.search.enabled).then(|| {
            scope.spawn(|| {
                let put = |files: Vec<render::Output>| {
                    (files.par_iter()).try_for_each(|output| staging.put(output).map_err(BuildError::from))
                };
                search::index(
                    &config.site.language,
                    &site,
                    config.site.search.pages_per_index,
                    put,
                )
            })
        });
        let rendered = render_and_write(&renderer, fixed, &staging, &targets, &config);
        (index.map(|thread| thread.join()), rendered)
    });
    rendered?;
    timings.push(watch.lap("render+write"));
    if let Some(index) = index {
        index.map_err(|_| search::SearchError::panicked())??;
        timings.push(watch.lap("search"));
    }
    staging.commit()?;
    let made = renderer.into_made();
    let report = BuildReport {
        pages: site.pages.len(),
        tags: site.tags.len(),
        files: targets.files().len(),
        warnings,
        config,
        timings,
    };
    // Freeing every page body and template value takes tens of milliseconds on one
    // thread; nothing waits for it (a CLI build exits without doing it at all).
    std::thread::spawn(move || drop((made, site)));
    Ok(report)
}

/// Renders every page and makes every fixed file into `staging`, checking each page's
/// links as it is written; all link and template problems come back together.
fn render_and_write(
    renderer: &render::Renderer,
    fixed: Vec<render::FixedFile>,
    staging: &write::Staging,
    targets: &rules::LinkTargets,
    config: &Config,
) -> Result<(), BuildError> {
    // The files made without templates are made and written while the pages render;
    // each is let go of once written (the graph and the feeds are large).
    let (fixed_written, results) = rayon::join(
        || (fixed.into_par_iter()).try_for_each(|file| staging.put(&renderer.make_fixed(file))),
        || {
            renderer.render_pages(|output| {
                let broken = rules::broken_links(&output.url, &output.content, targets, config);
                staging.put(&output).map(|()| broken)
            })
        },
    );
    fixed_written?;
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(Ok(broken)) => problems.extend(broken),
            Ok(Err(write_error)) => return Err(write_error.into()),
            Err(template_error) => problems.push(*template_error),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        diag::sort(&mut problems);
        Err(BuildError::Content(problems))
    }
}

/// Runs every validation of a build without writing anything, plus the review-date
/// list (oldest first, after the other warnings).
pub fn check(options: &BuildOptions, external: bool) -> Result<Vec<Diagnostic>, BuildError> {
    let rendered = render_site(options)?;
    if external {
        let cache = rendered.config.root.join(".briefing-cache");
        let mut broken = rules::check_external(&rendered.site, &cache, &rules::Limits::default());
        if !broken.is_empty() {
            diag::sort(&mut broken);
            return Err(BuildError::Content(broken));
        }
    }
    let today = build_date_override().unwrap_or_else(jiff::Timestamp::now);
    let today = today.to_zoned(jiff::tz::TimeZone::UTC).date();
    let mut warnings = rendered.warnings;
    warnings.extend(rules::stale_sources(&rendered.site, &rendered.config, today));
    warnings.extend(rules::overdue_reviews(&rendered.site, &rendered.config, today));
    Ok(warnings)
}

fn build_date_override() -> Option<jiff::Timestamp> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
}

/// The date shown as "built on": `SOURCE_DATE_EPOCH` if set, else the newest content
/// date, so two builds of the same input are identical.
fn build_date(site: &Site) -> PageDate {
    let from_env = build_date_override();
    let newest = || {
        site.pages
            .iter()
            .filter_map(|p| p.last_changed())
            .max()
            .map(|d| d.instant)
    };
    let instant = from_env.or_else(newest).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    PageDate {
        instant,
        day: instant.to_zoned(jiff::tz::TimeZone::UTC).date(),
    }
}
