//! Edits: reload events, what gets rendered again, broken files and recovery.

use std::time::Duration;

use crate::common::Site;
use crate::{Events, get, start};

#[test]
fn an_edit_sends_a_reload_and_serves_the_new_text() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.port);
    site.edit(
        "content/law/aumf.md",
        "An AUMF stops",
        "A fresh sentence: an AUMF stops",
    );
    events.wait_for("event: reload", Duration::from_secs(10));
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(page.contains("A fresh sentence"));
}

#[test]
fn an_edit_re_renders_only_the_pages_that_show_what_changed() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.port);
    let original = site.read("content/law/aumf.md");
    site.write(
        "content/law/aumf.md",
        &format!("{original}\nA closing paragraph no other page shows.\n"),
    );
    events.wait_for("event: reload", Duration::from_secs(10));
    let line = server.line_containing("changed →", Duration::from_secs(5));
    assert!(
        line.starts_with("content/law/aumf.md changed → 1 of "),
        "only the edited page is rendered again: {line}"
    );
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(page.contains("A closing paragraph no other page shows."));

    let old_summary = "How Congress authorizes force.";
    let new_summary = "Congress votes to allow force.";
    site.write("content/law/aumf.md", &original.replace(old_summary, new_summary));
    events.wait_for("event: reload", Duration::from_secs(10));
    let line = server.line_containing("changed →", Duration::from_secs(5));
    assert!(!line.contains("→ 1 of "), "listings show the summary: {line}");
    for listing in ["/law/", "/tags/congress/", "/"] {
        let (_, html) = get(server.port, listing);
        assert!(html.contains(new_summary), "{listing} shows the new summary");
        assert!(!html.contains(old_summary), "{listing} shows no stale summary");
    }
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(
        !page.contains("A closing paragraph"),
        "the page itself follows the file"
    );
}

#[test]
fn a_template_change_renders_every_page_again() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.port);
    site.write(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><title>{{ page.title }}</title><body>Own template: {{ page.title }}</body></html>\n",
    );
    events.wait_for("event: reload", Duration::from_secs(10));
    for (url, title) in [
        ("/law/aumf/", "Authorizations for Use of Military Force"),
        ("/drugs/fentanyl/", "What is fentanyl?"),
    ] {
        let (_, page) = get(server.port, url);
        assert!(
            page.contains(&format!("Own template: {title}")),
            "{url} uses the new template"
        );
    }
}

#[test]
fn pages_kept_from_the_last_build_are_link_checked_again() {
    let site = Site::fixture("basic");
    let aumf = site.read("content/law/aumf.md");
    // A link in raw HTML to a page of another generator: only the check of the written
    // output sees it (a file such as `data.txt` is resolved by the model).
    site.write("content/bundle/notes.html", "<!doctype html><title>Notes</title>");
    site.write(
        "content/law/aumf.md",
        &format!("{aumf}\n<a href=\"../../bundle/notes.html\">raw link</a>\n"),
    );
    let server = start(&site);
    let mut events = Events::open(server.port);
    site.remove("content/bundle/notes.html");
    let data = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(
        data.contains("law/aumf/index.html") && data.contains("links to `../../bundle/notes.html`"),
        "the unchanged page's raw link is reported: {data}"
    );
}

#[test]
fn a_broken_file_keeps_the_last_good_site_and_reports_until_fixed() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.port);
    let good = site.read("content/law/aumf.md");
    site.write(
        "content/law/aumf.md",
        &good.replace("title: Authorizations", "title: [Authorizations"),
    );
    let data = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(
        data.contains("content/law/aumf.md:2:8: error: title: invalid type"),
        "{data}"
    );
    assert!(
        !data.contains("no page at `law/aumf.md`"),
        "links into the broken file are not reported again"
    );
    let (status, page) = get(server.port, "/law/aumf/");
    assert_eq!(status, 200, "last good page still served");
    assert!(page.contains(">Authorizations for Use of Military Force</h1>"));
    let mut late = Events::open(server.port);
    late.wait_for("event: build-error", Duration::from_secs(5));
    site.write("content/law/aumf.md", &good);
    events.wait_for("event: ok", Duration::from_secs(10));
    events.wait_for("event: reload", Duration::from_secs(5));
}

