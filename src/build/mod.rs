//! Running the pipeline end to end for `build` and `check`, with per-stage timings.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check as rules;
use crate::config::{Config, ConfigError, Overrides};
use crate::diag::{self, Diagnostic};
use crate::incremental::{self, LastBuild, Reuse};
use crate::load::PageDate;
use crate::model::{Parsed, Site};
use crate::paths::UrlPath;
use crate::render::{Content, Output};
use crate::write::WriteError;
use crate::{load, model, render, search, write};

mod quick;
mod timings;

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

/// The site rendered into memory, for `check` and `serve`.
pub struct Rendered {
    pub config: Config,
    pub site: Arc<Site>,
    /// Rendered this time: the templated pages first (`rerendered` of them), then, unless
    /// every other file is kept, feeds, sitemap, redirects, graph data and static files.
    pub outputs: Vec<Output>,
    pub rerendered: usize,
    /// What the previous build made that stays as it was (`rerender_site` only).
    pub kept: Kept,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Which files of the previous build a rebuild leaves as they were.
#[derive(Debug)]
pub enum Kept {
    /// These templated pages; every other file was made again.
    Pages(Vec<UrlPath>),
    /// Every file but those in `Rendered::outputs`.
    AllOthers,
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
    let documents: Vec<Parsed> = (loaded.documents.into_par_iter())
        .map(|doc| {
            let (mut doc, body) = incremental::markdown_stage(previous, doc);
            if let (Some(root), Some(doc)) = (forget, Arc::get_mut(&mut doc)) {
                doc.forget_body(root);
            }
            (doc, body)
        })
        .collect();
    if let Some(reuse) = reuse.as_deref_mut() {
        reuse.files = loaded.cache;
        reuse.keep_bodies(&documents);
    }
    timings.push(watch.lap("markdown"));
    let input = model::Input {
        documents,
        assets: loaded.assets,
        shared_sources: loaded.shared_sources,
        failed: loaded.failed,
    };
    let memo = reuse.map(|reuse| &mut reuse.related);
    let (site, model_diagnostics) = model::build(input, &config, memo);
    let mut warnings = loaded.diagnostics;
    warnings.extend(model_diagnostics);
    warnings.extend(rules::missing_files(&site, &config));
    if warnings.iter().any(Diagnostic::is_error) {
        diag::sort(&mut warnings);
        return Err(BuildError::Content(warnings));
    }
    warnings.extend(rules::site_warnings(&site, &config, |file| {
        fresh.as_ref().is_none_or(|fresh| fresh.contains(file))
    }));
    diag::sort(&mut warnings);
    timings.push(watch.lap("model"));
    Ok(Modelled {
        config,
        site,
        warnings,
        timings,
    })
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

/// Renders the whole site into memory and checks its links.
pub fn render_site(options: &BuildOptions) -> Result<Rendered, BuildError> {
    render_reusing(options, None)
}

/// The pages the previous build served, by URL: what `rerender_site` may keep.
pub type KeptPages<'k> = dyn Fn(&UrlPath) -> Option<Arc<Content>> + Sync + 'k;

/// Renders into memory only what changed since the build `reuse` remembers (all of it
/// the first time); pages whose template input is unchanged, and which `kept` still
/// has, are listed in `Rendered::unchanged` instead (and link-checked again).
/// `reuse` remembers this build for the next one if it succeeds.
pub fn rerender_site(
    options: &BuildOptions,
    reuse: &mut Reuse,
    kept: &KeptPages,
) -> Result<Rendered, BuildError> {
    if let Some(rendered) = quick::text_edit(reuse) {
        return rendered;
    }
    render_reusing(options, Some((reuse, kept)))
}

fn render_reusing(
    options: &BuildOptions,
    reuse: Option<(&mut Reuse, &KeptPages)>,
) -> Result<Rendered, BuildError> {
    let (mut reuse, kept) = match reuse {
        Some((reuse, kept)) => (Some(reuse), Some(kept)),
        None => (None, None),
    };
    let Modelled {
        config,
        site,
        warnings,
        mut timings,
    } = model_reusing(options, reuse.as_deref_mut())?;
    let mut watch = Stopwatch::start();
    let renderer = render::Renderer::new(&site, &config, build_date(&site)).map_err(BuildError::Content)?;
    let pages = || match (reuse.as_deref(), kept) {
        (Some(reuse), Some(kept)) => {
            let (results, prints) = renderer.render_changed(&reuse.rendered, &|url| kept(url).is_some());
            (results, Some(prints))
        }
        _ => (renderer.render_pages(|output| output), None),
    };
    let ((results, prints), fixed) = rayon::join(pages, || renderer.fixed_outputs());
    let mut outputs = Vec::with_capacity(results.len() + fixed.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            Err(diagnostic) => problems.push(*diagnostic),
        }
    }
    if !problems.is_empty() {
        return Err(BuildError::Content(problems));
    }
    let rerendered = outputs.len();
    outputs.extend(fixed);
    let page_urls: Vec<UrlPath> = renderer.page_files().collect();
    let fixed_urls = outputs[rerendered..].iter().map(|o| &o.url);
    let planned: Vec<&UrlPath> = page_urls.iter().chain(fixed_urls).collect();
    let paths = planned.iter().map(|url| url.output_file());
    reject_collisions(paths.chain(rules::search_files(&config)), &config)?;
    let targets = rules::LinkTargets::new(planned.into_iter(), &config);
    let fresh: HashSet<&UrlPath> = outputs[..rerendered].iter().map(|o| &o.url).collect();
    let unchanged: Vec<UrlPath> = page_urls
        .iter()
        .filter(|url| !fresh.contains(url))
        .cloned()
        .collect();
    let fresh_links = outputs
        .par_iter()
        .flat_map_iter(|output| rules::broken_links(&output.url, &output.content, &targets, &config));
    // Kept pages passed this check in the last build; they are checked again only when
    // the set of files changed, as a file they link to may be gone since.
    let files_changed = reuse
        .as_deref()
        .is_none_or(|reuse| reuse.link_targets.as_ref() != Some(&targets));
    let recheck = if files_changed { &unchanged[..] } else { &[] };
    let kept_links = recheck
        .par_iter()
        .filter_map(|url| Some((url, kept?(url)?)))
        .flat_map_iter(|(url, content)| rules::broken_links(url, &content, &targets, &config));
    let mut broken: Vec<Diagnostic> = fresh_links.chain(kept_links).collect();
    if !broken.is_empty() {
        diag::sort(&mut broken);
        return Err(BuildError::Content(broken));
    }
    let (build_date, templates) = (renderer.build_date(), renderer.compiled());
    drop(renderer);
    let site = Arc::new(site);
    if let (Some(reuse), Some(prints)) = (reuse, prints) {
        reuse.rendered = prints;
        reuse.link_targets = Some(targets);
        reuse.succeeded(LastBuild {
            config: config.clone(),
            site: Arc::clone(&site),
            build_date,
            templates,
        });
    }
    timings.push(watch.lap("render"));
    Ok(Rendered {
        config,
        site,
        outputs,
        rerendered,
        kept: Kept::Pages(unchanged),
        warnings,
        timings,
    })
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
    let fixed = renderer.fixed_outputs();
    let planned: Vec<UrlPath> = renderer
        .page_files()
        .chain(fixed.iter().map(|o| o.url.clone()))
        .collect();
    let paths = planned
        .iter()
        .map(UrlPath::output_file)
        .chain(rules::search_files(&config));
    reject_collisions(paths, &config)?;
    let targets = rules::LinkTargets::new(planned.iter(), &config);
    let staging = write::Staging::create(&config.output_dir)?;
    // Written, then let go of before the pages render: feeds and graph files are large.
    fixed
        .into_par_iter()
        .try_for_each(|output| staging.put(&output))?;
    let indexer = config
        .site
        .search
        .enabled
        .then(|| search::Indexer::start(&config.site.language));
    let results = renderer.render_pages(|output| {
        let broken = rules::broken_links(&output.url, &output.content, &targets, &config);
        if let (Some(indexer), Content::Bytes(html)) = (&indexer, &output.content) {
            indexer.offer(config.urls.link(&output.url), html);
        }
        staging.put(&output).map(|()| broken)
    });
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(Ok(broken)) => problems.extend(broken),
            Ok(Err(write_error)) => return Err(write_error.into()),
            Err(template_error) => problems.push(*template_error),
        }
    }
    if !problems.is_empty() {
        diag::sort(&mut problems);
        return Err(BuildError::Content(problems));
    }
    timings.push(watch.lap("render+write"));
    if let Some(indexer) = indexer {
        let index = indexer.finish()?;
        index.par_iter().try_for_each(|output| staging.put(output))?;
        timings.push(watch.lap("search"));
    }
    staging.commit()?;
    drop(renderer);
    let report = BuildReport {
        pages: site.pages.len(),
        tags: site.tags.len(),
        files: targets.files().len(),
        warnings,
        config,
        timings,
    };
    // Freeing every page body takes tens of milliseconds on one thread; nothing waits
    // for it (a CLI build exits without doing it at all).
    std::thread::spawn(move || drop(site));
    Ok(report)
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
            .filter_map(|p| p.doc.front.updated.or(p.doc.front.date))
            .max()
            .map(|d| d.instant)
    };
    let instant = from_env.or_else(newest).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    PageDate {
        instant,
        day: instant.to_zoned(jiff::tz::TimeZone::UTC).date(),
    }
}
