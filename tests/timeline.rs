//! Timelines: `events:` in front matter become a page's key dates, `/timeline/` (every
//! page's events by year) and `/timeline/atom.xml`; a bad event is an error at its line.

mod common;

use common::{Site, main_of};

/// War Powers events, as a page's front matter gives them (after `aliases:`).
const EVENTS: &str = "events:\n  - date: 1973-11-07\n    text: Congress overrode the veto.\n    source: wpr-text\n  - date: 1973\n    text: The year the resolution passed.\n  - date: 2024-05\n    text: Two sources back this.\n    source: [wpr-text, un-charter]\n";

/// The basic fixture with `events` added to the War Powers page (and `more` to AUMF).
fn with_events(events: &str, more: &str) -> Site {
    let site = Site::fixture("basic");
    site.edit(
        "content/law/war-powers.md",
        "aliases: [/old/wpr/]\n",
        &format!("aliases: [/old/wpr/]\n{events}"),
    );
    if !more.is_empty() {
        site.edit("content/law/aumf.md", "title: ", &format!("{more}title: "));
    }
    site
}

#[test]
fn events_make_a_timeline_by_year_and_a_page_s_key_dates() {
    let site = with_events(
        EVENTS,
        "events:\n  - date: 2001-09-18\n    text: The AUMF became law.\n    source: wpr-text\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("timeline_page", main_of(&site.read("public/timeline/index.html")));
    let page = site.read("public/law/war-powers/index.html");
    let start = page.find("<section class=\"key-dates\"").expect("key dates");
    let end = start + page[start..].find("</section>").expect("end");
    insta::assert_snapshot!("key_dates", &page[start..end]);
    assert!(
        site.read("public/sitemap.xml")
            .contains("https://example.org/kb/timeline/"),
        "the timeline is in the sitemap"
    );
}

#[test]
fn the_timeline_feed_lists_events_newest_first() {
    let site = with_events(EVENTS, "");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let xml = site.read("public/timeline/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed Atom");
    let entries: Vec<(String, String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|entry| {
            let text = |name: &str| {
                let node = entry.children().find(|c| c.has_tag_name(name)).expect(name);
                node.text().unwrap_or_default().to_string()
            };
            (text("title"), text("id"), text("updated"))
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "2024-05: Two sources back this.".to_string(),
                "https://example.org/kb/timeline/#e-2024-05-1".to_string(),
                "2024-05-01T00:00:00Z".to_string()
            ),
            (
                "1973-11-07: Congress overrode the veto.".to_string(),
                "https://example.org/kb/timeline/#e-1973-11-07-1".to_string(),
                "1973-11-07T00:00:00Z".to_string()
            ),
            (
                "1973: The year the resolution passed.".to_string(),
                "https://example.org/kb/timeline/#e-1973-1".to_string(),
                "1973-01-01T00:00:00Z".to_string()
            ),
        ]
    );
    let sources = site.read("public/sources/index.html");
    let charter = &sources[sources.find("id=\"un-charter\"").expect("charter")..];
    assert!(
        charter[..charter.find("</li>").expect("end")].contains("War Powers Resolution"),
        "a page whose events cite a source is among its citing pages"
    );
}

#[test]
fn a_site_without_events_has_no_timeline() {
    let site = Site::fixture("basic");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!site.exists("public/timeline"));
    assert!(
        !site
            .read("public/law/war-powers/index.html")
            .contains("key-dates")
    );
}

#[test]
fn bad_events_are_errors_at_their_line_and_column() {
    let site = with_events(
        "events:\n  - date: 1973\n    text: \"\"\n  - date: 2024-05\n    text: A typo in a source id.\n    source: [wpr-text, wpr-txt]\n",
        "",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    // The `aliases:` line is line 8 of the War Powers page; the events start on line 9.
    assert!(
        out.stderr
            .contains("content/law/war-powers.md:11:5: error: event with no text"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("content/law/war-powers.md:14:24: error: event cites unknown source `wpr-txt`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("did you mean `wpr-text`?"), "{}", out.stderr);

    let site = with_events("events:\n  - date: 2025-13\n    text: No such month.\n", "");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("content/law/war-powers.md:10:11: error: events: invalid date `2025-13`"),
        "{}",
        out.stderr
    );

    let site = with_events(
        "events:\n  - date: 2025\n    text: A typo in a key.\n    sourse: wpr-text\n",
        "",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("unknown field `sourse`"), "{}", out.stderr);
}
