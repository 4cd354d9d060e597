//! The graph as a picture drawn at build time: explainers in a column on the left, their
//! tags in a column on the right, tag memberships as dashed lines between the columns and
//! links between explainers as solid curves. Every node is a link to its page.
//!
//! The picture is narrow on purpose: the same SVG is read on a 375 px phone and at
//! 1280 px, so it is laid out for the narrow width (labels wrapped to the column, at
//! least 12 px when the picture fills a phone's text column), and the stylesheet caps
//! its width on wide screens. Labels are wrapped from an estimate of each character's
//! width that errs wide, and each row is as tall as its wrapped label, so no label
//! leaves the picture or meets another; the browser gate measures both.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use pulldown_cmark_escape::escape_html;
use serde::Serialize;

use crate::model::{PageId, PageKind, Site, TagId};
use crate::render::views::Views;

/// Above this many explainers or tags the picture would be a wall of text: the page
/// keeps its lists and `graph.json`, and draws nothing.
const MAX_NODES: usize = 80;

/// The picture's width in SVG units; a label's font size is `FONT` of them.
const WIDTH: f64 = 360.0;
const FONT: f64 = 13.0;
const LINE: f64 = 16.0;
/// Space between two rows of a column.
const GAP: f64 = 9.0;
const MARGIN: f64 = 4.0;
/// Where the explainers' nodes sit; their labels end just left of them.
const EXPLAINER_X: f64 = 184.0;
/// Where the tags' nodes sit; their labels start just right of them.
const TAG_X: f64 = 236.0;
/// Between a node and its label.
const LABEL_OFFSET: f64 = 9.0;

/// The graph picture for a template: drawn only when a template gets it, while its
/// fingerprint hashes what the drawing is made of (explainers in order, their tags and
/// links to explainers, the names and links shown).
#[derive(Clone, Copy)]
pub(crate) struct Svg<'a>(pub &'a Views<'a>);

impl Hash for Svg<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let views = self.0;
        let site = views.site;
        for id in super::explainers(site) {
            let page = &site.pages[id];
            (id, page.title(), views.page_link(id), &page.graph.tags).hash(state);
            links_between_explainers(site, id).for_each(|target| target.hash(state));
            usize::MAX.hash(state);
        }
        for (id, tag) in TagId::enumerate(&site.tags) {
            (&tag.name, views.tag_link(id)).hash(state);
        }
    }
}

impl Serialize for Svg<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&svg(self.0))
    }
}

fn links_between_explainers(site: &Site, id: PageId) -> impl Iterator<Item = PageId> + '_ {
    (site.pages[id].graph.links_to.iter().copied())
        .filter(move |&target| target != id && site.pages[target].place.kind == PageKind::Explainer)
}

/// A node of one column: its label wrapped into lines, its link, and where it sits.
struct Node<'a> {
    lines: Vec<&'a str>,
    link: &'a str,
    /// The top of the node's row.
    top: f64,
}

impl Node<'_> {
    fn height(&self) -> f64 {
        self.lines.len() as f64 * LINE
    }

    /// The node's centre, where its lines meet.
    fn middle(&self) -> f64 {
        self.top + self.height() / 2.0
    }
}