#[test]
fn a_file_made_readable_again_is_read_again() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::fixture("basic");
    let server = crate::start_unprivileged(&site);
    let mut events = Events::open(server.port);
    let file = site.root().join("content/law/aumf.md");
    let mode = |m| std::fs::set_permissions(&file, std::fs::Permissions::from_mode(m)).expect("chmod");
    mode(0o000);
    let data = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(
        data.contains("content/law/aumf.md") && data.contains("Permission denied"),
        "{data}"
    );
    mode(0o644);
    events.wait_for("event: ok", Duration::from_secs(10));
    let (status, _) = get(server.port, "/law/aumf/");
    assert_eq!(status, 200, "recovered without editing any file");
}

#[test]
fn a_rebuild_warns_about_the_edited_file_only() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.port);
    std::thread::sleep(Duration::from_millis(300));
    server.printed();
    site.edit(
        "content/law/aumf.md",
        "An AUMF stops",
        "In 2001 there were 12,345 of them. An AUMF stops",
    );
    events.wait_for("event: reload", Duration::from_secs(10));
    let warning = server.line_containing("content/law/aumf.md:", Duration::from_secs(5));
    assert!(
        warning.contains("warning: figure `12,345` has no citation"),
        "{warning}"
    );
    std::thread::sleep(Duration::from_millis(300));
    let later = server.printed().join("\n");
    assert!(!later.contains("fentanyl.md: warning"), "{later}");
}

#[test]
fn a_new_title_reaches_the_graph_picture_and_graph_json() {
    let site = Site::fixture("basic");
    site.edit(
        "content/drugs/fentanyl.md",
        "[[Authorizations for Use of Military Force]]",
        "[[aumf]]",
    );
    let server = start(&site);
    let mut events = Events::open(server.port);
    let (_, before) = get(server.port, "/graph/");
    assert!(before.contains(
        "<tspan>Authorizations for Use of</tspan><tspan x=\"175\" dy=\"16\"> Military Force</tspan>"
    ));
    site.edit(
        "content/law/aumf.md",
        "title: Authorizations for Use of Military Force",
        "title: Force authorizations",
    );
    events.wait_for("event: reload", Duration::from_secs(10));
    let (_, after) = get(server.port, "/graph/");
    assert!(
        after.contains("<tspan>Force authorizations</tspan>"),
        "the SVG label follows"
    );
    let (_, json) = get(server.port, "/graph.json");
    assert!(json.contains("\"title\":\"Force authorizations\""), "{json}");
}

#[test]
fn related_lists_follow_a_change_of_tags() {
    let site = Site::fixture("basic");
    let page =
        |title: &str, tag: &str| format!("---\ntitle: {title}\nsummary: S.\ntags: [{tag}]\n---\n\nText.\n");
    site.write("content/rel/x.md", &page("Rel X", "zeta"));
    site.write("content/rel/y.md", &page("Rel Y", "zeta"));
    site.write("content/rel/z.md", &page("Rel Z", "eta"));
    let server = start(&site);
    let mut events = Events::open(server.port);
    let related = |html: &str| {
        html.split("id=\"related\"")
            .nth(1)
            .and_then(|rest| rest.split("</section>").next())
            .unwrap_or_default()
            .to_string()
    };
    let (_, before) = get(server.port, "/rel/x/");
    assert!(related(&before).contains("/rel/y/"));
    assert!(!related(&before).contains("/rel/z/"));
    site.write("content/rel/z.md", &page("Rel Z", "zeta"));
    events.wait_for("event: reload", Duration::from_secs(10));
    let (_, after) = get(server.port, "/rel/x/");
    assert!(related(&after).contains("/rel/z/"), "{}", related(&after));
}

#[test]
fn an_edit_of_an_embedded_note_reaches_the_page_that_embeds_it() {
    let site = Site::fixture("basic");
    let note = |title: &str, body: &str| {
        format!("---\ntitle: {title}\nsummary: A note.\ntags: [war powers]\n---\n\n{body}\n")
    };
    // The edit is in a later paragraph: what other pages show of the note stays, so only
    // the embedding tells the preview that another page changes with it.
    site.write(
        "content/notes/clock.md",
        &note("Clock", "The clock.\n\nSixty days."),
    );
    site.write("content/notes/host.md", &note("Host", "Before.\n\n![[Clock]]"));
    let server = start(&site);
    let mut events = Events::open(server.port);
    let (_, before) = get(server.port, "/notes/host/");
    assert!(before.contains("<p>Sixty days.</p>"), "{before}");
    site.edit("content/notes/clock.md", "Sixty days.", "Ninety days.");
    events.wait_for("event: reload", Duration::from_secs(10));
    let (_, after) = get(server.port, "/notes/host/");
    assert!(
        after.contains("<p>Ninety days.</p>"),
        "the embed shows the edit: {after}"
    );
}
