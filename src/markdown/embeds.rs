//! Obsidian's embeds and block ids.
//!
//! A paragraph that is nothing but `![[Note]]`, `![[Note#Heading]]` or `![[Note#^block]]`
//! shows that note, its section or its block in place. This stage keeps the embed as a
//! link (so it is resolved, checked and counted as a link like any other) and writes a
//! box holding an embed slot `\0e{n}\0` and a link to the source; rendering fills the slot
//! with the target's HTML (`render::views::embeds`).
//!
//! `^block-id` at the end of a paragraph, or of a list item's first line, is the block's
//! name: it is blanked before parsing (offsets stay where they were) and becomes the
//! block's `id`, which `[[Note#^block-id]]` links to and `![[Note#^block-id]]` shows.
//! On a line of its own right after a table, list or quote, it names that block: an
//! empty anchor with the id goes before it.

use pulldown_cmark::{Event, Tag};
use pulldown_cmark_escape::escape_html;

use super::State;
use super::links::{self, LinkTarget};

/// What an embed paragraph names, if the paragraph `source` is one: a note, not a file.
pub(super) fn standalone(source: &str, heading_ids: crate::paths::HeadingIds) -> Option<(LinkTarget, &str)> {
    let inner = source.trim().strip_prefix("![[")?.strip_suffix("]]")?;
    if inner.contains("]]") || inner.contains('\n') {
        return None;
    }
    let dest = inner.split('|').next().unwrap_or(inner).trim();
    match links::wiki(dest, heading_ids) {
        target @ LinkTarget::Wiki { .. } => Some((target, dest)),
        _ => None,
    }
}

/// A block id found at the end of a line: where its `^` was, and the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BlockId {
    pub offset: usize,
    pub id: String,
}