/// The SVG, or nothing for a site too large to draw legibly.
fn svg(views: &Views<'_>) -> String {
    let site = views.site;
    let pages = super::explainers(site);
    if pages.is_empty() || pages.len() > MAX_NODES || site.tags.len() > MAX_NODES {
        return String::new();
    }
    let explainer_width = EXPLAINER_X - LABEL_OFFSET - MARGIN;
    let tag_width = WIDTH - TAG_X - LABEL_OFFSET - MARGIN;
    let mut explainers: Vec<Node<'_>> = (pages.iter())
        .map(|&id| node(site.pages[id].title(), views.page_link(id), explainer_width))
        .collect();
    let column_height = stack(&mut explainers, 0.0);
    let mut row_of = vec![usize::MAX; site.pages.len()];
    for (row, &id) in pages.iter().enumerate() {
        row_of[id] = row;
    }
    let tag_order = tags_by_mean_row(site, &pages);
    let mut tags: Vec<Node<'_>> = (tag_order.iter())
        .map(|&tag| node(&site.tags[tag].name, views.tag_link(tag), tag_width))
        .collect();
    let tags_height = stack(&mut tags, 0.0);
    // The shorter column is spread over the taller one's height.
    let height = column_height.max(tags_height);
    spread(&mut explainers, height - column_height);
    spread(&mut tags, height - tags_height);
    let mut tag_row = vec![0; site.tags.len()];
    for (row, &tag) in tag_order.iter().enumerate() {
        tag_row[tag] = row;
    }

    let mut out = format!(
        "<svg class=\"graph\" viewBox=\"0 0 {WIDTH} {:.0}\" aria-labelledby=\"graph-title\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"graph-title\">{} explainers and {} tags; solid lines link explainers, dashed lines join an explainer to its tags</title>\n<g class=\"edges-tag\">\n",
        height + 2.0 * MARGIN,
        pages.len(),
        site.tags.len()
    );
    for (row, &id) in pages.iter().enumerate() {
        for &tag in &site.pages[id].graph.tags {
            let (from, to) = (explainers[row].middle(), tags[tag_row[tag]].middle());
            let _ = writeln!(
                out,
                "<line x1=\"{EXPLAINER_X}\" y1=\"{from:.1}\" x2=\"{TAG_X}\" y2=\"{to:.1}\"/>"
            );
        }
    }
    out.push_str("</g>\n<g class=\"edges-link\">\n");
    for (row, &id) in pages.iter().enumerate() {
        for target in links_between_explainers(site, id) {
            let (from, to) = (explainers[row].middle(), explainers[row_of[target]].middle());
            // Curves bow into the space between the columns, further the further apart
            // their ends are, so links between neighbours stay distinct from long ones.
            let bow = EXPLAINER_X + (8.0 + (to - from).abs() * 0.08).min(TAG_X - EXPLAINER_X - 6.0);
            let _ = writeln!(
                out,
                "<path d=\"M{EXPLAINER_X} {from:.1}Q{bow:.1} {:.1} {EXPLAINER_X} {to:.1}\"/>",
                (from + to) / 2.0
            );
        }
    }
    out.push_str("</g>\n<g class=\"nodes-tag\">\n");
    for tag in &tags {
        draw_node(&mut out, tag, TAG_X, 4.0, Side::Right);
    }
    out.push_str("</g>\n<g class=\"nodes-explainer\">\n");
    for explainer in &explainers {
        draw_node(&mut out, explainer, EXPLAINER_X, 5.0, Side::Left);
    }
    out.push_str("</g>\n</svg>");
    out
}

fn node<'a>(name: &'a str, link: &'a str, width: f64) -> Node<'a> {
    Node {
        lines: wrap(name, width),
        link,
        top: 0.0,
    }
}

