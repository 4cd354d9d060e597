//! One Markdown file as loaded: its paths, parsed front matter and text. A build drops
//! the body text once it is parsed; a diagnostic that needs a line reads it again.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Location, SourceText};
use crate::hash::stable_hash;

use super::FrontMatter;

/// One Markdown file with its parsed front matter.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to `content/`, e.g. `us-law/war-powers-resolution.md`.
    pub rel_path: PathBuf,
    /// Path relative to the site root, used in diagnostics.
    pub file: PathBuf,
    /// The parsed front matter.
    pub front: FrontMatter,
    /// The whole file (only its front matter once the body is forgotten), so positions
    /// can be reported in the original text.
    pub text: String,
    /// Byte offset in `text` where the body starts, after the front matter.
    pub body_start: usize,
    /// Warnings about the file found while loading it (unknown keys under `warn`).
    pub load_warnings: Vec<Diagnostic>,
    /// Set when the body was dropped: how to find the same text again.
    forgotten: Option<Forgotten>,
}

/// Where a forgotten body can be read again, and what it was.
#[derive(Debug, Clone)]
struct Forgotten {
    path: PathBuf,
    len: usize,
    hash: u64,
    /// Locations worked out before the text went, by body offset (sorted).
    located: Vec<(usize, Location)>,
}

impl Forgotten {
    /// The location worked out for `body_offset` before the text went, if there is one.
    fn located_at(&self, body_offset: usize) -> Option<&Location> {
        let at = (self.located).binary_search_by_key(&body_offset, |(offset, _)| *offset);
        Some(&self.located[at.ok()?].1)
    }
}

impl Document {
    /// A file as read, with its body kept and no load warnings yet.
    pub fn new(
        rel_path: PathBuf,
        file: PathBuf,
        front: FrontMatter,
        text: String,
        body_start: usize,
    ) -> Self {
        Document {
            rel_path,
            file,
            front,
            text,
            body_start,
            load_warnings: Vec::new(),
            forgotten: None,
        }
    }

    /// The Markdown body (empty once it is forgotten).
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Drops the body text, keeping the front matter: once the Markdown stage has run,
    /// only a diagnostic still needs it, and a build of 10,000 pages holds 80 MB less.
    /// `root` is the folder `file` is relative to; the locations of `known` body offsets
    /// (warnings already found) are worked out first, so they need no second read.
    pub fn forget_body(&mut self, root: &Path, known: impl Iterator<Item = usize>) {
        if self.forgotten.is_some() {
            return;
        }
        let mut located: Vec<(usize, Location)> = {
            let locator = self.locator();
            known.map(|offset| (offset, locator.at(offset))).collect()
        };
        located.sort_by_key(|(offset, _)| *offset);
        self.forgotten = Some(Forgotten {
            path: root.join(&self.file),
            len: self.text.len(),
            hash: stable_hash(&self.text),
            located,
        });
        self.text.truncate(self.body_start);
        self.text.shrink_to_fit();
    }

    /// The whole text as it was loaded: kept, or read again if the body was forgotten;
    /// `None` if the file has changed since.
    pub fn source(&self) -> Option<Cow<'_, str>> {
        let Some(forgotten) = &self.forgotten else {
            return Some(Cow::Borrowed(&self.text));
        };
        let text = std::fs::read_to_string(&forgotten.path).ok()?;
        (text.len() == forgotten.len && stable_hash(&text) == forgotten.hash).then_some(Cow::Owned(text))
    }

    /// Locations of byte offsets into the body, for diagnostics.
    pub fn locator(&self) -> Locator<'_> {
        Locator {
            doc: self,
            source: OnceCell::new(),
        }
    }

    /// Byte offset of the line of top-level front-matter key `key:`, if it is written so.
    pub fn front_key_offset(&self, key: &str) -> Option<usize> {
        let front = &self.text[..self.body_start];
        front.find(&format!("\n{key}:")).map(|i| i + 1)
    }

    /// Where the value of front-matter key `key` is written (the file alone when the key
    /// is not found so).
    pub fn front_key_location(&self, key: &str) -> Location {
        match self.front_key_offset(key) {
            Some(offset) => {
                let after_key = offset + key.len() + 1;
                let rest = &self.text[after_key..self.body_start];
                let value = after_key + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
                Location::at(&self.file, &SourceText::new(&self.text), value)
            }
            None => Location::file(&self.file),
        }
    }

    /// `_index.md` makes its folder a section.
    pub fn is_section(&self) -> bool {
        self.rel_path.file_name().is_some_and(|n| n == "_index.md")
    }
}

/// Turns offsets into one document's body into locations; a forgotten body is read
/// again on the first one asked for. If the file changed meanwhile, locations name the
/// file without a line.
pub struct Locator<'d> {
    doc: &'d Document,
    source: OnceCell<Option<SourceText<'d>>>,
}

impl Locator<'_> {
    /// The location of byte `body_offset` of the body (the file alone if it changed since).
    pub fn at(&self, body_offset: usize) -> Location {
        let known = (self.doc.forgotten.as_ref()).and_then(|forgotten| forgotten.located_at(body_offset));
        if let Some(location) = known {
            return location.clone();
        }
        let source = self.source.get_or_init(|| self.doc.source().map(SourceText::new));
        match source {
            Some(source) => Location::at(&self.doc.file, source, self.doc.body_start + body_offset),
            None => Location::file(&self.doc.file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(root: &Path, text: &str) -> Document {
        std::fs::create_dir_all(root.join("content")).expect("mkdir");
        std::fs::write(root.join("content/a.md"), text).expect("write");
        let file = PathBuf::from("content/a.md");
        let read = crate::load::read_front_matter(text, &file, Default::default()).expect("front matter");
        Document::new("a.md".into(), file, read.front, text.to_string(), read.body_start)
    }

    const TEXT: &str = "---\ntitle: A\n---\nline one\nline two has it\n";

    #[test]
    fn a_forgotten_body_is_read_again_for_a_location() {
        let root = std::env::temp_dir().join(format!("briefing-doc-{}", std::process::id()));
        let mut doc = document(&root, TEXT);
        doc.forget_body(&root, [2].into_iter());
        assert_eq!(doc.text, "---\ntitle: A\n---\n");
        let location = doc.locator().at("line one\n".len() + 5);
        assert_eq!(location.at.map(|at| (at.line, at.column)), Some((5, 6)));
        assert_eq!(
            location.excerpt.map(|e| e.text).as_deref(),
            Some("line two has it")
        );

        std::fs::write(root.join("content/a.md"), TEXT.replace("one", "1")).expect("write");
        let location = doc.locator().at(3);
        assert_eq!(location.at, None, "a changed file gives no line");
        let known = doc.locator().at(2);
        assert_eq!(
            known.at.map(|at| (at.line, at.column)),
            Some((4, 3)),
            "located before"
        );
        assert_eq!(location.file, PathBuf::from("content/a.md"));
        std::fs::remove_dir_all(&root).expect("clean up");
    }
}
