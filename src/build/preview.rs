//! Rendering into memory for `serve`: every page the first time, after an edit only what
//! changed since the build the last `incremental::Reuse` remembers, through the same
//! plan, render and check as `build`. What the next rebuild may reuse comes back beside
//! the site; `serve` keeps it only when the rebuild succeeded.

use std::sync::Arc;

use super::modelling::{Modelled, Run, model_site};
use super::pass::{Checked, Kept, KeptPages, Pages, Plan};
use super::quick::{self, TextEdit};
use super::timings::{Stopwatch, Timings};
use super::{BuildError, build_date};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::incremental::{LastBuild, Reuse};
use crate::model::Site;
use crate::render;
use crate::write::Output;

/// The site rendered into memory.
pub(crate) struct Rendered {
    pub config: Config,
    pub site: Arc<Site>,
    /// Rendered this time: the templated pages first (`rerendered` of them), then, unless
    /// every other file is kept, feeds, sitemap, redirects, graph data and static files.
    pub outputs: Vec<Output>,
    pub rerendered: usize,
    /// What the previous build made that stays as it was.
    pub kept: Kept,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// A preview that did not build: why, and what the last good build left, as it was.
pub(crate) struct Failed {
    pub error: BuildError,
    pub earlier: Option<Box<Reuse>>,
}

/// Renders into memory what changed since the build `earlier` remembers (all of it when
/// there is none); pages whose template input is unchanged, and which `kept` still has,
/// are left out and listed in `Rendered::kept` (and link-checked again if the set of
/// files changed). Returns what the next rebuild may reuse beside the site, or on
/// failure hands `earlier` back untouched.
pub(crate) fn preview(
    config: Config,
    earlier: Option<Box<Reuse>>,
    kept: &KeptPages,
) -> Result<(Rendered, Box<Reuse>), Failed> {
    let earlier = match earlier.map(|earlier| quick::text_edit(&config, earlier)) {
        Some(TextEdit::Done(rendered, reuse)) => return Ok((rendered, reuse)),
        Some(TextEdit::Failed(error, earlier)) => {
            return Err(Failed {
                error,
                earlier: Some(earlier),
            });
        }
        Some(TextEdit::Other(earlier)) => Some(earlier),
        None => None,
    };
    render_changed(config, earlier.as_deref(), kept).map_err(|error| Failed { error, earlier })
}

/// The model and every page whose input changed since `earlier`.
fn render_changed(
    config: Config,
    earlier: Option<&Reuse>,
    kept: &KeptPages,
) -> Result<(Rendered, Box<Reuse>), BuildError> {
    let Modelled {
        config,
        site,
        warnings,
        mut timings,
        upstream,
    } = model_site(config, Run::Preview(earlier.map(|e| &e.upstream)))?;
    let mut watch = Stopwatch::start();
    let renderer = render::Renderer::new(&site, &config, build_date(&site)).map_err(BuildError::Content)?;
    let plan = Plan::new(&renderer, Pages::Changed { earlier, kept }, &config)?;
    let Checked {
        pages,
        fixed,
        kept,
        targets,
        prints,
    } = plan.render(Ok)?;
    let targets = targets.into_owned();
    let (build_date, templates) = (renderer.build_date(), renderer.compiled());
    drop(renderer);
    let site = Arc::new(site);
    let last = LastBuild {
        site: Arc::clone(&site),
        build_date,
        templates,
    };
    let reuse = Box::new(Reuse::new(upstream, prints, targets, last));
    timings.push(watch.lap("render"));
    let rerendered = pages.len();
    let mut outputs = pages;
    outputs.extend(fixed);
    let rendered = Rendered {
        config,
        site,
        outputs,
        rerendered,
        kept,
        warnings,
        timings,
    };
    Ok((rendered, reuse))
}
