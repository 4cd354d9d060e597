//! Resolving what pages point at: internal links and wikilinks (with heading anchors),
//! paths from the site root, attachments, citations, and pinned related pages, through the
//! lookup tables of `model::index`. Every miss is an error at its file:line:col.

use pulldown_cmark_escape::escape_href;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::Locator;
use crate::markdown::{Link, LinkTarget};

mod files;
mod target;

use super::index::Index;
use super::sources::{Registry, SourceId};
use super::urls::front_matter_error;
use super::{Body, PageId, Parsed, Placement};

/// A page's links, citations and pins, resolved.
#[derive(Debug, Default)]
pub(super) struct Resolved {
    /// Per link slot: the escaped href.
    pub hrefs: Vec<String>,
    /// Pages linked to, with the index of the link (for backlink context).
    pub targets: Vec<(PageId, usize)>,
    pub references: Vec<SourceId>,
    pub pinned: Vec<PageId>,
    /// Per `![[Note]]` embed: the page shown and the heading or block id it names.
    pub embeds: Vec<Option<(PageId, Option<String>)>>,
}

pub(super) struct Resolver<'a> {
    pub index: &'a Index,
    pub documents: &'a [Parsed],
    pub placements: &'a [Placement],
    pub registry: &'a Registry,
    pub config: &'a Config,
}

/// A link's target page and, if it names one, the heading id.
struct Hit {
    page: PageId,
    anchor: Option<String>,
}

/// What a link's href is made from.
enum Href {
    /// A page (and maybe a heading of it).
    Page(Hit),
    /// A file, a path checked with the rest of the output, or `#` after a reported miss.
    Written(String),
}

