//! The site as data: link previews (`previews.json`), and the knowledge graph
//! (`graph.json`: explainers and tags as nodes, links and tag memberships as edges) and
//! as an SVG drawn at build time for the `/graph/` page.
//! One pass over pages, links and tags; the picture's layout is in `picture`.

mod picture;

use serde::Serialize;

use crate::model::{PageId, PageKind, Site};

use super::tag_url;
use super::views::Views;

pub(super) use picture::Svg;

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

fn page_node_id(site: &Site, id: PageId) -> String {
    format!("page:{}", crate::diag::display_path(&site.pages[id].doc.rel_path))
}

fn explainers(site: &Site) -> Vec<PageId> {
    PageId::all(site.pages.len())
        .filter(|&id| site.pages[id].place.kind == PageKind::Explainer)
        .collect()
}

/// `graph.json`: one node or edge per line, so a change to the site changes a few lines
/// of a diff, and the file is a third smaller than indented JSON.
/// `previews.json`: each explainer's link, title, summary and reading time, which the
/// theme's `previews.js` shows when a reader hovers or focuses a link to it.
pub(super) fn previews(views: &Views<'_>) -> Vec<u8> {
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

pub(super) fn json(views: &Views<'_>) -> Vec<u8> {
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
