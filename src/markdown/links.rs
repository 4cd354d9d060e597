//! What a link destination in Markdown means: another explainer (by content path, relative
//! path or wikilink name), a path from the site root, an anchor on the same page, or
//! something we leave alone.

use crate::paths::HeadingIds;

/// An internal link found in Markdown, to be resolved against the whole site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `@/us-law/war-powers-resolution.md#the-60-day-clock`: a path from `content/`.
    Content { path: String, anchor: Option<String> },
    /// `../drugs/what-is-fentanyl.md`: relative to the linking file's folder.
    Relative { path: String, anchor: Option<String> },
    /// `ch02-00-guessing-game.html`: a page of a generator that writes one `.html` per
    /// Markdown file (mdBook): the page made from `ch02-00-guessing-game.md` beside the
    /// linking file, when there is one; else a link to a file, left as written.
    HtmlPage { path: String, anchor: Option<String> },
    /// `[[War Powers Resolution#The 60-day clock]]`: a title, file stem, slug or alias.
    Wiki { name: String, anchor: Option<String> },
    /// `/sources/` or `/img/map.png#x`: a path from the site root, written under the base
    /// path; checked as a page link when it names a page.
    Root { path: String, anchor: Option<String> },
    /// `![[map.png]]` or `[[report.pdf]]`: a file under `content/`, found by its name
    /// wherever it is (as Obsidian finds attachments).
    Attachment { name: String },
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
pub fn root_path(dest: &str) -> Option<&str> {
    dest.strip_prefix('/')
        .filter(|rest| !rest.starts_with(['/', '\\']))
}

/// A root path as a link target (anchor split off).
pub fn root_target(dest: &str) -> Option<LinkTarget> {
    let (path, anchor) = split_anchor(dest);
    root_path(path).map(|root| LinkTarget::Root {
        path: root.to_string(),
        anchor,
    })
}

/// The `href` and `src` values in a piece of raw HTML that are paths from the site root:
/// each as the byte range of the value (inside its quotes) and the value with character
/// references decoded.
pub fn root_urls_in_html(html: &str) -> Vec<(std::ops::Range<usize>, String)> {
    if !html.contains('=') {
        return Vec::new();
    }
    let lower = html.to_ascii_lowercase();
    let mut found: Vec<(std::ops::Range<usize>, String)> = ["href=", "src="]
        .into_iter()
        .flat_map(|name| attribute_ranges(html, &lower, name))
        .map(|range| {
            (
                range.clone(),
                html_escape::decode_html_entities(&html[range]).into_owned(),
            )
        })
        .filter(|(_, value)| root_path(value).is_some())
        .collect();
    found.sort_by_key(|(range, _)| range.start);
    found
}

/// Where the values of attribute `name` (written `name=`, after a space) lie in a piece
/// of raw HTML, inside their quotes if quoted; `lower` is `html` lowercased.
fn attribute_ranges<'h>(
    html: &'h str,
    lower: &'h str,
    name: &'h str,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'h {
    lower.match_indices(name).filter_map(move |(at, _)| {
        lower[..at].chars().next_back().filter(|c| c.is_whitespace())?;
        let start = at + name.len();
        Some(match html[start..].chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let end = html[start + 1..]
                    .find(quote)
                    .map_or(html.len(), |e| start + 1 + e);
                start + 1..end
            }
            _ => {
                let end = html[start..]
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .map_or(html.len(), |e| start + e);
                start..end
            }
        })
    })
}

/// The `id` values written in a piece of raw HTML, character references decoded.
pub fn ids_in_html(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    (attribute_ranges(html, &lower, "id="))
        .filter(|range| !range.is_empty())
        .map(|range| html_escape::decode_html_entities(&html[range]).into_owned())
        .collect()
}

