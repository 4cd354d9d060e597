//! Wikilink destinations as Obsidian and Dendron write them: the note (or file) named,
//! the heading or block in it, and the text a bare wikilink shows.

use crate::paths::HeadingIds;

use super::{LinkTarget, split_anchor};

/// Reads a wikilink destination such as `war-powers-resolution#The 60-day clock`; a
/// heading of the same page (`[[#Heading]]`) is spelled as `heading_ids` spells ids.
pub(crate) fn wiki(dest: &str, heading_ids: HeadingIds) -> LinkTarget {
    // In a table, `[[Target\|label]]` escapes its pipe; the backslash is not part of the name.
    let dest = dest.strip_suffix('\\').unwrap_or(dest);
    let dest = dest.trim();
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
pub(crate) fn wiki_label(typed: &str) -> String {
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
pub(super) fn is_attachment_name(name: &str) -> bool {
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

/// A Dendron note reference's anchor names a range, `heading,1` or `heading,1:#*`
/// (from that heading on): the heading it starts at.
fn without_dendron_range(anchor: &str) -> &str {
    match anchor.split_once(',') {
        Some((heading, range)) if range.starts_with(|c: char| c.is_ascii_digit()) => heading,
        _ => anchor,
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
}
