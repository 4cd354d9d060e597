//! Work bounded by the size of the input, not by its shape: each input that once took
//! minutes (deep nesting in Markdown or front matter, a page with 100,000 tags) builds or
//! is refused with a located error quickly, with search on; and the diagnostics of a
//! pathological file stay a readable size.

use std::time::Duration;

use crate::common::Site;

/// Generous for the debug binary on a busy 2-core machine: what must fail is a hang
/// (each of these took over 60 s before), not a slow machine. The release binary takes
/// well under a second for each.
const LIMIT: Duration = Duration::from_secs(30);
const MAX_KIB: u64 = 400 * 1024;

fn with_search(site: &Site) {
    site.edit(
        "site.toml",
        "[search]\nenabled = false",
        "[search]\nenabled = true",
    );
}

fn page(front: &str, body: &str) -> String {
    format!("---\ntitle: Shape\n{front}---\n\n{body}\n")
}

struct Shape {
    name: &'static str,
    text: String,
    /// What stderr must hold: the located error.
    expect: &'static str,
}

fn shapes() -> Vec<Shape> {
    let tags: Vec<String> = (0..100_000).map(|i| format!("t{i}")).collect();
    vec![
        Shape {
            name: "100,000 nested list markers on one line",
            text: page("", &format!("{}x", "- ".repeat(100_000))),
            expect: "content/shape.md:5:101: error: lists, quotes or spans are nested more than 100 levels deep here",
        },
        Shape {
            name: "400,000 nested `>`",
            text: page("", &format!("{} x", ">".repeat(400_000))),
            expect: "content/shape.md:5:101: error: lists, quotes or spans are nested more than 100 levels deep here",
        },
        Shape {
            name: "`{a: ` 100,000 times in front matter",
            text: page(&format!("extra: {}\n", "{a: ".repeat(100_000)), "x"),
            expect: "content/shape.md:3:408: error: `[` and `{` are nested more than 100 levels deep here",
        },
        Shape {
            name: "`[` 100,000 times in front matter",
            text: page(&format!("extra: {}\n", "[".repeat(100_000)), "x"),
            expect: "content/shape.md:3:108: error: `[` and `{` are nested more than 100 levels deep here",
        },
        Shape {
            name: "100,000 tags on one page",
            text: page(&format!("tags: [{}]\n", tags.join(", ")), "x"),
            expect: "content/shape.md:3:7: error: tags: more than 100 tags on one page",
        },
    ]
}

#[test]
fn pathological_shapes_are_refused_quickly_with_search_on() {
    let mut table = Vec::new();
    for shape in shapes() {
        let site = Site::fixture("basic");
        with_search(&site);
        site.write("content/shape.md", &shape.text);
        for command in ["build", "check"] {
            let started = std::time::Instant::now();
            let (out, peak_kib) = site.run_measured(&[command], LIMIT);
            let took = started.elapsed();
            assert_eq!(out.code, 1, "{}: {command}\n{}", shape.name, out.stderr);
            assert!(
                out.stderr.contains(shape.expect),
                "{}: {command}: {}",
                shape.name,
                out.stderr
            );
            assert!(
                out.stderr.len() < 4_000,
                "{}: a short report: {} bytes",
                shape.name,
                out.stderr.len()
            );
            assert!(
                peak_kib < MAX_KIB,
                "{}: {command} peak {} MiB",
                shape.name,
                peak_kib / 1024
            );
            table.push(format!(
                "{:<45} {command:<5} {took:>8.2?} {:>5} MiB",
                shape.name,
                peak_kib / 1024
            ));
        }
    }
    println!("{}", table.join("\n"));
}

#[test]
fn one_broken_link_at_the_end_of_a_10_mb_line_prints_a_window() {
    let site = Site::fixture("basic");
    let line = format!("{} [gone](@/nowhere.md)", "word ".repeat(2_000_000));
    site.write("content/long-line.md", &page("", &line));
    let (out, _) = site.run_measured(&["check"], LIMIT);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("content/long-line.md:5:10000002: error:"),
        "{}",
        &out.stderr[..out.stderr.len().min(2_000)]
    );
    let excerpt = out.stderr.lines().nth(2).expect("excerpt line");
    assert!(
        excerpt.starts_with("5 | …") && excerpt.ends_with("word  [gone](@/nowhere.md)"),
        "{excerpt}"
    );
    assert!(
        excerpt.chars().count() < 130,
        "the excerpt is a window: {excerpt}"
    );
    assert!(
        out.stderr.len() < 2_000,
        "{} bytes of diagnostics",
        out.stderr.len()
    );
}

#[test]
fn ten_thousand_unknown_citations_on_one_line_print_a_summary() {
    let site = Site::fixture("basic");
    let cites: Vec<String> = (0..10_000).map(|i| format!("claim [@nosuch-{i}]")).collect();
    site.write("content/cites.md", &page("", &cites.join(" ")));
    let (out, peak_kib) = site.run_measured(&["check"], LIMIT);
    assert_eq!(out.code, 1, "{}", &out.stderr[..out.stderr.len().min(2_000)]);
    assert!(
        out.stderr.len() < 100_000,
        "{} bytes of diagnostics",
        out.stderr.len()
    );
    assert!(
        out.stderr
            .contains("content/cites.md: note: and 9,980 more `unknown-source` errors in this file"),
        "{}",
        &out.stderr[out.stderr.len().saturating_sub(2_000)..]
    );
    assert!(peak_kib < MAX_KIB, "peak {} MiB", peak_kib / 1024);
    let json = site.run(&["check", "--format", "json"]);
    let objects = json
        .stdout
        .lines()
        .filter(|l| l.contains("\"unknown-source\""))
        .count();
    assert_eq!(objects, 10_000, "--format json keeps every diagnostic");
    assert!(!json.stdout.contains("claim [@"), "without excerpts");
}
