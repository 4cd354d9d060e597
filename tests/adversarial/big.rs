//! Very large input: a 50 MB page and a page with a million links build, with memory
//! that stays a small multiple of the input.

use std::time::Duration;

use crate::common::Site;

const MIB: u64 = 1024;

/// Both build in well under 30 s with the debug binary; a quadratic step would not.
const LIMIT: Duration = Duration::from_secs(120);

/// About `bytes` of Markdown prose: paragraphs with a link each, a heading every 50.
fn long_page(bytes: usize) -> String {
    let mut text = String::from("---\ntitle: Very long\n---\n\n");
    let sentence = "Congress, the courts and the executive read the resolution differently. ";
    let mut paragraph = 0;
    while text.len() < bytes {
        paragraph += 1;
        if paragraph % 50 == 0 {
            text.push_str(&format!("## Part {paragraph}\n\n"));
        }
        text.push_str(&sentence.repeat(12));
        text.push_str(&format!(
            "See [the resolution](law/war-powers.md) (paragraph {paragraph}).\n\n"
        ));
    }
    text.push_str("The very last paragraph.\n");
    text
}

#[test]
fn a_50_mb_page_builds_with_memory_bounded_by_its_size() {
    let site = Site::fixture("basic");
    let page = long_page(50 << 20);
    site.write("content/long.md", &page);
    let (out, peak_kib) = site.run_measured(&["build", "--quiet"], LIMIT);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = site.read("public/long/index.html");
    assert!(html.contains("The very last paragraph."));
    assert!(html.contains("id=\"part-50\"") && html.contains("id=\"part-20000\""));
    let input_kib = page.len() as u64 / 1024;
    println!("50 MB page: peak {} MiB", peak_kib / MIB);
    assert!(
        peak_kib < 10 * input_kib,
        "peak {} MiB for a {} MiB page",
        peak_kib / MIB,
        input_kib / MIB
    );
}

#[test]
fn a_page_with_a_million_links_builds() {
    let site = Site::fixture("basic");
    let mut page = String::from("---\ntitle: Link farm\n---\n\n");
    for i in 0..1_000_000 {
        page.push_str(&format!("[{i}](law/war-powers.md) "));
    }
    site.write("content/farm.md", &page);
    let (out, peak_kib) = site.run_measured(&["build", "--quiet"], LIMIT);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = site.read("public/farm/index.html");
    let body = html.split("class=\"related\"").next().expect("page");
    assert_eq!(body.matches("href=\"/kb/law/war-powers/\"").count(), 1_000_000);
    let target = site.read("public/law/war-powers/index.html");
    let backlinks = target
        .split("id=\"backlinks\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("backlinks section");
    assert_eq!(backlinks.matches("href=\"/kb/farm/\"").count(), 1, "one backlink");
    assert!(backlinks.len() < 2_000, "a short context: {backlinks}");
    println!("million links: peak {} MiB", peak_kib / MIB);
    assert!(peak_kib < 1024 * MIB, "peak {} MiB", peak_kib / MIB);
}