/// Reads a wikilink destination such as `war-powers-resolution#The 60-day clock`; a
/// heading of the same page (`[[#Heading]]`) is spelled as `heading_ids` spells ids.
pub fn wiki(dest: &str, heading_ids: HeadingIds) -> LinkTarget {
    // In a table, `[[Target\|label]]` escapes its pipe; the backslash is not part of the name.
    let dest = dest.strip_suffix('\\').unwrap_or(dest);
    // Dendron names a note of another vault `dendron://vault/note`; names are site-wide here.
    let dest = (dest.strip_prefix("dendron://"))
        .and_then(|rest| rest.split_once('/'))
        .map_or(dest, |(_vault, note)| note);
    let (name, anchor) = split_anchor(dest);
    let anchor = anchor.map(|anchor| without_dendron_range(&anchor).to_string());
    if is_attachment_name(name.trim()) {
        return LinkTarget::Attachment {
            name: name.trim().to_string(),
        };
    }
    match (name.trim(), anchor) {
        // `[[#Heading]]`: a heading of the same page, named as written.
        ("", Some(anchor)) => LinkTarget::Anchor(heading_ids.slug(&anchor)),
        (name, anchor) => LinkTarget::Wiki {
            name: name.to_string(),
            anchor,
        },
    }
}

/// The text of a wikilink written without a label, as Obsidian shows it: `Note`,
/// `Note > Heading`, and `Heading` for `[[#Heading]]`.
pub fn wiki_label(typed: &str) -> String {
    let typed = typed.strip_suffix('\\').unwrap_or(typed);
    match typed.split_once('#') {
        Some(("", heading)) => heading.trim().to_string(),
        Some((note, heading)) => format!("{} > {}", note.trim(), heading.trim()),
        None => typed.to_string(),
    }
}

/// A wikilink target that names a file other than a note: `map.png`, `report.pdf`. The
/// extension must be one files have: in Dendron's `pkg.tools` or a note titled
/// `Chapter 3.1` the dot is part of a note's name.
pub fn is_attachment_name(name: &str) -> bool {
    const FILE_EXTENSIONS: &[&str] = &[
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "svg",
        "webp",
        "avif",
        "ico",
        "tif",
        "tiff",
        "mp3",
        "wav",
        "m4a",
        "ogg",
        "oga",
        "flac",
        "webm",
        "3gp",
        "mp4",
        "m4v",
        "mov",
        "ogv",
        "mkv",
        "avi",
        "pdf",
        "csv",
        "tsv",
        "json",
        "xml",
        "txt",
        "zip",
        "gz",
        "tar",
        "7z",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "odp",
        "epub",
        "canvas",
        "excalidraw",
        "html",
        "htm",
        "yaml",
        "yml",
        "toml",
    ];
    let last = name.rsplit('/').next().unwrap_or(name);
    last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && FILE_EXTENSIONS
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
    })
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

/// A Dendron note reference's anchor names a range, `heading,1` or `heading,1:#*`
/// (from that heading on): the heading it starts at.
fn without_dendron_range(anchor: &str) -> &str {
    match anchor.split_once(',') {
        Some((heading, range)) if range.starts_with(|c: char| c.is_ascii_digit()) => heading,
        _ => anchor,
    }
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
    fn a_dendron_range_anchors_at_its_first_heading() {
        let heading = |dest: &str| match wiki(dest, HeadingIds::default()) {
            LinkTarget::Wiki { anchor, .. } => anchor,
            _ => None,
        };
        assert_eq!(heading("note#summary,1").as_deref(), Some("summary"));
        assert_eq!(heading("note#lookup,1:#*").as_deref(), Some("lookup"));
        assert_eq!(heading("note#Tea, coffee").as_deref(), Some("Tea, coffee"));
    }

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
    fn root_paths_in_raw_html_are_found_with_their_ranges() {
        let html = "<a href=\"/sources/#x\">s</a> <img src=/img/a.png alt=x> <a href='//cdn.example'>c</a> <a data-href=\"/no\">";
        let found = root_urls_in_html(html);
        let values: Vec<&str> = found.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["/sources/#x", "/img/a.png"]);
        assert_eq!(&html[found[1].0.clone()], "/img/a.png");
    }

    #[test]
    fn ids_in_raw_html_are_found() {
        assert_eq!(
            ids_in_html("<a id=\"old-anchor\"></a> <span data-id=\"no\" ID='b&amp;c'> <p id=x>"),
            ["old-anchor", "b&c", "x"]
        );
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