impl Resolver<'_> {
    /// Page `id`'s links, embeds, citations and pins, resolved, with every miss.
    pub(super) fn resolve_page(&self, id: PageId) -> (Resolved, Vec<Diagnostic>) {
        let Parsed { doc, body } = &self.documents[id];
        let locator = doc.locator();
        let mut resolved = Resolved::default();
        let mut problems = Vec::new();
        for (slot, link) in body.links.iter().enumerate() {
            let href = match self.link_href(id, link, &locator) {
                Ok(Href::Page(hit)) => {
                    if hit.page != id {
                        resolved.targets.push((hit.page, slot));
                    }
                    self.href(&hit)
                }
                Ok(Href::Written(href)) => href,
                Err(problem) => {
                    problems.push(*problem);
                    String::from("#")
                }
            };
            resolved.hrefs.push(href);
        }
        // Broken embeds were reported as broken links above.
        resolved.embeds = (body.embeds.iter())
            .map(|&slot| {
                let hit = self.resolve_link(id, &body.links[slot].target).ok()?;
                Some((hit.page, hit.anchor))
            })
            .collect();
        problems.extend(self.unknown_sources(body, &locator));
        resolved.references = (body.cited.iter())
            .filter_map(|cited| self.registry.lookup(cited))
            .collect();
        for pin in &doc.front.related {
            match self.resolve_pin(id, pin) {
                Some(page) => resolved.pinned.push(page),
                None => problems.push(front_matter_error(
                    doc,
                    "related:",
                    "broken-link",
                    format!("related page `{pin}` not found"),
                )),
            }
        }
        (resolved, problems)
    }

    /// What one link of page `id` points at, or the problem with it (at its line).
    fn link_href(&self, id: PageId, link: &Link, locator: &Locator<'_>) -> Result<Href, Box<Diagnostic>> {
        let at = |offset: usize| locator.at(offset);
        if self.points_at_failed(&link.target) {
            return Ok(Href::Written("#".into()));
        }
        match &link.target {
            LinkTarget::Attachment { name } => {
                // A note whose name looks like a file (`Chapter 3.1`) is still found.
                let as_note = LinkTarget::Wiki {
                    name: name.clone(),
                    anchor: None,
                };
                return match (self.attachment(id, name), self.resolve_link(id, &as_note)) {
                    (Err(_), Ok(hit)) => Ok(Href::Page(hit)),
                    (found, _) => found.map(Href::Written).map_err(|(message, help)| {
                        Box::new(Diagnostic::error("broken-link", at(link.offset), message).with_help(help))
                    }),
                };
            }
            LinkTarget::Root { path, anchor } if self.index.at_url(path).is_none() => {
                // Not a page: a file or a generated page, written under the base path and
                // checked with the rest of the output.
                return Ok(Href::Written(self.root_href(path, anchor.as_deref())));
            }
            _ => {}
        }
        let hit = self.resolve_link(id, &link.target);
        if let (LinkTarget::HtmlPage { path, anchor }, Err(_)) = (&link.target, &hit) {
            // No page was made from such a file: a link to a file, checked with the rest
            // of the output.
            let mut href = String::new();
            let _ = escape_href(&mut href, path);
            if let Some(anchor) = anchor {
                href.push('#');
                let _ = escape_href(&mut href, anchor);
            }
            return Ok(Href::Written(href));
        }
        hit.map(Href::Page).map_err(|(message, help)| {
            Box::new(match self.left_out_of(id, &link.target) {
                Some((kind, written)) => Diagnostic::warning("unchecked-anchor", at(link.offset), message).with_help(
                    format!("the heading may come from the {kind} `{written}` briefing leaves out of that page; convert it and the anchor is checked"),
                ),
                None => Diagnostic::error("broken-link", at(link.offset), message).with_help(help),
            })
        })
    }

    /// An error at each citation of a source the registry does not have.
    fn unknown_sources(&self, body: &Body, locator: &Locator<'_>) -> Vec<Diagnostic> {
        (body.citations.iter())
            .filter(|citation| self.registry.lookup(&citation.id).is_none())
            .map(|citation| (self.registry).unknown_source(&citation.id, None, locator.at(citation.offset)))
            .collect()
    }

    /// For a link whose page exists but whose anchor does not: the kind and text of the
    /// first construct left out of that page that may add text to it (a Hugo shortcode,
    /// a Liquid tag), which may be where the heading was to come from.
    fn left_out_of(&self, from: PageId, target: &LinkTarget) -> Option<(&str, &str)> {
        let page = match target.page() {
            Some(page) => self.resolve_link(from, &page).ok()?.page,
            None => from,
        };
        (self.documents[page].body.foreign.iter())
            .find(|left_out| left_out.may_add_headings())
            .map(|left_out| (left_out.kind, left_out.written.as_str()))
    }

    /// Links into a file that failed to load were already reported with that file.
    fn points_at_failed(&self, target: &LinkTarget) -> bool {
        match target {
            LinkTarget::Content { path, .. } => self.index.failed(path),
            LinkTarget::Wiki { name, .. } => self.index.failed(&name.to_lowercase()),
            LinkTarget::Relative { .. }
            | LinkTarget::HtmlPage { .. }
            | LinkTarget::Root { .. }
            | LinkTarget::Attachment { .. }
            | LinkTarget::Anchor(_) => false,
        }
    }

    fn resolve_pin(&self, from: PageId, pin: &str) -> Option<PageId> {
        let target = match pin.strip_prefix("@/") {
            Some(path) => LinkTarget::Content {
                path: path.to_string(),
                anchor: None,
            },
            None if pin.ends_with(".md") => LinkTarget::Content {
                path: pin.to_string(),
                anchor: None,
            },
            None => LinkTarget::Wiki {
                name: pin.to_string(),
                anchor: None,
            },
        };
        self.resolve_link(from, &target).ok().map(|hit| hit.page)
    }

    /// `/path#anchor` from the site root, under the base path, escaped for an attribute.
    fn root_href(&self, path: &str, anchor: Option<&str>) -> String {
        let mut href = String::new();
        let _ = escape_href(&mut href, &format!("{}{path}", self.config.urls.base_path()));
        if let Some(anchor) = anchor {
            href.push('#');
            let _ = escape_href(&mut href, anchor);
        }
        href
    }

    fn href(&self, hit: &Hit) -> String {
        let mut href = String::new();
        let _ = escape_href(&mut href, &self.config.urls.link(&self.placements[hit.page].url));
        if let Some(anchor) = &hit.anchor {
            href.push('#');
            let _ = escape_href(&mut href, anchor);
        }
        href
    }
}
