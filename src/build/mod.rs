//! Running the pipeline end to end: `build` and `check` here, `serve`'s rebuild in
//! `preview`; all three go config → `modelling` → `pass` (plan, render, check).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check as rules;
use crate::config::{Config, ConfigError, Overrides};
use crate::diag::{self, Diagnostic};
use crate::load::PageDate;
use crate::model::Site;
use crate::write::WriteError;
use crate::{render, search, write};

mod modelling;
mod pass;
mod preview;
mod quick;
mod timings;

use modelling::{Modelled, Run, model_site};
pub(crate) use pass::Kept;
use pass::{Pages, Plan};
pub(crate) use preview::{Failed, preview};
use timings::Stopwatch;
pub(crate) use timings::Timings;

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder, holding `site.toml`.
    pub root: PathBuf,
    /// Settings given on the command line, which win over site.toml's.
    pub overrides: Overrides,
}

/// Why a build produced no site. `Content` means the writer must fix files (exit 1);
/// the others are about the setup (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// site.toml is missing, unreadable or wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Problems in the site's files, errors first, then the warnings found with them.
    #[error("{} error(s) in content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The search index could not be made.
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
}

impl BuildError {
    /// The exit code the command line ends with: 1 for content, 2 for the setup.
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
    /// The settings the build ran with.
    pub config: Config,
    /// Pages built: explainers, sections and the home page.
    pub pages: usize,
    /// Tags with a page of their own.
    pub tags: usize,
    /// Files written.
    pub files: usize,
    /// Warnings found along the way.
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took.
    pub timings: Timings,
}

impl BuildReport {
    /// The folder the site was written to.
    pub fn output_dir(&self) -> &Path {
        &self.config.output_dir
    }
}

/// Builds the site into the output folder. Pages are rendered, link-checked and written
/// in one parallel pass straight into a staging folder, which replaces the output folder
/// only if everything succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let config = Config::load(&options.root, options.overrides.clone())?;
    let Modelled {
        config,
        site,
        warnings,
        mut timings,
        upstream: _,
    } = model_site(config, Run::Once)?;
    let mut watch = Stopwatch::start();
    let renderer = render::Renderer::new(&site, &config, build_date(&site)).map_err(BuildError::Content)?;
    let plan = Plan::new(&renderer, Pages::All, &config)?;
    let files = plan.files();
    let staging = write::Staging::create(&config.output_dir)?;
    // The search index is built from the model on threads of its own while the pages
    // render, each of its parts written as soon as it is done.
    let (index, rendered) = std::thread::scope(|scope| {
        let index = (config.site.search.enabled).then(|| {
            scope.spawn(|| {
                let put = |files: Vec<write::Output>| {
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
        let rendered = plan.render(|output| staging.put(&output));
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
        files,
        warnings,
        config,
        timings,
    };
    // Freeing every page body and template value takes tens of milliseconds on one
    // thread; nothing waits for it (a CLI build exits without doing it at all).
    std::thread::spawn(move || drop((made, site)));
    Ok(report)
}

/// Runs every validation of a build without writing anything, plus the review-date
/// list (oldest first, after the other warnings).
pub fn check(options: &BuildOptions, external: bool) -> Result<Vec<Diagnostic>, BuildError> {
    let config = Config::load(&options.root, options.overrides.clone())?;
    let Modelled {
        config,
        site,
        mut warnings,
        timings: _,
        upstream: _,
    } = model_site(config, Run::Once)?;
    let renderer = render::Renderer::new(&site, &config, build_date(&site)).map_err(BuildError::Content)?;
    // Checked as a build checks, writing nothing.
    Plan::new(&renderer, Pages::All, &config)?.render(|_| Ok(()))?;
    drop(renderer);
    if external {
        let cache = config.root.join(".briefing-cache");
        let mut broken = rules::check_external(&site, &cache, &rules::Limits::default());
        if !broken.is_empty() {
            diag::sort(&mut broken);
            return Err(BuildError::Content(broken));
        }
    }
    let today = build_date_override().unwrap_or_else(jiff::Timestamp::now);
    let today = today.to_zoned(jiff::tz::TimeZone::UTC).date();
    warnings.extend(rules::stale_sources(&site, &config, today));
    warnings.extend(rules::overdue_reviews(&site, &config, today));
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
