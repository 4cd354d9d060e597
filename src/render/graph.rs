//! The site as data: link previews (`previews.json`), and the knowledge graph
//! (`graph.json`: explainers and tags as nodes, links and tag memberships as edges) and
//! as an SVG drawn at build time for the `/graph/` page.
//! One pass over pages, links and tags; the layout is a fixed circle, so no step is
//! quadratic in the number of pages.

use std::f64::consts::TAU;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use pulldown_cmark_escape::escape_html;
use serde::Serialize;

use crate::model::{PageKind, Site};

use super::tag_url;
use super::views::Views;

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Edge<'a> {
    from: &'a str,
    to: &'a str,
    kind: &'static str,
}

fn page_node_id(site: &Site, id: usize) -> String {
    format!("page:{}", crate::diag::display_path(&site.pages[id].doc.rel_path))
}

fn explainers(site: &Site) -> Vec<usize> {
    (0..site.pages.len())
        .filter(|&id| site.pages[id].place.kind == PageKind::Explainer)
        .collect()
}

/// `graph.json`: one node or edge per line, so a change to the site changes a few lines
/// of a diff, and the file is a third smaller than indented JSON.
/// `previews.json`: each explainer's link, title, summary and reading time, which the
/// theme's `previews.js` shows when a reader hovers or focuses a link to it.
pub fn previews(views: &Views<'_>) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Preview<'a> {
        title: &'a str,
        summary: &'a str,
        minutes: usize,
    }
    let site = views.site;
    let previews: std::collections::BTreeMap<String, Preview<'_>> = (explainers(site).into_iter())
        .map(|id| {
            let page = &site.pages[id];
            let preview = Preview {
                title: page.title(),
                summary: &page.summary,
                minutes: crate::render::reading_time(page.body.word_count),
            };
            (views.page_url(id), preview)
        })
        .collect();
    serde_json::to_vec(&previews).unwrap_or_default()
}

pub fn json(views: &Views<'_>) -> Vec<u8> {
    let site = views.site;
    let pages = explainers(site);
    // Each node's id is spelled once; nodes and edges borrow it.
    let mut page_ids = vec![String::new(); site.pages.len()];
    for &id in &pages {
        page_ids[id] = page_node_id(site, id);
    }
    let tag_ids: Vec<String> = site.tags.iter().map(|tag| format!("tag:{}", tag.key)).collect();
    let mut nodes: Vec<Node<'_>> = pages
        .iter()
        .map(|&id| Node {
            id: &page_ids[id],
            kind: "explainer",
            title: site.pages[id].title(),
            url: views.page_url(id),
        })
        .collect();
    nodes.extend(site.tags.iter().zip(&tag_ids).map(|(tag, id)| Node {
        id,
        kind: "tag",
        title: &tag.name,
        url: views.config.urls.link(&tag_url(&tag.key)),
    }));
    let mut edges = Vec::new();
    for &id in &pages {
        let graph = &site.pages[id].graph;
        let links = graph
            .links_to
            .iter()
            .filter(|&&t| site.pages[t].place.kind == PageKind::Explainer)
            .map(|&target| (page_ids[target].as_str(), "link"));
        let tags = graph.tags.iter().map(|&tag| (tag_ids[tag].as_str(), "tag"));
        edges.extend(links.chain(tags).map(|(to, kind)| Edge {
            from: &page_ids[id],
            to,
            kind,
        }));
    }
    let mut out = Vec::with_capacity(128 * (nodes.len() + edges.len()));
    out.extend_from_slice(b"{\"nodes\": [\n");
    write_lines(&mut out, &nodes);
    out.extend_from_slice(b"],\n\"edges\": [\n");
    write_lines(&mut out, &edges);
    out.extend_from_slice(b"]}\n");
    out
}

/// Items as JSON, one per line, separated by commas.
fn write_lines<T: Serialize>(out: &mut Vec<u8>, items: &[T]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        // Writing plain structs with string keys into memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, item);
    }
    out.push(b'\n');
}

const SIZE: f64 = 800.0;
/// Above this many explainers, labels would overlap into noise and are left out.
const MAX_LABELS: usize = 60;

/// The graph picture for a template: drawn only when a template gets it, while its
/// fingerprint hashes what the drawing is made of (explainers in order, their tags and
/// links to explainers, the names that may be shown).
#[derive(Clone, Copy)]
pub struct Svg<'a>(pub &'a Site);

