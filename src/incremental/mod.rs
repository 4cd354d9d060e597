//! What `serve` carries from one rebuild to the next, so an edit costs about what it
//! changed: the files read before (read again only when their size or modification time
//! changed, or the watcher reported them), their Markdown stage, the related lists, the
//! fingerprint of every templated output of the last good build and the files it produced,
//! and that build's model, which an edit to one page's text only (`face`) leaves standing.

mod face;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::LinkTargets;
use crate::config::Config;
use crate::glossary::Glossary;
use crate::load::{Document, FileCache, PageDate};
use crate::markdown;
use crate::model::{Parsed, RelatedMemo, Site};
use crate::render::{Compiled, Fingerprints};

pub use face::face;

#[derive(Debug, Default)]
pub struct Reuse {
    pub(crate) files: FileCache,
    bodies: HashMap<PathBuf, Parsed>,
    /// The glossary the kept bodies linked terms from (`None`: no glossary, or autolink off).
    terms_print: Option<u64>,
    pub(crate) rendered: Fingerprints,
    /// The related lists of the last model, with what they were computed from.
    pub(crate) related: RelatedMemo,
    /// The files the last good build produced, which its pages' links were checked against.
    pub(crate) link_targets: Option<LinkTargets>,
    /// The last good build, and the content files reported changed since (relative to
    /// `content/`; `None` stands for a change elsewhere: theme, static files).
    pub(crate) last: Option<LastBuild>,
    changed_since: BTreeSet<Option<PathBuf>>,
}

/// What the last good build modelled, as it was.
#[derive(Debug)]
pub struct LastBuild {
    pub config: Config,
    pub site: Arc<Site>,
    pub build_date: PageDate,
    pub templates: Compiled,
}

impl Reuse {
    /// Forgets files the watcher reported changed (paths under `content_dir`).
    pub fn forget(&mut self, content_dir: &Path, changed: &[PathBuf]) {
        let content_dir = std::path::absolute(content_dir).unwrap_or_else(|_| content_dir.to_path_buf());
        for path in changed {
            let rel = path.strip_prefix(&content_dir).ok();
            if let Some(rel) = rel {
                self.files.forget(rel);
            }
            self.changed_since.insert(rel.map(Path::to_path_buf));
        }
    }

    /// The one content file reported changed since the last good build, if that is all
    /// that changed.
    pub(crate) fn only_changed_file(&self) -> Option<&Path> {
        let mut changed = self.changed_since.iter();
        match (changed.next(), changed.next()) {
            (Some(Some(rel)), None) => Some(rel),
            _ => None,
        }
    }

    /// Remembers a good build: the next one compares with it.
    pub(crate) fn succeeded(&mut self, last: LastBuild) {
        self.last = Some(last);
        self.changed_since.clear();
    }

    /// Takes in one document read and parsed again (with the stamp its file had then).
    pub(crate) fn keep_one(&mut self, stamp: Option<crate::load::Stamp>, parsed: &Parsed) {
        let rel = parsed.doc.rel_path.clone();
        if let Some(stamp) = stamp {
            self.files.insert(rel.clone(), stamp, Ok(Arc::clone(&parsed.doc)));
        }
        self.bodies.insert(rel, parsed.clone());
    }

    /// Whether the last build parsed this very document (not a re-read of its file).
    pub(crate) fn parsed_before(&self, doc: &Arc<Document>) -> bool {
        self.bodies
            .get(&doc.rel_path)
            .is_some_and(|Parsed { doc: earlier, .. }| Arc::ptr_eq(earlier, doc))
    }

    /// Keeps this build's Markdown stage for the next one, and the glossary it linked
    /// terms from (the bodies are stale once that changes).
    pub(crate) fn keep_bodies(&mut self, documents: &[Parsed], terms: Option<&Glossary>) {
        self.terms_print = terms.map(|t| t.print);
        self.bodies = documents
            .iter()
            .map(|parsed| (parsed.doc.rel_path.clone(), parsed.clone()))
            .collect();
    }
}

/// The Markdown stage of `doc`: the earlier one if `reuse` parsed this very document
/// before, else a fresh one.
pub(crate) fn markdown_stage(
    reuse: Option<&Reuse>,
    doc: Arc<Document>,
    dialect: markdown::Dialect,
    terms: Option<&Glossary>,
) -> Parsed {
    let earlier = reuse
        .filter(|reuse| reuse.parsed_before(&doc) && reuse.terms_print == terms.map(|t| t.print))
        .and_then(|reuse| reuse.bodies.get(&doc.rel_path));
    if let Some(Parsed { body, .. }) = earlier {
        return Parsed {
            doc,
            body: Arc::clone(body),
        };
    }
    let body = markdown::render(doc.body(), dialect, terms);
    Parsed {
        doc,
        body: Arc::new(body),
    }
}
