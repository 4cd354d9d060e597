//! Loading: walk `content/`, read each file, split and parse its front matter. Produces
//! plain `Document`s and the site's asset files; every problem becomes a diagnostic.

mod cache;
mod dates;
mod document;
mod fields;
mod front;
mod frontmatter;
mod git_dates;
mod split;
mod walk;
mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use crate::config::UnknownKeys;
pub use cache::{FileCache, ReadResult, Stamp};
pub use dates::{PageDate, PartialDate};
pub use document::{Document, Locator};
pub use front::{FrontRead, read_front_matter};
pub use frontmatter::{ClaimDecl, CorrectionDecl, EventDecl, FrontMatter, SourceDecl, SourceKind};
pub use split::{Split, SplitError, split};
pub use walk::{escaping_links, site_files};

use crate::config::Config;
use crate::diag::{Diagnostic, Location, SourceText};
use crate::glossary::Glossary;

/// A non-Markdown file under `content/`, copied beside the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where the file is on disk.
    pub source: PathBuf,
    /// Its path relative to `content/`, which is also its URL path.
    pub rel_path: PathBuf,
}

/// A source from `content/_sources.yaml`, with the file it came from.
#[derive(Debug, Clone)]
pub struct SharedSources {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// Its text, for locating problems in it.
    pub text: String,
    /// The sources it declares.
    pub sources: Vec<SourceDecl>,
}

/// Everything read from `content/`: pages, assets, data files and the problems found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The Markdown files that loaded (drafts only with `--drafts`).
    pub documents: Vec<Arc<Document>>,
    /// The other files under `content/`, to copy beside the pages.
    pub assets: Vec<Asset>,
    /// `content/_sources.yaml`, if there is one.
    pub shared_sources: Option<SharedSources>,
    /// `content/_glossary.yaml`, if there is one.
    pub glossary: Option<Glossary>,
    /// With `[content] dates_from_git`, each file's last commit (relative to `content/`).
    pub git_dates: std::collections::HashMap<PathBuf, PageDate>,
    /// Every problem found while walking `content/` and reading its files.
    pub diagnostics: Vec<Diagnostic>,
    /// Markdown files that could not be loaded (relative to `content/`): links to them
    /// are not reported again as broken.
    pub failed: Vec<PathBuf>,
    /// Every Markdown file's result, for the next load (only when asked for).
    pub cache: FileCache,
}

const SHARED_SOURCES: &str = "_sources.yaml";

/// Walks `content/` and parses every Markdown file in parallel. With a cache from an
/// earlier load, files whose size and modification time are unchanged are not read
/// again, and the returned `Loaded::cache` serves the next load.
pub fn load(config: &Config, cache: Option<&FileCache>) -> Loaded {
    let rule = config.site.content.unknown_keys;
    let walked = walk::walk(&config.content_dir, &config.root);
    let mut loaded = Loaded {
        diagnostics: walked.diagnostics,
        ..Loaded::default()
    };
    let results: Vec<(Option<Stamp>, ReadResult)> = walked
        .markdown
        .par_iter()
        .map(|rel| {
            let stamp = cache.and_then(|_| Stamp::of(&config.content_dir.join(rel)));
            if let (Some(cache), Some(stamp)) = (cache, stamp)
                && let Some(earlier) = cache.get(rel, stamp)
            {
                return (Some(stamp), earlier.clone());
            }
            let result = read_document(&config.root, &config.content_dir, rel, rule).map(Arc::new);
            (stamp, result)
        })
        .collect();
    for ((stamp, result), rel) in results.into_iter().zip(&walked.markdown) {
        if let Some(stamp) = stamp {
            loaded.cache.insert(rel.clone(), stamp, result.clone());
        }
        match result {
            Ok(doc) if doc.front.draft && !config.drafts => {}
            Ok(doc) => loaded.documents.push(doc),
            Err(diagnostics) => {
                loaded.diagnostics.extend(diagnostics);
                loaded.failed.push(rel.clone());
            }
        }
    }
    if config.site.content.dates_from_git {
        match git_dates::last_commit_dates(&config.content_dir) {
            Ok(dates) => loaded.git_dates = dates,
            Err(warning) => loaded.diagnostics.push(*warning),
        }
    }
    for rel in walked.other {
        if rel == Path::new(SHARED_SOURCES) {
            match read_shared_sources(config, &rel) {
                Ok(shared) => loaded.shared_sources = Some(shared),
                Err(diagnostic) => loaded.diagnostics.push(*diagnostic),
            }
        } else if rel == Path::new(crate::glossary::FILE) {
            match read_glossary(config, &rel) {
                Ok((glossary, problems)) => {
                    loaded.glossary = Some(glossary);
                    loaded.diagnostics.extend(problems);
                }
                Err(diagnostic) => loaded.diagnostics.push(*diagnostic),
            }
        } else {
            loaded.assets.push(Asset {
                source: config.content_dir.join(&rel),
                rel_path: rel,
            });
        }
    }
    loaded
}

