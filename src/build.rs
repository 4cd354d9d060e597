//! Running the pipeline end to end for `build` and `check`, with per-stage timings.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check as rules;
use crate::config::{Config, ConfigError, Overrides};
use crate::diag::{self, Diagnostic};
use crate::load::PageDate;
use crate::model::Site;
use crate::render::Output;
use crate::write::WriteError;
use crate::{load, markdown, model, render, write};

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
}

impl BuildError {
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::Content(_) => 1,
            BuildError::Config(_) | BuildError::Write(_) => 2,
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
    pub timings: Vec<(&'static str, Duration)>,
}

impl BuildReport {
    pub fn output_dir(&self) -> &Path {
        &self.config.output_dir
    }
}

/// The pipeline up to rendered outputs, shared by `build`, `check` and `serve`.
pub struct Rendered {
    pub config: Config,
    pub site: Site,
    pub outputs: Vec<Output>,
    pub warnings: Vec<Diagnostic>,
    pub timings: Vec<(&'static str, Duration)>,
}

pub fn render_site(options: &BuildOptions) -> Result<Rendered, BuildError> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let config = Config::load(&options.root, options.overrides.clone())?;
    let loaded = load::load(&config);
    lap("load", &mut timings);
    let documents: Vec<_> = loaded
        .documents
        .into_par_iter()
        .map(|doc| {
            let body = markdown::render(doc.body());
            (doc, body)
        })
        .collect();
    lap("markdown", &mut timings);
    let input = model::Input {
        documents,
        assets: loaded.assets,
        shared_sources: loaded.shared_sources,
        failed: loaded.failed,
    };
    let (site, model_diagnostics) = model::build(input, &config);
    lap("model", &mut timings);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(model_diagnostics);
    diag::sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(BuildError::Content(diagnostics));
    }
    let outputs = render::render(&site, &config, build_date(&site)).map_err(BuildError::Content)?;
    lap("templates", &mut timings);
    let mut broken = rules::check_output_links(&outputs, &config);
    if !broken.is_empty() {
        diag::sort(&mut broken);
        return Err(BuildError::Content(broken));
    }
    diagnostics.extend(rules::site_warnings(&site, &config));
    diag::sort(&mut diagnostics);
    lap("check", &mut timings);
    Ok(Rendered {
        config,
        site,
        outputs,
        warnings: diagnostics,
        timings,
    })
}

/// Builds the site and writes it to the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let rendered = render_site(options)?;
    let started = Instant::now();
    write::write(&rendered.outputs, &rendered.config.output_dir)?;
    let mut timings = rendered.timings;
    timings.push(("write", started.elapsed()));
    Ok(BuildReport {
        pages: rendered.site.pages.len(),
        tags: rendered.site.tags.len(),
        files: rendered.outputs.len(),
        warnings: rendered.warnings,
        config: rendered.config,
        timings,
    })
}

/// Runs every validation of a build without writing anything, plus the review-date
/// list (oldest first, after the other warnings).
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>, BuildError> {
    let rendered = render_site(options)?;
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
