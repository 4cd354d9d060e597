//! Callouts: Obsidian's `> [!note] Title` (folded open with `+`, closed with `-`, as a
//! `<details>` that needs no script) and GitHub's `> [!NOTE]` alerts, written as boxes
//! the default theme styles by kind. The marker is read from the source line where the
//! quote starts; what follows it on that line is the title, Markdown and all.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// The first line of a callout, read where its quote starts.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Marker {
    /// The kind the theme styles (`warning` for `caution` and `attention` alike).
    pub kind: &'static str,
    /// The title shown when the line has none: the kind as written, capitalised.
    pub default_title: String,
    /// `Some(open)` for a foldable callout (`+` open, `-` closed).
    pub fold: Option<bool>,
    /// Offsets into the body: the end of `[!kind]+`, and the end of the marker's line.
    pub marker_end: usize,
    pub line_end: usize,
    pub has_title: bool,
}

/// Obsidian's kinds and their other names; GitHub's five alerts are among them.
const KINDS: &[(&str, &[&str])] = &[
    ("note", &["note"]),
    ("abstract", &["abstract", "summary", "tldr"]),
    ("info", &["info"]),
    ("todo", &["todo"]),
    ("tip", &["tip", "hint", "important"]),
    ("success", &["success", "check", "done"]),
    ("question", &["question", "help", "faq"]),
    ("warning", &["warning", "caution", "attention"]),
    ("failure", &["failure", "fail", "missing"]),
    ("danger", &["danger", "error"]),
    ("bug", &["bug"]),
    ("example", &["example"]),
    ("quote", &["quote", "cite"]),
];

/// The callout marker of the quote starting at `start`, if its first line has one.
pub(super) fn marker(body: &str, start: usize) -> Option<Marker> {
    let rest = body.get(start..)?;
    let line_end = start + rest.find('\n').unwrap_or(rest.len());
    let line = &body[start..line_end];
    let after_quote = line.trim_start().strip_prefix('>')?.trim_start();
    let inner = after_quote.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let written = &inner[..close];
    if written.is_empty()
        || !written
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let after = &inner[close + 1..];
    let fold = match after.chars().next() {
        Some('+') => Some(true),
        Some('-') => Some(false),
        _ => None,
    };
    let title = &after[usize::from(fold.is_some())..];
    let marker_end = line_end - title.len();
    let lower = written.to_lowercase();
    let kind = (KINDS.iter())
        .find(|(_, names)| names.contains(&lower.as_str()))
        .map_or("note", |(kind, _)| kind);
    let mut default_title = lower.clone();
    if let Some(first) = default_title.get(..1) {
        default_title.replace_range(..1, &first.to_uppercase());
    }
    Some(Marker {
        kind,
        default_title,
        fold,
        marker_end,
        line_end,
        has_title: !title.trim().is_empty(),
    })
}

impl Marker {
    /// The box's opening tag and its title's, as HTML.
    pub(super) fn open_html(&self) -> String {
        match self.fold {
            Some(open) => format!(
                "<details class=\"callout\" data-callout=\"{}\"{}>\n<summary class=\"callout-title\">",
                self.kind,
                if open { " open" } else { "" }
            ),
            None => format!(
                "<div class=\"callout\" data-callout=\"{}\" role=\"note\">\n<p class=\"callout-title\">",
                self.kind
            ),
        }
    }

    pub(super) fn title_close_html(&self) -> &'static str {
        match self.fold {
            Some(_) => "</summary>\n",
            None => "</p>\n",
        }
    }

    pub(super) fn close_html(&self) -> &'static str {
        match self.fold {
            Some(_) => "</details>\n",
            None => "</div>\n",
        }
    }
}

impl<'a> super::State<'a> {
    /// A quote begins: a callout box if its first line has a marker, else a plain quote.
    pub(super) fn open_quote(&mut self, event: Event<'a>, offset: usize) {
        let Some(marker) = marker(self.source, offset) else {
            self.quotes.push(None);
            self.emit(event);
            return;
        };
        self.emit(Event::Html(marker.open_html().into()));
        if !marker.has_title {
            self.emit(Event::Text(marker.default_title.clone().into()));
        }
        self.opening_callout = Some(false);
        self.quotes.push(Some(marker));
    }

    pub(super) fn close_quote(&mut self, event: Event<'a>) {
        match self.quotes.pop().flatten() {
            Some(callout) => self.emit(Event::Html(callout.close_html().into())),
            None => self.emit(event),
        }
    }

    /// While a callout's marker line is read: `[!kind]` is dropped, the rest of the line
    /// is the title, and the paragraph begun on that line starts after it (or not at
    /// all, when the line was all it held). `None`: the event is used up.
    pub(super) fn read_callout_marker_line(
        &mut self,
        event: Event<'a>,
        range: &Range<usize>,
    ) -> Option<Event<'a>> {
        let Some(held_paragraph) = self.opening_callout else {
            return Some(event);
        };
        let Some(Some(marker)) = self.quotes.last() else {
            return Some(event);
        };
        let (marker_end, line_end) = (marker.marker_end, marker.line_end);
        if range.start < line_end {
            return match event {
                Event::Start(Tag::Paragraph) => {
                    self.opening_callout = Some(true);
                    None
                }
                Event::End(TagEnd::Paragraph) if held_paragraph => {
                    self.close_callout_title();
                    None
                }
                Event::Text(text) if range.start <= marker_end => {
                    let cut = marker_end - range.start;
                    let kept = (text.len() == range.len() && text.is_char_boundary(cut.min(text.len())))
                        .then(|| text.get(cut..).unwrap_or("").trim_start())
                        .filter(|kept| !kept.is_empty())?;
                    Some(Event::Text(kept.to_string().into()))
                }
                other => Some(other),
            };
        }
        self.close_callout_title();
        if held_paragraph {
            self.open_block(Event::Start(Tag::Paragraph));
            if event == Event::SoftBreak {
                return None;
            }
        }
        Some(event)
    }

    fn close_callout_title(&mut self) {
        self.opening_callout = None;
        if let Some(Some(marker)) = self.quotes.last() {
            let close = marker.title_close_html();
            self.emit(Event::Html(close.into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_obsidian_and_github_markers() {
        let body = "> [!Caution]- Read this *first*\n> Body.\n";
        let marker = marker(body, 0).expect("a callout");
        assert_eq!(marker.kind, "warning");
        assert_eq!(marker.fold, Some(false));
        assert_eq!(&body[marker.marker_end..marker.line_end], " Read this *first*");
        assert!(marker.has_title);
        let alert = super::marker("> [!NOTE]\n> Text.\n", 0).expect("an alert");
        assert_eq!(
            (alert.kind, alert.default_title.as_str(), alert.has_title),
            ("note", "Note", false)
        );
        assert_eq!(
            super::marker("> [!custom-kind] T\n", 0).map(|m| m.kind),
            Some("note")
        );
        assert_eq!(super::marker("> Just a quote [!note]\n", 0), None);
        assert_eq!(super::marker("> [!] empty\n", 0), None);
    }
}
