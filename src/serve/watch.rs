//! What a file-system change means for the preview. `classify` is pure and table-tested;
//! `collect_burst` turns a burst of events (an editor's save, a checkout) into one batch;
//! `watch_sources` feeds the watcher's events to it and each batch to a rebuild.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use notify::Watcher;

use super::{ServeError, Server};

/// What a changed path means for the preview: what must be rebuilt or reloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Not ours to react to: output folder, hidden or temporary files, unrelated folders.
    Ignored,
    /// A stylesheet: browsers can swap it without reloading.
    Stylesheet,
    /// Another static file (theme or site `static/`).
    Static,
    /// Markdown or `_sources.yaml` under `content/`, or a content asset.
    Content,
    /// A template: every page may change.
    Template,
    /// `site.toml`: everything may change.
    Config,
}

/// Decides what a changed path means, given the site root and the output folder.
pub fn classify(path: &Path, root: &Path, output_dir: &Path, theme: &str) -> ChangeKind {
    if path.starts_with(output_dir) {
        return ChangeKind::Ignored;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return ChangeKind::Ignored;
    };
    if rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        || is_editor_temp(rel)
    {
        return ChangeKind::Ignored;
    }
    let theme_dir = Path::new("themes").join(theme);
    if rel == Path::new("site.toml") {
        ChangeKind::Config
    } else if rel.starts_with("content") {
        ChangeKind::Content
    } else if rel.starts_with("templates") || rel.starts_with(theme_dir.join("templates")) {
        ChangeKind::Template
    } else if rel.starts_with("static") || rel.starts_with(theme_dir.join("static")) {
        if rel.extension().is_some_and(|e| e == "css") {
            ChangeKind::Stylesheet
        } else {
            ChangeKind::Static
        }
    } else {
        ChangeKind::Ignored
    }
}

/// Swap and backup files of vim, emacs, kate and JetBrains editors.
fn is_editor_temp(rel: &Path) -> bool {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".kate-swp")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with("__jb_")
        || name.starts_with("___jb_")
        || name == "4913"
}

/// Waits for the first event, then gathers more until `quiet` passes with none (or
/// `limit` since the first). Returns `None` when the watcher is gone.
pub(super) fn collect_burst(
    events: &Receiver<PathBuf>,
    quiet: Duration,
    limit: Duration,
) -> Option<Vec<PathBuf>> {
    let first = events.recv().ok()?;
    let started = Instant::now();
    let mut paths = vec![first];
    while started.elapsed() < limit {
        match events.recv_timeout(quiet) {
            Ok(path) => paths.push(path),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

/// Watches the site root; a thread turns bursts of changes into rebuilds.
pub(super) fn watch_sources(server: &Arc<Server>) -> Result<notify::RecommendedWatcher, ServeError> {
    let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
    let root = std::path::absolute(&server.build.root).unwrap_or_else(|_| server.build.root.clone());
    let config_file = root.join("site.toml");
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // A watcher error or an overflow means changes may have been missed: treated
        // like a change to site.toml, which rebuilds everything from scratch.
        let event = match event {
            Ok(event) if !event.need_rescan() => event,
            _ => {
                let _ = tx.send(config_file.clone());
                return;
            }
        };
        // A read is no change; a change of permissions, owner or time is one: a file made
        // readable again (`chmod 644`, `touch`) must be read again.
        use notify::event::{MetadataKind, ModifyKind};
        let touches_content = !matches!(
            event.kind,
            notify::EventKind::Access(_)
                | notify::EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
        );
        if touches_content {
            for path in event.paths {
                let _ = tx.send(path);
            }
        }
    })
    .map_err(|source| ServeError::Watch {
        path: server.build.root.clone(),
        source,
    })?;
    watcher
        .watch(&root, notify::RecursiveMode::Recursive)
        .map_err(|source| ServeError::Watch {
            path: root.clone(),
            source,
        })?;
    let server = Arc::clone(server);
    // An editor's save (write, rename, delete) or a checkout's files come microseconds
    // to a few milliseconds apart; a burst that outlasts 10 ms of quiet costs at worst one
    // more rebuild, and events arriving meanwhile join the next one.
    std::thread::spawn(move || {
        while let Some(paths) = collect_burst(&rx, Duration::from_millis(10), Duration::from_millis(500)) {
            server.on_changes(&root, &paths);
        }
    });
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_changes() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        let table = [
            ("/site/content/us-law/x.md", ChangeKind::Content),
            ("/site/content/_sources.yaml", ChangeKind::Content),
            ("/site/content/bundle/map.png", ChangeKind::Content),
            ("/site/site.toml", ChangeKind::Config),
            ("/site/templates/page.html", ChangeKind::Template),
            ("/site/themes/default/templates/base.html", ChangeKind::Template),
            ("/site/themes/other/templates/base.html", ChangeKind::Ignored),
            ("/site/themes/default/static/style.css", ChangeKind::Stylesheet),
            ("/site/static/logo.svg", ChangeKind::Static),
            ("/site/public/index.html", ChangeKind::Ignored),
            ("/site/content/.x.md.swp", ChangeKind::Ignored),
            ("/site/content/x.md.swp", ChangeKind::Ignored),
            ("/site/content/x.md~", ChangeKind::Ignored),
            ("/site/content/#x.md#", ChangeKind::Ignored),
            ("/site/content/x.md.kate-swp", ChangeKind::Ignored),
            ("/site/content/___jb_tmp___", ChangeKind::Ignored),
            ("/site/content/4913", ChangeKind::Ignored),
            ("/site/.git/index", ChangeKind::Ignored),
            ("/site/target/debug/x", ChangeKind::Ignored),
            ("/elsewhere/content/x.md", ChangeKind::Ignored),
        ];
        for (path, expected) in table {
            assert_eq!(
                classify(Path::new(path), root, out, "default"),
                expected,
                "{path}"
            );
        }
    }

    #[test]
    fn bursts_become_one_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        for name in ["a.md", "b.md", "a.md"] {
            tx.send(PathBuf::from(name)).expect("send");
        }
        let batch = collect_burst(&rx, Duration::from_millis(20), Duration::from_secs(1)).expect("batch");
        assert_eq!(batch, [PathBuf::from("a.md"), PathBuf::from("b.md")]);
        drop(tx);
        assert_eq!(
            collect_burst(&rx, Duration::from_millis(20), Duration::from_secs(1)),
            None
        );
    }
}
