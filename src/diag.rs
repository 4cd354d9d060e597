//! Diagnostics: a problem in the user's files with its location, and the three ways the
//! CLI prints them (human, JSON lines, GitHub workflow commands). The file text behind
//! positions and excerpts is `source`; condensing long reports for people is `condense`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

mod condense;
mod source;

pub use condense::{SHOWN_PER_KIND, SHOWN_PER_KIND_IN_ALL, Shown, condensed, summary_by_kind};
pub use source::{Excerpt, LineCol, SourceText};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be published as written: `build` and `check` fail (exit code 1).
    Error,
    /// Worth fixing, but the site still builds (`check --deny-warnings` fails on it).
    Warning,
}

/// Where a diagnostic points: a file relative to the site root, and optionally a position
/// in it with the text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The line and column, when the problem has a position.
    pub at: Option<LineCol>,
    /// The text of that line around the position, for the caret.
    pub excerpt: Option<Excerpt>,
}

impl Location {
    /// A whole file, with no position.
    pub fn file(file: impl Into<PathBuf>) -> Location {
        Location {
            file: file.into(),
            at: None,
            excerpt: None,
        }
    }

    /// Byte `offset` of `source`, the text of `file`: its line:col and the excerpt around it.
    pub fn at(file: impl Into<PathBuf>, source: &SourceText<'_>, offset: usize) -> Location {
        let at = source.line_col(offset);
        Location {
            file: file.into(),
            excerpt: (source.line(at.line))
                .map(|line| Excerpt::around(line, offset - source.line_start(at.line))),
            at: Some(at),
        }
    }
}

/// One problem in the user's files: how serious, which rule, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it is an error or a warning.
    pub severity: Severity,
    /// A stable kebab-case name for the rule, e.g. `broken-link`.
    pub code: &'static str,
    /// Where the problem is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is a hint to give (printed as `= help:`).
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error for rule `code` at `location`, without help.
    pub fn error(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            location,
            message: message.into(),
            help: None,
        }
    }

    /// A warning for rule `code` at `location`, without help.
    pub fn warning(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    /// The same diagnostic with `help` as its hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether it is an error rather than a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn position(&self) -> String {
        let file = display_path(&self.location.file);
        match self.location.at {
            Some(at) => format!("{file}:{}:{}", at.line, at.column),
            None => file,
        }
    }

    /// `path:line:col: error: message`, then the excerpt with a caret and any help.
    pub fn render_human(&self, colour: bool) -> String {
        let (label, paint) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let label = if colour {
            format!("{paint}{label}\x1b[0m")
        } else {
            label.to_string()
        };
        let mut out = format!("{}: {label}: {}", self.position(), self.message);
        if let (Some(at), Some(excerpt)) = (self.location.at, &self.location.excerpt) {
            let gutter = at.line.to_string().len();
            let caret_pad: String = (excerpt.text.chars())
                .take(excerpt.caret)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = write!(
                out,
                "\n{:gutter$} |\n{} | {}\n{:gutter$} | {caret_pad}^",
                "", at.line, excerpt.text, ""
            );
        }
        if let Some(help) = &self.help {
            let _ = write!(out, "\n  = help: {help}");
        }
        out
    }

    /// One JSON object: severity, file, line, column, code, message, help.
    pub fn render_json(&self) -> String {
        let json = serde_json::json!({
            "severity": self.severity,
            "file": display_path(&self.location.file),
            "line": self.location.at.map(|at| at.line),
            "column": self.location.at.map(|at| at.column),
            "code": self.code,
            "message": self.message,
            "help": self.help,
        });
        json.to_string()
    }

    /// A GitHub Actions workflow command that annotates the line on a pull request.
    pub fn render_github(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = format!(
            "file={}",
            github_escape_property(&display_path(&self.location.file))
        );
        if let Some(at) = self.location.at {
            let _ = write!(props, ",line={},col={}", at.line, at.column);
        }
        let _ = write!(props, ",title={}", github_escape_property(self.code));
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        format!("::{kind} {props}::{}", github_escape_data(&message))
    }
}

/// Paths print with `/` separators on every platform, so output is the same everywhere.
pub fn display_path(path: &Path) -> String {
    let joined = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::RootDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if path.has_root() {
        format!("/{joined}")
    } else {
        joined
    }
}

pub(super) fn github_escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

pub(super) fn github_escape_property(text: &str) -> String {
    github_escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Sorts diagnostics by file, position, then message, so output order never depends on
/// thread scheduling.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.location.file, a.location.at, &a.message).cmp(&(&b.location.file, b.location.at, &b.message))
    });
}

/// A URL or other written text as a diagnostic quotes it: at most 60 characters.
pub fn shorten(url: &str) -> String {
    match url.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &url[..cut]),
        None => url.to_string(),
    }
}

/// The help for a key no one knows: the closest of `known`, or the list of them.
pub fn unknown_key_help(key: &str, known: &[&str]) -> String {
    match did_you_mean(key, known.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("known keys are: {}", known.join(", ")),
    }
}

/// Suggests the closest of `candidates` to a misspelt `word`, if one is close enough.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_rendering_points_at_the_column() {
        let src = SourceText::new("---\ntgas: [x]\n---\n");
        let diag = Diagnostic::error(
            "front-matter",
            Location::at("content/a.md", &src, 4),
            "unknown field `tgas`",
        )
        .with_help("did you mean `tags`?");
        assert_eq!(
            diag.render_human(false),
            "content/a.md:2:1: error: unknown field `tgas`\n  |\n2 | tgas: [x]\n  | ^\n  = help: did you mean `tags`?"
        );
    }

    #[test]
    fn github_rendering_escapes_properties() {
        let diag = Diagnostic::warning("orphan", Location::file("content/a,b.md"), "50% done\nnext");
        assert_eq!(
            diag.render_github(),
            "::warning file=content/a%2Cb.md,title=orphan::50%25 done%0Anext"
        );
    }

    #[test]
    fn suggestions_need_to_be_close() {
        assert_eq!(did_you_mean("tgas", ["title", "tags", "date"]), Some("tags"));
        assert_eq!(did_you_mean("zzz", ["title", "tags"]), None);
    }
}
