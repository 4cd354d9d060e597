//! Bylines and corrections: each page's `authors:` checked against `[authors]` in
//! site.toml (each author's explainers listed newest first), and every page's
//! `corrections:` checked and collected, newest first.

use crate::config::Config;
use crate::diag::{Diagnostic, did_you_mean};
use crate::load::PageDate;

use super::written::list_item_location;
use super::{PageId, Parsed};

/// An author of `[authors]` (`config.site.authors[id]` holds the name and role).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Author {
    pub id: String,
    /// Their explainers, newest first.
    pub pages: Vec<PageId>,
}

pub(crate) use super::ids::AuthorId;

/// A correction of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Correction {
    pub date: PageDate,
    pub text: String,
    pub page: PageId,
}

/// Every author of site.toml (in id order), each page's authors as they are written, and
/// the problems: an id site.toml does not have.
pub(super) fn authors(
    documents: &[Parsed],
    config: &Config,
    newest_first: &[PageId],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Author>, Vec<Vec<AuthorId>>) {
    let registry = &config.site.authors;
    let mut authors: Vec<Author> = (registry.keys())
        .map(|id| Author {
            id: id.clone(),
            pages: Vec::new(),
        })
        .collect();
    let index = |id: &str| (authors.binary_search_by(|a| a.id.as_str().cmp(id)).ok()).map(AuthorId::at);
    let mut of_page = Vec::with_capacity(documents.len());
    for Parsed { doc, .. } in documents {
        let mut ids = Vec::with_capacity(doc.front.authors.len());
        for name in &doc.front.authors {
            match index(name) {
                Some(found) => ids.push(found),
                None => {
                    let help = match did_you_mean(name, registry.keys().map(String::as_str)) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => format!("add `[authors.{name}]` with a `name` to site.toml"),
                    };
                    diagnostics.push(
                        super::urls::front_matter_error(
                            doc,
                            "authors:",
                            "unknown-author",
                            format!("unknown author `{name}`"),
                        )
                        .with_help(help),
                    );
                }
            }
        }
        of_page.push(ids);
    }
    for &page in newest_first {
        for &author in &of_page[page] {
            authors[author].pages.push(page);
        }
    }
    (authors, of_page)
}

/// Every page's corrections, newest first (then in page order), and the problems: a
/// correction without text.
pub(super) fn corrections(documents: &[Parsed], diagnostics: &mut Vec<Diagnostic>) -> Vec<Correction> {
    let mut corrections = Vec::new();
    for (page, Parsed { doc, .. }) in PageId::enumerate(documents) {
        for (nth, decl) in doc.front.corrections.iter().enumerate() {
            if decl.text.trim().is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        "bad-correction",
                        list_item_location(doc, "corrections", nth, "text:"),
                        "correction with no text".to_string(),
                    )
                    .with_help("say what was wrong and what the page says now"),
                );
                continue;
            }
            corrections.push(Correction {
                date: decl.date,
                text: crate::markdown::smarten(decl.text.trim()),
                page,
            });
        }
    }
    corrections.sort_by(|a, b| b.date.cmp(&a.date).then(a.page.cmp(&b.page)));
    corrections
}
