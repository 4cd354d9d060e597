//! A page's face: everything about it that other outputs show or depend on. While a
//! page's face is unchanged, an edit to it changes that page's own output and nothing
//! else, so `serve` re-renders that page alone.

use std::hash::{Hash, Hasher};

use crate::load::Document;
use crate::markdown::Rendered;

/// A hash of what other outputs see of a page: its front matter as written (title, tags,
/// dates, summary, sources, slug, aliases…), its heading ids (anchors other pages link
/// to), its links and their sentences (backlinks, the graph, link checks), its
/// citations (the sources page), its Markdown summary and its reading time (listings),
/// and any markup the build refuses (its links include the files it names, checked
/// against the site's files). The HTML itself, and what only the page's own warnings
/// use, are left out.
pub(crate) fn face(doc: &Document, body: &Rendered) -> u64 {
    // Every field named, so a new one does not compile until someone decides whether
    // other pages show it (a field wrongly left out is a stale preview).
    let Rendered {
        html: _,
        headings,
        anchor_ids,
        links,
        citations,
        cited,
        word_count,
        // Search records are rebuilt from every page after each rebuild.
        text: _,
        summary,
        // Only the page's own warnings and its HTML use these.
        uncited_figures: _,
        raw_code: _,
        math_errors: _,
        foreign: _,
        external: _,
        inline_tags,
        charts,
        // Each embed is also one of `links`.
        embeds: _,
        refused,
    } = body;
    let mut hasher = crate::hash::stable_hasher();
    doc.text.get(..doc.body_start).hash(&mut hasher);
    for heading in headings {
        heading.id.hash(&mut hasher);
    }
    // Charts are drawn from files in the model: a changed block changes the model.
    (anchor_ids, inline_tags, charts).hash(&mut hasher);
    for link in links {
        (&link.target, &link.context).hash(&mut hasher);
    }
    for citation in citations {
        (&citation.id, &citation.locator).hash(&mut hasher);
    }
    // Refused markup fails the build, which the one-page path does not check.
    refused.hash(&mut hasher);
    (cited, summary).hash(&mut hasher);
    crate::render::reading_time(*word_count).hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn face_of(text: &str) -> u64 {
        let file = PathBuf::from("content/a.md");
        let read = crate::load::read_front_matter(text, &file, Default::default()).expect("front matter");
        let doc = Document::new(
            PathBuf::from("a.md"),
            file,
            read.front,
            text.to_string(),
            read.body_start,
        );
        face(
            &doc,
            &crate::markdown::render(doc.body(), Default::default(), None),
        )
    }

    const PAGE: &str = "---\ntitle: A\n---\nFirst words, then [B](@/b.md) said so.\n\n## Why\n\nA second paragraph [@src].\n";

    #[test]
    fn an_edit_of_prose_away_from_links_keeps_the_face() {
        let edited = PAGE.replace("A second paragraph", "Another second paragraph");
        assert_eq!(face_of(PAGE), face_of(&edited));
    }

    #[test]
    fn whatever_other_pages_show_changes_the_face() {
        let edits = [
            ("title: A", "title: A2"),
            ("First words", "Other words"),
            ("(@/b.md)", "(@/c.md)"),
            ("## Why", "## Why not"),
            ("[@src]", "[@other]"),
            ("A second paragraph [@src].", &"word ".repeat(300)),
        ];
        for (from, to) in edits {
            let edited = PAGE.replace(from, to);
            assert_ne!(face_of(PAGE), face_of(&edited), "{from} → {to}");
        }
    }
}
