//! Obsidian embeds: a paragraph that is only `![[Note]]`, `![[Note#Heading]]` or
//! `![[Note#^block]]` shows that note, section or block in place, with a link to it;
//! `^block-id` markers are hidden and become ids; embeds that would show themselves
//! again stop; a broken embed is a broken link at its line.

mod common;

use common::{Site, prose_at};

fn vault() -> Site {
    let site = Site::fixture("basic");
    let note = |title: &str, body: &str| {
        format!("---\ntitle: {title}\nsummary: A note.\ntags: [war powers]\n---\n\n{body}\n")
    };
    site.write(
        "content/notes/host.md",
        &note(
            "Host",
            "Before.\n\n![[Clock]]\n\nThen a section:\n\n![[Clock#The 60-day clock]]\n\nThen a block:\n\n![[Claims#^c1]]\n\nAnd a link to [[Claims#^c1|that claim]].",
        ),
    );
    site.write(
        "content/notes/clock.md",
        &note("Clock", "Intro of the clock.\n\n## The 60-day clock\n\nSixty days.\n\n### Extension\n\nThirty more.\n\n## Other\n\nNot in the section."),
    );
    site.write(
        "content/notes/claims.md",
        &note(
            "Claims",
            "First claim, with a [[Clock|link]]. ^c1\n\nSecond claim. ^c2\n\nA third, named below.\n^c3\n\n- an item ^i1\n- another\n\n| Year | Deaths |\n|---|---|\n| 2023 | 105,007 |\n^t1",
        ),
    );
    site.write(
        "content/notes/ping.md",
        &note("Ping", "Ping shows pong:\n\n![[Pong]]"),
    );
    site.write(
        "content/notes/pong.md",
        &note("Pong", "Pong shows ping:\n\n![[Ping]]"),
    );
    site
}

#[test]
fn embeds_show_the_note_its_section_or_its_block_with_a_link_to_it() {
    let site = vault();
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(prose_at(&site, "notes/host/"));
    let claims = prose_at(&site, "notes/claims/");
    assert!(claims.contains("<p id=\"c1\">First claim"), "{claims}");
    assert!(claims.contains("<li id=\"i1\">an item"), "{claims}");
    assert!(
        claims.contains("<p id=\"c3\">A third"),
        "a marker on the next line names the paragraph: {claims}"
    );
    assert!(!claims.contains('^'), "markers are hidden: {claims}");
    assert!(
        claims.contains("<a id=\"t1\"></a>\n<table>"),
        "a marker line names the table before it: {claims}"
    );
}

#[test]
fn an_embed_that_would_show_itself_again_stops() {
    let site = vault();
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ping = prose_at(&site, "notes/ping/");
    assert_eq!(ping.matches("Pong shows ping").count(), 1, "{ping}");
    assert!(
        ping.contains("Not shown here: it would show itself again."),
        "{ping}"
    );
}

#[test]
fn a_broken_embed_is_a_broken_link_at_its_line() {
    let site = vault();
    site.edit("content/notes/host.md", "![[Clock]]", "![[Clokc]]");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("content/notes/host.md:9:1: error: broken wikilink"),
        "{}",
        out.stderr
    );
}

#[test]
fn without_wikilinks_an_embed_is_text() {
    let site = vault();
    site.edit(
        "site.toml",
        "related_count = 3",
        "related_count = 3\n\n[content]\nwikilinks = \"none\"",
    );
    site.remove("content/notes/ping.md");
    site.remove("content/notes/pong.md");
    site.edit("content/notes/claims.md", "with a [[Clock|link]]", "with a link");
    site.edit(
        "content/notes/host.md",
        "And a link to [[Claims#^c1|that claim]].",
        "",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let host = prose_at(&site, "notes/host/");
    assert!(host.contains("![[Clock]]"), "{host}");
    assert!(
        prose_at(&site, "notes/claims/").contains("^c1"),
        "markers are text too"
    );
}