impl Hash for Svg<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let site = self.0;
        for id in explainers(site) {
            let page = &site.pages[id];
            (id, page.title(), &page.graph.tags).hash(state);
            for &target in page
                .graph
                .links_to
                .iter()
                .filter(|&&t| site.pages[t].place.kind == PageKind::Explainer)
            {
                target.hash(state);
            }
            usize::MAX.hash(state);
        }
        for tag in &site.tags {
            tag.name.hash(state);
        }
    }
}

impl Serialize for Svg<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&svg(self.0))
    }
}

/// An SVG of the graph: explainers on the outer ring in section order, tags inside.
fn svg(site: &Site) -> String {
    let pages = explainers(site);
    let centre = SIZE / 2.0;
    let place = |index: usize, count: usize, radius: f64| {
        let angle = TAU * index as f64 / count.max(1) as f64 - TAU / 4.0;
        (centre + radius * angle.cos(), centre + radius * angle.sin())
    };
    let mut page_at = vec![(0.0, 0.0); site.pages.len()];
    for (i, &id) in pages.iter().enumerate() {
        page_at[id] = place(i, pages.len(), SIZE * 0.36);
    }
    let tag_at: Vec<(f64, f64)> = (0..site.tags.len())
        .map(|i| place(i, site.tags.len(), SIZE * 0.18))
        .collect();
    // Every position is written once per edge: spelled once per node.
    let page_xy: Vec<Spelled> = page_at.iter().map(|&at| Spelled::of(at)).collect();
    let tag_xy: Vec<Spelled> = tag_at.iter().map(|&at| Spelled::of(at)).collect();
    let mut out = format!(
        "<svg class=\"graph\" viewBox=\"0 0 {SIZE} {SIZE}\" role=\"img\" aria-labelledby=\"graph-title\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"graph-title\">{} explainers and {} tags; lines show links and tag memberships</title>\n<g class=\"edges-tag\">\n",
        pages.len(),
        site.tags.len()
    );
    for &id in &pages {
        for &tag in &site.pages[id].graph.tags {
            line(&mut out, &page_xy[id], &tag_xy[tag]);
        }
    }
    out.push_str("</g>\n<g class=\"edges-link\">\n");
    for &id in &pages {
        for &target in site.pages[id]
            .graph
            .links_to
            .iter()
            .filter(|&&t| site.pages[t].place.kind == PageKind::Explainer)
        {
            line(&mut out, &page_xy[id], &page_xy[target]);
        }
    }
    out.push_str("</g>\n<g class=\"nodes-tag\">\n");
    for (tag, &(x, y)) in site.tags.iter().zip(&tag_at) {
        let _ = writeln!(out, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\"/>");
        if site.tags.len() <= MAX_LABELS {
            label(&mut out, (x, y + 14.0), &tag.name, "middle");
        }
    }
    out.push_str("</g>\n<g class=\"nodes-explainer\">\n");
    for &id in &pages {
        let (x, y) = page_at[id];
        let _ = writeln!(out, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\"/>");
        if pages.len() <= MAX_LABELS {
            let anchor = if x < centre - 1.0 {
                "end"
            } else if x > centre + 1.0 {
                "start"
            } else {
                "middle"
            };
            let dx = match anchor {
                "end" => -10.0,
                "start" => 10.0,
                _ => 0.0,
            };
            label(&mut out, (x + dx, y + 4.0), site.pages[id].title(), anchor);
        }
    }
    out.push_str("</g>\n</svg>");
    out
}

/// A point's coordinates as the picture writes them (one decimal).
struct Spelled {
    x: String,
    y: String,
}

impl Spelled {
    fn of((x, y): (f64, f64)) -> Spelled {
        Spelled {
            x: format!("{x:.1}"),
            y: format!("{y:.1}"),
        }
    }
}

fn line(out: &mut String, from: &Spelled, to: &Spelled) {
    for (name, value) in [
        ("<line x1=\"", &from.x),
        ("\" y1=\"", &from.y),
        ("\" x2=\"", &to.x),
        ("\" y2=\"", &to.y),
    ] {
        out.push_str(name);
        out.push_str(value);
    }
    out.push_str("\"/>\n");
}

fn label(out: &mut String, (x, y): (f64, f64), text: &str, anchor: &str) {
    let _ = write!(out, "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\">");
    let _ = escape_html(&mut *out, text);
    out.push_str("</text>\n");
}
