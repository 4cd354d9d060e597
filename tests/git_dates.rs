//! `[content] dates_from_git`: a page without `updated:` is dated by the last commit that
//! touched it, from one `git log` walk; `updated:` in front matter still wins.

mod common;

use std::process::Command;

use common::Site;

/// Commits everything in the site at `date` (an RFC 2822 or ISO date git accepts).
fn commit(site: &Site, date: &str, message: &str) {
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(site.root())
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.org")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.org")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", message]);
}

fn updated_of(site: &Site, url: &str) -> Option<String> {
    let html = site.read(&format!("public/{url}index.html"));
    let at = html.find("Updated <time datetime=\"")? + "Updated <time datetime=\"".len();
    Some(html[at..at + 10].to_string())
}

#[test]
fn pages_without_updated_are_dated_by_their_last_commit() {
    let site = Site::fixture("basic");
    site.edit(
        "site.toml",
        "related_count = 3",
        "related_count = 3\n\n[content]\ndates_from_git = true",
    );
    let init = Command::new("git")
        .current_dir(site.root())
        .args(["init", "-q"])
        .output()
        .expect("git init");
    assert!(init.status.success());
    commit(&site, "2025-01-02T10:00:00Z", "first");
    site.edit("content/law/aumf.md", "How Congress", "How the Congress");
    commit(&site, "2025-03-04T10:00:00Z", "edit aumf");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        updated_of(&site, "law/aumf/").as_deref(),
        Some("2025-03-04"),
        "its last commit"
    );
    assert_eq!(
        updated_of(&site, "drugs/fentanyl/").as_deref(),
        Some("2025-01-02")
    );
    assert_eq!(
        updated_of(&site, "law/war-powers/").as_deref(),
        Some("2024-06-01"),
        "updated: wins"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<lastmod>2025-03-04</lastmod>"), "{sitemap}");

    let again = site.run(&["build"]);
    assert_eq!(again.code, 0);
    assert_eq!(
        updated_of(&site, "law/aumf/").as_deref(),
        Some("2025-03-04"),
        "the same history, the same date"
    );
}

#[test]
fn outside_a_repository_it_warns_and_builds() {
    let site = Site::fixture("basic");
    site.edit(
        "site.toml",
        "related_count = 3",
        "related_count = 3\n\n[content]\ndates_from_git = true",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("warning: dates_from_git:"), "{}", out.stderr);
    assert_eq!(updated_of(&site, "law/aumf/"), None);
}
