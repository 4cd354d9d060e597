//! End-to-end builds of fixture sites: outputs, errors with positions, exit codes,
//! drafts, determinism and atomic output.

mod common;

use common::{Site, main_of, snapshot_tree};

#[test]
fn builds_the_fixture_site() {
    let site = Site::fixture("basic");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("Built 6 pages, 3 tags in "),
        "summary line: {}",
        out.stdout
    );
    assert!(out.stdout.trim_end().ends_with("→ public/"), "{}", out.stdout);
    for file in [
        "public/index.html",
        "public/law/index.html",
        "public/law/war-powers/index.html",
        "public/law/aumf/index.html",
        "public/drugs/fentanyl/index.html",
        "public/bundle/index.html",
        "public/bundle/data.txt",
        "public/tags/index.html",
        "public/tags/war-powers/index.html",
        "public/tags/war-powers/atom.xml",
        "public/sources/index.html",
        "public/404.html",
        "public/sitemap.xml",
        "public/atom.xml",
        "public/robots.txt",
        "public/style.css",
        "public/old/wpr/index.html",
        "public/_redirects",
    ] {
        assert!(site.exists(file), "missing {file}");
    }
    assert!(!site.exists("public/draft/index.html"), "drafts are skipped");
}

#[test]
fn links_are_rewritten_to_permalinks_under_the_base_path() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let aumf = site.read("public/law/aumf/index.html");
    assert!(aumf.contains(r#"<a href="/kb/law/war-powers/#the-60-day-clock">the clock</a>"#));
    assert!(aumf.contains(r#"<a href="/kb/law/war-powers/#the-60-day-clock">the clock again</a>"#));
    assert!(aumf.contains(r#"<a href="/kb/drugs/fentanyl/">fentanyl</a>"#));
    let fentanyl = site.read("public/drugs/fentanyl/index.html");
    assert!(fentanyl.contains(r#"<a href="/kb/law/aumf/">Authorizations for Use of Military Force</a>"#));
}

#[test]
fn tags_merge_spellings_and_use_registry_names() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let tag = site.read("public/tags/war-powers/index.html");
    assert!(tag.contains("<h1>War Powers</h1>"));
    assert!(tag.contains("Who decides on force."));
    let newest_first =
        tag.find("Authorizations for Use").expect("aumf") < tag.find("War Powers Resolution").expect("wpr");
    assert!(newest_first, "tag pages list newest first");
    let tags = site.read("public/tags/index.html");
    assert!(tags.contains(r#"<a href="/kb/tags/congress/">Congress</a> <span class="count">(3)</span>"#));
}

#[test]
fn headings_are_unique_and_summaries_follow_the_rules() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let wpr = site.read("public/law/war-powers/index.html");
    assert!(wpr.contains(r#"<h2 id="the-60-day-clock">"#));
    assert!(wpr.contains(r#"<h2 id="the-60-day-clock-1">"#));
    let law = site.read("public/law/index.html");
    assert!(
        law.contains("The 1973 law on committing forces."),
        "front-matter summary"
    );
    let home = site.read("public/index.html");
    assert!(
        home.contains("Fentanyl is a synthetic opioid."),
        "summary before <!-- more -->"
    );
}

#[test]
fn citations_and_reference_list() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let wpr = site.read("public/law/war-powers/index.html");
    let main = main_of(&wpr);
    let start = main.find("<div class=\"prose\">").expect("prose");
    let end = main.find("<section class=\"related\"").expect("related");
    insta::assert_snapshot!("war_powers_citations", &main[start..end]);
}

#[test]
fn backlinks_show_the_linking_sentence() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let wpr = site.read("public/law/war-powers/index.html");
    let backlinks = &wpr[wpr.find("Referenced by").expect("backlinks section")..];
    assert!(backlinks.contains(
        r#"<a class="page-list-title" href="/kb/law/aumf/">Authorizations for Use of Military Force</a>"#
    ));
    assert!(backlinks.contains("“An AUMF stops the clock.”"));
}

#[test]
fn drafts_are_built_with_the_flag() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
    assert!(site.exists("public/draft/index.html"));
}

#[test]
fn front_matter_errors_are_all_reported_with_positions() {
    let site = Site::fixture("basic");
    site.write("content/bad1.md", "---\ntitle: One\ntgas: [x]\n---\n");
    site.write("content/bad2.md", "---\ntitle: [a, b]\n---\n");
    site.write("content/bad3.md", "---\ntitle: Three\ndate: yesterday\n---\n");
    site.write("content/bad4.md", "---\ntitle: Four\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    let expected = [
        "content/bad1.md:3:1: error: unknown field `tgas`\n  |\n3 | tgas: [x]\n  | ^\n  = help: did you mean `tags`?",
        "content/bad2.md:2:8: error: title: invalid type: sequence, expected a string",
        "content/bad3.md:3:7: error: date: invalid date `yesterday`: use YYYY-MM-DD (2024-05-01) or RFC 3339 (2024-05-01T09:30:00Z)",
        "content/bad4.md:1:1: error: front matter is never closed",
    ];
    for message in expected {
        assert!(
            out.stderr.contains(message),
            "missing {message:?} in\n{}",
            out.stderr
        );
    }
    assert!(
        out.stderr.ends_with("Build failed: 4 error(s), 2 warning(s).\n"),
        "{}",
        out.stderr
    );
    assert!(!site.exists("public"), "nothing written");
}

#[test]
fn url_collisions_name_both_files() {
    let site = Site::fixture("basic");
    site.write("content/law/other.md", "---\ntitle: Other\nslug: aumf\n---\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "content/law/other.md: error: content/law/aumf.md and content/law/other.md both claim the URL /law/aumf/"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn broken_links_and_anchors_point_at_the_markdown() {
    let site = Site::fixture("basic");
    site.write(
        "content/links.md",
        "---\ntitle: Links\n---\n\nSee [gone](@/law/missing.md).\nAnd [bad anchor](@/law/war-powers.md#the-90-day-clock).\nAlso [[Nothing Here]].\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    for message in [
        "content/links.md:5:5: error: broken link: no page at `law/missing.md`",
        "content/links.md:6:5: error: broken anchor: content/law/war-powers.md has no heading `#the-90-day-clock`",
        "  = help: did you mean `#the-60-day-clock`?",
        "content/links.md:7:6: error: broken wikilink: no page titled, named or aliased `Nothing Here`",
    ] {
        assert!(
            out.stderr.contains(message),
            "missing {message:?} in\n{}",
            out.stderr
        );
    }
}

#[test]
fn ambiguous_wikilinks_list_the_candidates() {
    let site = Site::fixture("basic");
    site.write("content/drugs/aumf.md", "---\ntitle: Another\n---\n");
    site.write("content/amb.md", "---\ntitle: Amb\n---\n\n[[aumf]]\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "content/amb.md:5:1: error: ambiguous wikilink `[[aumf]]`: it matches content/drugs/aumf.md, content/law/aumf.md"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn unknown_citation_ids_are_errors() {
    let site = Site::fixture("basic");
    site.write(
        "content/cite.md",
        "---\ntitle: Cite\n---\n\nA claim [@un-chartr, art. 2].\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "content/cite.md:5:9: error: unknown source `un-chartr`\n  |\n5 | A claim [@un-chartr, art. 2].\n  |         ^\n  = help: did you mean `un-charter`?"
        ),
        "{}",
        out.stderr
    );
}

/// With search on, as users build: the index too is the same, whatever the order pages
/// finished rendering in and whatever folder the site is in.
#[test]
fn default_builds_of_the_bundled_site_and_a_1k_corpus_are_byte_identical() {
    for (name, make) in [
        ("bundled", Site::bundled as fn() -> Site),
        ("1k corpus", || Site::corpus(1_000)),
    ] {
        let (a, b) = (make(), make());
        for site in [&a, &b] {
            let out = site.run(&["build", "--quiet"]);
            assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        }
        let (first, second) = (
            snapshot_tree(&a.root().join("public")),
            snapshot_tree(&b.root().join("public")),
        );
        assert!(
            first.iter().any(|(file, _)| file.starts_with("pagefind/")),
            "{name}: search is on"
        );
        let differ: Vec<&String> = (first.iter().zip(&second))
            .filter(|(x, y)| x != y)
            .map(|(x, _)| &x.0)
            .collect();
        assert_eq!(first.len(), second.len(), "{name}: same files");
        assert!(differ.is_empty(), "{name}: files differ: {differ:?}");
    }
}

#[test]
fn two_builds_are_byte_identical_from_different_copies() {
    let a = Site::fixture("basic");
    let b = Site::fixture("basic");
    assert_eq!(a.run(&["build"]).code, 0);
    assert_eq!(b.run(&["build"]).code, 0);
    let (first, second) = (
        snapshot_tree(&a.root().join("public")),
        snapshot_tree(&b.root().join("public")),
    );
    assert!(first.len() > 15);
    assert_eq!(first, second);
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let before = snapshot_tree(&site.root().join("public"));
    site.write("content/law/aumf.md", "---\ntitle: [broken\n---\n");
    assert_eq!(site.run(&["build"]).code, 1);
    assert_eq!(snapshot_tree(&site.root().join("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public") && e.path().is_dir())
        .collect();
    assert!(leftovers.is_empty(), "no staging folders left behind");
}

#[test]
fn a_killed_build_is_cleaned_up_by_the_next() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    std::fs::create_dir_all(site.root().join(".public.tmp-999999/half")).expect("fake leftover");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(!site.exists(".public.tmp-999999"));
}

#[test]
fn dangerous_output_folders_are_refused_with_exit_2() {
    let site = Site::fixture("basic");
    for output in [".", "content", "..", "/"] {
        let out = site.run(&["build", "--output", output]);
        assert_eq!(out.code, 2, "{output}: {}", out.stderr);
        assert!(out.stderr.contains("refusing to use"), "{}", out.stderr);
    }
    assert!(site.exists("content/law/aumf.md"), "content untouched");
}

#[test]
fn config_errors_exit_2_with_a_hint() {
    let site = Site::fixture("basic");
    site.write(
        "site.toml",
        "title = 'x'\nbase_url = 'https://example.org'\noutptu_dir = 'out'\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("site.toml:3:1: error: unknown key `outptu_dir` in site.toml"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `output_dir`?"),
        "{}",
        out.stderr
    );
}

/// Notes as Obsidian and Hugo users write them build with settings, not edits.
#[test]
fn notes_written_for_other_tools_build_with_settings() {
    let site = Site::fixture("basic");
    site.write("content/notes/no-front-matter.md", "# A note without front matter\n\nIt says %%a private remark%% little.\n\n%%\nA block of notes to self.\n%%\n");
    site.write("content/notes/obsidian.md", "---\naliases:\ntags:\npermalink: notes/obsidian\ncssclasses: [wide]\ndescription: An Obsidian note.\n---\n# Obsidian note\n\nSee [[#Details]] and [[A note without front matter]].\n\n## Details\n\nMore.\n");
    site.write("content/notes/untitled.md", "Just a line of text.\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "strict by default: {}", out.stderr);
    for expected in [
        "content/notes/obsidian.md:4:1: error: unknown field `permalink`",
        "content/notes/obsidian.md:5:1: error: unknown field `cssclasses`",
        "content/notes/obsidian.md:6:1: error: unknown field `description`",
        "briefing calls it `summary`",
        "[content] unknown_keys = \"extra\"",
    ] {
        assert!(
            out.stderr.contains(expected),
            "every key of the file in one run: {expected}\n{}",
            out.stderr
        );
    }
    site.edit(
        "site.toml",
        "related_count = 3",
        "related_count = 3\n\n[content]\nunknown_keys = \"extra\"",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let note = site.read("public/notes/no-front-matter/index.html");
    let main = common::main_of(&note);
    assert_eq!(main.matches("<h1").count(), 1, "the title is shown once: {main}");
    assert!(main.contains(">A note without front matter</h1>"), "{main}");
    assert!(
        !note.contains("private remark") && !note.contains("notes to self"),
        "comments are dropped"
    );
    assert!(main.contains("It says") && main.contains("little."));
    let obsidian = site.read("public/notes/obsidian/index.html");
    assert!(obsidian.contains("<h1>Obsidian note</h1>") || obsidian.contains(">Obsidian note</h1>"));
    assert!(obsidian.contains("href=\"/kb/notes/no-front-matter/\""));
    assert!(
        site.read("public/notes/untitled/index.html")
            .contains(">untitled</h1>"),
        "titled by its file name"
    );
    site.edit("site.toml", "unknown_keys = \"extra\"", "unknown_keys = \"warn\"");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("content/notes/obsidian.md:4:1: warning: unknown field `permalink`"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_tags_page_says_what_each_tag_covers() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let tags = site.read("public/tags/index.html");
    let entry = tags
        .split("<div class=\"tag-entry\">")
        .find(|e| e.contains(">War Powers</a>"))
        .expect("war powers");
    assert!(entry.contains("<dd>Who decides on force.</dd>"), "{entry}");
}

/// Obsidian's attachments: named by file name, found wherever they are under content/.
#[test]
fn attachments_are_found_by_their_name_anywhere_under_content() {
    let site = Site::fixture("basic");
    site.write("content/attachments/diagram.png", "png bytes");
    site.write("content/files/2026/report.pdf", "pdf bytes");
    site.write("content/notes/vault.md", "---\ntitle: Vault note\n---\n\nSee ![[diagram.png]] and [[report.pdf]] and [[files/2026/report.pdf|the report]].\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = site.read("public/notes/vault/index.html");
    assert!(
        html.contains(r#"<img src="/kb/attachments/diagram.png" alt="diagram.png" />"#),
        "{}",
        common::main_of(&html)
    );
    assert!(
        html.contains(r#"<a href="/kb/files/2026/report.pdf">report.pdf</a>"#),
        "{}",
        common::main_of(&html)
    );
    assert!(html.contains(r#"<a href="/kb/files/2026/report.pdf">the report</a>"#));
    site.write("content/elsewhere/diagram.png", "another");
    site.write(
        "content/notes/vault.md",
        "---\ntitle: Vault note\n---\n\n![[diagram.png]] ![[missing.png]]\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    for expected in [
        "content/notes/vault.md:5:1: error: ambiguous attachment `diagram.png`: content/attachments/diagram.png, content/elsewhere/diagram.png",
        "content/notes/vault.md:5:18: error: no file named `missing.png` under content/",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
}

#[test]
fn previews_json_holds_each_explainer_s_title_summary_and_reading_time() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let previews: serde_json::Value = serde_json::from_str(&site.read("public/previews.json")).expect("json");
    assert_eq!(
        previews["/kb/law/war-powers/"],
        serde_json::json!({"title": "War Powers Resolution", "summary": "The 1973 law on committing forces.", "minutes": 1})
    );
    assert!(previews.get("/kb/law/").is_none(), "sections have no preview");
    let page = site.read("public/law/war-powers/index.html");
    assert!(
        page.contains(r#"<script src="/kb/previews.js" data-previews="/kb/previews.json" defer></script>"#)
    );
    assert!(site.exists("public/previews.js"));
}

#[test]
fn the_sources_page_groups_by_kind_in_a_reader_s_order() {
    let site = Site::fixture("basic");
    let mut shared = site.read("content/_sources.yaml");
    for (id, title) in [
        ("n18", "18 killed in a strike"),
        ("n3", "3 killed in a strike"),
        ("nq", "¿Qué pasó en Sinaloa?"),
        ("nz", "Zeta report"),
        ("ne", "Éxito de la operación"),
        ("nb", "[Bracketed note on a report]"),
        ("nr", "Reuters on the vote"),
    ] {
        shared.push_str(&format!(
            "- id: {id}\n  title: \"{title}\"\n  kind: news\n  date: 2025\n"
        ));
    }
    site.write("content/_sources.yaml", &shared);
    assert_eq!(site.run(&["build"]).code, 0);
    let html = site.read("public/sources/index.html");
    let news = &html[html.find("<h2 id=\"news\">News</h2>").expect("a News group")..];
    let news = &news[..news.find("</section>").expect("end of group")];
    let order: Vec<usize> = ["n3", "n18", "nb", "ne", "nq", "nr", "nz"]
        .iter()
        .map(|id| {
            news.find(&format!("<li id=\"{id}\">"))
                .unwrap_or_else(|| panic!("{id} listed under News"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "3 before 18, ¿ and [ and É passed over: {order:?}"
    );
    assert!(
        html.contains("<nav class=\"jump-list\" aria-label=\"Kinds of source\">"),
        "a jump list"
    );
    assert!(html.contains("<a href=\"#news\">News</a> <span class=\"count\">(7)</span>"));
}

#[test]
fn a_failed_build_reports_its_warnings_too_after_its_errors() {
    let site = Site::fixture("basic");
    // An error (a broken link) and a warning (no summary) in one run.
    site.write(
        "content/notes/both.md",
        "---\ntitle: Both\n---\n\nSee [[No such note]].\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    let error = out.stderr.find("error: broken wikilink").expect("the error");
    let warning = out
        .stderr
        .find("warning: no `summary`")
        .expect("the warning is shown too");
    assert!(error < warning, "errors come first:\n{}", out.stderr);
    assert!(out.stderr.contains(" warning(s).\n"), "{}", out.stderr);
    let quiet = site.run(&["build", "--quiet"]);
    assert!(
        !quiet.stderr.contains("warning:"),
        "--quiet prints only errors:\n{}",
        quiet.stderr
    );
}

#[test]
fn one_run_reports_broken_links_from_the_site_root_beside_other_errors() {
    let site = Site::fixture("basic");
    site.write(
        "content/notes/both.md",
        "---\ntitle: Both\nsummary: S.\n---\n\nSee [[No such note]] and [gone](/nowhere/).\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    for expected in [
        "content/notes/both.md:6:5: error: broken wikilink",
        "content/notes/both.md:6:26: error: no page or file at `/nowhere/`",
    ] {
        assert!(out.stderr.contains(expected), "{expected} in\n{}", out.stderr);
    }
}
