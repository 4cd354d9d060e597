//! Reports meant for people: at most so many diagnostics of a kind per file and in all,
//! the rest counted, and the totals by kind at the end of a long run.

use std::path::Path;

use super::{Diagnostic, Severity, display_path, github_escape_data, github_escape_property};

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
    /// A diagnostic, shown in full.
    Diagnostic(&'a Diagnostic),
    /// How many more diagnostics of one kind `file` has than the `SHOWN_PER_KIND` shown.
    More {
        /// The file they are in.
        file: &'a Path,
        /// Their rule, as in `Diagnostic::code`.
        code: &'static str,
        /// Their severity.
        severity: Severity,
        /// How many were not shown.
        count: usize,
    },
    /// Diagnostics of one kind in files after the first `SHOWN_PER_KIND_IN_ALL` shown.
    Elsewhere {
        /// Their rule, as in `Diagnostic::code`.
        code: &'static str,
        /// Their severity.
        severity: Severity,
        /// How many were not shown.
        count: usize,
    },
}

impl Shown<'_> {
    /// As printed for a person, in colour when `colour`; a count is a `note:` line.
    pub fn render_human(&self, colour: bool) -> String {
        match *self {
            Shown::Diagnostic(diagnostic) => diagnostic.render_human(colour),
            Shown::More { file, .. } => format!("{}: note: {}", display_path(file), self.more_text()),
            Shown::Elsewhere { .. } => format!("note: {}", self.more_text()),
        }
    }

    /// The line as a GitHub workflow command; a count is a `::notice`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

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
}
