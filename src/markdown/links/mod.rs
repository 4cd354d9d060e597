//! What a link destination in Markdown means: another explainer (by content path, relative
//! path or wikilink name), a path from the site root, an anchor on the same page, or
//! something we leave alone.

mod html;
mod wiki;

pub(super) use html::{ids_in_html, slotted_urls_in_html};
pub(super) use wiki::{wiki, wiki_label};

/// An internal link found in Markdown, to be resolved against the whole site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `@/us-law/war-powers-resolution.md#the-60-day-clock`: a path from `content/`.
    Content {
        /// The path after `@/`, relative to `content/`.
        path: String,
        /// What follows `#`, if anything.
        anchor: Option<String>,
    },
    /// `../drugs/what-is-fentanyl.md`: relative to the linking file's folder.
    Relative {
        /// The path as written, from the linking file's folder.
        path: String,
        /// What follows `#`, if anything.
        anchor: Option<String>,
    },
    /// `ch02-00-guessing-game.html`: a page of a generator that writes one `.html` per
    /// Markdown file (mdBook): the page made from `ch02-00-guessing-game.md` beside the
    /// linking file, when there is one; else a link to a file, left as written.
    HtmlPage {
        /// The `.html` path as written.
        path: String,
        /// What follows `#`, if anything.
        anchor: Option<String>,
    },
    /// `[[War Powers Resolution#The 60-day clock]]`: a title, file stem, slug or alias.
    Wiki {
        /// The page's name, before any `#`.
        name: String,
        /// The heading named after `#`, if any.
        anchor: Option<String>,
    },
    /// `/sources/` or `/img/map.png#x`: a path from the site root, written under the base
    /// path; checked as a page link when it names a page.
    Root {
        /// The path without its leading `/`.
        path: String,
        /// What follows `#`, if anything.
        anchor: Option<String>,
    },
    /// `![[map.png]]` or `[[report.pdf]]`: a file under `content/`, found by its name
    /// wherever it is (as Obsidian finds attachments).
    Attachment {
        /// The file's name (or a path ending in it), as written.
        name: String,
    },
    /// `#the-60-day-clock` on the same page.
    Anchor(String),
}

impl LinkTarget {
    /// The page this leads to, spelled as written, without its anchor; `None` for an
    /// anchor on the same page.
    pub fn page(&self) -> Option<LinkTarget> {
        match self {
            LinkTarget::Content { path, .. } => Some(LinkTarget::Content {
                path: path.clone(),
                anchor: None,
            }),
            LinkTarget::Relative { path, .. } => Some(LinkTarget::Relative {
                path: path.clone(),
                anchor: None,
            }),
            LinkTarget::HtmlPage { path, .. } => Some(LinkTarget::HtmlPage {
                path: path.clone(),
                anchor: None,
            }),
            LinkTarget::Wiki { name, .. } => Some(LinkTarget::Wiki {
                name: name.clone(),
                anchor: None,
            }),
            LinkTarget::Root { path, .. } => Some(LinkTarget::Root {
                path: path.clone(),
                anchor: None,
            }),
            LinkTarget::Attachment { name } => Some(LinkTarget::Attachment { name: name.clone() }),
            LinkTarget::Anchor(_) => None,
        }
    }
}

/// Classifies a Markdown link destination; `None` means external or not ours to check.
pub(super) fn classify(dest: &str) -> Option<LinkTarget> {
    let (path, anchor) = split_anchor(dest);
    if let Some(content_path) = path.strip_prefix("@/") {
        return Some(LinkTarget::Content {
            path: content_path.to_string(),
            anchor,
        });
    }
    if path.is_empty() {
        return anchor.map(LinkTarget::Anchor);
    }
    if let Some(root) = root_path(path) {
        return Some(LinkTarget::Root {
            path: root.to_string(),
            anchor,
        });
    }
    if path.contains(':') || path.starts_with('/') {
        return None;
    }
    if path.ends_with(".md") {
        return Some(LinkTarget::Relative {
            path: path.to_string(),
            anchor,
        });
    }
    path.ends_with(".html").then(|| LinkTarget::HtmlPage {
        path: path.to_string(),
        anchor,
    })
}