/// The body with its `^block-id` markers blanked, and the markers; `None` when it has
/// none. Inside fenced code a `^` is text.
pub(super) fn blank_block_ids(body: &str) -> Option<(String, Vec<BlockId>)> {
    if !body.contains('^') {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut found = Vec::new();
    for (at, line, prose) in super::text::lines_with_fences(body) {
        match marker_at(line).filter(|_| prose) {
            Some(start) => {
                let end = line.trim_end().len();
                found.push(BlockId {
                    offset: at + start,
                    id: line[start + 1..end].to_string(),
                });
                out.push_str(&line[..start]);
                out.extend(std::iter::repeat_n(' ', end - start));
                out.push_str(&line[end..]);
            }
            None => out.push_str(line),
        }
    }
    (!found.is_empty()).then_some((out, found))
}

/// Where a line's closing ` ^block-id` starts (its `^`): letters, digits and hyphens,
/// after a space (or straight after an embed's `]]`) at the end of a line with text, or
/// alone on its line.
fn marker_at(line: &str) -> Option<usize> {
    let trimmed = line.trim_end();
    let caret = trimmed.rfind('^')?;
    let id = &trimmed[caret + 1..];
    let before = &trimmed[..caret];
    let named = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let after_text = before.ends_with([' ', '\t']) || before.ends_with("]]");
    (named && (after_text || before.trim().is_empty())).then_some(caret)
}

impl<'a> State<'a> {
    /// A paragraph that is only an embed: its box is written and its events skipped.
    pub(super) fn open_embed(&mut self, target: LinkTarget, dest: &str, offset: usize) {
        let slot = self.new_slot(target, offset);
        let embed = self.rendered.embeds.len();
        self.rendered.embeds.push(slot);
        let mut html = format!(
            "<div class=\"embed\">\n\0e{embed}\0<p class=\"embed-source\">From <a href=\"\0h{slot}\0\">"
        );
        let _ = escape_html(&mut html, &links::wiki_label(dest));
        html.push_str("</a></p>\n</div>\n");
        self.emit(Event::Html(html.into()));
        self.skipping_embed = true;
    }

    /// Before a table, list or quote followed by a `^block-id` line: an anchor with its id.
    pub(super) fn anchor_block_named_after(&mut self, range: &std::ops::Range<usize>) {
        let gap = self.whitespace_after(range.end);
        let named = (self.block_ids.iter()).position(|b| (range.end..=range.end + gap).contains(&b.offset));
        let Some(index) = named else {
            return;
        };
        let block = self.block_ids.remove(index);
        let id = self.heading_ids.slug(&block.id);
        self.rendered.anchor_ids.push(id.clone());
        let mut html = String::from("<a id=\"");
        let _ = escape_html(&mut html, &id);
        html.push_str("\"></a>\n");
        self.emit(Event::Html(html.into()));
    }

    /// How much whitespace the body has from `offset` on.
    fn whitespace_after(&self, offset: usize) -> usize {
        let rest = self.source.get(offset..).unwrap_or("");
        rest.len() - rest.trim_start().len()
    }

    /// A paragraph's or list item's start, with the id its `^block-id` gives it.
    pub(super) fn with_block_id(&mut self, event: Event<'a>, range: &std::ops::Range<usize>) -> Event<'a> {
        let first_line_end = self.source[range.start..]
            .find('\n')
            .map_or(range.end, |i| range.start + i);
        // A paragraph's marker may also be the line right after it, which blanking
        // turned into the blank line that ends it.
        let end = match event {
            Event::Start(Tag::Item) => first_line_end,
            _ => range.end + self.whitespace_after(range.end) + 1,
        };
        let Some(index) = (self.block_ids.iter()).position(|b| (range.start..end).contains(&b.offset)) else {
            return event;
        };
        let block = self.block_ids.remove(index);
        let id = self.heading_ids.slug(&block.id);
        self.rendered.anchor_ids.push(id.clone());
        let tag = if matches!(event, Event::Start(Tag::Item)) {
            "li"
        } else {
            "p"
        };
        let mut html = format!("<{tag} id=\"");
        let _ = escape_html(&mut html, &id);
        html.push_str("\">");
        Event::Html(html.into())
    }
}

/// The part of an embedded page's HTML that `anchor` names: the section under a
/// heading, a paragraph or list item by its block id; all of it without an anchor. Ids
/// and headings' links to themselves are taken out, so the embedding page keeps each of
/// its own ids once and no link points at an id it does not have.
pub fn part(html: &str, anchor: Option<&str>) -> String {
    let shown = match anchor {
        None => html.to_string(),
        Some(anchor) => element(html, anchor).unwrap_or_default(),
    };
    let mut shown = without_self_links(&without_ids(&shown));
    if !shown.ends_with('\n') {
        shown.push('\n');
    }
    shown
}

/// `html` with each heading's `<a class="self-link" href="#…">` unwrapped to its text.
fn without_self_links(html: &str) -> String {
    const OPEN: &str = "<a class=\"self-link\" href=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(text_start) = after.find('>').map(|i| i + 1) else {
            rest = after;
            break;
        };
        let text = &after[text_start..];
        let end = text.find("</a>").unwrap_or(text.len());
        out.push_str(&text[..end]);
        rest = text.get(end + 4..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The element whose id is `id`, with what belongs to it (a heading's whole section).
fn element(html: &str, id: &str) -> Option<String> {
    let attribute = format!(" id=\"{id}\"");
    let at = html.find(&attribute)?;
    let start = html[..at].rfind('<')?;
    let name: String = html[start + 1..at]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let rest = &html[start..];
    let open_end = rest.find('>')? + 1;
    if name == "a" && rest[open_end..].starts_with("</a>") {
        // An empty anchor names the block after it.
        let after = &rest[open_end + 4..];
        let next = after.find('<')?;
        let name: String = after[next + 1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let block = &after[next..];
        return Some(block[..closing(block, &name)].to_string());
    }
    Some(match name.as_str() {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = name.as_bytes()[1];
            let after_heading = rest.find('>').map_or(rest.len(), |i| i + 1);
            let end = (1..=level)
                .filter_map(|l| rest[after_heading..].find(&format!("<h{}", l as char)))
                .min()
                .map_or(rest.len(), |i| after_heading + i);
            rest[..end].to_string()
        }
        "li" => format!("<ul>\n{}</ul>\n", &rest[..closing(rest, "li")]),
        other => rest[..closing(rest, other)].to_string(),
    })
}

/// The length of the element `rest` starts with, through its matching end tag.
fn closing(rest: &str, name: &str) -> usize {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut at = 0;
    while at < rest.len() {
        let next_open = rest[at..].find(&open).map(|i| at + i);
        let next_close = rest[at..].find(&close).map(|i| at + i);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                at = o + open.len();
            }
            (_, Some(c)) => {
                depth = depth.saturating_sub(1);
                at = c + close.len();
                if depth == 0 {
                    return at;
                }
            }
            _ => break,
        }
    }
    rest.len()
}

/// `html` with every ` id="…"` attribute removed.
fn without_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        out.push_str(&rest[..at]);
        let value = &rest[at + 5..];
        rest = value.find('"').map_or("", |end| &value[end + 1..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_ids_are_blanked_in_place_and_found() {
        let body = "A claim. ^claim-1\n\n```\nx ^not-this\n```\n- item ^item\n2^3 is not one\n\n| a |\n|---|\n^table\n\n![[map.png]]^map\n";
        let (blanked, found) = blank_block_ids(body).expect("markers");
        assert_eq!(blanked.len(), body.len());
        assert_eq!(&blanked[..18], "A claim.         \n");
        assert!(blanked.contains("x ^not-this"), "code keeps its text");
        let ids: Vec<&str> = found.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["claim-1", "item", "table", "map"]);
        assert_eq!(&body[found[0].offset..found[0].offset + 8], "^claim-1");
    }

    #[test]
    fn a_heading_section_ends_at_the_next_heading_of_its_level() {
        let html = "<h2 id=\"a\">A</h2>\n<p>one</p>\n<h3 id=\"b\">B</h3>\n<p>two</p>\n<h2 id=\"c\">C</h2>\n<p>three</p>\n";
        assert_eq!(
            part(html, Some("a")),
            "<h2>A</h2>\n<p>one</p>\n<h3>B</h3>\n<p>two</p>\n"
        );
        let linked = "<h2 id=\"a\"><a class=\"self-link\" href=\"#a\">A &amp; B</a></h2>\n<p>x</p>\n";
        assert_eq!(part(linked, None), "<h2>A &amp; B</h2>\n<p>x</p>\n");
        assert_eq!(part(html, Some("b")), "<h3>B</h3>\n<p>two</p>\n");
        assert_eq!(
            part(
                "<ul>\n<li id=\"x\">a<ul><li>b</li></ul></li>\n<li>c</li></ul>",
                Some("x")
            ),
            "<ul>\n<li>a<ul><li>b</li></ul></li></ul>\n"
        );
        assert_eq!(part(html, Some("missing")), "\n");
        let table = "<a id=\"t\"></a>\n<table><tr><td>1</td></tr></table>\n<p>after</p>";
        assert_eq!(part(table, Some("t")), "<table><tr><td>1</td></tr></table>\n");
    }
}
