//! Diagnostics: a problem in the user's files with its location, and the three ways the
//! CLI prints them (human, JSON lines, GitHub workflow commands).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// The text of one file, able to turn byte offsets into line:col and excerpts. The line
/// index is built on first use, so creating one where an error *might* be reported costs
/// nothing on the (usual) path where none is.
#[derive(Debug)]
pub struct SourceText<'a> {
    text: Cow<'a, str>,
    line_starts: std::cell::OnceCell<Vec<usize>>,
    /// The last offset turned into a column, as (offset, line index, column): the next
    /// one further along the same line counts on from there, so 10,000 diagnostics on
    /// one long line cost one pass over it, not 10,000.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> SourceText<'a> {
    pub fn new(text: impl Into<Cow<'a, str>>) -> SourceText<'a> {
        SourceText {
            text: text.into(),
            line_starts: std::cell::OnceCell::new(),
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let offset = floor_char_boundary(&self.text, offset);
        let (last_offset, last_line, last_column) = self.last.get();
        let (start, counted) =
            match last_line == line && last_offset <= offset && last_offset >= line_starts[line] {
                true => (last_offset, last_column),
                false => (line_starts[line], 0),
            };
        let column = counted + self.text[start..offset].chars().count();
        self.last.set((offset, line, column));
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The byte offset where 1-based line `n` starts (the end, past the last line).
    pub fn line_start(&self, n: usize) -> usize {
        (self.line_starts().get(n.saturating_sub(1)).copied()).unwrap_or(self.text.len())
    }

    /// The byte offset of a 1-based line and column, if the file has it.
    pub fn offset(&self, at: LineCol) -> Option<usize> {
        let start = *self.line_starts().get(at.line.checked_sub(1)?)?;
        let line = self.line(at.line)?;
        let within = line
            .char_indices()
            .nth(at.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        Some(start + within)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Line `n` (1-based) without its line ending.
    pub fn line(&self, n: usize) -> Option<&str> {
        let line_starts = self.line_starts();
        let start = *line_starts.get(n.checked_sub(1)?)?;
        let end = line_starts.get(n).map_or(self.text.len(), |&e| e);
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Where a diagnostic points: a file relative to the site root, and optionally a position
/// in it with the text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub at: Option<LineCol>,
    pub excerpt: Option<Excerpt>,
}

/// The part of a line shown under a diagnostic: the whole line when it is short, else a
/// window of `Excerpt::WIDTH` characters around the column with `…` where it was cut, so
/// a diagnostic on a 10 MB line prints (and holds) a hundred-odd characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    /// Characters of `text` before the one the caret points at.
    pub caret: usize,
}

impl Excerpt {
    pub const WIDTH: usize = 120;

    /// The window of `line` around the 1-based character `column`.
    pub fn window(line: &str, column: usize) -> Excerpt {
        let at = line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line.len(), |(at, _)| at);
        Excerpt::around(line, at)
    }

    /// The window of `line` around byte `at`, found in steps of the window's width
    /// whatever the line's length.
    pub fn around(line: &str, at: usize) -> Excerpt {
        let at = floor_char_boundary(line, at.min(line.len()));
        let back = |from: usize, n: usize| {
            line[..from]
                .char_indices()
                .rev()
                .take(n)
                .last()
                .map_or(from, |(i, _)| i)
        };
        let forth = |from: usize, n: usize| {
            line[from..]
                .char_indices()
                .nth(n)
                .map_or(line.len(), |(i, _)| from + i)
        };
        let mut from = back(at, Self::WIDTH / 2);
        let before = line[from..at].chars().count();
        let to = forth(at, Self::WIDTH - before);
        let after = line[at..to].chars().count();
        if before + after < Self::WIDTH {
            from = back(from, Self::WIDTH - before - after);
        }
        let (cut_before, cut_after) = (from > 0, to < line.len());
        let mut text = String::with_capacity(to - from + 6);
        if cut_before {
            text.push('…');
        }
        text.push_str(&line[from..to]);
        if cut_after {
            text.push('…');
        }
        Excerpt {
            caret: line[from..at].chars().count() + usize::from(cut_before),
            text,
        }
    }
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Location {
        Location {
            file: file.into(),
            at: None,
            excerpt: None,
        }
    }

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable kebab-case name for the rule, e.g. `broken-link`.
    pub code: &'static str,
    pub location: Location,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            location,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

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

fn github_escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn github_escape_property(text: &str) -> String {
    github_escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// How many diagnostics of one kind in one file a person is shown; the rest of them are
/// counted in one line after that file's diagnostics (`--format json` keeps every one).
pub const SHOWN_PER_KIND: usize = 20;

/// How many of one kind are shown in a whole run: a vault of 6,000 notes that all have
/// the same problem shows 50 of them and a count of the rest.
pub const SHOWN_PER_KIND_IN_ALL: usize = 50;

/// A line of a report meant for people: a diagnostic, or how many more of one kind a file
/// has than were shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown<'a> {
    Diagnostic(&'a Diagnostic),
    More {
        file: &'a Path,
        code: &'static str,
        severity: Severity,
        count: usize,
    },
    /// Diagnostics of one kind in files after the first `SHOWN_PER_KIND_IN_ALL` shown.
    Elsewhere {
        code: &'static str,
        severity: Severity,
        count: usize,
    },
}

impl Shown<'_> {
    pub fn render_human(&self, colour: bool) -> String {
        match *self {
            Shown::Diagnostic(diagnostic) => diagnostic.render_human(colour),
            Shown::More { file, .. } => format!("{}: note: {}", display_path(file), self.more_text()),
            Shown::Elsewhere { .. } => format!("note: {}", self.more_text()),
        }
    }

    pub fn render_github(&self) -> String {
        match *self {
            Shown::Diagnostic(diagnostic) => diagnostic.render_github(),
            Shown::More { file, code, .. } => format!(
                "::notice file={},title={}::{}",
                github_escape_property(&display_path(file)),
                github_escape_property(code),
                github_escape_data(&self.more_text())
            ),
            Shown::Elsewhere { code, .. } => format!(
                "::notice title={}::{}",
                github_escape_property(code),
                github_escape_data(&self.more_text())
            ),
        }
    }

    fn more_text(&self) -> String {
        let (code, severity, count, place) = match *self {
            Shown::More {
                code,
                severity,
                count,
                ..
            } => (code, severity, count, "in this file"),
            Shown::Elsewhere {
                code,
                severity,
                count,
            } => (code, severity, count, "in other files"),
            Shown::Diagnostic(_) => return String::new(),
        };
        let kind = match (severity, count) {
            (Severity::Error, 1) => "error",
            (Severity::Error, _) => "errors",
            (Severity::Warning, 1) => "warning",
            (Severity::Warning, _) => "warnings",
        };
        format!(
            "and {} more `{code}` {kind} {place} (`--format json` lists them all)",
            thousands(count)
        )
    }
}

/// At most `SHOWN_PER_KIND` diagnostics of each kind per file and
/// `SHOWN_PER_KIND_IN_ALL` in all, in the given order; each file's surplus is counted
/// after its diagnostics, the rest at the end. Expects diagnostics grouped by file.
pub fn condensed(diagnostics: &[Diagnostic]) -> Vec<Shown<'_>> {
    let mut shown = Vec::new();
    let mut in_all = Counts::default();
    for file in diagnostics.chunk_by(|a, b| a.location.file == b.location.file) {
        let mut here = Counts::default();
        for diagnostic in file {
            let key = (diagnostic.code, diagnostic.severity);
            if here.add(key) <= SHOWN_PER_KIND && in_all.add(key) <= SHOWN_PER_KIND_IN_ALL {
                shown.push(Shown::Diagnostic(diagnostic));
            }
        }
        let surplus = here.0.into_iter().filter(|&(_, n)| n > SHOWN_PER_KIND);
        shown.extend(surplus.map(|((code, severity), n)| Shown::More {
            file: &file[0].location.file,
            code,
            severity,
            count: n - SHOWN_PER_KIND,
        }));
    }
    let elsewhere = in_all.0.into_iter().filter(|&(_, n)| n > SHOWN_PER_KIND_IN_ALL);
    shown.extend(elsewhere.map(|((code, severity), n)| Shown::Elsewhere {
        code,
        severity,
        count: n - SHOWN_PER_KIND_IN_ALL,
    }));
    shown
}

/// How many diagnostics of each kind, in order of first appearance.
#[derive(Default)]
struct Counts(Vec<((&'static str, Severity), usize)>);

impl Counts {
    /// Counts one more of `kind`; returns how many there are now.
    fn add(&mut self, kind: (&'static str, Severity)) -> usize {
        match self.0.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                self.0.push((kind, 1));
                1
            }
        }
    }
}

/// One line counting a long report's diagnostics by kind, most common first, when some
/// were held back: `In all: 6,464 unknown-field errors, 68 front-matter errors, …`.
pub fn summary_by_kind(diagnostics: &[Diagnostic]) -> Option<String> {
    let mut counts = Counts::default();
    for d in diagnostics {
        counts.add((d.code, d.severity));
    }
    let mut kinds = counts.0;
    if kinds.iter().all(|&(_, n)| n <= SHOWN_PER_KIND) {
        return None;
    }
    kinds.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let parts: Vec<String> = (kinds.iter())
        .map(|&((code, severity), n)| {
            let noun = match (severity, n) {
                (Severity::Error, 1) => "error",
                (Severity::Error, _) => "errors",
                (Severity::Warning, 1) => "warning",
                (Severity::Warning, _) => "warnings",
            };
            format!("{} {code} {noun}", thousands(n))
        })
        .collect();
    Some(format!(
        "In all: {} (at most {SHOWN_PER_KIND} of a kind are shown per file, {SHOWN_PER_KIND_IN_ALL} in all)",
        parts.join(", ")
    ))
}

/// `9980` as `9,980`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Sorts diagnostics by file, position, then message, so output order never depends on
/// thread scheduling.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.location.file, a.location.at, &a.message).cmp(&(&b.location.file, b.location.at, &b.message))
    });
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
    fn offsets_map_to_lines_and_char_columns() {
        let src = SourceText::new("ab\ncé d\n\nlast");
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(src.line_col(7), LineCol { line: 2, column: 4 });
        assert_eq!(src.line_col(9), LineCol { line: 3, column: 1 });
        assert_eq!(src.line_col(999), LineCol { line: 4, column: 5 });
        assert_eq!(src.line(2), Some("cé d"));
        assert_eq!(src.offset(LineCol { line: 2, column: 4 }), Some(7));
    }

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
    fn a_long_line_shows_a_window_around_the_column() {
        let line = format!("{}[broken](x.md){}", "a".repeat(5_000), "b".repeat(5_000));
        let src = SourceText::new(format!("---\ntitle: x\n---\n{line}\n"));
        let diag = Diagnostic::error(
            "broken-link",
            Location::at("a.md", &src, 17 + 5_000),
            "broken link",
        );
        let shown = diag.render_human(false);
        let excerpt = shown.lines().nth(2).expect("excerpt line");
        assert_eq!(
            excerpt,
            format!("4 | …{}[broken](x.md){}…", "a".repeat(60), "b".repeat(46))
        );
        let caret = shown.lines().nth(3).expect("caret line");
        assert_eq!(caret.find('^'), Some("4 | …".chars().count() + 60));

        let end = Excerpt::window(&"c".repeat(300), 300);
        assert_eq!(
            (end.text.chars().count(), end.caret),
            (121, 120),
            "the window keeps its width at the end"
        );
        let short = Excerpt::window("short line", 7);
        assert_eq!((short.text.as_str(), short.caret), ("short line", 6));
    }

    #[test]
    fn a_file_shows_twenty_of_a_kind_and_counts_the_rest() {
        fn many(file: &'static str, code: &'static str, n: usize) -> impl Iterator<Item = Diagnostic> {
            (0..n).map(move |i| Diagnostic::error(code, Location::file(file), format!("problem {i}")))
        }
        let diagnostics: Vec<Diagnostic> = (many("a.md", "unknown-source", 10_000))
            .chain(many("a.md", "broken-link", 3))
            .chain(many("b.md", "unknown-source", 21))
            .collect();
        let shown = condensed(&diagnostics);
        assert_eq!(shown.len(), 20 + 3 + 1 + 20 + 1);
        assert_eq!(
            shown[23].render_human(false),
            "a.md: note: and 9,980 more `unknown-source` errors in this file (`--format json` lists them all)"
        );
        assert_eq!(
            shown[44].render_github(),
            "::notice file=b.md,title=unknown-source::and 1 more `unknown-source` error in this file (`--format json` lists them all)"
        );
        assert_eq!(
            summary_by_kind(&diagnostics).as_deref(),
            Some(
                "In all: 10,021 unknown-source errors, 3 broken-link errors (at most 20 of a kind are shown per file, 50 in all)"
            )
        );
        let one_per_file: Vec<Diagnostic> = (0..60)
            .map(|i| {
                Diagnostic::error(
                    "unknown-field",
                    Location::file(format!("n{i:02}.md")),
                    "unknown field",
                )
            })
            .collect();
        let shown = condensed(&one_per_file);
        assert_eq!(shown.len(), 51);
        assert_eq!(
            shown[50].render_human(false),
            "note: and 10 more `unknown-field` errors in other files (`--format json` lists them all)"
        );
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
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