/// The Markdown file an mdBook-style `.html` link was made from.
pub fn markdown_of_html(path: &str) -> String {
    format!("{}.md", path.strip_suffix(".html").unwrap_or(path))
}

/// `dest` without its leading `/` when it is a path from the site root (not `//host`).
pub(super) fn root_path(dest: &str) -> Option<&str> {
    dest.strip_prefix('/')
        .filter(|rest| !rest.starts_with(['/', '\\']))
}

/// A root path as a link target (anchor split off).
pub(super) fn root_target(dest: &str) -> Option<LinkTarget> {
    let (path, anchor) = split_anchor(dest);
    root_path(path).map(|root| LinkTarget::Root {
        path: root.to_string(),
        anchor,
    })
}

/// A relative reference to a file such as `map.png` or `../data/deaths.csv` (not a page,
/// not an anchor, not absolute, no scheme).
pub(super) fn is_relative_file(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(':')
        && last.contains('.')
        && !last.ends_with(".md")
        && !last.ends_with(".html")
}

/// A relative file written as a Markdown link or image, or in raw HTML (`![](map.png#icon)`,
/// `[report](Files/report%20v2.pdf)`, `<img src="img/ferris.svg">`): found from the
/// linking file's folder as GitHub shows it, or else by name as Obsidian finds it, so it
/// is an attachment. What follows `#` or `?` is dropped.
pub(super) fn vault_file(dest: &str) -> LinkTarget {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    LinkTarget::Attachment {
        name: percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned(),
    }
}

pub(super) fn split_anchor(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (dest, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::HeadingIds;

    #[test]
    fn an_html_file_name_may_be_a_page_made_from_markdown() {
        let page = |path: &str, anchor: Option<&str>| LinkTarget::HtmlPage {
            path: path.to_string(),
            anchor: anchor.map(str::to_string),
        };
        assert_eq!(
            classify("ch02-00.html#loop"),
            Some(page("ch02-00.html", Some("loop")))
        );
        assert_eq!(
            classify("../std/index.html"),
            Some(page("../std/index.html", None))
        );
        assert_eq!(classify("https://doc.rust-lang.org/std/index.html"), None);
        assert_eq!(markdown_of_html("../a/ch01.html"), "../a/ch01.md");
    }

    #[test]
    fn classifies_destinations() {
        assert_eq!(
            classify("@/law/wpr.md#the-60-day-clock"),
            Some(LinkTarget::Content {
                path: "law/wpr.md".into(),
                anchor: Some("the-60-day-clock".into())
            })
        );
        assert_eq!(
            classify("../drugs/a.md"),
            Some(LinkTarget::Relative {
                path: "../drugs/a.md".into(),
                anchor: None
            })
        );
        assert_eq!(classify("#top"), Some(LinkTarget::Anchor("top".into())));
        assert_eq!(classify("https://example.org/a.md"), None);
        assert_eq!(
            classify("/static/file.pdf"),
            Some(LinkTarget::Root {
                path: "static/file.pdf".into(),
                anchor: None
            })
        );
        assert_eq!(classify("//cdn.example.org/a.js"), None, "another host");
        assert_eq!(classify("mailto:x@example.org"), None);
        assert!(is_relative_file("map.png"));
        assert!(is_relative_file("../data/deaths.csv#x"));
        assert!(!is_relative_file("/static/a.pdf"));
        assert!(!is_relative_file("https://example.org/a.png"));
        assert!(!is_relative_file("other.md"));
        assert!(!is_relative_file("../section/"));
        assert_eq!(wiki_label("War Powers"), "War Powers");
        assert_eq!(wiki_label("War Powers#The clock"), "War Powers > The clock");
        assert_eq!(wiki_label("#The clock"), "The clock");
        assert_eq!(
            wiki("#The 60-day clock", HeadingIds::Briefing),
            LinkTarget::Anchor("the-60-day-clock".into())
        );
        assert_eq!(
            wiki("War Powers#The clock", HeadingIds::Briefing),
            LinkTarget::Wiki {
                name: "War Powers".into(),
                anchor: Some("The clock".into())
            }
        );
    }
}
