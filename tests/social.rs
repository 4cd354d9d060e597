//! How pages look when shared: with `[social] cards = true` each explainer and the home
//! page get a 1200×630 PNG card (the same bytes every build) named by `og:image` and
//! `twitter:card`; every explainer carries schema.org `Article` JSON-LD.

mod common;

use common::Site;
use serde_json::Value;

fn with_cards() -> Site {
    let site = Site::fixture("basic");
    site.edit(
        "site.toml",
        "related_count = 3",
        "related_count = 3\n\n[social]\ncards = true",
    );
    site
}

/// Gives the War Powers page a new title (and links to it by file name, not title).
fn retitle(site: &Site, title: &str) {
    site.edit("content/law/aumf.md", "[[War Powers Resolution#", "[[war-powers#");
    site.edit(
        "content/law/war-powers.md",
        "title: War Powers Resolution",
        &format!("title: {title}"),
    );
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let word = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (word(16), word(20))
}

fn read_bytes(site: &Site, rel: &str) -> Vec<u8> {
    std::fs::read(site.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn meta<'a>(html: &'a str, attribute: &str) -> Option<&'a str> {
    let at = html.find(&format!("{attribute} content=\""))? + attribute.len() + 10;
    Some(&html[at..at + html[at..].find('"')?])
}

/// The page's `Article` object, parsed.
fn article(html: &str) -> Value {
    let scripts = html.split("<script type=\"application/ld+json\">").skip(1);
    let objects = scripts
        .map(|s| serde_json::from_str::<Value>(&s[..s.find("</script>").expect("end")]).expect("JSON"));
    objects
        .into_iter()
        .find(|v| v["@type"] == "Article")
        .expect("an Article")
}

#[test]
fn cards_are_pngs_named_by_og_image_and_the_same_bytes_every_build() {
    let site = with_cards();
    let out = site.run(&["build", "--base-url", "https://user.github.io/repo/"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let card = read_bytes(&site, "public/law/war-powers/card.png");
    assert_eq!(png_size(&card), (1200, 630));
    assert_eq!(
        png_size(&read_bytes(&site, "public/card.png")),
        (1200, 630),
        "the home page's card"
    );
    assert!(
        !site.exists("public/law/card.png"),
        "sections show the home page's card"
    );
    let page = site.read("public/law/war-powers/index.html");
    let image = "https://user.github.io/repo/law/war-powers/card.png";
    assert_eq!(meta(&page, "property=\"og:image\""), Some(image));
    assert_eq!(meta(&page, "name=\"twitter:card\""), Some("summary_large_image"));
    assert_eq!(meta(&page, "name=\"twitter:image\""), Some(image));
    assert_eq!(article(&page)["image"], image);
    let section = site.read("public/law/index.html");
    assert_eq!(
        meta(&section, "property=\"og:image\""),
        Some("https://user.github.io/repo/card.png")
    );

    let again = site.run(&["build", "--base-url", "https://user.github.io/repo/"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        read_bytes(&site, "public/law/war-powers/card.png"),
        card,
        "reproducible bytes"
    );
    retitle(&site, "The War Powers Act");
    assert_eq!(site.run(&["build"]).code, 0);
    assert_ne!(
        read_bytes(&site, "public/law/war-powers/card.png"),
        card,
        "the card shows the title"
    );
}

#[test]
fn the_article_json_ld_has_headline_dates_author_and_publisher() {
    let site = Site::fixture("basic");
    retitle(&site, "\"War Powers </script><b>Resolution\"");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = site.read("public/law/war-powers/index.html");
    let article = article(&page);
    assert_eq!(article["@context"], "https://schema.org");
    assert_eq!(
        article["headline"], "War Powers </script><b>Resolution",
        "read back whole from inside its script"
    );
    assert_eq!(article["description"], "The 1973 law on committing forces.");
    assert_eq!(article["datePublished"], "2024-03-01");
    assert_eq!(article["dateModified"], "2024-06-01");
    assert_eq!(article["url"], "https://example.org/kb/law/war-powers/");
    assert_eq!(article["publisher"]["@type"], "Organization");
    assert_eq!(article["publisher"]["name"], "Fixture KB");
    assert_eq!(
        article["author"][0]["name"], "Fixture KB",
        "without authors the site is the author"
    );
    assert!(article.get("image").is_none(), "no card without [social] cards");
    assert!(!site.exists("public/law/war-powers/card.png"));
    assert_eq!(meta(&page, "name=\"twitter:card\""), Some("summary"));
    assert!(!page.contains("og:image"));
    let home = site.read("public/index.html");
    assert!(
        !home.contains("\"@type\":\"Article\""),
        "only explainers are articles"
    );
}
