//! `briefing check`: every diagnostic on fixtures, exit codes, and the three formats.

mod common;

use common::Site;

fn site_with_warnings() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/lonely.md",
        "---\ntitle: Lonely\ntags: [war-power]\nsources:\n  - id: unused\n    title: Never cited\n---\n\nDeaths rose 12% last year.\n\n<script>alert(1)</script>\n",
    );
    site.write(
        "content/orphan.md",
        "---\ntitle: What is fentanyl?\nsummary: Dup.\nreviewed: 2020-01-01\n---\n\nNo links.\n",
    );
    site
}

#[test]
fn clean_site_exits_0_and_warnings_exit_1_only_when_denied() {
    let site = Site::fixture("basic");
    let clean = site.run(&["check"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    let noisy = site_with_warnings();
    assert_eq!(noisy.run(&["check"]).code, 0);
    assert_eq!(noisy.run(&["check", "--deny-warnings"]).code, 1);
    assert!(!noisy.exists("public"), "check writes nothing");
}

#[test]
fn json_format_has_one_object_per_diagnostic() {
    let site = site_with_warnings();
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let diagnostics: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    for code in [
        "lonely-tag",
        "uncited-source",
        "unsourced-figure",
        "raw-script",
        "orphan",
        "duplicate-title",
        "missing-summary",
        "review-due",
    ] {
        assert!(codes.contains(&code), "no {code} in {codes:?}");
    }
    let figure = diagnostics
        .iter()
        .find(|d| d["code"] == "unsourced-figure")
        .expect("figure");
    assert_eq!(figure["severity"], "warning");
    assert_eq!(figure["file"], "content/lonely.md");
    assert_eq!(figure["line"], 9);
    assert_eq!(figure["column"], 13);
    assert_eq!(
        figure["message"],
        "figure `12%` has no citation in its paragraph or table"
    );
    let lonely = diagnostics
        .iter()
        .find(|d| d["code"] == "lonely-tag")
        .expect("lonely tag");
    assert_eq!(lonely["help"], "did you mean `war-powers`?");
}

#[test]
fn github_format_annotates_lines() {
    let site = site_with_warnings();
    let out = site.run(&["check", "--format", "github"]);
    assert!(
        out.stdout.lines().any(|l| l
            == "::warning file=content/lonely.md,line=11,col=1,title=raw-script::raw HTML in content runs code or embeds a page: <script>%0Ahelp: content is text for readers; scripts and embeds belong in the theme's templates"),
        "{}",
        out.stdout
    );
    let broken = Site::fixture("basic");
    broken.write("content/x.md", "---\ntitle: X\n---\n\n[gone](@/nope.md)\n");
    let out = broken.run(&["check", "--format", "github"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.starts_with("::error file=content/x.md,line=5,col=1,title=broken-link::broken link: no page at `nope.md`%0Ahelp: "),
        "{}",
        out.stdout
    );
}

#[test]
fn review_dates_are_listed_oldest_first() {
    let site = site_with_warnings();
    let out = site.run(&["check", "--format", "json"]);
    let reviews: Vec<String> = out
        .stdout
        .lines()
        .filter(|l| l.contains("\"review-due\""))
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["file"]
                .as_str()
                .expect("file")
                .to_string()
        })
        .collect();
    assert_eq!(
        reviews.first().map(String::as_str),
        Some("content/bundle/index.md"),
        "never reviewed first: {reviews:?}"
    );
    let orphan = reviews
        .iter()
        .position(|f| f == "content/orphan.md")
        .expect("orphan due");
    let wpr = reviews
        .iter()
        .position(|f| f == "content/law/war-powers.md")
        .expect("wpr due");
    assert!(orphan < wpr, "2020 review before 2024 review: {reviews:?}");
}

#[test]
fn unsourced_figures_can_be_switched_off() {
    let site = site_with_warnings();
    site.edit(
        "site.toml",
        "related_count = 3",
        "related_count = 3\n\n[check]\nunsourced_figures = false",
    );
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 0, "the check itself succeeds: {}", out.stderr);
    let reported: Vec<serde_json::Value> = (out.stdout.lines())
        .map(|line| serde_json::from_str(line).expect("one JSON diagnostic a line"))
        .collect();
    let kinds: Vec<&str> = reported.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(
        kinds.contains(&"orphan"),
        "the other warnings still come: {kinds:?}"
    );
    assert!(!kinds.contains(&"unsourced-figure"), "{kinds:?}");
}

