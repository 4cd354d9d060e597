//! schema.org `ClaimReview` JSON-LD for the claims a page checks: one object per claim,
//! which search engines read as fact-checks. Made with serde_json, then made safe to sit
//! inside a `<script>` element.

use serde_json::{Value, json};

use crate::model::PageId;

use super::views::Views;

/// The JSON-LD array for a page's claims (`claims`: indexes into `Site::claims`), or an
/// empty string when it has none.
pub fn json_ld(views: &Views<'_>, page: PageId, claims: &[usize]) -> String {
    if claims.is_empty() {
        return String::new();
    }
    let site = views.site;
    let config = views.config;
    let page_url = config.urls.permalink(&site.pages[page].place.url);
    let publisher = json!({
        "@type": "Organization",
        "name": config.site.title,
        "url": config.urls.permalink(&crate::paths::UrlPath::root()),
    });
    let best = config.site.claims.ratings.len();
    let reviews: Vec<Value> = claims
        .iter()
        .enumerate()
        .map(|(nth, &index)| {
            let claim = &site.claims[index];
            let mut review = json!({
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": format!("{page_url}#claim-{}", nth + 1),
                "claimReviewed": claim.claim,
                "author": publisher,
                "itemReviewed": {
                    "@type": "Claim",
                    "author": { "@type": "Person", "name": claim.claimant },
                    "datePublished": claim.date.to_string(),
                },
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": best - claim.rank,
                    "bestRating": best,
                    "worstRating": 1,
                    "alternateName": claim.rating,
                },
                "reviewBody": claim.summary,
            });
            if let Some(date) = site.pages[page].last_changed() {
                review["datePublished"] = json!(date.day.to_string());
            }
            review
        })
        .collect();
    script_safe(&Value::Array(reviews).to_string())
}

/// JSON that cannot end its `<script>` element or open a comment inside it: every `<`
/// is written as `\u003c`, which JSON parsers read back as `<`.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}
