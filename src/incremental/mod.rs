//! What `serve` carries from one good build to the next, so an edit costs about what it
//! changed. Each stage hands back what it made as a value; `Reuse` gathers them, and
//! `serve` keeps a new one only when its rebuild succeeded: the files read (read again
//! only when their size or modification time changed, or the watcher reported them),
//! their Markdown stage, the related lists, the fingerprint of every templated output
//! and the files produced, and that build's model, which an edit to one page's text only
//! (`face`) leaves standing.

mod face;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::LinkTargets;
use crate::glossary::Glossary;
use crate::load::{Document, FileCache, PageDate, Stamp};
use crate::markdown;
use crate::model::{Parsed, RelatedMemo, Site};
use crate::render::{Compiled, Fingerprints};

pub(crate) use face::face;

/// What one good build leaves for the next.
#[derive(Debug)]
pub(crate) struct Reuse {
    pub(crate) upstream: Upstream,
    pub(crate) rendered: Fingerprints,
    /// The files the build produced, which its pages' links were checked against.
    pub(crate) link_targets: LinkTargets,
    pub(crate) last: LastBuild,
    /// The content files reported changed since (relative to `content/`; `None` stands
    /// for a change elsewhere: theme, static files).
    changed_since: BTreeSet<Option<PathBuf>>,
}

/// What the stages up to the model leave for the next build.
#[derive(Debug, Clone)]
pub(crate) struct Upstream {
    pub(crate) files: FileCache,
    pub(crate) bodies: Bodies,
    /// The related lists of the model, with what they were computed from.
    pub(crate) related: RelatedMemo,
}

/// What the last good build modelled, as it was.
#[derive(Debug)]
pub(crate) struct LastBuild {
    pub site: Arc<Site>,
    pub build_date: PageDate,
    pub templates: Compiled,
}

impl Reuse {
    /// What a good build made, with nothing reported changed since.
    pub(crate) fn new(
        upstream: Upstream,
        rendered: Fingerprints,
        link_targets: LinkTargets,
        last: LastBuild,
    ) -> Reuse {
        Reuse {
            upstream,
            rendered,
            link_targets,
            last,
            changed_since: BTreeSet::new(),
        }
    }

    /// Forgets files the watcher reported changed (paths under `content_dir`).
    pub(crate) fn forget(&mut self, content_dir: &Path, changed: &[PathBuf]) {
        let content_dir = std::path::absolute(content_dir).unwrap_or_else(|_| content_dir.to_path_buf());
        for path in changed {
            let rel = path.strip_prefix(&content_dir).ok();
            if let Some(rel) = rel {
                self.upstream.files.forget(rel);
            }
            self.changed_since.insert(rel.map(Path::to_path_buf));
        }
    }

    /// Becomes the build that read, parsed and rendered one page again (`parsed`, with
    /// the stamp its file had then, and the fingerprints taken) and modelled `last`.
    pub(crate) fn take_in_one(
        &mut self,
        stamp: Option<Stamp>,
        parsed: Parsed,
        prints: Fingerprints,
        last: LastBuild,
    ) {
        let rel = parsed.doc.rel_path.clone();
        if let Some(stamp) = stamp {
            (self.upstream.files).insert(rel.clone(), stamp, Ok(Arc::clone(&parsed.doc)));
        }
        self.upstream.bodies.by_file.insert(rel, parsed);
        self.rendered.update(prints);
        self.last = last;
        self.changed_since.clear();
    }

    /// The one content file reported changed since this build, if that is all that
    /// changed.
    pub(crate) fn only_changed_file(&self) -> Option<&Path> {
        let mut changed = self.changed_since.iter();
        match (changed.next(), changed.next()) {
            (Some(Some(rel)), None) => Some(rel),
            _ => None,
        }
    }
}

/// Every document's Markdown stage, and the glossary it linked terms from (the bodies
/// are stale once that changes).
#[derive(Debug, Default, Clone)]
pub(crate) struct Bodies {
    by_file: HashMap<PathBuf, Parsed>,
    /// `None`: no glossary, or autolink off.
    terms_print: Option<u64>,
}

impl Bodies {
    /// This build's Markdown stage, for the next one.
    pub(crate) fn of(documents: &[Parsed], terms: Option<&Glossary>) -> Bodies {
        Bodies {
            by_file: (documents.iter())
                .map(|parsed| (parsed.doc.rel_path.clone(), parsed.clone()))
                .collect(),
            terms_print: terms.map(|t| t.print),
        }
    }

    /// Whether these were parsed from this very document (not a re-read of its file).
    pub(crate) fn parsed_from(&self, doc: &Arc<Document>) -> bool {
        self.by_file
            .get(&doc.rel_path)
            .is_some_and(|Parsed { doc: earlier, .. }| Arc::ptr_eq(earlier, doc))
    }

    /// The earlier Markdown stage of `doc`, if it is still good with `terms`.
    fn of_document(&self, doc: &Arc<Document>, terms: Option<&Glossary>) -> Option<&Parsed> {
        let same_terms = self.terms_print == terms.map(|t| t.print);
        (same_terms && self.parsed_from(doc))
            .then(|| self.by_file.get(&doc.rel_path))
            .flatten()
    }
}

/// The Markdown stage of `doc`: the earlier one if `earlier` was parsed from this very
/// document, else a fresh one.
pub(crate) fn markdown_stage(
    earlier: Option<&Bodies>,
    doc: Arc<Document>,
    dialect: markdown::Dialect,
    terms: Option<&Glossary>,
) -> Parsed {
    if let Some(Parsed { body, .. }) = earlier.and_then(|bodies| bodies.of_document(&doc, terms)) {
        return Parsed {
            doc,
            body: Arc::clone(body),
        };
    }
    let body = markdown::render(doc.body(), dialect, terms);
    Parsed {
        doc,
        body: Arc::new(crate::model::Body::new(body)),
    }
}
