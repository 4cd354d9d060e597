//! Publish-ready output: every internal link resolves under a sub-path base URL,
//! sitemap and feeds are valid XML with the required elements, redirects, robots.txt,
//! base-URL override, and the knowledge graph.

mod common;

use std::path::Path;

use common::{Site, snapshot_tree};

fn built() -> Site {
    let site = Site::fixture("basic");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    site
}

fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// Values of href="…" and src="…" in a page.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    found
}

#[test]
fn every_internal_link_resolves_under_the_sub_path() {
    every_link_resolves(&built(), "/kb/");
}

/// The bundled site as a GitHub Pages project site, `https://USER.github.io/REPO/`.
#[test]
fn the_bundled_site_builds_for_a_github_pages_project_url() {
    let site = Site::bundled();
    let out = site.run(&[
        "build",
        "--quiet",
        "--base-url",
        "https://example.github.io/briefing/",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    every_link_resolves(&site, "/briefing/");
}

/// Every `href` and `src` of every page leads to a file of the output, under `base`.
fn every_link_resolves(site: &Site, base: &str) {
    let public = site.root().join("public");
    let mut checked = 0;
    for file in html_files(&public) {
        let html = std::fs::read_to_string(&file).expect("read");
        for link in links(&html) {
            let path = link.split(['#', '?']).next().unwrap_or("");
            if path.is_empty() || path.contains("://") || path.starts_with("mailto:") {
                continue;
            }
            let target = if let Some(inside) = path.strip_prefix(base) {
                public.join(
                    percent_encoding::percent_decode_str(inside)
                        .decode_utf8_lossy()
                        .as_ref(),
                )
            } else if path.starts_with('/') {
                panic!("{}: `{link}` ignores the {base} base path", file.display());
            } else {
                file.parent().expect("dir").join(path)
            };
            let target = if path.ends_with('/') {
                target.join("index.html")
            } else {
                target
            };
            assert!(target.exists(), "{}: `{link}` does not resolve", file.display());
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn sitemap_lists_every_page_with_lastmod() {
    let site = built();
    let xml = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let urls: Vec<(String, Option<String>)> = root
        .children()
        .filter(|n| n.has_tag_name("url"))
        .map(|url| {
            let child = |name| {
                url.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").expect("loc"), child("lastmod"))
        })
        .collect();
    assert!(
        urls.iter()
            .all(|(loc, _)| loc.starts_with("https://example.org/kb/"))
    );
    assert!(urls.contains(&(
        "https://example.org/kb/law/war-powers/".into(),
        Some("2024-06-01".into())
    )));
    assert!(urls.contains(&(
        "https://example.org/kb/drugs/fentanyl/".into(),
        Some("2024-01-15".into())
    )));
    assert!(
        urls.iter()
            .any(|(loc, _)| loc == "https://example.org/kb/tags/war-powers/")
    );
    assert!(!urls.iter().any(|(loc, _)| loc.contains("draft")));
}

#[test]
fn atom_feeds_have_the_required_elements() {
    let site = built();
    for feed in ["public/atom.xml", "public/tags/war-powers/atom.xml"] {
        let xml = site.read(feed);
        let doc = roxmltree::Document::parse(&xml).expect("feed is XML");
        let root = doc.root_element();
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom"),
            "{feed}"
        );
        for required in ["title", "id", "updated", "author", "link"] {
            assert!(
                root.children().any(|c| c.has_tag_name(required)),
                "{feed} lacks <{required}>"
            );
        }
        let entries: Vec<_> = root.children().filter(|c| c.has_tag_name("entry")).collect();
        assert!(!entries.is_empty(), "{feed} has entries");
        for entry in entries {
            for required in ["title", "id", "updated", "link"] {
                assert!(
                    entry.children().any(|c| c.has_tag_name(required)),
                    "{feed} entry lacks <{required}>"
                );
            }
        }
    }
    let main = site.read("public/atom.xml");
    let first = main.find("<entry>").expect("entry");
    assert!(
        main[first..].starts_with("<entry>\n    <title>Authorizations for Use of Military Force</title>"),
        "newest first"
    );
}

#[test]
fn aliases_robots_and_redirects() {
    let site = built();
    let redirect = site.read("public/old/wpr/index.html");
    assert!(redirect.contains(r#"<link rel="canonical" href="https://example.org/kb/law/war-powers/">"#));
    assert!(
        redirect.contains(
            r#"<meta http-equiv="refresh" content="0; url=https://example.org/kb/law/war-powers/">"#
        )
    );
    assert_eq!(
        site.read("public/_redirects"),
        "/kb/old/wpr/ /kb/law/war-powers/ 301\n"
    );
    assert!(
        site.read("public/robots.txt")
            .contains("Sitemap: https://example.org/kb/sitemap.xml")
    );
    let page = site.read("public/law/war-powers/index.html");
    assert!(page.contains(r#"<link rel="canonical" href="https://example.org/kb/law/war-powers/">"#));
    assert!(page.contains(r#"<meta property="og:title" content="War Powers Resolution">"#));
    assert!(page.contains(r#"<meta name="twitter:card" content="summary">"#));
}

#[test]
fn base_url_can_be_overridden_for_preview_deploys() {
    let site = Site::fixture("basic");
    let out = site.run(&["build", "--base-url", "https://preview.example.net/pr-42/"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = site.read("public/law/aumf/index.html");
    assert!(page.contains(r#"href="/pr-42/law/war-powers/#the-60-day-clock""#));
    assert!(page.contains(r#"<link rel="canonical" href="https://preview.example.net/pr-42/law/aumf/">"#));
}

#[test]
fn graph_json_has_explainers_tags_links_and_memberships() {
    let site = built();
    let graph: serde_json::Value = serde_json::from_str(&site.read("public/graph.json")).expect("graph.json");
    let nodes = graph["nodes"].as_array().expect("nodes");
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().expect("id")).collect();
    assert_eq!(
        ids,
        [
            "page:bundle/index.md",
            "page:drugs/fentanyl.md",
            "page:law/aumf.md",
            "page:law/war-powers.md",
            "tag:congress",
            "tag:drugs",
            "tag:war-powers"
        ]
    );
    let edges: Vec<(String, String, String)> = graph["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| (e["from"].to_string(), e["to"].to_string(), e["kind"].to_string()))
        .collect();
    let edge = |from: &str, to: &str, kind: &str| {
        (format!("\"{from}\""), format!("\"{to}\""), format!("\"{kind}\""))
    };
    assert!(edges.contains(&edge("page:law/aumf.md", "page:law/war-powers.md", "link")));
    assert!(edges.contains(&edge("page:law/aumf.md", "page:drugs/fentanyl.md", "link")));
    assert!(edges.contains(&edge("page:law/war-powers.md", "tag:war-powers", "tag")));
    assert_eq!(edges.len(), 4 + 7, "4 links and 7 tag memberships");
    let page = site.read("public/graph/index.html");
    let svg = &page[page.find("<svg class=\"graph\"").expect("svg")..page.find("</svg>").expect("svg end")];
    assert!(svg.contains("<title id=\"graph-title\">4 explainers and 3 tags"));
    // Every node is a link to its page, in the picture as in graph.json.
    let mut hrefs: Vec<&str> = svg
        .split("<a href=\"")
        .skip(1)
        .map(|a| &a[..a.find('"').expect("href end")])
        .collect();
    let mut urls: Vec<&str> = nodes.iter().map(|n| n["url"].as_str().expect("url")).collect();
    hrefs.sort_unstable();
    urls.sort_unstable();
    assert_eq!(hrefs, urls);
    assert_eq!(
        svg.matches("<path ").count(),
        4,
        "a curve per link between explainers"
    );
    assert_eq!(svg.matches("<line ").count(), 7, "a line per tag membership");
    assert!(
        page.contains("<h2>All tags</h2>"),
        "the tags are listed beside the picture"
    );
}

#[test]
fn a_graph_too_large_to_label_is_listed_not_drawn() {
    let site = Site::corpus(81);
    site.edit(
        "site.toml",
        "[search]\nenabled = true",
        "[search]\nenabled = false",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = site.read("public/graph/index.html");
    assert!(!page.contains("<svg class=\"graph\""));
    assert!(page.contains("too many explainers or tags to draw legibly"));
    assert!(page.contains("Bulk page 80"), "every explainer is still listed");
}

#[test]
fn related_explainers_follow_rare_shared_tags_and_links() {
    let site = built();
    let wpr = site.read("public/law/war-powers/index.html");
    let related =
        &wpr[wpr.find("Related explainers").expect("related")..wpr.find("Referenced by").expect("backlinks")];
    let titles: Vec<&str> = related
        .split("class=\"page-list-title\" href=\"")
        .skip(1)
        .map(|s| {
            s.split('>')
                .nth(1)
                .and_then(|t| t.split('<').next())
                .unwrap_or("")
        })
        .collect();
    // aumf shares both tags and links both ways, but it links here, so it is listed under
    // "Referenced by" and not again; bundle shares only the common tag.
    assert_eq!(titles, ["A bundle"]);
    let backlinks = &wpr[wpr.find("Referenced by").expect("backlinks")..];
    assert!(backlinks.contains("Authorizations for Use of Military Force"));
}

#[test]
fn search_index_and_page_are_built_unless_switched_off() {
    let site = Site::fixture("basic");
    site.edit("site.toml", "enabled = false", "enabled = true");
    let out = site.run(&["build", "--timings"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("search:"),
        "--timings reports the search stage: {}",
        out.stderr
    );
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-ui.css",
        "pagefind/pagefind-entry.json",
    ] {
        assert!(site.exists(&format!("public/{file}")), "missing {file}");
    }
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("public/pagefind/pagefind-entry.json")).expect("entry json");
    assert_eq!(
        entry["languages"]["en"]["page_count"], 4,
        "only the four explainers are indexed: {entry}"
    );
    let search = site.read("public/search/index.html");
    assert!(
        search.contains("/kb/pagefind/pagefind-ui.js"),
        "UI under the base path"
    );
    assert!(
        search.contains("needs JavaScript"),
        "explains itself without JavaScript"
    );
    let record = search_record(&site, "/law/war-powers/");
    let content = record["content"].as_str().expect("content");
    assert!(
        content.starts_with("The 1973 law on committing forces."),
        "summary first: {content}"
    );
    assert!(
        content.contains("Forces must leave after sixty days"),
        "body text: {content}"
    );
    for chrome in ["2024-06-01", "min read", "Referenced by", "wpr-text", "[1]"] {
        assert!(
            !content.contains(chrome),
            "page chrome {chrome:?} is not indexed: {content}"
        );
    }
    assert_eq!(record["meta"]["title"], "War Powers Resolution");
    assert_eq!(
        record["filters"]["tag"],
        serde_json::json!(["War Powers", "Congress"])
    );
    let page = site.read("public/law/war-powers/index.html");
    assert!(page.contains(r#"<form class="search-box" role="search" action="/kb/search/">"#));

    let out = site.run(&["build", "--no-search"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!site.exists("public/pagefind"), "--no-search skips the index");
    assert!(!site.exists("public/search/index.html"));
    assert!(
        !site.read("public/index.html").contains("search-box"),
        "no search box without an index"
    );
}

#[test]
fn links_from_the_site_root_are_written_under_the_base_path_and_checked() {
    let site = Site::fixture("basic");
    site.write(
        "content/rooted.md",
        "---\ntitle: Rooted\ntags: [congress]\n---\n\nSee [the sources](/sources/), [the clock](/law/war-powers/#the-60-day-clock), [the AUMF](/law/aumf) and ![data](/bundle/data.txt \"Data\").\n\n<p><a href=\"/tags/\">all tags</a> <img src=\"/bundle/data.txt\" alt=\"d\"></p>\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = site.read("public/rooted/index.html");
    for expected in [
        r#"<a href="/kb/sources/">the sources</a>"#,
        r#"<a href="/kb/law/war-powers/#the-60-day-clock">the clock</a>"#,
        r#"<a href="/kb/law/aumf/">the AUMF</a>"#,
        r#"<img src="/kb/bundle/data.txt" alt="data" title="Data" />"#,
        r#"<a href="/kb/tags/">all tags</a>"#,
        r#"<img src="/kb/bundle/data.txt" alt="d">"#,
    ] {
        assert!(
            html.contains(expected),
            "{expected} in\n{}",
            common::main_of(&html)
        );
    }
    let target = site.read("public/law/aumf/index.html");
    assert!(
        target.contains("href=\"/kb/rooted/\""),
        "a link from the root is a backlink too"
    );

    site.write(
        "content/rooted.md",
        "---\ntitle: Rooted\n---\n\n[c](/law/aumf/#nope)\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let expected = "content/rooted.md:5:1: error: broken anchor: content/law/aumf.md has no heading `#nope`";
    assert!(out.stderr.contains(expected), "{expected} in\n{}", out.stderr);
    site.write(
        "content/rooted.md",
        "---\ntitle: Rooted\n---\n\n[gone](/nowhere/) and ![x](/img/none.png)\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for expected in [
        "content/rooted.md:5:1: error: no page or file at `/nowhere/`",
        "content/rooted.md:5:23: error: no page or file at `/img/none.png`",
    ] {
        assert!(out.stderr.contains(expected), "{expected} in\n{}", out.stderr);
    }
}

/// The record Pagefind stored for the page at `url`: its fragment file, un-gzipped.
fn search_record(site: &Site, url: &str) -> serde_json::Value {
    let folder = site.root().join("public/pagefind/fragment");
    let fragments = std::fs::read_dir(&folder).expect("fragment folder");
    for entry in fragments {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("fragment");
        let mut json = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut json)
            .expect("gzip");
        let record: serde_json::Value =
            serde_json::from_str(json.trim_start_matches("pagefind_dcd")).expect("fragment json");
        if record["url"] == url {
            return record;
        }
    }
    panic!("no search record for {url}");
}

#[test]
fn a_site_larger_than_one_index_is_split_and_the_search_page_merges_the_parts() {
    let site = Site::fixture("basic");
    site.edit(
        "site.toml",
        "enabled = false",
        "enabled = true\npages_per_index = 1",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut counts = Vec::new();
    for bundle in [
        "pagefind",
        "pagefind/shard-1",
        "pagefind/shard-2",
        "pagefind/shard-3",
    ] {
        let entry: serde_json::Value =
            serde_json::from_str(&site.read(&format!("public/{bundle}/pagefind-entry.json")))
                .expect("entry json");
        counts.push(entry["languages"]["en"]["page_count"].as_u64().expect("count"));
    }
    assert_eq!(counts, [1, 1, 1, 1], "four explainers, one per index");
    assert!(!site.exists("public/pagefind/shard-4"));
    assert!(site.exists("public/pagefind/shard-1/pagefind.js"));
    assert!(
        !site.exists("public/pagefind/shard-1/pagefind-ui.js"),
        "the search interface is loaded from the first index only"
    );
    let search = site.read("public/search/index.html");
    let merged = r#"mergeIndex: [{ bundlePath: "/kb/pagefind/shard-1/" }, { bundlePath: "/kb/pagefind/shard-2/" }, { bundlePath: "/kb/pagefind/shard-3/" }]"#;
    assert!(search.contains(merged), "{search}");

    let first = snapshot_tree(&site.root().join("public/pagefind"));
    assert_eq!(site.run(&["build"]).code, 0);
    assert_eq!(
        first,
        snapshot_tree(&site.root().join("public/pagefind")),
        "the same files every build"
    );
}
