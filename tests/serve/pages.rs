//! Pages, content types, 404, redirects and hostile paths.

use crate::common::Site;
use crate::{get, raw, start};

#[test]
fn serves_pages_types_404_and_redirects() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let (status, page) = get(server.port, "/law/war-powers/");
    assert_eq!(status, 200);
    assert!(page.contains("Content-Type: text/html; charset=utf-8"));
    assert!(page.contains("Cache-Control: no-store"));
    assert!(page.contains(">War Powers Resolution</h1>"));
    assert!(
        page.contains("/__briefing/events\")"),
        "live-reload script injected"
    );
    assert!(
        page.contains("href=\"/law/aumf/\""),
        "links use the local address"
    );
    for (path, mime) in [
        ("/style.css", "text/css"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain"),
        ("/bundle/data.txt", "text/plain"),
    ] {
        let (status, response) = get(server.port, path);
        assert_eq!(status, 200, "{path}");
        assert!(
            response.contains(&format!("Content-Type: {mime}")),
            "{path}: {response}"
        );
    }
    let (status, missing) = get(server.port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(missing.contains("Page not found"), "the site's 404.html");
    let (status, moved) = get(server.port, "/law/aumf");
    assert_eq!(status, 301);
    assert!(moved.contains("Location: /law/aumf/"));
    let (status, head) = raw(server.port, "HEAD", "/law/aumf/");
    assert_eq!(status, 200);
    assert!(!head.contains("<html"), "HEAD has no body");
}

#[test]
fn hostile_paths_never_leave_the_site() {
    let site = Site::fixture("basic");
    site.write("secret.txt", "TOP SECRET");
    let server = start(&site);
    let hostile = [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/law/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/index.html%00.txt",
        "//etc/passwd",
        "/%2f%2fetc/passwd",
        "/%252e%252e/secret.txt",
        "/C:/Windows/win.ini",
        "/%C0%AE%C0%AE/secret.txt",
        "/site.toml",
        "/content/law/aumf.md",
        "/%2e%2e%2fsecret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/law/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/%c0%ae%c0%ae%c0%afsecret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/..;/secret.txt",
        "/law/../../secret.txt",
        "/./../secret.txt",
        "/%00/../secret.txt",
        "/%00",
        "/file:///etc/passwd",
        "/%2fetc%2fpasswd",
        "/secret.txt",
        "/.git/config",
        "/tests/../secret.txt",
        "/law%2f..%2f..%2fsecret.txt",
        "/%u002e%u002e/secret.txt",
        "/..%c0%afsecret.txt",
    ];
    assert!(hostile.len() >= 30);
    for path in hostile {
        let (status, response) = get(server.port, path);
        assert!(matches!(status, 400 | 404), "{path}: {status}");
        assert!(
            !response.contains("TOP SECRET") && !response.contains("root:x:0"),
            "{path} leaked"
        );
    }
}

/// As users preview a site published under a sub-path: at that path, `/` leading to it.
#[test]
fn the_preview_is_served_under_the_base_urls_path() {
    let site = Site::fixture("basic");
    let server = crate::start_as_published(&site);
    let (status, response) = get(server.port, "/");
    assert_eq!(status, 301, "{response}");
    assert!(response.contains("Location: /kb/"), "{response}");
    let (status, response) = get(server.port, "/kb");
    assert_eq!(status, 301);
    assert!(response.contains("Location: /kb/"), "{response}");
    let (status, page) = get(server.port, "/kb/law/aumf/");
    assert_eq!(status, 200);
    assert!(
        page.contains("href=\"/kb/law/war-powers/#the-60-day-clock\""),
        "links under /kb/"
    );
    assert!(
        page.contains("location.href = \"/kb/\""),
        "a page gone after a rebuild leads home, under /kb/"
    );
    let (status, response) = get(server.port, "/kb/law/aumf");
    assert_eq!(status, 301);
    assert!(response.contains("Location: /kb/law/aumf/"), "{response}");
    assert_eq!(get(server.port, "/law/aumf/").0, 404, "outside the base path");
    assert_eq!(get(server.port, "/kb/style.css").0, 200);
}

#[test]
fn a_first_build_that_fails_shows_the_error_on_every_url() {
    let site = Site::fixture("basic");
    let good = site.read("content/law/aumf.md");
    site.write("content/law/aumf.md", "---\ntitle: [broken\n---\n");
    let server = crate::start_as_published(&site);
    for path in ["/kb/", "/kb/law/aumf/", "/kb/anything/"] {
        let (status, page) = get(server.port, path);
        assert_eq!(status, 500, "{path}");
        assert!(page.contains("content/law/aumf.md:2:8: error"), "{path}: {page}");
        assert!(page.contains("new EventSource("), "{path}: reloads once fixed");
    }
    site.write("content/law/aumf.md", &good);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while get(server.port, "/kb/law/aumf/").0 != 200 {
        assert!(
            std::time::Instant::now() < deadline,
            "the site is served once it builds"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// `serve` reports missing templates as `build` and `check` do: at each page's
/// `template:` line, in the same order.
#[test]
fn a_missing_template_is_reported_as_build_reports_it() {
    let site = Site::fixture("basic");
    site.edit("content/law/aumf.md", "title:", "template: nope-one.html\ntitle:");
    site.edit(
        "content/drugs/fentanyl.md",
        "title:",
        "template: pages.html\ntitle:",
    );
    let server = crate::start_as_published(&site);
    let (status, page) = get(server.port, "/kb/");
    assert_eq!(status, 500);
    let first = page
        .find("content/drugs/fentanyl.md:2:11: error: no template `pages.html`")
        .expect(&page);
    let second = page
        .find("content/law/aumf.md:2:11: error: no template `nope-one.html`")
        .expect(&page);
    assert!(first < second, "{page}");
}
