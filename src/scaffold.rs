//! `briefing init` (a minimal site that builds) and `briefing new` (an explainer with its
//! front matter filled in). The default theme is compiled in so `init` works anywhere.

use std::io;
use std::path::{Path, PathBuf};

const SITE_TOML: &str = "title = \"My knowledge base\"\nbase_url = \"https://example.org/\"\ndescription = \"Explainers on contested questions.\"\n";

const HOME: &str = "---\ntitle: My knowledge base\nsummary: Explainers on contested questions.\n---\n\nWelcome. Each explainer lives in `content/` as a Markdown file.\n";

const FIRST: &str = "---\ntitle: A first explainer\nsummary: What this explainer covers, in one sentence.\ndate: 2026-01-01\ntags: [example]\n---\n\nStart with the question the reader has.\n\n## Background\n\nLink to other explainers with `[text](@/path.md)` or `[[Title]]`.\n";

/// Why `briefing init` or `briefing new` could not write its files.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// A file it would write is already there; it is left alone.
    #[error("{0} already exists; refusing to overwrite it")]
    Exists(PathBuf),
    /// A folder or file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder being written.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// The path given to `new` is not a `.md` file under `content/` (or climbs with `..`).
    #[error("`{0}` is not a Markdown path under content/ (expected content/SECTION/NAME.md)")]
    NotContent(String),
}

fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if path.exists() {
        return Err(ScaffoldError::Exists(path.to_path_buf()));
    }
    let io_err = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_err)?;
    }
    std::fs::write(path, text).map_err(io_err)
}

/// Creates a minimal site in `dir`: site.toml, a home page, one explainer, the theme.
pub fn init(dir: &Path) -> Result<(), ScaffoldError> {
    if dir.join("site.toml").exists() {
        return Err(ScaffoldError::Exists(dir.join("site.toml")));
    }
    write_new(&dir.join("site.toml"), SITE_TOML)?;
    write_new(&dir.join("content/_index.md"), HOME)?;
    write_new(&dir.join("content/first-explainer.md"), FIRST)?;
    for (path, text) in crate::theme::DEFAULT {
        write_new(&dir.join("themes/default").join(path), text)?;
    }
    Ok(())
}

/// Writes a new explainer at `path` (relative to `root`) with `title` and today's date.
pub fn new_explainer(root: &Path, path: &str, title: &str, today: &str) -> Result<PathBuf, ScaffoldError> {
    let rel = Path::new(path);
    let inside_content = rel.starts_with("content") && rel.extension().is_some_and(|e| e == "md");
    let climbs = rel
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir));
    if !inside_content || climbs {
        return Err(ScaffoldError::NotContent(path.to_string()));
    }
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| format!("{title:?}"));
    let text = format!(
        "---\ntitle: {quoted}\nsummary: \"\"\ndate: {today}\nreviewed:  # the day every fact was checked against its sources\ntags: []\nsources: []\n---\n\nOne paragraph that answers the reader's question.\n"
    );
    let full = root.join(rel);
    write_new(&full, &text)?;
    Ok(full)
}
