//! Notes written for other tools (Obsidian, Dendron, GitHub-rendered Markdown) build
//! with settings: each case is a small note and what its page must show.

mod common;

use common::{Site, main_of, prose_at};

fn built(content_settings: &str, notes: &[(&str, &str)]) -> Site {
    Site::with_notes(content_settings, notes)
}

#[test]
fn a_wikilink_shows_what_was_typed() {
    let site = built(
        "",
        &[(
            "content/notes/typed.md",
            "---\ntitle: Typed\n---\n\nSee [[aumf]], [[War Powers Resolution#The 60-day clock]], [[#Later]] and [[aumf|the AUMF]].\n\n## Later\n\n### Much later\n\nEnd, [[typed#Later#Much later|nested]].\n",
        )],
    );
    insta::assert_snapshot!(prose_at(&site, "notes/typed/"));
}

#[test]
fn a_file_name_wins_over_a_title_and_bare_aliases_are_names_not_urls() {
    let site = built(
        "",
        &[
            // Titled like the other note's file name: Obsidian links by file name.
            ("content/notes/decoy.md", "---\ntitle: Budget\n---\n\nA decoy.\n"),
            (
                "content/notes/budget.md",
                "---\ntitle: The budget in full\naliases: [money, /old/budget/]\n---\n\nNumbers.\n",
            ),
            (
                "content/notes/links.md",
                "---\ntitle: Links\n---\n\n[[Budget]] and [[money]].\n",
            ),
        ],
    );
    let main = prose_at(&site, "notes/links/");
    assert!(
        main.contains(r#"<a href="/kb/notes/budget/">Budget</a> and <a href="/kb/notes/budget/">money</a>"#),
        "{main}"
    );
    assert!(
        site.exists("public/old/budget/index.html"),
        "a `/` alias is a redirect"
    );
    assert!(!site.exists("public/money/index.html"), "a bare alias is no URL");
}

#[test]
fn dendron_wikilinks_put_the_label_first() {
    let site = built(
        "wikilinks = \"dendron\"\n",
        &[
            ("content/dendron.topic.md", "---\ntitle: Topic\n---\n\nA topic.\n"),
            (
                "content/dendron.links.md",
                "---\ntitle: Dendron links\n---\n\n[[the topic|dendron.topic]], [[dendron.topic]] and [[other vault|dendron://notes/dendron.topic]] and [[spaced | dendron://notes/dendron.topic]].\n\n1. A step\n![[dendron://notes/dendron.topic]]\n\n`[[code|stays]]`\n",
            ),
        ],
    );
    // Dendron writes a space after the pipe; the vault prefix goes all the same. An
    // embed that is not a paragraph of its own (a list item's lazy line) is a link.
    insta::assert_snapshot!(prose_at(&site, "dendron.links/"));
}

#[test]
fn github_heading_ids_match_links_written_against_github() {
    let note = "---\ntitle: Emoji\n---\n\nJump to [the list](#smileys--emotion) or [[#Smileys & Emotion]].\n\n## Smileys & Emotion\n\n## Smileys & Emotion\n";
    let site = built("heading_ids = \"github\"\n", &[("content/notes/emoji.md", note)]);
    let main = prose_at(&site, "notes/emoji/");
    assert!(main.contains(r#"<h2 id="smileys--emotion">"#), "{main}");
    assert!(main.contains(r#"<h2 id="smileys--emotion-1">"#), "{main}");
    assert!(
        main.contains(r#"<a href="/kb/notes/emoji/#smileys--emotion">Smileys &amp; Emotion</a>"#),
        "{main}"
    );
    // The default spelling stays briefing's own, and the GitHub-style anchor is then broken.
    let site = Site::fixture("basic");
    site.write("content/notes/emoji.md", note);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("has no heading `#smileys--emotion`"),
        "{}",
        out.stderr
    );
}

#[test]
fn callouts_and_alerts_are_boxes_and_fold_without_script() {
    let site = built(
        "",
        &[(
            "content/notes/callouts.md",
            "---\ntitle: Callouts\n---\n\n> [!warning] Check the *dates*\n> Figures change.\n\n> [!faq]- Folded\n> Hidden until opened.\n\n> [!NOTE]\n> A GitHub alert.\n\n> [!tip]+\n\n> A plain quote.\n",
        )],
    );
    insta::assert_snapshot!(prose_at(&site, "notes/callouts/"));
}

#[test]
fn definition_lists_give_each_term_an_id() {
    let site = built(
        "",
        &[(
            "content/notes/terms.md",
            "---\ntitle: Terms\n---\n\n[FTO](#foreign-terrorist-organization) first.\n\nForeign terrorist organization\n: A group the State Department designates.\n\nAUMF\n: An authorization for use of military force.\n",
        )],
    );
    insta::assert_snapshot!(prose_at(&site, "notes/terms/"));
}

#[test]
fn other_generators_template_syntax_is_left_out_with_one_warning_per_kind() {
    let site = Site::fixture("basic");
    site.write(
        "content/notes/hugo.md",
        "---\ntitle: Hugo page\n---\n\nSee {{< ref \"a.md\" >}} and {{% note %}}kept text{{% /note %}}.\n{: .lead}\n\nAlso `{{< shown >}}`.\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for expected in [
        "content/notes/hugo.md:5:5: warning: Hugo shortcode `{{< ref \"a.md\" >}}` is not Markdown: left out of the page (3 on this page)",
        "content/notes/hugo.md:6:1: warning: kramdown attribute list `{: .lead}` is not Markdown",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
    let prose = prose_at(&site, "notes/hugo/");
    assert!(
        prose.contains("kept text") && prose.contains("<code>{{&lt; shown &gt;}}</code>"),
        "{prose}"
    );
    assert!(!prose.contains("ref") && !prose.contains(".lead"), "{prose}");
}

#[test]
fn inline_tags_are_page_tags_when_switched_on() {
    let note = "---\ntitle: Tagged inline\n---\n\nOn #policy and #law/war-powers, not #1 or `#code`.\n";
    let site = built("inline_tags = true\n", &[("content/notes/inline.md", note)]);
    let prose = prose_at(&site, "notes/inline/");
    assert!(
        prose.contains(r#"<a class="tag" href="/kb/tags/policy/">#policy</a>"#)
            && prose.contains(r#"<a class="tag" href="/kb/tags/law-war-powers/">#law/war-powers</a>"#),
        "{prose}"
    );
    assert!(prose.contains("not #1 or <code>#code</code>"), "{prose}");
    let tag_page = site.read("public/tags/policy/index.html");
    assert!(
        tag_page.contains("Tagged inline"),
        "the page is listed under its inline tag"
    );
    // Off by default: the text stays text.
    let site = built("", &[("content/notes/inline.md", note)]);
    assert!(prose_at(&site, "notes/inline/").contains("On #policy and"));
    assert!(!site.exists("public/tags/policy/index.html"));
}

#[test]
fn dendron_front_matter_dates_in_milliseconds_and_numeric_titles_are_read() {
    let site = built(
        "wikilinks = \"dendron\"\n",
        &[(
            "content/daily.journal.2022.01.md",
            "---\nid: abc123\ntitle: 2022.01\ndesc: ''\nupdated: 1653409628830\ncreated: 1645837680118\n---\n\nA journal.\n",
        )],
    );
    let html = site.read("public/daily.journal.2022.01/index.html");
    assert!(html.contains(">2022.01</h1>"), "{}", main_of(&html));
    assert!(
        html.contains("2022-05-24"),
        "updated, from milliseconds since 1970: {}",
        main_of(&html)
    );
}

#[test]
fn wikilinks_can_be_switched_off_for_content_where_double_brackets_are_text() {
    let site = built(
        "wikilinks = \"none\"\n",
        &[(
            "content/notes/toml.md",
            "---\ntitle: TOML\n---\n\nAdd a [[menus.main]] table.\n",
        )],
    );
    insta::assert_snapshot!(prose_at(&site, "notes/toml/"));
}

#[test]
fn an_image_embed_in_a_table_may_escape_its_pipe() {
    let site = built(
        "",
        &[
            ("content/attachments/map.png", "png"),
            (
                "content/notes/table.md",
                "---\ntitle: Table\n---\n\n| Map |\n| --- |\n| ![[map.png\\|100]] |\n",
            ),
        ],
    );
    assert!(prose_at(&site, "notes/table/").contains(r#"src="/kb/attachments/map.png""#));
}

#[test]
fn of_two_notes_sharing_a_name_the_one_beside_the_link_wins() {
    let site = built(
        "",
        &[
            (
                "content/publish/security.md",
                "---\ntitle: Publish security\n---\n\nP.\n",
            ),
            (
                "content/sync/security.md",
                "---\ntitle: Sync security\n---\n\nS.\n",
            ),
            (
                "content/publish/intro.md",
                "---\ntitle: Intro\n---\n\nSee [[security]].\n",
            ),
        ],
    );
    assert!(prose_at(&site, "publish/intro/").contains(r#"<a href="/kb/publish/security/">security</a>"#));
    site.write(
        "content/elsewhere.md",
        "---\ntitle: Elsewhere\n---\n\nSee [[security]].\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("ambiguous wikilink `[[security]]`: it matches content/publish/security.md, content/sync/security.md"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_id_written_in_raw_html_is_an_anchor_target() {
    let site = built(
        "heading_ids = \"github\"\n",
        &[(
            "content/ch01.md",
            "# Getting started\n\n<a id=\"old-name\"></a>\n\n## New name\n\nSee [the old section](#old-name) and [again](ch01.md#old-name).\n",
        )],
    );
    assert!(prose_at(&site, "ch01/").contains(r#"<a href="/kb/ch01/#old-name">the old section</a>"#));
}

#[test]
fn html_shown_in_code_is_not_link_checked() {
    let site = built(
        "",
        &[(
            "content/notes/code.md",
            "---\ntitle: Code\n---\n\nWrite `<a href=\"/not-a-page/\">` or:\n\n```html\n<img src=\"missing.png\">\n```\n",
        )],
    );
    assert!(prose_at(&site, "notes/code/").contains("href=\"/not-a-page/\""));
}

#[test]
fn an_mdbook_html_link_names_the_page_made_from_its_markdown() {
    let site = built(
        "heading_ids = \"github\"\nwikilinks = \"none\"\n",
        &[
            (
                "content/book/ch01.md",
                "# Getting started\n\nNext: [the game](ch02-game.html#the-loop).\n",
            ),
            ("content/book/ch02-game.md", "# A game\n\n## The loop\n\nText.\n"),
        ],
    );
    let prose = prose_at(&site, "book/ch01/");
    assert!(
        prose.contains(r#"<a href="/kb/book/ch02-game/#the-loop">the game</a>"#),
        "{prose}"
    );
    let backlinks = site.read("public/book/ch02-game/index.html");
    assert!(
        backlinks.contains("Getting started"),
        "the link counts as a backlink"
    );
}

#[test]
fn an_alias_that_is_the_pages_own_url_in_another_case_is_not_a_collision() {
    let site = built(
        "",
        &[(
            "content/law/has-suffix.md",
            "---\ntitle: HasSuffix\nsummary: A function.\ntags: [war powers]\naliases: [/law/Has-Suffix/, /old/has-suffix/]\n---\n\nText.\n",
        )],
    );
    assert!(
        !site.exists("public/law/Has-Suffix/index.html"),
        "no redirect over the page itself"
    );
    assert!(
        site.exists("public/old/has-suffix/index.html"),
        "other aliases still redirect"
    );
    assert!(site.read("public/law/has-suffix/index.html").contains("<h1"));
}

#[test]
fn a_dendron_note_reference_with_a_range_shows_from_its_heading() {
    let site = built(
        "wikilinks = \"dendron\"\nheading_ids = \"github\"\n",
        &[
            (
                "content/notes/pkg.tools.md",
                "---\ntitle: Tools\nsummary: A note.\ntags: [war powers]\n---\n\nIntro.\n\n## Lookup\n\nFind notes.\n\n## Other\n\nMore.\n",
            ),
            (
                "content/notes/pkg.md",
                "---\ntitle: Package\nsummary: A note.\ntags: [war powers]\n---\n\nSee:\n\n![[dendron://vault/pkg.tools#lookup,1:#*]]\n",
            ),
        ],
    );
    // From the heading to the end of the note: no "Intro.".
    insta::assert_snapshot!(prose_at(&site, "notes/pkg/"));
}

#[test]
fn an_embed_inside_a_line_is_a_link_to_the_note_not_an_image() {
    let site = built(
        "",
        &[(
            "content/notes/inline.md",
            "---\ntitle: Inline\n---\n\nAs ![[aumf]] says, and ![[War Powers Resolution#The 60-day clock]].\n",
        )],
    );
    // Links, not images.
    insta::assert_snapshot!(prose_at(&site, "notes/inline/"));
}

#[test]
fn a_markdown_image_in_a_vault_is_found_beside_the_note_or_else_by_name() {
    let site = built(
        "",
        &[
            ("content/Attachments/diagram.png", "png"),
            ("content/Attachments/my chart.png", "png"),
            ("content/notes/cover.png", "png"),
            ("content/other/cover.png", "png"),
            (
                "content/notes/pictures.md",
                // Obsidian's "shortest path" links: a bare name, a style hint after `#`,
                // a space written as %20; and a name two folders share, found beside the note.
                "---\ntitle: Pictures\n---\n\n![A diagram](diagram.png#interface) ![Chart](my%20chart.png) ![Cover](cover.png) [the file](Attachments/diagram.png)\n",
            ),
        ],
    );
    let prose = prose_at(&site, "notes/pictures/");
    for expected in [
        r#"<img src="/kb/Attachments/diagram.png" alt="A diagram" />"#,
        r#"<img src="/kb/Attachments/my%20chart.png" alt="Chart" />"#,
        r#"<img src="/kb/notes/cover.png" alt="Cover" />"#,
        r#"<a href="/kb/Attachments/diagram.png">the file</a>"#,
    ] {
        assert!(prose.contains(expected), "{expected}\n{prose}");
    }
}

#[test]
fn a_root_link_in_another_case_names_the_page_and_counts_as_a_link() {
    // Hugo lowercases URLs, so its docs link `Name.md` as `/methods/name/`.
    let site = built(
        "",
        &[
            (
                "content/methods/Name.md",
                "---\ntitle: Name\nsummary: S.\n---\n\nThe name.\n",
            ),
            (
                "content/notes/uses.md",
                "---\ntitle: Uses\nsummary: S.\n---\n\nSee [`Name`][] and [it](/methods/name/).\n\n[`Name`]: /methods/name/\n",
            ),
        ],
    );
    let prose = prose_at(&site, "notes/uses/");
    assert!(
        prose.contains(r#"<a href="/kb/methods/Name/"><code>Name</code></a>"#),
        "{prose}"
    );
    let out = site.run(&["build"]);
    assert!(
        !out.stderr.contains("content/methods/Name.md: warning: orphan"),
        "the lowercase links count:\n{}",
        out.stderr
    );
}

#[test]
fn an_anchor_into_a_page_with_left_out_shortcodes_is_a_warning_not_an_error() {
    let site = Site::fixture("basic");
    site.write(
        "content/notes/included.md",
        "---\ntitle: Included\nsummary: S.\n---\n\n## Own heading\n\n{{% include \"/_common/options.md\" %}}\n",
    );
    site.write(
        "content/notes/linker.md",
        "---\ntitle: Linker\nsummary: S.\n---\n\nSee [the option](@/notes/included.md#style) and [own](@/notes/included.md#own-heading).\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected = "content/notes/linker.md:6:5: warning: broken anchor: content/notes/included.md has no heading `#style`";
    assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    assert!(
        out.stderr
            .contains("the heading may come from the Hugo shortcode `{{% include"),
        "{}",
        out.stderr
    );
    // A page that leaves nothing out: the same mistake is an error.
    site.write(
        "content/notes/linker.md",
        "---\ntitle: Linker\nsummary: S.\n---\n\nSee [the clock](@/law/war-powers.md#style).\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("error: broken anchor: content/law/war-powers.md has no heading `#style`"),
        "{}",
        out.stderr
    );
}
