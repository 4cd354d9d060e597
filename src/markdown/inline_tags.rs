//! Obsidian's inline tags, with `[content] inline_tags = true`: `#policy` or
//! `#law/war-powers` in prose (not in code, links or headings) is a tag of the page and
//! a link to its tag page. A tag starts after a space or at the start of the text, is
//! made of letters, digits, `_`, `-` and `/`, and is not all digits (`#1` is a number).

use pulldown_cmark::{CowStr, Event};

use crate::paths::TagKey;

use super::{LinkTarget, State};

/// Where the tags in `text` are: the byte range of each, `#` included.
pub(super) fn find(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('#') {
        let after_space = text[..at].chars().next_back().is_none_or(char::is_whitespace);
        let name_len = text[at + 1..]
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/')))
            .unwrap_or(text.len() - at - 1);
        let name = &text[at + 1..at + 1 + name_len];
        if after_space && name.chars().any(|c| !c.is_ascii_digit()) {
            found.push(at..at + 1 + name_len);
        }
    }
    found
}

impl<'a> State<'a> {
    /// Emits prose text, its inline tags as links to their tag pages.
    pub(super) fn emit_with_inline_tags(&mut self, text: &CowStr<'a>, offset: usize) {
        let mut written = 0;
        for range in find(text) {
            self.emit_prose(CowStr::from(text[written..range.start].to_string()));
            let name = &text[range.start + 1..range.end];
            let key = TagKey::new(name);
            let slot = self.new_slot(
                LinkTarget::Root {
                    path: format!("tags/{}/", key.as_str()),
                    anchor: None,
                },
                offset + range.start,
            );
            self.emit(Event::InlineHtml(
                format!("<a class=\"tag\" href=\"\0h{slot}\0\">").into(),
            ));
            self.emit(Event::Text(CowStr::from(text[range.clone()].to_string())));
            self.emit(Event::InlineHtml("</a>".into()));
            self.rendered.inline_tags.push(name.to_string());
            written = range.end;
        }
        self.emit_prose(CowStr::from(text[written..].to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_after_spaces_and_not_numbers_or_fragments() {
        let text = "#policy and #law/war-powers, not #1 or a#b or https://x.org/#frag; #2026-review.";
        let tags: Vec<&str> = find(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(tags, ["#policy", "#law/war-powers", "#2026-review"]);
    }
}
