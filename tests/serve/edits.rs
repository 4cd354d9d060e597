//! Edits to one explainer's text that change nothing other pages show: the preview
//! renders that page alone (no model stage), and later rebuilds of any kind build on it.

use std::time::Duration;

use crate::common::Site;
use crate::{Events, Server, get, start_with};

const AUMF: &str = "content/law/aumf.md";

/// Appends a paragraph to the AUMF explainer: text no other page shows.
fn append(site: &Site, paragraph: &str) {
    let text = site.read(AUMF);
    site.write(AUMF, &format!("{text}\n{paragraph}\n"));
}

/// The stages of the next rebuild, after its `changed →` line.
fn stages(server: &Server) -> String {
    let line = server.line_containing("changed →", Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(200));
    format!("{line}\n{}", server.printed().join("\n"))
}

#[test]
fn a_text_edit_renders_that_page_alone_and_later_rebuilds_keep_it() {
    let site = Site::fixture("basic");
    site.write("static/note.txt", "first note");
    let server = start_with(&site, &["--timings"]);
    let mut events = Events::open(server.port);

    append(&site, "A first added paragraph.");
    events.wait_for("event: reload", Duration::from_secs(10));
    let report = stages(&server);
    assert!(report.contains("content/law/aumf.md changed → 1 of "), "{report}");
    assert!(
        report.contains("load+markdown:"),
        "the text-edit path ran: {report}"
    );
    assert!(!report.contains("model:"), "no model stage: {report}");
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(page.contains("A first added paragraph."));

    // A full rebuild that leaves the page as it was keeps it as last edited.
    site.write("static/note.txt", "second note");
    events.wait_for("event: reload", Duration::from_secs(10));
    assert!(
        stages(&server).contains("model:"),
        "a static file is not a text edit"
    );
    let (_, note) = get(server.port, "/note.txt");
    assert!(note.ends_with("\r\n\r\nsecond note"), "{note}");
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(page.contains("A first added paragraph."), "not rolled back");

    append(&site, "A second added paragraph.");
    events.wait_for("event: reload", Duration::from_secs(10));
    assert!(stages(&server).contains("load+markdown:"));
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(page.contains("A first added paragraph.") && page.contains("A second added paragraph."));
}

#[test]
fn a_text_edit_that_changes_what_others_show_takes_the_full_rebuild() {
    let site = Site::fixture("basic");
    let server = start_with(&site, &["--timings"]);
    let mut events = Events::open(server.port);
    // The sentence around the link is what the linked page shows as a backlink.
    site.edit(AUMF, "An AUMF stops", "Congress decides, and an AUMF stops");
    events.wait_for("event: reload", Duration::from_secs(10));
    let report = stages(&server);
    assert!(report.contains("model:"), "{report}");
    let (_, target) = get(server.port, "/law/war-powers/");
    assert!(
        target.contains("Congress decides, and an AUMF stops"),
        "backlink context follows the edit"
    );
}

#[test]
fn a_text_edit_with_a_broken_raw_link_is_an_error_until_fixed() {
    let site = Site::fixture("basic");
    let server = start_with(&site, &["--timings"]);
    let mut events = Events::open(server.port);
    let good = site.read(AUMF);
    append(&site, "See <a href=\"/law/nowhere/\">this</a>.");
    let error = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(error.contains("/law/nowhere/"), "{error}");
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(!page.contains("nowhere"), "the last good page stays");
    server.line_containing("changed → build failed", Duration::from_secs(5));

    site.write(AUMF, &format!("{good}\nFixed paragraph.\n"));
    events.wait_for("event: ok", Duration::from_secs(10));
    events.wait_for("event: reload", Duration::from_secs(5));
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(page.contains("Fixed paragraph.") && !page.contains("nowhere"));
    // The failed rebuild left what the last good one kept as it was: the fix is a text
    // edit on top of it.
    let report = stages(&server);
    assert!(
        report.contains("content/law/aumf.md changed → 1 of ") && !report.contains("model:"),
        "{report}"
    );
}
