//! Checked claims: every page's `claims:` checked (words, who, a rating the site allows,
//! a summary, sources that exist), in page order.

use crate::diag::{Diagnostic, did_you_mean};
use crate::load::{ClaimDecl, PartialDate};

use super::sources::Registry;
use super::written::list_item_location;
use super::{PageId, Parsed, SourceId};

/// One claim a page checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Claim {
    pub claim: String,
    pub claimant: String,
    pub date: PartialDate,
    pub rating: String,
    /// The rating's place in `[claims] ratings`, 0 being the best.
    pub rank: usize,
    pub summary: String,
    pub sources: Vec<SourceId>,
    /// The language of the words, when not the site's.
    pub lang: Option<String>,
    pub page: PageId,
}

/// Every page's claims in page order (as written within a page), and the problems found.
pub(super) fn collect(
    documents: &[Parsed],
    registry: &Registry,
    ratings: &[String],
) -> (Vec<Claim>, Vec<Diagnostic>) {
    let mut claims = Vec::new();
    let mut problems = Vec::new();
    for (page, Parsed { doc, .. }) in PageId::enumerate(documents) {
        for (nth, decl) in doc.front.claims.iter().enumerate() {
            let at = |needle: &str| list_item_location(doc, "claims", nth, needle);
            if let Some(field) = empty_field(decl) {
                problems.push(
                    Diagnostic::error(
                        "bad-claim",
                        at(&format!("{field}:")),
                        format!("claim with an empty `{field}`"),
                    )
                    .with_help(
                        "a claim needs its words, who made it, a rating and a summary of the evidence",
                    ),
                );
                continue;
            }
            let Some(rank) = ratings.iter().position(|r| *r == decl.rating) else {
                let help = match did_you_mean(&decl.rating, ratings.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "use one of {}, or add it to `[claims] ratings` in site.toml",
                        ratings
                            .iter()
                            .map(|r| format!("`{r}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                problems.push(
                    Diagnostic::error(
                        "bad-claim",
                        at(&decl.rating),
                        format!("unknown rating `{}`", decl.rating),
                    )
                    .with_help(help),
                );
                continue;
            };
            let mut sources = Vec::with_capacity(decl.sources.len());
            for id in &decl.sources {
                match registry.lookup(id) {
                    Some(source) => sources.push(source),
                    None => problems.push(registry.unknown_source(id, Some("claim"), at(id))),
                }
            }
            claims.push(Claim {
                claim: decl.claim.trim().to_string(),
                claimant: decl.claimant.trim().to_string(),
                date: decl.date.clone(),
                rating: decl.rating.clone(),
                rank,
                summary: crate::markdown::smarten(decl.summary.trim()),
                sources,
                lang: decl.lang.clone(),
                page,
            });
        }
    }
    (claims, problems)
}

/// The first of the claim's required texts that is blank.
fn empty_field(decl: &ClaimDecl) -> Option<&'static str> {
    [
        ("claim", &decl.claim),
        ("claimant", &decl.claimant),
        ("summary", &decl.summary),
    ]
    .into_iter()
    .find(|(_, text)| text.trim().is_empty())
    .map(|(field, _)| field)
}
