//! `site.toml`: the typed settings of a site, and the resolved paths and URL scheme every
//! later stage reads. Unknown keys are refused with a "did you mean" hint.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{self, Diagnostic, Location, SourceText};
use crate::paths::UrlScheme;

mod output;
mod settings;

pub use settings::{
    AuthorSettings, CheckSettings, ClaimSettings, ContentSettings, GlossarySettings, SearchSettings,
    SocialSettings, TagSettings, UnknownKeys, WikilinkOrder,
};

/// The contents of `site.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, as pages and feeds show it. Required.
    pub title: String,
    /// Where the site is published, an `http(s)://` address; a sub-path is fine. Required.
    pub base_url: String,
    /// A line about the site, shown as the home page's summary (empty by default).
    #[serde(default)]
    pub description: String,
    /// The site's language tag, for pages, feeds, search and sorting (default `en`).
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme's folder under `themes/` (default `default`, built in when absent).
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where a build writes, relative to the site root (default `public`).
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Who the site is by, named in its feeds (which name the site's title without it).
    #[serde(default)]
    pub author: Option<String>,
    /// How many related explainers each page lists.
    #[serde(default = "default_related_count")]
    pub related_count: usize,
    /// An explainer is due for review this many days after its `reviewed` date.
    #[serde(default = "default_review_after_days")]
    pub review_after_days: i64,
    /// `[check]`: the optional rules of `briefing check`.
    #[serde(default)]
    pub check: CheckSettings,
    /// `[search]`: the full-text search index.
    #[serde(default)]
    pub search: SearchSettings,
    /// `[content]`: how content written for other tools is read.
    #[serde(default)]
    pub content: ContentSettings,
    /// `[claims]`: the ratings checked claims may have.
    #[serde(default)]
    pub claims: ClaimSettings,
    /// `[glossary]`: how pages link to the glossary.
    #[serde(default)]
    pub glossary: GlossarySettings,
    /// `[social]`: how pages look when shared.
    #[serde(default)]
    pub social: SocialSettings,
    /// Free settings for themes, available as `site.extra`.
    #[serde(default)]
    pub extra: toml::Table,
    /// Display names and descriptions for tags, keyed by tag slug.
    #[serde(default)]
    pub tags: BTreeMap<String, TagSettings>,
    /// The people and desks who write explainers, by the id pages name in `authors:`.
    #[serde(default)]
    pub authors: BTreeMap<String, AuthorSettings>,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> PathBuf {
    "public".into()
}
fn default_related_count() -> usize {
    5
}
fn default_review_after_days() -> i64 {
    180
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "theme",
    "output_dir",
    "author",
    "related_count",
    "review_after_days",
    "check",
    "search",
    "content",
    "claims",
    "glossary",
    "social",
    "extra",
    "tags",
    "authors",
];

/// Why a site could not be configured. These stop a build before it starts (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `site.toml` is missing or could not be read.
    #[error("{}: cannot read site.toml: {source}", diag::display_path(.path))]
    Unreadable {
        /// Where `site.toml` was looked for.
        path: PathBuf,
        /// Why it could not be read.
        source: std::io::Error,
    },
    /// `site.toml` does not parse, or a value in it (or `--base-url`) is refused.
    #[error("{}", .0.render_human(false))]
    Invalid(Box<Diagnostic>),
    /// The output folder is one a build must not replace (see `output::check`).
    #[error(
        "refusing to use {} as the output folder: {reason}; pick another folder with --output or output_dir in site.toml",
        diag::display_path(.path)
    )]
    UnsafeOutput {
        /// The output folder refused.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// `theme` names no folder under `themes/` (and is not the built-in `default`).
    #[error("theme `{theme}` not found: expected a folder {}", diag::display_path(.path))]
    MissingTheme {
        /// The theme site.toml names.
        theme: String,
        /// The folder it was looked for in.
        path: PathBuf,
    },
}

/// Parses `site.toml` text; `file` names it in errors.
pub fn parse(text: &str, file: &Path) -> Result<SiteConfig, ConfigError> {
    toml::from_str(text).map_err(|err| {
        let source = SourceText::new(text);
        let location = match err.span() {
            Some(span) => Location::at(file, &source, span.start),
            None => Location::file(file),
        };
        let (message, help) = explain_toml_error(err.message());
        let mut diagnostic = Diagnostic::error("config", location, message);
        diagnostic.help = help;
        ConfigError::Invalid(Box::new(diagnostic))
    })
}

fn explain_toml_error(message: &str) -> (String, Option<String>) {
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next());
    match unknown {
        Some(field) => {
            let help = diag::unknown_key_help(field, KNOWN_KEYS);
            (format!("unknown key `{field}` in site.toml"), Some(help))
        }
        None => (message.trim().to_string(), None),
    }
}