#[test]
fn template_links_outside_the_site_fail_the_build() {
    let site = Site::fixture("basic");
    let base = site
        .read("themes/default/templates/base.html")
        .replace("<main", "<a href=\"/tags/\">hard-coded</a><main");
    site.write("templates/base.html", &base);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("public/404.html: error: links to `/tags/`, which the build does not produce"),
        "{}",
        out.stderr
    );
}

#[test]
fn duplicate_source_ids_name_both_places() {
    let site = Site::fixture("basic");
    site.write(
        "content/dup.md",
        "---\ntitle: Dup\nsources:\n  - id: un-charter\n    title: Again\n---\n\nText [@un-charter].\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("content/dup.md:4:9: error: source id `un-charter` is declared twice: here and in content/_sources.yaml"),
        "{}",
        out.stderr
    );
}

/// A small HTTP server on 127.0.0.1 for `--external`: `/ok` 200, `/gone` 404, `/flaky`
/// 503 once then 200. Returns its port and a log of request lines.
fn link_server() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&log);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = line.split(' ').nth(1).unwrap_or("").to_string();
            let flaky_seen = seen
                .lock()
                .expect("log")
                .iter()
                .any(|l: &String| l.contains("/flaky"));
            seen.lock().expect("log").push(line.trim().to_string());
            let status = match path.as_str() {
                "/ok" => "200 OK",
                "/flaky" if flaky_seen => "200 OK",
                "/flaky" => "503 Service Unavailable",
                _ => "404 Not Found",
            };
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (port, log)
}

#[test]
fn external_links_are_checked_with_retries_and_a_cache() {
    let (port, log) = link_server();
    let site = Site::fixture("basic");
    // Only the local server is contacted: drop the fixture's real source URLs.
    for file in ["content/_sources.yaml", "content/law/war-powers.md"] {
        let text: String = site
            .read(file)
            .lines()
            .filter(|l| !l.trim_start().starts_with("url:"))
            .map(|l| format!("{l}\n"))
            .collect();
        site.write(file, &text);
    }
    site.write(
        "content/ext.md",
        &format!(
            "---\ntitle: Ext\nsummary: Links out.\n---\n\n[ok](http://127.0.0.1:{port}/ok) and [flaky](http://127.0.0.1:{port}/flaky).\n\nA [dead one](http://127.0.0.1:{port}/gone).\n"
        ),
    );
    let out = site.run(&["check", "--external"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "content/ext.md:8:3: error: external link `http://127.0.0.1:{port}/gone` failed: HTTP 404"
        )),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("/flaky` failed"),
        "a 503 is retried: {}",
        out.stderr
    );
    assert!(!out.stderr.contains("/ok` failed"));
    let first_run = log.lock().expect("log").len();
    let out = site.run(&["check", "--external"]);
    assert_eq!(out.code, 1);
    let second: Vec<String> = log.lock().expect("log")[first_run..].to_vec();
    assert!(
        second.iter().all(|l| l.contains("/gone")),
        "cached successes are not fetched again: {second:?}"
    );
    assert!(site.exists(".briefing-cache/external-links.json"));
    assert_eq!(site.run(&["check"]).code, 0, "off by default");
}

#[test]
fn missing_files_are_errors_at_the_markdown_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/bundle/index.md",
        "---\ntitle: A bundle\n---\n\nSee [data](data.txt) and ![a chart](chart.png).\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("content/bundle/index.md:5:26: error: no file named `chart.png` under content/"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("`data.txt`"),
        "existing bundle file is fine: {}",
        out.stderr
    );
}

/// `briefing check --format json | head -1`: a reader that leaves before the report is
/// written must not turn a finished check into a panic or a different exit code.
#[test]
fn a_reader_that_goes_away_ends_only_the_output() {
    use std::process::{Command, Stdio};
    let site = site_with_warnings();
    for format in ["json", "human", "github"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["check", "--deny-warnings", "--format", format])
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("briefing runs");
        // Both pipes closed before the check has loaded the site: every line it writes
        // meets a reader that is gone.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().expect("briefing exits");
        assert_eq!(
            status.code(),
            Some(1),
            "{format}: warnings are denied, so 1 (a panic is 101)"
        );
    }
}
