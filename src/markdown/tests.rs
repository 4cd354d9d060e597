//! Tests of the Markdown stage: ids, slots, citations, summaries, figures.

use super::*;

fn render(body: &str) -> Rendered {
    super::render(body, Dialect::default(), None)
}

#[test]
fn headings_get_ids_and_self_links() {
    let out = render("## The 60-day clock\n\n## Notes\n\n## Notes {#custom .wide}\n");
    let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["the-60-day-clock", "notes", "custom"]);
    assert!(out.html.contains(
        "<h2 id=\"the-60-day-clock\"><a class=\"self-link\" href=\"#the-60-day-clock\">The 60-day clock</a></h2>"
    ));
    assert!(out.html.contains("<h2 id=\"custom\" class=\"wide\">"));
}

#[test]
fn internal_links_become_slots_with_positions_and_context() {
    let body = "Intro.\n\nCongress acts. See [the clock](@/law/wpr.md#the-60-day-clock) for more. Then [[War Powers]].\n";
    let out = render(body);
    assert_eq!(out.links.len(), 2);
    assert_eq!(
        out.links[0].target,
        LinkTarget::Content {
            path: "law/wpr.md".into(),
            anchor: Some("the-60-day-clock".into())
        }
    );
    assert_eq!(&body[out.links[0].offset..out.links[0].offset + 5], "[the ");
    assert_eq!(out.links[0].context, "See the clock for more.");
    assert!(out.html.contains("<a href=\"\0h0\0\">the clock</a>"));
    let filled = fill_slots(&out.html, &["/law/wpr/#x".into(), "/wp/".into()], &[], &[]);
    assert!(
        filled.contains("<a href=\"/wp/\">War Powers</a>"),
        "a wikilink shows what was typed: {filled}"
    );
}

#[test]
fn a_backlink_sentence_has_no_space_where_a_citation_was() {
    let out = render("Congress may end [the hostilities](@/a.md) [@wpr]. Next sentence.");
    assert_eq!(out.links[0].context, "Congress may end the hostilities.");
}

