//! The preview's fast path for the commonest edit: one explainer's text changed and its
//! face (what other outputs show of it, `incremental::face`) did not. Only that file is
//! read, parsed and rendered; every other page of the last good build is shared as it is.

use std::sync::Arc;

use super::timings::Stopwatch;
use super::{BuildError, Kept, Rendered};
use crate::check as rules;
use crate::diag;
use crate::incremental::{LastBuild, Reuse, face};
use crate::model::Page;
use crate::{load, markdown, render};

/// Rebuilds after an edit to one page's text alone; `None` when the edit was anything
/// else (or the file no longer loads), which the full rebuild then handles and reports.
pub(super) fn text_edit(reuse: &mut Reuse) -> Option<Result<Rendered, BuildError>> {
    let mut watch = Stopwatch::start();
    let last = reuse.last.as_ref()?;
    let rel = reuse.only_changed_file()?;
    let id = (last.site.pages.iter()).position(|page| page.doc.rel_path.as_os_str() == rel.as_os_str())?;
    let (stamp, doc) = load::read_one(&last.config, rel);
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
    let terms = (last.site.glossary.as_deref()).filter(|_| last.config.site.glossary.autolink);
    let body = Arc::new(markdown::render(
        doc.body(),
        last.config.site.content.dialect(),
        terms,
    ));
    if face(&doc, &body) != face(&before.doc, &before.body) {
        return None;
    }
    let page = Page {
        doc: Arc::clone(&doc),
        body: Arc::clone(&body),
        ..Page::clone(before)
    };
    let site = Arc::new(last.site.with_page(id, page));
    let config = last.config.clone();
    let build_date = last.build_date;
    let mut timings = vec![watch.lap("load+markdown")];
    let renderer = render::Renderer::reusing(&site, &config, build_date, last.templates.clone());
    timings.push(watch.lap("templates"));
    let (url, print, output) = renderer.rerender_page(id, &reuse.rendered)?;
    let outputs = match output.transpose() {
        Ok(output) => Vec::from_iter(output),
        Err(template_error) => return Some(Err(BuildError::Content(vec![*template_error]))),
    };
    let targets = reuse.link_targets.as_ref()?;
    let broken: Vec<_> = (outputs.iter())
        .flat_map(|output| rules::broken_links(&output.url, &output.content, targets, &config))
        .collect();
    if !broken.is_empty() {
        return Some(Err(BuildError::Content(broken)));
    }
    timings.push(watch.lap("render"));
    let mut warnings = rules::page_site_warnings(&site, &config, id);
    diag::sort(&mut warnings);
    let templates = renderer.compiled();
    drop(renderer);
    timings.push(watch.lap("warnings"));
    reuse.keep_one(stamp, &crate::model::Parsed { doc, body });
    reuse.rendered.record(url, print);
    reuse.succeeded(LastBuild {
        config: config.clone(),
        site: Arc::clone(&site),
        build_date,
        templates,
    });
    Some(Ok(Rendered {
        config,
        site,
        rerendered: outputs.len(),
        outputs,
        kept: Kept::AllOthers,
        warnings,
        timings,
    }))
}
