//! Warnings about tags: one used by a single explainer (often a misspelling), spellings
//! that differ by more than case and punctuation yet share one tag page, and tags with
//! nothing in them to make a URL of.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Location, SourceText, did_you_mean};
use crate::model::{Page, Site};
use crate::paths::TagKey;

/// Tags used by a single explainer, often a misspelling of another tag.
pub(super) fn lonely_tags(site: &Site) -> Vec<Diagnostic> {
    let shared: Vec<&str> = (site.tags.iter())
        .filter(|t| t.pages.len() > 1)
        .map(|t| t.key.as_str())
        .collect();
    site.tags
        .iter()
        .filter(|tag| tag.pages.len() == 1)
        .map(|tag| {
            let page = &site.pages[tag.pages[0]];
            let warning = Diagnostic::warning(
                "lonely-tag",
                Location::file(&page.doc.file),
                format!("tag `{}` is used only here", tag.name),
            );
            match did_you_mean(tag.key.as_str(), shared.iter().copied()) {
                Some(close) => warning.with_help(format!("did you mean `{close}`?")),
                None => warning,
            }
        })
        .collect()
}

/// One warning per tag whose spellings differ from each other by more than case, spaces
/// and punctuation between words (`C--` and `c` both make `/tags/c/`), at the first page
/// that spells it otherwise than the first page did. (A display name from site.toml is
/// not a spelling.) Each tag name of each page is keyed once.
pub(super) fn merged_spellings(site: &Site) -> Vec<Diagnostic> {
    let mut spellings: BTreeMap<TagKey, Vec<(&str, &Page)>> = BTreeMap::new();
    for page in &site.pages {
        for name in page.doc.front.tags.iter().map(|name| name.trim()) {
            let key = TagKey::new(name);
            let seen = spellings.entry(key).or_default();
            if !seen.iter().any(|(spelled, _)| *spelled == name) {
                seen.push((name, page));
            }
        }
    }
    let mut warnings = Vec::new();
    for (key, seen) in spellings.into_iter().filter(|(key, _)| !key.as_str().is_empty()) {
        let first = seen[0].0;
        let Some(&(other, page)) = seen
            .iter()
            .find(|(name, _)| TagKey::spelling_differs(name, first))
        else {
            continue;
        };
        let shown = (site.tags.binary_search_by(|tag| tag.key.cmp(&key)).ok())
            .map_or(first, |i| site.tags[i].name.as_str());
        let mut all: Vec<&str> = seen.iter().map(|&(name, _)| name).collect();
        all.sort_unstable();
        let list = all
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(
            Diagnostic::warning(
                "merged-tags",
                at_tag(page, other),
                format!("tags {list} are one tag, /tags/{key}/, shown as `{shown}`"),
            )
            .with_help("spell them alike if they are one tag, or rename one if they are not"),
        );
    }
    warnings
}

/// Tags of `page` with no letter or digit, which make no URL and are left out.
pub(super) fn dropped_tags(page: &Page) -> Vec<Diagnostic> {
    (page.doc.front.tags.iter())
        .filter(|name| TagKey::new(name).as_str().is_empty())
        .map(|name| {
            Diagnostic::warning(
                "dropped-tag",
                at_tag(page, name),
                format!(
                    "tag `{}` has no letter or digit to make its URL of: left out",
                    name.trim()
                ),
            )
            .with_help("name it in words, e.g. `hot-topic` for `🔥`")
        })
        .collect()
}

/// Where `name` is written in the page's front matter (the file, if it cannot be found).
fn at_tag(page: &Page, name: &str) -> Location {
    let front = &page.doc.text[..page.doc.body_start.min(page.doc.text.len())];
    match (!name.is_empty()).then(|| front.find(name)).flatten() {
        Some(offset) => Location::at(&page.doc.file, &SourceText::new(front), offset),
        None => Location::file(&page.doc.file),
    }
}