#[test]
fn a_citation_marker_keeps_to_the_word_before_it() {
    let out = render("Force was used [@a] and\nagain [@b; @a].");
    assert!(
        out.html
            .contains("used&nbsp;<sup class=\"citation\" id=\"cite-1-1\">"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("again&nbsp;<sup class=\"citation\" id=\"cite-2-1\">"),
        "{}",
        out.html
    );
}

#[test]
fn highlights_become_mark() {
    let out = render("Key: ==the clock runs== for 60 days; a == b stays; ==open only.");
    assert!(
        out.html
            .contains("Key: <mark>the clock runs</mark> for 60 days; a == b stays; ==open only."),
        "{}",
        out.html
    );
    assert_eq!(render("`==code==`").html, "<p><code>==code==</code></p>\n");
}

#[test]
fn an_email_autolink_is_no_file_reference() {
    let out = render("Write to <someone@example.org>.");
    assert!(out.links.is_empty(), "{:?}", out.links);
    assert!(out.html.contains("href=\"mailto:someone@example.org\""));
}

#[test]
fn external_links_are_left_alone() {
    let out = render("[CDC](https://www.cdc.gov/) and [elsewhere](//cdn.example.org/a.js)");
    assert!(out.links.is_empty());
    assert!(out.html.contains("<a href=\"https://www.cdc.gov/\">CDC</a>"));
}

#[test]
fn paths_from_the_site_root_become_slots() {
    let out = render("[file](/static/a.pdf) ![map](/img/m.png \"Map\") <a href=\"/tags/\">t</a>");
    let targets: Vec<&LinkTarget> = out.links.iter().map(|l| &l.target).collect();
    assert_eq!(
        targets,
        [
            &LinkTarget::Root {
                path: "static/a.pdf".into(),
                anchor: None
            },
            &LinkTarget::Root {
                path: "img/m.png".into(),
                anchor: None
            },
            &LinkTarget::Root {
                path: "tags/".into(),
                anchor: None
            },
        ]
    );
    assert!(
        out.html
            .contains("<img src=\"\0h1\0\" alt=\"map\" title=\"Map\" />"),
        "{}",
        out.html
    );
    assert!(out.html.contains("<a href=\"\0h2\0\">t</a>"), "{}", out.html);
}

#[test]
fn citations_are_numbered_in_order_of_first_use() {
    let out = render("A [@b]. B [@a, art. 51]. C [@b].\n\n`[@code]` stays.\n\n```\n[@block]\n```\n");
    assert_eq!(out.cited, ["b", "a"]);
    assert_eq!(out.citations.len(), 3);
    assert_eq!(out.citations[1].locator.as_deref(), Some("art. 51"));
    assert!(
        out.html
            .contains("<sup class=\"citation\" id=\"cite-2-1\"><a href=\"#ref-2\">[2, art. 51]</a></sup>")
    );
    assert!(out.html.contains("id=\"cite-1-2\""));
    assert!(!out.html.contains("</sup></a>"), "no stray link end");
    assert!(out.html.contains("<code>[@code]</code>"));
    assert!(out.html.contains("[@block]"));
}

#[test]
fn summary_is_first_paragraph_or_text_before_more() {
    assert_eq!(
        render("## H\n\nFirst *para*.\n\nSecond.").summary.as_deref(),
        Some("First para.")
    );
    assert_eq!(
        render("One.\n\nTwo.\n\n<!-- more -->\n\nThree.")
            .summary
            .as_deref(),
        Some("One. Two.")
    );
    let long = render(&"word ".repeat(1000)).summary.expect("summary");
    assert!(long.ends_with("word…") && long.chars().count() <= 301, "{long}");
}

#[test]
fn counts_words_and_renders_extensions() {
    let out = render(
        "One two three.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: Note.\n\n~~gone~~ \"quoted\"",
    );
    assert!(out.word_count >= 8);
    assert!(out.html.contains("<table>"));
    assert!(out.html.contains("<del>gone</del>"));
    assert!(out.html.contains("“quoted”"));
    assert!(out.html.contains("footnote-definition"));
}

#[test]
fn counts_each_word_once_whatever_markup_splits_it() {
    let count = |text: &str| render(text).word_count;
    assert_eq!(count("We don't **re**write `code`."), 4);
    assert_eq!(
        count("# A heading\n\n- one\n  - two three\n\n| a b | c |\n|---|---|\n| d | e |"),
        10
    );
    assert_eq!(count("```\nfn main() {}\n```"), 3);
    assert_eq!(count("Before[@src] after.\n\n[@src]: https://example.org"), 2);
}

#[test]
fn nul_bytes_never_reach_the_output() {
    let out = render("a\0b [x](@/y.md)");
    assert_eq!(out.html.matches('\0').count(), 2);
}

#[test]
fn several_citations_in_one_bracket() {
    let out = render("Claim [@a, p. 3; @b].");
    assert_eq!(out.cited, ["a", "b"]);
    assert_eq!(out.citations[0].locator.as_deref(), Some("p. 3"));
    assert!(
        out.html
            .contains("[1, p. 3]</a></sup><sup class=\"citation\" id=\"cite-2-1\">")
    );
}

#[test]
fn semicolons_without_at_continue_the_locator() {
    let out = render("[@c, art. I, § 8; art. II, § 2]");
    assert_eq!(out.cited, ["c"]);
    assert_eq!(
        out.citations[0].locator.as_deref(),
        Some("art. I, § 8; art. II, § 2")
    );
}

#[test]
fn figures_need_a_citation_in_their_block() {
    let body = "Deaths rose 5% [@cdc].\n\nDeaths fell 3%.\n\n- 1,200 seized\n- none here\n\n| Year | Deaths |\n|---|---|\n| 2022 | 107,941 |\n| Source | [@nchs] |\n\n| Year | Deaths |\n|---|---|\n| 2021 | 106,699 |\n";
    let out = render(body);
    let figures: Vec<&str> = out.uncited_figures.iter().map(|f| f.figure.as_str()).collect();
    assert_eq!(figures, ["3%", "1,200", "106,699"]);
    assert_eq!(
        &body[out.uncited_figures[0].offset..out.uncited_figures[0].offset + 2],
        "3%"
    );
}

#[test]
fn a_figure_in_the_text_of_a_link_to_another_explainer_is_sourced_there() {
    let body = "See [Did homicides fall 40%?](@/mexico/h.md) for the series.\n\nSee [a 40% claim](https://example.org).";
    let figures: Vec<String> = render(body)
        .uncited_figures
        .into_iter()
        .map(|f| f.figure)
        .collect();
    assert_eq!(
        figures,
        ["40%"],
        "only the external link's figure needs a citation here"
    );
}

#[test]
fn smarten_makes_typographic_text() {
    assert_eq!(
        smarten("approves -- and \"why\" it's *so*"),
        "approves – and “why” it’s so"
    );
}

#[test]
fn wikilink_text_counts_in_summaries_and_heading_ids() {
    let out = render("## After [[Aumf]]\n\nThe [[War Powers Resolution]] limits force.");
    assert_eq!(
        out.summary.as_deref(),
        Some("The War Powers Resolution limits force.")
    );
    assert_eq!(out.headings[0].id, "after-aumf");
}

#[test]
fn code_never_leaks_into_summaries() {
    assert_eq!(
        render("```\nlet x = 1;\n```\n\nIntro.").summary.as_deref(),
        Some("Intro.")
    );
    assert_eq!(
        render("Use `<!-- more -->` to cut.\n\nNext.").summary.as_deref(),
        Some("Use <!-- more --> to cut.")
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Any mix of Markdown syntax renders without a panic, and every position the stage
    /// reports lies inside the body, on a character boundary.
    #[test]
    fn positions_stay_inside_the_body(
        body in "([ \n>*#|`\\[\\]()!@:-]|\\[\\[|\\]\\]|\\[@|@/|[a-z0-9]{1,4}|é|12,345|\\$5|<script>|<img onerror=x>|javascript:|<!-- more -->|\\.md|\u{0}){0,60}"
    ) {
        let out = render(&body);
        let positions = out
            .links
            .iter()
            .map(|l| l.offset)
            .chain(out.citations.iter().map(|c| c.offset))
            .chain(out.uncited_figures.iter().map(|f| f.offset))
            .chain(out.raw_code.iter().map(|raw| raw.offset))
            .chain(out.refused.iter().map(|refused| match refused {
                crate::markdown::Refused::CodeUrl { offset, .. } | crate::markdown::Refused::TooDeep { offset } => *offset,
            }));
        for offset in positions {
            proptest::prop_assert!(offset <= body.len() && body.is_char_boundary(offset), "{offset} in {body:?}");
        }
        for link in &out.links {
            proptest::prop_assert!(link.context.chars().count() <= 242, "{:?}", link.context);
        }
    }
}

/// An input on which fuzzing found a panic (`fuzz/`, target `markdown`).
#[test]
fn fuzz_crash_context_window_stays_fixed() {
    let body = include_str!("../../tests/fixtures/fuzz/markdown-context-window.md");
    let out = render(body);
    assert!(out.links.iter().all(|l| l.offset <= body.len()));
}
