//! The one step from a model to checked output that `build`, `check` and `serve` share.
//! `Plan::new` plans every output file and rejects what is wrong before anything is
//! rendered: pages naming a template that does not exist, two producers of one file,
//! links from the site root to nothing. `Plan::render` renders the templated pages (all
//! of them, those whose input changed, or one), checks each page's links as it is made
//! and hands it to the caller's sink; the template errors and broken links of the whole
//! run come back together, sorted like every other report.

use std::borrow::Cow;

use rayon::prelude::*;

use crate::check::{self as rules, LinkTargets};
use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::incremental::Reuse;
use crate::model::PageId;
use crate::paths::UrlPath;
use crate::render::{Fingerprints, FixedFile, Renderer};
use crate::write::WriteError;
use crate::write::{Content, Output};

use super::BuildError;

/// The pages the previous build served, by URL: what a preview may keep.
pub(crate) type KeptPages<'k> = dyn Fn(&UrlPath) -> Option<std::sync::Arc<Content>> + Sync + 'k;

/// Which templated pages a run renders: one strategy per caller.
#[derive(Clone, Copy)]
pub(super) enum Pages<'a> {
    /// Every page, remembering nothing (`build`, `check`).
    All,
    /// Pages whose template input changed since `earlier` (every page when there is no
    /// earlier build) or that `kept` no longer holds; the fingerprints of all of them are
    /// taken for the next run. Kept pages are checked again when the set of output
    /// files changed, as a file they link to may be gone.
    Changed {
        earlier: Option<&'a Reuse>,
        kept: &'a KeptPages<'a>,
    },
    /// One page after an edit to its text alone: every other file stays as `earlier`
    /// made it, and so does the set of output files.
    One { id: PageId, earlier: &'a Reuse },
}

/// Which files of the previous build a run leaves as they were.
#[derive(Debug)]
pub(crate) enum Kept {
    /// These templated pages; every other file was made again.
    Pages(Vec<UrlPath>),
    /// Every file but those this run made.
    AllOthers,
}

/// What a run rendered, every link in it checked.
pub(super) struct Checked<'r, T> {
    /// What the sink returned for each templated page rendered, in the site's order...
    pub pages: Vec<T>,
    /// ...and for each file made without templates.
    pub fixed: Vec<T>,
    pub kept: Kept,
    /// Every file of the site, which the links were checked against (for `Pages::One`,
    /// the earlier build's).
    pub targets: Cow<'r, LinkTargets>,
    /// The fingerprints taken: of every templated output (`Pages::Changed`), of the one
    /// page (`Pages::One`), of none (`Pages::All`).
    pub prints: Fingerprints,
}

/// A run's output files, known and checked before any page is rendered.
pub(super) struct Plan<'r> {
    renderer: &'r Renderer<'r>,
    config: &'r Config,
    pages: Pages<'r>,
    /// The files made without templates, unless every one is kept.
    fixed: Vec<FixedFile>,
    targets: Cow<'r, LinkTargets>,
}

impl<'r> Plan<'r> {
    /// Plans the run; fails on pages naming a missing template, on two producers of one
    /// output file and on links from the site root to nothing.
    pub(super) fn new(
        renderer: &'r Renderer<'r>,
        pages: Pages<'r>,
        config: &'r Config,
    ) -> Result<Self, BuildError> {
        if let Pages::One { earlier, .. } = pages {
            return Ok(Plan {
                renderer,
                config,
                pages,
                fixed: Vec::new(),
                targets: Cow::Borrowed(&earlier.link_targets),
            });
        }
        let missing = renderer.missing_templates();
        if !missing.is_empty() {
            return Err(sorted(missing));
        }
        let fixed = renderer.fixed_files();
        let planned = planned_files(renderer, &fixed);
        let paths = (planned.iter().map(UrlPath::output_file)).chain(rules::search_files(config));
        let collisions = rules::duplicate_outputs(paths, config);
        if !collisions.is_empty() {
            return Err(sorted(collisions));
        }
        let targets = LinkTargets::new(planned.iter(), config);
        let broken = rules::root_links(renderer.site(), &targets, config.urls.base_path());
        if !broken.is_empty() {
            return Err(sorted(broken));
        }
        Ok(Plan {
            renderer,
            config,
            pages,
            fixed,
            targets: Cow::Owned(targets),
        })
    }

    /// Every file this run writes from the templates and the fixed plan, by URL.
    pub(super) fn files(&self) -> usize {
        self.targets.files().len()
    }

