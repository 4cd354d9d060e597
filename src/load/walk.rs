//! Walking `content/`: sorted, hidden files skipped, symlinks followed only while they
//! stay inside the folder, loops reported instead of followed.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Location};

#[derive(Debug, Default)]
pub struct Walked {
    /// Markdown files, relative to `content/`, in sorted order.
    pub markdown: Vec<PathBuf>,
    /// Every other file, relative to `content/`.
    pub other: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn walk(content_dir: &Path, root: &Path) -> Walked {
    let mut walked = Walked::default();
    let Ok(canonical_content) = content_dir.canonicalize() else {
        walked.diagnostics.push(
            Diagnostic::error("io", Location::file("content"), "content/ folder not found")
                .with_help("create it and add Markdown files, or run `briefing init`"),
        );
        return walked;
    };
    let shown = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut outside = Vec::new();
    let entries = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() > 0 && is_hidden(entry.file_name()) {
                return false;
            }
            let escaping = entry.path_is_symlink() && escapes(entry.path(), &canonical_content);
            if escaping {
                outside.push(entry.path().to_path_buf());
            }
            !escaping
        });
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(shown).unwrap_or_else(|| "content".into());
                let message = match err.loop_ancestor() {
                    Some(_) => "symbolic link loop: not followed".to_string(),
                    None => format!("cannot read: {err}"),
                };
                walked
                    .diagnostics
                    .push(Diagnostic::warning("io", Location::file(path), message));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(content_dir) else {
            continue;
        };
        if rel.extension().is_some_and(|ext| ext == "md") {
            walked.markdown.push(rel.to_path_buf());
        } else {
            walked.other.push(rel.to_path_buf());
        }
    }
    for path in outside {
        walked.diagnostics.push(Diagnostic::warning(
            "symlink-outside",
            Location::file(shown(&path)),
            "symbolic link points outside content/: not followed",
        ));
    }
    walked
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn escapes(path: &Path, canonical_content: &Path) -> bool {
    path.canonicalize()
        .map_or(true, |target| !target.starts_with(canonical_content))
}
