//! From a loaded config to the site model, for every command: load, the Markdown stage
//! and the model, with every content warning found so far. Given what the last good
//! build left (`incremental::Upstream`), only files that changed are read and parsed;
//! what this run made of each stage comes back as a value for the next.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::pass::planned_files;
use super::timings::{Stopwatch, Timings};
use super::{BuildError, build_date};
use crate::check as rules;
use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::incremental::{self, Bodies, Upstream};
use crate::load::FileCache;
use crate::model::{Parsed, RelatedReuse, Site};
use crate::{load, model, render};

/// What a run is given of the last good build, and whether it keeps what it makes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Run<'r> {
    /// `build` and `check`: nothing before, nothing kept, so each body's text is let go
    /// of as soon as it is parsed.
    Once,
    /// `serve`: what the last good build left, if there was one; this run's stages are
    /// kept for the next.
    Preview(Option<&'r Upstream>),
}

/// The pipeline up to the model, with every content warning found so far.
pub(super) struct Modelled {
    pub config: Config,
    pub site: Site,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
    /// What the next run may reuse (empty for `Run::Once`).
    pub upstream: Upstream,
}

/// Load, Markdown and model; fails on any content error.
pub(super) fn model_site(config: Config, run: Run<'_>) -> Result<Modelled, BuildError> {
    let mut watch = Stopwatch::start();
    let mut timings = Vec::new();
    let earlier = match run {
        Run::Once => None,
        Run::Preview(earlier) => Some(earlier),
    };
    // A preview asks for each file's stamp, so that the next run can skip it.
    let no_files = FileCache::default();
    let file_cache = earlier.map(|earlier| earlier.map_or(&no_files, |e| &e.files));
    let loaded = load::load(&config, file_cache);
    timings.push(watch.lap("load"));
    let earlier_bodies = earlier.flatten().map(|e| &e.bodies);
    // A rebuild warns only about the files it read afresh (on the first, all of them).
    let fresh: Option<HashSet<PathBuf>> = earlier_bodies.map(|bodies| {
        (loaded.documents.iter())
            .filter(|doc| !bodies.parsed_from(doc))
            .map(|doc| doc.file.clone())
            .collect()
    });
    let glossary = loaded.glossary.map(Arc::new);
    let terms = glossary.as_deref().filter(|_| config.site.glossary.autolink);
    let documents = markdown_stage(loaded.documents, earlier_bodies, terms, &config, run);
    let bodies = earlier.map_or_else(Bodies::default, |_| Bodies::of(&documents, terms));
    timings.push(watch.lap("markdown"));
    let input = model::Input {
        documents,
        assets: loaded.assets,
        shared_sources: loaded.shared_sources,
        glossary,
        git_dates: loaded.git_dates,
        failed: loaded.failed,
    };
    let related = match earlier {
        None => RelatedReuse::None,
        Some(earlier) => RelatedReuse::Keep(earlier.map(|e| &e.related)),
    };
    let built = model::build(input, &config, related);
    let site = built.site;
    let mut warnings = loaded.diagnostics;
    warnings.extend(built.diagnostics);
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
    let upstream = Upstream {
        files: loaded.cache,
        bodies,
        related: built.related,
    };
    Ok(Modelled {
        config,
        site,
        warnings,
        timings,
        upstream,
    })
}

/// Every document's Markdown stage, in parallel: the earlier one where a body is
/// unchanged, else parsed now.
fn markdown_stage(
    documents: Vec<Arc<load::Document>>,
    earlier: Option<&Bodies>,
    terms: Option<&crate::glossary::Glossary>,
    config: &Config,
    run: Run<'_>,
) -> Vec<Parsed> {
    // Without a next build to keep them for, each body's text goes as soon as it is
    // parsed (only a diagnostic needs it now, and it can read it again), so the texts
    // and their HTML are never all held at once.
    let forget = matches!(run, Run::Once).then_some(config.root.as_path());
    let dialect = crate::markdown::Dialect::from(&config.site.content);
    (documents.into_par_iter())
        .map(|doc| {
            let Parsed { mut doc, body } = incremental::markdown_stage(earlier, doc, dialect, terms);
            if let (Some(root), Some(doc)) = (forget, Arc::get_mut(&mut doc)) {
                // Where the page's own warnings point, found while the text is at hand.
                doc.forget_body(root, rules::page_warning_offsets(&body, config));
            }
            Parsed { doc, body }
        })
        .collect()
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