/// The base URL is written into every page, feed and sitemap, so it must be a web
/// address: `http://` or `https://`. `text` is site.toml's, when the value came from it.
fn check_base_url(base_url: &str, text: Option<&str>) -> Result<(), ConfigError> {
    let lower = base_url.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Ok(());
    }
    let location = match text.and_then(|text| text.find("base_url").map(|at| (text, at))) {
        Some((text, at)) => Location::at("site.toml", &SourceText::new(text), at),
        None => Location::file("--base-url"),
    };
    let message = format!(
        "base_url `{}` is not an http(s) address",
        crate::diag::shorten(base_url)
    );
    let help =
        "write where the site is published, e.g. `https://example.org/` or `https://user.github.io/repo/`";
    Err(ConfigError::Invalid(Box::new(
        Diagnostic::error("config", location, message).with_help(help),
    )))
}

/// What the command line adds to or overrides in `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--output`: the output folder, instead of `output_dir`.
    pub output: Option<PathBuf>,
    /// `--base-url`: the base URL, instead of site.toml's (e.g. for a preview).
    pub base_url: Option<String>,
    /// `--drafts`: include pages marked `draft: true`.
    pub drafts: bool,
    /// Skip the search index for this build.
    pub no_search: bool,
}

/// Everything later stages need: settings, folders and the URL scheme.
#[derive(Debug, Clone)]
pub struct Config {
    /// `site.toml` as read, with the command line's overrides applied.
    pub site: SiteConfig,
    /// The site folder (holding `site.toml`), made absolute.
    pub root: PathBuf,
    /// `content/` under the root, where pages and their assets are read from.
    pub content_dir: PathBuf,
    /// The absolute folder a build writes into, checked as safe to replace.
    pub output_dir: PathBuf,
    /// Template folders, most specific first: the site's own, then the theme's.
    pub template_dirs: Vec<PathBuf>,
    /// Static folders copied into the output: the theme's, then the site's own (which wins).
    pub static_dirs: Vec<PathBuf>,
    /// How the site's URLs are spelled, from the base URL.
    pub urls: UrlScheme,
    /// Pages marked `draft: true` are built too (`--drafts`).
    pub drafts: bool,
    /// The site names the default theme but has no `themes/default/`: use the copy
    /// compiled into the binary.
    pub builtin_theme: bool,
}

impl Config {
    /// Reads `ROOT/site.toml` and resolves folders, refusing a dangerous output folder.
    pub fn load(root: &Path, overrides: Overrides) -> Result<Config, ConfigError> {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Unreadable {
            path: path.clone(),
            source,
        })?;
        let mut site = parse(&text, Path::new("site.toml"))?;
        if overrides.no_search {
            site.search.enabled = false;
        }
        let from_file = overrides.base_url.is_none();
        if let Some(base_url) = overrides.base_url {
            site.base_url = base_url;
        }
        check_base_url(&site.base_url, from_file.then_some(text.as_str()))?;
        let explicit_output = overrides.output.is_some();
        let output = overrides.output.unwrap_or_else(|| root.join(&site.output_dir));
        let output_dir = std::path::absolute(&output).unwrap_or(output);
        let content_dir = root.join("content");
        output::check(&output_dir, &root, explicit_output).map_err(|refusal| ConfigError::UnsafeOutput {
            path: output_dir.clone(),
            reason: refusal.reason(),
        })?;
        let theme_dir = root.join("themes").join(&site.theme);
        let builtin_theme = !theme_dir.is_dir() && site.theme == "default";
        if !theme_dir.is_dir() && !builtin_theme {
            return Err(ConfigError::MissingTheme {
                theme: site.theme.clone(),
                path: theme_dir,
            });
        }
        Ok(Config {
            urls: UrlScheme::new(&site.base_url),
            template_dirs: vec![root.join("templates"), theme_dir.join("templates")],
            static_dirs: vec![theme_dir.join("static"), root.join("static")],
            content_dir,
            output_dir,
            root,
            site,
            drafts: overrides.drafts,
            builtin_theme,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let site = parse(
            "title = 'KB'\nbase_url = 'https://example.org'",
            Path::new("site.toml"),
        )
        .expect("minimal config parses");
        assert_eq!(site.theme, "default");
        assert_eq!(site.output_dir, PathBuf::from("public"));
        assert_eq!(site.related_count, 5);
    }

    #[test]
    fn unknown_key_gets_a_suggestion_and_position() {
        let text = "title = 'KB'\nbase_url = 'https://example.org'\nthem = 'x'\n";
        let Err(ConfigError::Invalid(diag)) = parse(text, Path::new("site.toml")) else {
            panic!("expected an invalid-config error");
        };
        assert_eq!(
            diag.render_human(false),
            "site.toml:3:1: error: unknown key `them` in site.toml\n  |\n3 | them = 'x'\n  | ^\n  = help: did you mean `theme`?"
        );
    }
}
