//! Bylines and corrections: `authors:` names `[authors.ID]` of site.toml (a byline, and
//! `/authors/ID/` with its feed); `corrections:` is a dated notice at the top of the page,
//! collected on `/corrections/` with a feed.

mod common;

use common::{Site, main_of};

const AUTHORS: &str = "related_count = 3\n\n[authors.ana]\nname = \"Ana Ruiz\"\nrole = \"Legal editor\"\nurl = \"https://example.org/ana\"\n\n[authors.desk]\nname = \"The desk\"\n";

fn with_bylines(front: &str) -> Site {
    let site = Site::fixture("basic");
    site.edit("site.toml", "related_count = 3", AUTHORS);
    site.edit(
        "content/law/war-powers.md",
        "aliases: [/old/wpr/]\n",
        &format!("aliases: [/old/wpr/]\n{front}"),
    );
    site
}

fn built(front: &str) -> Site {
    let site = with_bylines(front);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    site
}

fn header_of(site: &Site, url: &str) -> String {
    let html = site.read(&format!("public/{url}index.html"));
    let start = html.find("<header class=\"explainer-header\">").expect("header");
    let end = start + html[start..].find("</header>").expect("end");
    html[start..end].to_string()
}

#[test]
fn a_byline_and_a_correction_on_the_page() {
    let site = built(
        "authors: [ana, desk]\ncorrections:\n  - date: 2024-06-02\n    text: An earlier version gave the wrong year for the veto override.\n",
    );
    insta::assert_snapshot!("byline_and_correction", header_of(&site, "law/war-powers/"));
}

#[test]
fn authors_have_pages_and_feeds_and_corrections_are_collected() {
    let site = built("authors: ana\ncorrections:\n  - date: 2024-06-02\n    text: Fixed a date.\n");
    site.edit(
        "content/law/aumf.md",
        "title: ",
        "authors: [ana]\ncorrections:\n  - date: 2024-07-01\n    text: Fixed a name.\ntitle: ",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(
        "author_page",
        main_of(&site.read("public/authors/ana/index.html"))
    );
    insta::assert_snapshot!(
        "corrections_page",
        main_of(&site.read("public/corrections/index.html"))
    );
    let titles = |xml: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed Atom");
        doc.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|e| {
                e.children()
                    .find(|c| c.has_tag_name("title"))
                    .and_then(|t| t.text())
                    .map(String::from)
            })
            .collect()
    };
    let aumf = "Authorizations for Use of Military Force";
    assert_eq!(
        titles(&site.read("public/corrections/atom.xml")),
        [
            format!("Correction: {aumf}"),
            "Correction: War Powers Resolution".to_string()
        ],
        "newest first"
    );
    let by_ana = titles(&site.read("public/authors/ana/atom.xml"));
    assert_eq!(by_ana.len(), 2, "{by_ana:?}");
    assert!(site.read("public/authors/desk/index.html").contains("None yet."));
    assert!(
        site.read("public/index.html")
            .contains("/kb/corrections/\">Corrections</a>")
    );
}

#[test]
fn an_unknown_author_and_an_empty_correction_are_errors() {
    let site = with_bylines("authors: [anna]\ncorrections:\n  - date: 2024-06-02\n    text: \"\"\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for expected in [
        "content/law/war-powers.md:9:1: error: unknown author `anna`",
        "did you mean `ana`?",
        "content/law/war-powers.md:12:5: error: correction with no text",
    ] {
        assert!(out.stderr.contains(expected), "{expected}: {}", out.stderr);
    }
    let site = with_bylines("corrections:\n  - date: 2024-13-01\n    text: Bad date.\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("content/law/war-powers.md:10:11"),
        "{}",
        out.stderr
    );
}
