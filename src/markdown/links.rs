//! What a link destination in Markdown means: another explainer (by content path, relative
//! path or wikilink name), an anchor on the same page, or something we leave alone.

/// An internal link found in Markdown, to be resolved against the whole site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `@/us-law/war-powers-resolution.md#the-60-day-clock`: a path from `content/`.
    Content { path: String, anchor: Option<String> },
    /// `../drugs/what-is-fentanyl.md`: relative to the linking file's folder.
    Relative { path: String, anchor: Option<String> },
    /// `[[War Powers Resolution#The 60-day clock]]`: a title, file stem, slug or alias.
    Wiki { name: String, anchor: Option<String> },
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
            LinkTarget::Wiki { name, .. } => Some(LinkTarget::Wiki {
                name: name.clone(),
                anchor: None,
            }),
            LinkTarget::Anchor(_) => None,
        }
    }
}

/// Classifies a Markdown link destination; `None` means external or not ours to check.
pub fn classify(dest: &str) -> Option<LinkTarget> {
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
    let has_scheme = path.contains(':');
    (!has_scheme && !path.starts_with('/') && path.ends_with(".md")).then(|| LinkTarget::Relative {
        path: path.to_string(),
        anchor,
    })
}

/// Reads a wikilink destination such as `war-powers-resolution#The 60-day clock`.
pub fn wiki(dest: &str) -> LinkTarget {
    let (name, anchor) = split_anchor(dest);
    LinkTarget::Wiki {
        name: name.trim().to_string(),
        anchor,
    }
}

/// A relative reference to a file such as `map.png` or `../data/deaths.csv` (not a page,
/// not an anchor, not absolute, no scheme).
pub fn is_relative_file(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(':')
        && last.contains('.')
        && !last.ends_with(".md")
        && !last.ends_with(".html")
}

fn split_anchor(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (dest, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(classify("/static/file.pdf"), None);
        assert_eq!(classify("mailto:x@example.org"), None);
        assert!(is_relative_file("map.png"));
        assert!(is_relative_file("../data/deaths.csv#x"));
        assert!(!is_relative_file("/static/a.pdf"));
        assert!(!is_relative_file("https://example.org/a.png"));
        assert!(!is_relative_file("other.md"));
        assert!(!is_relative_file("../section/"));
        assert_eq!(
            wiki("War Powers#The clock"),
            LinkTarget::Wiki {
                name: "War Powers".into(),
                anchor: Some("The clock".into())
            }
        );
    }
}
