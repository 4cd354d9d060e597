//! One rebuild of the preview, for a burst of changed files (sorted, reported, and
//! broadcast to the open tabs): render what changed since the last good site, carry
//! over what did not, publish the new snapshot, and tell the next rebuild what it
//! cannot reuse.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::{ChangeKind, Server, Snapshot, classify, reload, say};
use crate::BuildError;
use crate::build::{Failed, Kept, preview};
use crate::config::{Config, ConfigError};
use crate::diag;
use crate::paths::UrlPath;
use crate::search;
use crate::write::Content;

impl Server {
    /// Builds into memory, re-rendering only what changed since the last good build;
    /// on failure keeps the last good files and records the error. Prints the warnings
    /// about the files it read afresh (all of them the first time). The search index is
    /// rebuilt afterwards on a thread of its own, so a reload never waits for it; until
    /// it is done the previous index keeps being served.
    pub(super) fn rebuild(self: &Arc<Self>, config: Result<Config, ConfigError>) -> Rebuilt {
        let mut reuse = self
            .reuse
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let previous = self.current();
        let kept = |url: &UrlPath| previous.files.get(&url.output_file()).cloned();
        let earlier = reuse.take();
        let result = match config {
            Ok(config) => preview(config, earlier, &kept),
            Err(error) => Err(Failed {
                error: error.into(),
                earlier,
            }),
        };
        let (next, rebuilt, search) = match result {
            Ok((rendered, next_reuse)) => {
                // Kept only now that the rebuild succeeded.
                *reuse = Some(next_reuse);
                for warning in crate::diag::condensed(&rendered.warnings) {
                    let _ = writeln!(std::io::stderr(), "{}\n", warning.render_human(false));
                }
                let settings = &rendered.config.site.search;
                let search = settings.enabled.then(|| {
                    let language = rendered.config.site.language.clone();
                    ((language, settings.pages_per_index), Arc::clone(&rendered.site))
                });
                let rebuilt = Rebuilt {
                    pages: rendered.site.pages.len(),
                    rendered: rendered.rerendered,
                    timings: rendered.timings,
                };
                let files = next_files(&previous.files, rendered.outputs, &rendered.kept);
                let snapshot = Snapshot {
                    files,
                    error: None,
                    generation: previous.generation + 1,
                };
                (snapshot, rebuilt, search)
            }
            Err(Failed { error, earlier }) => {
                *reuse = earlier;
                let text = error_text(&error);
                let _ = writeln!(std::io::stderr(), "{text}");
                let snapshot = Snapshot {
                    files: previous.files.clone(),
                    error: Some(text),
                    generation: previous.generation,
                };
                (snapshot, Rebuilt::default(), None)
            }
        };
        let generation = next.generation;
        *self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(next);
        drop(reuse);
        if let Some((search, site)) = search {
            self.index_in_background(generation, search, site);
        }
        rebuilt
    }
}

/// What a rebuild did.
#[derive(Debug, Default)]
pub(super) struct Rebuilt {
    /// Pages in the site.
    pub pages: usize,
    /// Templated pages rendered this time.
    pub rendered: usize,
    pub timings: crate::build::Timings,
}

/// The files of the next snapshot: what was rendered now, the kept files and the
/// search bundle carried over from the last one; files no longer produced are gone.
fn next_files(
    previous: &HashMap<String, Arc<Content>>,
    outputs: Vec<crate::write::Output>,
    kept: &Kept,
) -> HashMap<String, Arc<Content>> {
    let rendered = outputs
        .into_iter()
        .map(|o| (o.url.output_file(), Arc::new(o.content)));
    let unchanged = match kept {
        Kept::AllOthers => {
            let mut files = previous.clone();
            files.extend(rendered);
            return files;
        }
        Kept::Pages(unchanged) => unchanged,
    };
    let mut files: HashMap<String, Arc<Content>> = rendered.collect();
    let kept = unchanged.iter().map(|url| url.output_file());
    let bundle = previous
        .keys()
        .filter(|name| name.starts_with(search::BUNDLE))
        .cloned();
    for name in kept.chain(bundle) {
        if let Some(content) = previous.get(&name) {
            files.entry(name).or_insert_with(|| Arc::clone(content));
        }
    }
    files
}

fn error_text(err: &BuildError) -> String {
    match err {
        BuildError::Content(diagnostics) => {
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
            (crate::diag::condensed(&errors).iter())
                .map(|d| d.render_human(false))
                .collect::<Vec<_>>()
                .join("\n\n")
        }
        other => other.to_string(),
    }
}

impl Server {
    /// Tells the next rebuild what it cannot reuse: files reported changed are read
    /// again; after a change to `site.toml` nothing is reused. (A template change needs
    /// nothing here: the templates are part of every page's fingerprint.)
    pub(super) fn forget_changed(&self, changed: &[(&PathBuf, ChangeKind)], content_dir: &Path) {
        let mut reuse = self
            .reuse
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if changed.iter().any(|(_, kind)| *kind == ChangeKind::Config) {
            *reuse = None;
            return;
        }
        let paths: Vec<PathBuf> = changed.iter().map(|(path, _)| (*path).clone()).collect();
        if let Some(reuse) = reuse.as_mut() {
            reuse.forget(content_dir, &paths);
        }
    }
}

impl Server {
    /// Sorts a burst of changed files, rebuilds if any is the site's, says how it went
    /// and tells every open tab: a new stylesheet, a new site, or the error.
    pub(super) fn on_changes(self: &Arc<Self>, root: &Path, paths: &[PathBuf]) {
        let snapshot = self.current();
        // Loaded once: to sort the changes, then for the rebuild (which reports it if it
        // does not load; the changes are sorted by the default folders meanwhile).
        let config = self.load_config();
        let (output_dir, theme, content_dir) = match &config {
            Ok(c) => (c.output_dir.clone(), c.site.theme.clone(), c.content_dir.clone()),
            Err(_) => (root.join("public"), "default".into(), root.join("content")),
        };
        let relevant: Vec<(&PathBuf, ChangeKind)> = paths
            .iter()
            .map(|p| (p, classify(p, root, &output_dir, &theme)))
            .filter(|(_, kind)| *kind != ChangeKind::Ignored)
            .collect();
        if relevant.is_empty() {
            return;
        }
        let started = Instant::now();
        self.forget_changed(&relevant, &content_dir);
        let rebuilt = self.rebuild(config);
        let what = match relevant.as_slice() {
            [(path, _)] => diag::display_path(path.strip_prefix(root).unwrap_or(path)),
            many => format!("{} files", many.len()),
        };
        let now = self.current();
        if let Some(error) = &now.error {
            say(&format!(
                "{what} changed → build failed in {} ms",
                started.elapsed().as_millis()
            ));
            self.hub.broadcast(&reload::Event::Error(error.clone()));
            return;
        }
        say(&format!(
            "{what} changed → {} of {} pages in {} ms",
            rebuilt.rendered,
            rebuilt.pages,
            started.elapsed().as_millis()
        ));
        if self.timings {
            for lap in &rebuilt.timings {
                say(&lap.to_string());
            }
        }
        let only_styles = relevant.iter().all(|(_, kind)| *kind == ChangeKind::Stylesheet);
        if only_styles && snapshot.error.is_none() {
            self.hub.broadcast(&reload::Event::Stylesheet);
        } else {
            self.hub.broadcast(&reload::Event::Ok);
            self.hub.broadcast(&reload::Event::Reload);
        }
    }
}
