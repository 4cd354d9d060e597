//! schema.org JSON-LD for an explainer's head: one `Article` (headline, dates, authors,
//! publisher, card image) and a `ClaimReview` for each claim the page checks, which
//! search engines read as fact-checks. Made with serde_json, then made safe to sit
//! inside a `<script>` element.

use serde_json::{Value, json};

use crate::model::PageId;

use super::views::Views;

/// The JSON-LD array for a page's claims (`claims`: indexes into `Site::claims`), or an
/// empty string when it has none.
pub(super) fn claim_review(views: &Views<'_>, page: PageId, claims: &[usize]) -> String {
    if claims.is_empty() {
        return String::new();
    }
    let site = views.site;
    let config = views.config;
    let page_url = config.urls.permalink(&site.pages[page].place.url);
    let publisher = publisher(views);
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

/// The site as the organisation that publishes its pages.
fn publisher(views: &Views<'_>) -> Value {
    json!({
        "@type": "Organization",
        "name": views.config.site.title,
        "url": views.config.urls.permalink(&crate::paths::UrlPath::root()),
    })
}

/// The `Article` object for explainer `page`, or an empty string for other pages.
pub(super) fn article(views: &Views<'_>, page: PageId, card: Option<&str>) -> String {
    let site = views.site;
    let config = views.config;
    let explainer = &site.pages[page];
    if explainer.place.kind != crate::model::PageKind::Explainer {
        return String::new();
    }
    let authors: Vec<Value> = if explainer.authors.is_empty() {
        vec![publisher(views)]
    } else {
        (explainer.authors.iter())
            .map(|&id| {
                let author = views.author(id);
                json!({ "@type": "Person", "name": author.name, "url": config.urls.permalink(&super::author_url(author.id)) })
            })
            .collect()
    };
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": explainer.title(),
        "description": explainer.summary,
        "url": config.urls.permalink(&explainer.place.url),
        "mainEntityOfPage": config.urls.permalink(&explainer.place.url),
        "inLanguage": config.site.language,
        "author": authors,
        "publisher": publisher(views),
    });
    if let Some(date) = explainer.doc.front.date {
        article["datePublished"] = json!(date.day.to_string());
    }
    if let Some(date) = explainer.last_changed() {
        article["dateModified"] = json!(date.day.to_string());
    }
    if let Some(card) = card {
        article["image"] = json!(card);
    }
    script_safe(&article.to_string())
}

/// JSON that cannot end its `<script>` element or open a comment inside it: every `<`
/// is written as `\u003c`, which JSON parsers read back as `<`.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}
