//! The text of a file as diagnostics read it: byte offsets to line:col (counted on along
//! a line), and the excerpt of a line shown under a diagnostic.

use std::borrow::Cow;

use serde::Serialize;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    /// The line, counted from 1.
    pub line: usize,
    /// The column in characters, counted from 1.
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
    /// A file's text, borrowed or owned; the line index is built when first needed.
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

    /// The whole text.
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

/// The part of a line shown under a diagnostic: the whole line when it is short, else a
/// window of `Excerpt::WIDTH` characters around the column with `…` where it was cut, so
/// a diagnostic on a 10 MB line prints (and holds) a hundred-odd characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The line, or the window of it, with `…` where it was cut.
    pub text: String,
    /// Characters of `text` before the one the caret points at.
    pub caret: usize,
}

impl Excerpt {
    /// At most this many characters of a line are shown, besides the `…` marks.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Location};

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
}
