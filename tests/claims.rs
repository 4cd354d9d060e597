//! Checked claims: `claims:` in front matter become claim boxes on the page, a `/claims/`
//! index and schema.org `ClaimReview` JSON-LD; a bad claim is an error at its line.

mod common;

use common::{Site, main_of};

const CLAIMS: &str = "claims:\n  - claim: \"Congress has never voted on this.\"\n    claimant: A. Senator\n    date: 2024-05-02\n    rating: False\n    summary: The House voted in 1973 -- twice.\n    sources: [wpr-text]\n  - claim: \"</script><script>alert(1)</script>\"\n    claimant: B. Person\n    lang: es\n    date: 2024-06\n    rating: Misleading\n    summary: A claim that spells out markup.\n";

/// The basic fixture with `claims` added to the War Powers page.
fn with_claims(claims: &str) -> Site {
    let site = Site::fixture("basic");
    site.edit(
        "content/law/war-powers.md",
        "aliases: [/old/wpr/]\n",
        &format!("aliases: [/old/wpr/]\n{claims}"),
    );
    site
}

fn built(claims: &str) -> Site {
    let site = with_claims(claims);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    site
}

#[test]
fn claims_are_boxes_on_their_page_and_listed_on_claims() {
    let site = built(CLAIMS);
    let page = site.read("public/law/war-powers/index.html");
    let start = page.find("<section class=\"claims\"").expect("claims");
    let end = start + page[start..].find("</section>").expect("end");
    insta::assert_snapshot!("claim_boxes", &page[start..end]);
    insta::assert_snapshot!("claims_page", main_of(&site.read("public/claims/index.html")));
    assert!(
        site.read("public/index.html")
            .contains("/kb/claims/\">Claims</a>")
    );
}

/// The page's ClaimReview JSON-LD (the array beside its Article object), parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let scripts = html.split("<script type=\"application/ld+json\">").skip(1);
    scripts
        .map(|s| {
            serde_json::from_str::<serde_json::Value>(&s[..s.find("</script>").expect("end")])
                .expect("JSON-LD parses")
        })
        .find(serde_json::Value::is_array)
        .expect("ClaimReview JSON-LD")
}

#[test]
fn each_claim_is_a_schema_org_claim_review() {
    let site = built(CLAIMS);
    let html = site.read("public/law/war-powers/index.html");
    assert_eq!(
        html.matches("<script type=\"application/ld+json\">").count(),
        2,
        "the Article's and the claims' scripts: the claim's own </script> did not end one"
    );
    let reviews = json_ld(&html);
    let reviews = reviews.as_array().expect("an array");
    assert_eq!(reviews.len(), 2);
    // The shape schema.org and search engines' fact-check rules ask of a ClaimReview.
    for (n, review) in reviews.iter().enumerate() {
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(
            review["url"],
            format!("https://example.org/kb/law/war-powers/#claim-{}", n + 1)
        );
        assert!(review["claimReviewed"].is_string());
        assert_eq!(review["author"]["@type"], "Organization");
        assert_eq!(review["author"]["name"], "Fixture KB");
        assert_eq!(review["datePublished"], "2024-06-01", "the page's updated date");
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
        assert_eq!(review["itemReviewed"]["author"]["@type"], "Person");
        let rating = &review["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        assert!(rating["alternateName"].is_string());
        let value = rating["ratingValue"].as_u64().expect("ratingValue");
        assert!((1..=4).contains(&value), "{rating}");
        assert_eq!(
            (rating["bestRating"].as_u64(), rating["worstRating"].as_u64()),
            (Some(4), Some(1))
        );
    }
    assert_eq!(reviews[0]["claimReviewed"], "Congress has never voted on this.");
    assert_eq!(reviews[0]["itemReviewed"]["author"]["name"], "A. Senator");
    assert_eq!(reviews[0]["itemReviewed"]["datePublished"], "2024-05-02");
    assert_eq!(reviews[0]["reviewRating"]["alternateName"], "False");
    assert_eq!(
        reviews[0]["reviewRating"]["ratingValue"], 1,
        "False is the worst of four"
    );
    assert_eq!(
        reviews[1]["reviewRating"]["ratingValue"], 3,
        "Misleading is second best"
    );
    assert_eq!(reviews[1]["claimReviewed"], "</script><script>alert(1)</script>");
    assert!(
        !site.read("public/law/aumf/index.html").contains("ClaimReview"),
        "a page without claims has no ClaimReview"
    );
}

#[test]
fn ratings_come_from_site_toml() {
    let site = with_claims(
        "claims:\n  - claim: \"Words.\"\n    claimant: Someone\n    date: 2024\n    rating: Half true\n    summary: Partly so.\n",
    );
    site.edit(
        "site.toml",
        "related_count = 3",
        "related_count = 3\n\n[claims]\nratings = [\"True\", \"Half true\", \"Pants on fire\"]",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let reviews = json_ld(&site.read("public/law/war-powers/index.html"));
    assert_eq!(reviews[0]["reviewRating"]["ratingValue"], 2);
    assert_eq!(reviews[0]["reviewRating"]["bestRating"], 3);
}

#[test]
fn bad_claims_are_errors_at_their_line_and_column() {
    let site = with_claims(
        "claims:\n  - claim: \"Words.\"\n    claimant: Someone\n    date: 2024\n    rating: Misleadng\n    summary: Partly so.\n  - claim: \"More words.\"\n    claimant: Someone\n    date: 2024\n    rating: False\n    summary: \"\"\n  - claim: \"Still more.\"\n    claimant: Someone\n    date: 2024\n    rating: False\n    summary: Not so.\n    sources: wpr-txt\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for expected in [
        "content/law/war-powers.md:13:13: error: unknown rating `Misleadng`",
        "did you mean `Misleading`?",
        "content/law/war-powers.md:19:5: error: claim with an empty `summary`",
        "content/law/war-powers.md:25:14: error: claim cites unknown source `wpr-txt`",
    ] {
        assert!(out.stderr.contains(expected), "{expected}: {}", out.stderr);
    }
}
