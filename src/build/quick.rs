//! The preview's fast path for the commonest edit: one explainer's text changed and its
//! face (what other outputs show of it, `incremental::face`) did not. Only that file is
//! read, parsed and rendered (through the same plan, render and check as every run);
//! every other page of the last good build is shared as it is, and what that build left
//! for the next is updated in place rather than copied.

use std::sync::Arc;

use super::BuildError;
use super::pass::{Checked, Pages, Plan};
use super::preview::Rendered;
use super::timings::Stopwatch;
use crate::check as rules;
use crate::config::Config;
use crate::diag;
use crate::incremental::{LastBuild, Reuse, face};
use crate::load::Stamp;
use crate::model::{Body, Page, PageId, Parsed};
use crate::render::Fingerprints;
use crate::{load, markdown, render};

/// How a text edit went.
#[expect(
    clippy::large_enum_variant,
    reason = "made once per rebuild and matched at once"
)]
pub(super) enum TextEdit {
    /// Rendered; `Reuse` now remembers this build.
    Done(Rendered, Box<Reuse>),
    /// The page did not build; `Reuse` is as it was.
    Failed(BuildError, Box<Reuse>),
    /// The edit was something else (or the file no longer loads), which the full
    /// rebuild handles and reports; `Reuse` is as it was.
    Other(Box<Reuse>),
}

/// Rebuilds after an edit to one page's text alone.
pub(super) fn text_edit(config: &Config, mut earlier: Box<Reuse>) -> TextEdit {
    match rebuild_one(config, &earlier) {
        None => TextEdit::Other(earlier),
        Some(Err(error)) => TextEdit::Failed(error, earlier),
        Some(Ok((rendered, edit))) => {
            let OneEdit {
                stamp,
                parsed,
                prints,
                last,
            } = edit;
            earlier.take_in_one(stamp, parsed, prints, last);
            TextEdit::Done(rendered, earlier)
        }
    }
}

/// What a text edit changes in what the last build left.
struct OneEdit {
    stamp: Option<Stamp>,
    parsed: Parsed,
    prints: Fingerprints,
    last: LastBuild,
}

fn rebuild_one(config: &Config, earlier: &Reuse) -> Option<Result<(Rendered, OneEdit), BuildError>> {
    let mut watch = Stopwatch::start();
    let last = &earlier.last;
    let rel = earlier.only_changed_file()?;
    let id = PageId::at(
        (last.site.pages.iter()).position(|page| page.doc.rel_path.as_os_str() == rel.as_os_str())?,
    );
    let (stamp, doc) = load::read_one(config, rel);
    let doc = Arc::new(doc.ok()?);
    let before = &last.site.pages[id];
    // Pages that embed this one show its body: the whole site is rendered again.
    let embedded = (last.site.pages.iter()).any(|page| {
        page.graph
            .embeds
            .iter()
            .flatten()
            .any(|(target, _)| *target == id)
    });
    if embedded {
        return None;
    }
    let terms = (last.site.glossary.as_deref()).filter(|_| config.site.glossary.autolink);
    let body = Arc::new(Body::new(markdown::render(
        doc.body(),
        crate::markdown::Dialect::from(&config.site.content),
        terms,
    )));
    if face(&doc, &body) != face(&before.doc, &before.body) {
        return None;
    }
    let page = Page {
        doc: Arc::clone(&doc),
        body: Arc::clone(&body),
        ..Page::clone(before)
    };
    let site = Arc::new(last.site.with_page(id, page));
    let mut timings = vec![watch.lap("load+markdown")];
    let renderer = render::Renderer::reusing(&site, config, last.build_date, last.templates.clone());
    timings.push(watch.lap("templates"));
    let checked = Plan::new(&renderer, Pages::One { id, earlier }, config).and_then(|plan| plan.render(Ok));
    let Checked {
        pages,
        fixed: _,
        kept,
        targets: _,
        prints,
    } = match checked {
        Ok(checked) => checked,
        Err(problems) => return Some(Err(problems)),
    };
    timings.push(watch.lap("render"));
    let mut warnings = rules::page_site_warnings(&site, config, id);
    diag::sort(&mut warnings);
    let templates = renderer.compiled();
    drop(renderer);
    timings.push(watch.lap("warnings"));
    let edit = OneEdit {
        stamp,
        parsed: Parsed { doc, body },
        prints,
        last: LastBuild {
            site: Arc::clone(&site),
            build_date: last.build_date,
            templates,
        },
    };
    let rendered = Rendered {
        config: config.clone(),
        site,
        rerendered: pages.len(),
        outputs: pages,
        kept,
        warnings,
        timings,
    };
    Some(Ok((rendered, edit)))
}
