//! What a written link target names: the page (by content path, relative path, mdBook
//! `.html` name, wikilink name or URL) and the heading or block id in it, or why none.

use std::path::{Component, Path, PathBuf};

use crate::diag::{did_you_mean, display_path};
use crate::markdown::LinkTarget;

use super::{Hit, PageId, Resolver};

impl Resolver<'_> {
    pub(super) fn resolve_link(&self, from: PageId, target: &LinkTarget) -> Result<Hit, (String, String)> {
        let (page, anchor, wiki_anchor) = match target {
            LinkTarget::Content { path, anchor } => (self.by_path(path, path)?, anchor.clone(), false),
            LinkTarget::Relative { path, anchor } => {
                let from_dir = self.documents[from]
                    .doc
                    .rel_path
                    .parent()
                    .unwrap_or(Path::new(""));
                let joined = normalize(&from_dir.join(path))
                    .map(|p| display_path(&p))
                    .unwrap_or_default();
                (self.by_path(&joined, path)?, anchor.clone(), false)
            }
            LinkTarget::HtmlPage { path, anchor } => {
                let as_markdown = LinkTarget::Relative {
                    path: crate::markdown::markdown_of_html(path),
                    anchor: anchor.clone(),
                };
                return self.resolve_link(from, &as_markdown);
            }
            LinkTarget::Wiki { name, anchor } => (self.by_wiki_name(from, name)?, anchor.clone(), true),
            LinkTarget::Attachment { name } => {
                return Err((format!("`{name}` is a file, not a page"), String::new()));
            }
            LinkTarget::Root { path, anchor } => {
                let page = self
                    .index
                    .at_url(path)
                    .ok_or_else(|| (format!("no page at `/{path}`"), String::new()))?;
                (page, anchor.clone(), false)
            }
            LinkTarget::Anchor(anchor) => (from, Some(anchor.clone()), false),
        };
        let Some(anchor) = anchor else {
            return Ok(Hit { page, anchor: None });
        };
        let target = &self.documents[page].body;
        let headings = &target.headings;
        let wanted = if wiki_anchor {
            // `[[Note#Section#Subsection]]`: Obsidian's path of headings; the last is the one.
            let heading = anchor.rsplit('#').next().unwrap_or(&anchor);
            self.config.site.content.heading_ids.slug(heading)
        } else {
            anchor.clone()
        };
        if headings.iter().any(|h| h.id == wanted) || target.anchor_ids.contains(&wanted) {
            return Ok(Hit {
                page,
                anchor: Some(wanted),
            });
        }
        let file = display_path(&self.documents[page].doc.file);
        let ids = headings.iter().map(|h| h.id.as_str());
        let help = match did_you_mean(&wanted, ids) {
            Some(close) => format!("did you mean `#{close}`?"),
            None if headings.is_empty() => format!("{file} has no headings"),
            None => format!(
                "its headings are: {}",
                headings
                    .iter()
                    .take(8)
                    .map(|h| format!("#{}", h.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Err((format!("broken anchor: {file} has no heading `#{wanted}`"), help))
    }

    pub(super) fn by_path(&self, path: &str, written: &str) -> Result<PageId, (String, String)> {
        self.index.path(path).ok_or_else(|| {
            let help = match self.index.closest_path(path) {
                Some(close) => format!("did you mean `@/{close}`?"),
                None => "link to a file under content/, e.g. `@/section/page.md`".into(),
            };
            (format!("broken link: no page at `{written}`"), help)
        })
    }

    /// The one page a wikilink name means; of several, the one in the linking file's
    /// own folder (as Obsidian picks).
    pub(super) fn by_wiki_name(&self, from: PageId, name: &str) -> Result<PageId, (String, String)> {
        let folder = |id: PageId| self.documents[id].doc.rel_path.parent().map(Path::to_path_buf);
        let named = self.index.named(name);
        let beside: Vec<PageId> = match named {
            [_, _, ..] => named
                .iter()
                .copied()
                .filter(|&id| folder(id) == folder(from))
                .collect(),
            _ => Vec::new(),
        };
        if let [one] = beside.as_slice() {
            return Ok(*one);
        }
        match named {
            [one] => Ok(*one),
            [] => Err((
                format!("broken wikilink: no page titled, named or aliased `{name}`"),
                "check the title, or link with a path: `[text](@/section/page.md)`".into(),
            )),
            many => {
                let files: Vec<String> = many
                    .iter()
                    .map(|&id| display_path(&self.documents[id].doc.file))
                    .collect();
                Err((
                    format!("ambiguous wikilink `[[{name}]]`: it matches {}", files.join(", ")),
                    "link with a path instead: `[text](@/section/page.md)`".into(),
                ))
            }
        }
    }
}

/// Resolves `.` and `..` lexically; `None` if the path climbs out of `content/`.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(name) => out.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}
