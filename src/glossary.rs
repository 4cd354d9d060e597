//! The site's glossary, `content/_glossary.yaml`: terms with their definitions, read and
//! checked (no term or alias twice), and the matcher that finds a term's uses in prose
//! (with `[glossary] autolink`, the Markdown stage links each term's first use).

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::diag::{Diagnostic, Location, SourceText};

/// The glossary's file under `content/`.
pub(crate) const FILE: &str = "_glossary.yaml";

/// One entry as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryDecl {
    pub term: String,
    pub definition: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A source id for the definition.
    #[serde(default)]
    pub source: Option<String>,
}

/// A checked entry: its anchor on `/glossary/` (`aumf`), and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub decl: EntryDecl,
    pub id: String,
    /// Byte offset of the entry in the file.
    pub offset: usize,
}

/// The glossary: entries in alphabetical order, and a matcher for their names.
#[derive(Debug, Clone)]
pub struct Glossary {
    /// The file, relative to the site root (for diagnostics).
    pub file: PathBuf,
    pub text: String,
    pub entries: Vec<Entry>,
    matcher: Option<AhoCorasick>,
    /// For each pattern of the matcher, its entry.
    pattern_entry: Vec<usize>,
    /// A hash of the file, so `serve` knows when pages must be parsed again.
    pub print: u64,
}

impl Glossary {
    /// The keys an entry may have.
    pub const KEYS: [&str; 4] = ["term", "definition", "aliases", "source"];

    /// The glossary of the file's `text`, whose entries `decls` the loader read from it
    /// (or could not); problems (a term or alias given twice, YAML that is not a list of
    /// entries) come back beside it.
    pub fn read(
        file: PathBuf,
        text: String,
        decls: Result<Vec<EntryDecl>, Box<Diagnostic>>,
    ) -> (Glossary, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let decls = decls.unwrap_or_else(|problem| {
            problems.push(*problem);
            Vec::new()
        });
        let offsets = entry_offsets(&text);
        let source = SourceText::new(&text);
        let mut entries: Vec<Entry> = Vec::with_capacity(decls.len());
        let mut names: HashMap<String, usize> = HashMap::new();
        for (nth, decl) in decls.into_iter().enumerate() {
            let offset = offsets.get(nth).copied().unwrap_or(0);
            let at = |needle: &str| {
                let end = offsets.get(nth + 1).copied().unwrap_or(text.len());
                Location::at(
                    &file,
                    &source,
                    text[offset..end].find(needle).map_or(offset, |i| offset + i),
                )
            };
            if decl.term.trim().is_empty() || decl.definition.trim().is_empty() {
                problems.push(
                    Diagnostic::error(
                        "bad-glossary",
                        at("term:"),
                        "glossary entry without a term or a definition".to_string(),
                    )
                    .with_help("each entry needs `term:` and `definition:`"),
                );
                continue;
            }
            let mut clash = false;
            for name in std::iter::once(&decl.term).chain(&decl.aliases) {
                let key = name.trim().to_lowercase();
                if let Some(&other) = names.get(&key) {
                    let first: &Entry = &entries[other];
                    problems.push(
                        Diagnostic::error(
                            "bad-glossary",
                            at(name),
                            format!(
                                "`{name}` is already a name of the glossary entry `{}`",
                                first.decl.term
                            ),
                        )
                        .with_help(
                            "a term or alias names one entry: merge the two, or drop the alias from one",
                        ),
                    );
                    clash = true;
                }
            }
            if clash {
                continue;
            }
            let index = entries.len();
            for name in std::iter::once(&decl.term).chain(&decl.aliases) {
                names.insert(name.trim().to_lowercase(), index);
            }
            entries.push(Entry {
                id: crate::paths::slugify(&decl.term),
                decl,
                offset,
            });
        }
        entries.sort_by_cached_key(|e| (e.decl.term.to_lowercase(), e.decl.term.clone()));
        let (matcher, pattern_entry) = matcher(&entries);
        let print = crate::hash::stable_hash(&text);
        let glossary = Glossary {
            file,
            text,
            entries,
            matcher,
            pattern_entry,
            print,
        };
        (glossary, problems)
    }

    /// Uses of any term or alias in `text` (whole words, any letter case), leftmost and
    /// longest first, each with its entry's index.
    pub fn uses<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (Range<usize>, usize)> + 't {
        let found = self.matcher.iter().flat_map(move |m| m.find_iter(text));
        found
            .filter(move |m| whole_word(text, m.start(), m.end()))
            .map(|m| (m.start()..m.end(), self.pattern_entry[m.pattern().as_usize()]))
    }
}

/// One matcher over every term and alias; none when the glossary is empty.
fn matcher(entries: &[Entry]) -> (Option<AhoCorasick>, Vec<usize>) {
    let mut patterns = Vec::new();
    let mut pattern_entry = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        for name in std::iter::once(&entry.decl.term).chain(&entry.decl.aliases) {
            patterns.push(name.trim().to_string());
            pattern_entry.push(index);
        }
    }
    if patterns.is_empty() {
        return (None, pattern_entry);
    }
    let matcher = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .ok();
    (matcher, pattern_entry)
}

/// Whether `text[start..end]` is not part of a longer word.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Byte offsets of the top-level `- ` items of a YAML list.
fn entry_offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("- ") || line.trim_end() == "-" {
            offsets.push(at);
        }
        at += line.len();
    }
    offsets
}
