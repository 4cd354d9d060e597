//! The glossary: `content/_glossary.yaml` becomes `/glossary/`, and with
//! `[glossary] autolink = true` the first use of each term in a page's prose links to it.

mod common;

use common::{Site, main_of, prose_at};

const GLOSSARY: &str = "- term: AUMF\n  definition: An authorization for the use of military force.\n  aliases: [Authorization for Use of Military Force]\n  source: wpr-text\n- term: Chapter VII\n  definition: The part of the UN Charter on threats to the peace.\n- term: armed attack\n  definition: What triggers self-defense under \"Article 51\".\n";

const NOTE: &str = "---\ntitle: Terms in use\n---\n\nFirst the terms where they are not linked: a [link about the AUMF](@/law/aumf.md), `armed attack` in code.\n\n## Chapter VII in a heading\n\n> Chapter VII in a quote.\n\nThen prose: AUMFs is a longer word; the Authorization for Use of Military Force is the alias, so the AUMF after it is not linked again; chapter vii in lower case, and an armed attack.\n";

fn site_with(glossary: &str, autolink: bool) -> Site {
    let site = Site::fixture("basic");
    site.write("content/_glossary.yaml", glossary);
    site.write("content/law/terms.md", NOTE);
    if autolink {
        site.edit(
            "site.toml",
            "related_count = 3",
            "related_count = 3\n\n[glossary]\nautolink = true",
        );
    }
    site
}

fn built(glossary: &str, autolink: bool) -> Site {
    let site = site_with(glossary, autolink);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    site
}

#[test]
fn the_glossary_page_lists_terms_alphabetically_with_ids() {
    let site = built(GLOSSARY, false);
    insta::assert_snapshot!("glossary_page", main_of(&site.read("public/glossary/index.html")));
    assert!(
        site.read("public/index.html")
            .contains("/kb/glossary/\">Glossary</a>")
    );
    assert!(
        !prose_at(&site, "law/terms/").contains("class=\"term\""),
        "no links to the glossary unless autolink is on"
    );
}

#[test]
fn the_first_use_of_each_term_in_prose_links_to_its_entry() {
    let site = built(GLOSSARY, true);
    // Once per entry (an alias counts as its term), whole words in any case, never in
    // headings, links, code or quotes.
    insta::assert_snapshot!("autolinked_prose", prose_at(&site, "law/terms/"));
}

#[test]
fn a_name_given_twice_and_an_unknown_source_are_errors_in_the_glossary() {
    let site = site_with(
        "- term: AUMF\n  definition: One.\n- term: Aumf\n  definition: The same name, another case.\n- term: Authorization\n  definition: Two.\n  aliases: [AUMF]\n- term: FTO\n  definition: Three.\n  source: wpr-txt\n",
        true,
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for expected in [
        "content/_glossary.yaml:3:9: error: `Aumf` is already a name of the glossary entry `AUMF`",
        "content/_glossary.yaml:7:13: error: `AUMF` is already a name of the glossary entry `AUMF`",
        "content/_glossary.yaml:10:11: error: glossary entry cites unknown source `wpr-txt`",
        "did you mean `wpr-text`?",
    ] {
        assert!(out.stderr.contains(expected), "{expected}: {}", out.stderr);
    }
    let site = site_with("- term: AUMF\n  defintion: One.\n", false);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("content/_glossary.yaml:2:3"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("did you mean `definition`"), "{}", out.stderr);
}