/// Puts each node below the one before it; returns the column's height.
fn stack(column: &mut [Node<'_>], mut top: f64) -> f64 {
    for node in column.iter_mut() {
        node.top = MARGIN + top;
        top += node.height() + GAP;
    }
    top - GAP
}

/// Shares `extra` height out between the gaps of a column.
fn spread(column: &mut [Node<'_>], extra: f64) {
    let gaps = column.len().saturating_sub(1).max(1) as f64;
    for (i, node) in column.iter_mut().enumerate() {
        node.top += extra * i as f64 / gaps;
    }
    if column.len() == 1 {
        column[0].top += extra / 2.0;
    }
}

/// Tags in the order of the mean row of their explainers, so most lines run across
/// rather than up and down; tags on no explainer come last, by name.
fn tags_by_mean_row(site: &Site, pages: &[PageId]) -> Vec<TagId> {
    let mut sum = vec![(0.0, 0usize); site.tags.len()];
    for (row, &id) in pages.iter().enumerate() {
        for &tag in &site.pages[id].graph.tags {
            sum[tag].0 += row as f64;
            sum[tag].1 += 1;
        }
    }
    let mean = |tag: TagId| match sum[tag] {
        (_, 0) => f64::INFINITY,
        (total, count) => total / count as f64,
    };
    let mut order: Vec<TagId> = TagId::all(site.tags.len()).collect();
    order.sort_by(|&a, &b| {
        mean(a)
            .total_cmp(&mean(b))
            .then_with(|| site.tags[a].name.cmp(&site.tags[b].name))
    });
    order
}

/// Which side of its node a label is on.
#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}

fn draw_node(out: &mut String, node: &Node<'_>, x: f64, radius: f64, side: Side) {
    let (label_x, anchor) = match side {
        Side::Left => (x - LABEL_OFFSET, "end"),
        Side::Right => (x + LABEL_OFFSET, "start"),
    };
    out.push_str("<a href=\"");
    let _ = escape_html(&mut *out, node.link);
    let _ = write!(
        out,
        "\"><circle cx=\"{x}\" cy=\"{:.1}\" r=\"{radius}\"/><text x=\"{label_x}\" y=\"{:.1}\" text-anchor=\"{anchor}\">",
        node.middle(),
        node.top + FONT - 1.0,
    );
    // The lines read as one name (its accessible name is the text): the space between two
    // lines goes where it moves nothing, at the start of an end-anchored line and at the
    // end of a start-anchored one.
    let last = node.lines.len().saturating_sub(1);
    for (i, line) in node.lines.iter().enumerate() {
        if i == 0 {
            out.push_str("<tspan>");
        } else {
            let _ = write!(out, "<tspan x=\"{label_x}\" dy=\"{LINE}\">");
            if matches!(side, Side::Left) {
                out.push(' ');
            }
        }
        let _ = escape_html(&mut *out, line);
        if i < last && matches!(side, Side::Right) {
            out.push(' ');
        }
        out.push_str("</tspan>");
    }
    out.push_str("</text></a>\n");
}

/// `text` broken at spaces into lines no wider than `width` (a word wider than that is
/// a line of its own).
fn wrap(text: &str, width: f64) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for (at, word) in text.split(' ').scan(0, |at, word| {
        let here = *at;
        *at += word.len() + 1;
        Some((here, word))
    }) {
        let candidate = &text[start..at + word.len()];
        if end > start && text_width(candidate) > width {
            lines.push(text[start..end].trim());
            start = at;
        }
        end = at + word.len();
    }
    lines.push(text[start..end].trim());
    lines.retain(|line| !line.is_empty());
    lines
}

/// A label's width in SVG units, from rough widths of a sans-serif face's letters,
/// rounded up so an estimate is never narrower than the text drawn.
fn text_width(text: &str) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            ' ' | 'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.3,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '"' | '’' | '‘' => 0.4,
            'm' | 'w' | 'M' | 'W' | '%' | '—' => 0.9,
            'A'..='Z' => 0.72,
            _ => 0.58,
        })
        .sum();
    ems * FONT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_each_line_fits() {
        let title = "Extraditions and transfers: how cartel suspects move from Mexico to the United States";
        let lines = wrap(title, 160.0);
        assert_eq!(lines.join(" "), title);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|line| text_width(line) <= 160.0), "{lines:?}");
    }

    #[test]
    fn a_word_wider_than_the_column_is_a_line_of_its_own() {
        assert_eq!(
            wrap("a Supercalifragilisticexpialidocious b", 60.0),
            ["a", "Supercalifragilisticexpialidocious", "b"]
        );
        assert_eq!(wrap("Short", 160.0), ["Short"]);
    }
}