    /// Renders the run's pages and makes its fixed files in parallel, checking each
    /// page's links and handing every output to `sink` as it is done (so a build never
    /// holds the whole site in memory). Fails with every template error and broken link
    /// found, or with the first write error.
    pub(super) fn render<T: Send>(
        self,
        sink: impl Fn(Output) -> Result<T, WriteError> + Sync,
    ) -> Result<Checked<'r, T>, BuildError> {
        let Plan {
            renderer,
            config,
            pages,
            fixed,
            targets,
        } = self;
        let checked = |output: Output| {
            let broken = rules::broken_links(&output.url, &output.content, &targets, config);
            sink(output).map(|made| (made, broken))
        };
        // The files made without templates are made and handed on while the pages
        // render; each is let go of once the sink has it (the graph and feeds are large).
        let (fixed, (rendered, kept, prints)) = rayon::join(
            || {
                (fixed.into_par_iter())
                    .map(|file| sink(renderer.make_fixed(file)))
                    .collect::<Result<Vec<T>, WriteError>>()
            },
            || render_pages(renderer, pages, &checked),
        );
        let fixed = fixed?;
        let mut problems = recheck_kept(pages, &kept, &targets, config);
        let mut made = Vec::with_capacity(rendered.len());
        for result in rendered {
            match result {
                Ok(Ok((output, broken))) => {
                    made.push(output);
                    problems.extend(broken);
                }
                Ok(Err(write_error)) => return Err(write_error.into()),
                Err(template_error) => problems.push(*template_error),
            }
        }
        if !problems.is_empty() {
            return Err(sorted(problems));
        }
        Ok(Checked {
            pages: made,
            fixed,
            kept,
            targets,
            prints,
        })
    }
}

/// One page's output handed on, with its broken links; or its template error.
type PageResult<T> = Result<Result<(T, Vec<Diagnostic>), WriteError>, Box<Diagnostic>>;

/// Renders the pages `pages` asks for through `each`; says which were kept, and gives
/// the fingerprints of all of them (none for `Pages::All`).
fn render_pages<T: Send>(
    renderer: &Renderer<'_>,
    pages: Pages<'_>,
    each: &(impl Fn(Output) -> Result<(T, Vec<Diagnostic>), WriteError> + Sync),
) -> (Vec<PageResult<T>>, Kept, Fingerprints) {
    match pages {
        Pages::All => (
            renderer.render_pages(each),
            Kept::Pages(Vec::new()),
            Fingerprints::default(),
        ),
        Pages::Changed { earlier, kept } => {
            let no_prints = Fingerprints::default();
            let earlier = earlier.map_or(&no_prints, |e| &e.rendered);
            let (outputs, prints) = renderer.render_changed(earlier, &|url| kept(url).is_some());
            let fresh: std::collections::HashSet<&UrlPath> = (outputs.iter())
                .filter_map(|output| output.as_ref().ok())
                .map(|output| &output.url)
                .collect();
            let unchanged: Vec<UrlPath> = (renderer.page_files())
                .filter(|url| !fresh.contains(url))
                .collect();
            let results = (outputs.into_par_iter()).map(|output| output.map(each)).collect();
            (results, Kept::Pages(unchanged), prints)
        }
        Pages::One { id, earlier } => {
            let (url, print, output) = renderer.rerender_page(id, &earlier.rendered);
            let results = output.into_iter().map(|output| output.map(each)).collect();
            (results, Kept::AllOthers, earlier.rendered.one(url, print))
        }
    }
}

/// The broken links of pages a preview kept from the last build: none while the set of
/// output files is the one they were checked against.
fn recheck_kept(pages: Pages<'_>, kept: &Kept, targets: &LinkTargets, config: &Config) -> Vec<Diagnostic> {
    let (Pages::Changed { earlier, kept: files }, Kept::Pages(unchanged)) = (pages, kept) else {
        return Vec::new();
    };
    if earlier.is_some_and(|earlier| earlier.link_targets == *targets) {
        return Vec::new();
    }
    (unchanged.par_iter())
        .filter_map(|url| Some((url, files(url)?)))
        .flat_map_iter(|(url, content)| rules::broken_links(url, &content, targets, config))
        .collect()
}

/// Every file a build writes from the templates and the fixed plan, by URL.
pub(super) fn planned_files(renderer: &Renderer<'_>, fixed: &[FixedFile]) -> Vec<UrlPath> {
    (renderer.page_files())
        .chain(fixed.iter().map(|file| file.url.clone()))
        .collect()
}

fn sorted(mut problems: Vec<Diagnostic>) -> BuildError {
    diag::sort(&mut problems);
    BuildError::Content(problems)
}
