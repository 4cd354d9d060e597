//! Walking `content/`: sorted, hidden files skipped, symlinks followed only while they
//! stay inside the folder, loops reported instead of followed. Walking the template and
//! static folders (`site_files`): symlinks followed only while they stay inside the site.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Location};

#[derive(Debug, Default)]
pub(super) struct Walked {
    /// Markdown files, relative to `content/`, in sorted order.
    pub markdown: Vec<PathBuf>,
    /// Every other file, relative to `content/`.
    pub other: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

pub(super) fn walk(content_dir: &Path, root: &Path) -> Walked {
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

/// The files under one template or static folder, sorted: each as its path relative to
/// `dir` and its path to read.
#[derive(Debug, Default)]
pub struct SiteFiles {
    pub files: Vec<(PathBuf, PathBuf)>,
    /// Symbolic links that lead out of the site (or nowhere), not followed.
    pub escaping: Vec<PathBuf>,
}

/// Every file under `dir`, following symbolic links only while their target stays inside
/// `site_root`: a theme's `page.html` linked to `/etc/passwd` is not published.
pub fn site_files(dir: &Path, site_root: &Path) -> SiteFiles {
    let mut found = SiteFiles::default();
    let Ok(fence) = site_root.canonicalize() else {
        return found;
    };
    let entries = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let escaping = entry.path_is_symlink() && escapes(entry.path(), &fence);
            if escaping {
                found.escaping.push(entry.path().to_path_buf());
            }
            !escaping
        });
    let mut files = Vec::new();
    let mut dangling = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if let Ok(rel) = entry.path().strip_prefix(dir) {
                    files.push((rel.to_path_buf(), entry.into_path()));
                }
            }
            Ok(_) => {}
            // A link to nothing (or a loop) cannot be followed either.
            Err(err) => dangling.extend(err.path().filter(|p| p.is_symlink()).map(Path::to_path_buf)),
        }
    }
    found.files = files;
    found.escaping.extend(dangling);
    found.escaping.sort();
    found
}

/// Warnings for the symbolic links in `dirs` that lead out of the site.
pub fn escaping_links(dirs: &[PathBuf], site_root: &Path) -> Vec<Diagnostic> {
    let shown = |path: &Path| path.strip_prefix(site_root).unwrap_or(path).to_path_buf();
    (dirs.iter())
        .flat_map(|dir| site_files(dir, site_root).escaping)
        .map(|path| {
            Diagnostic::warning(
                "symlink-outside",
                Location::file(shown(&path)),
                "symbolic link points outside the site: not followed, not published",
            )
            .with_help("copy the file into the site if it belongs in it")
        })
        .collect()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn escapes(path: &Path, canonical_content: &Path) -> bool {
    path.canonicalize()
        .map_or(true, |target| !target.starts_with(canonical_content))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_inside_the_site_are_followed_and_links_out_of_it_are_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("static")).expect("mkdir");
        std::fs::create_dir_all(site.join("shared")).expect("mkdir");
        std::fs::write(site.join("shared/logo.svg"), "<svg/>").expect("write");
        std::fs::write(dir.path().join("secret.txt"), "secret").expect("write");
        std::os::unix::fs::symlink(site.join("shared/logo.svg"), site.join("static/logo.svg")).expect("link");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("static/leak.txt"))
            .expect("link");
        std::os::unix::fs::symlink("/nowhere", site.join("static/dangling.txt")).expect("link");
        let found = site_files(&site.join("static"), &site);
        let rels: Vec<_> = found.files.iter().map(|(rel, _)| rel.clone()).collect();
        assert_eq!(rels, [PathBuf::from("logo.svg")]);
        assert_eq!(
            found.escaping,
            [site.join("static/dangling.txt"), site.join("static/leak.txt")]
        );
        let warnings = escaping_links(&[site.join("static")], &site);
        assert_eq!(warnings[1].location.file, PathBuf::from("static/leak.txt"));
    }
}
