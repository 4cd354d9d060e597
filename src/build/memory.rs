//! Rendering into memory, for `check` and `serve`: every page, or after an edit only what
//! changed since the build `incremental::Reuse` remembers, with the link check.

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::timings::{Stopwatch, Timings};
use super::{BuildError, BuildOptions, Modelled, build_date, model_reusing, quick, reject_collisions};
use crate::check as rules;
use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::incremental::{LastBuild, Reuse};
use crate::model::Site;
use crate::paths::UrlPath;
use crate::render::{self, Content, Output};

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

/// Renders the whole site into memory and checks its links.
pub fn render_site(options: &BuildOptions) -> Result<Rendered, BuildError> {
    render_reusing(options, None)
}

/// The pages the previous build served, by URL: what `rerender_site` may keep.
pub type KeptPages<'k> = dyn Fn(&UrlPath) -> Option<Arc<Content>> + Sync + 'k;

/// Renders into memory only what changed since the build `reuse` remembers (all of it
/// the first time); pages whose template input is unchanged, and which `kept` still
/// has, are left out and listed in `Rendered::kept` (and link-checked again).
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
    super::reject_root_links(&site, &config, &targets)?;
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