fn site_relative(root: &Path, content_dir: &Path, rel: &Path) -> PathBuf {
    let absolute = content_dir.join(rel);
    absolute
        .strip_prefix(root)
        .map_or(absolute.clone(), Path::to_path_buf)
}

fn read_text(path: &Path, file: &Path) -> Result<String, Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|err| {
        let diagnostic = Diagnostic::error("io", Location::file(file), format!("cannot read file: {err}"));
        Box::new(match err.kind() {
            std::io::ErrorKind::NotFound => {
                diagnostic.with_help("it was moved or deleted while the build ran; run the build again")
            }
            std::io::ErrorKind::PermissionDenied => diagnostic
                .with_help("let the user running briefing read it (chmod a+r), or move it out of content/"),
            _ => diagnostic,
        })
    })?;
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        Box::new(
            Diagnostic::error(
                "encoding",
                Location::file(file),
                format!("file is not valid UTF-8 (first bad byte at offset {offset})"),
            )
            .with_help("save the file as UTF-8"),
        )
    })
}

/// Reads one Markdown file under `content/` (`rel`), with the stamp it had before it was
/// read, so a change made while it is read is seen next time.
pub fn read_one(config: &Config, rel: &Path) -> (Option<Stamp>, Result<Document, Vec<Diagnostic>>) {
    let stamp = Stamp::of(&config.content_dir.join(rel));
    let rule = config.site.content.unknown_keys;
    (stamp, read_document(&config.root, &config.content_dir, rel, rule))
}

fn read_document(
    root: &Path,
    content_dir: &Path,
    rel: &Path,
    rule: UnknownKeys,
) -> Result<Document, Vec<Diagnostic>> {
    let file = site_relative(root, content_dir, rel);
    let text = read_text(&content_dir.join(rel), &file).map_err(|d| vec![*d])?;
    let read = read_front_matter(&text, &file, rule)?;
    let mut doc = Document::new(rel.to_path_buf(), file, read.front, text, read.body_start);
    doc.load_warnings = read.warnings;
    Ok(doc)
}

const SOURCE_KEYS: &[&str] = &["id", "title", "publisher", "url", "date", "accessed", "kind"];

fn read_shared_sources(config: &Config, rel: &Path) -> Result<SharedSources, Box<Diagnostic>> {
    let file = site_relative(&config.root, &config.content_dir, rel);
    let text = read_text(&config.content_dir.join(rel), &file)?;
    let sources = if text.trim().is_empty() {
        Vec::new()
    } else {
        parse_yaml_list(&text, &file, SOURCE_KEYS)?
    };
    Ok(SharedSources { file, text, sources })
}

/// A data file under `content/` that is a YAML list of `T` (`keys` are the fields an
/// item may have, for "did you mean"); an error names the file, line and column.
pub fn parse_yaml_list<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &Path,
    keys: &[&str],
) -> Result<Vec<T>, Box<Diagnostic>> {
    yaml::parse::<Vec<T>>(text)
        .map_err(|err| Box::new(front::yaml_diagnostic(file, &SourceText::new(text), 0, err, keys)))
}

/// YAML written inside a Markdown file at byte `start` of its `source` text (a chart
/// block), parsed into `T`; an error is located in that file.
pub fn parse_embedded_yaml<T: serde::de::DeserializeOwned>(
    yaml_text: &str,
    file: &Path,
    source: &SourceText<'_>,
    start: usize,
    keys: &[&str],
) -> Result<T, Box<Diagnostic>> {
    yaml::parse::<T>(yaml_text)
        .map_err(|err| Box::new(front::yaml_diagnostic(file, source, start, err, keys)))
}

fn read_glossary(config: &Config, rel: &Path) -> Result<(Glossary, Vec<Diagnostic>), Box<Diagnostic>> {
    let file = site_relative(&config.root, &config.content_dir, rel);
    let text = read_text(&config.content_dir.join(rel), &file)?;
    let decls = if text.trim().is_empty() {
        Ok(Vec::new())
    } else {
        parse_yaml_list(&text, &file, &Glossary::KEYS)
    };
    Ok(Glossary::read(file, text, decls))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_deleted_after_the_walk_is_reported_by_name() {
        let dir = tempfile::tempdir().expect("temp");
        let content = dir.path().join("content");
        let errors = read_document(dir.path(), &content, Path::new("gone.md"), UnknownKeys::Error)
            .expect_err("nothing to read");
        let text = errors[0].render_human(false);
        assert!(
            text.starts_with("content/gone.md: error: cannot read file: No such file"),
            "{text}"
        );
        assert!(text.contains("run the build again"), "{text}");
    }
}
