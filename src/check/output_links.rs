//! The last line of defence: every internal `href` and `src` in the rendered HTML must
//! point at a file the build writes, so theme and template mistakes are caught too.

use std::collections::HashSet;

use crate::config::Config;
use crate::diag::{Diagnostic, Location};
use crate::paths::UrlPath;
use crate::write::Content;

/// Every file the build writes, and the exact `href` each is linked with: a link spelled
/// the way the build spells it is checked with one lookup and no allocation; anything
/// else (relative, `&amp;`, `index.html`, a query) is normalised first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkTargets {
    files: FastSet,
    /// As bytes: a link found in the HTML is looked up before it is checked as UTF-8.
    hrefs: HashSet<Box<[u8]>, foldhash::fast::RandomState>,
}

/// Looked up for every link of every page: a fast hash, as nothing here is hostile
/// input that could be crafted to collide.
type FastSet = HashSet<String, foldhash::fast::RandomState>;

impl LinkTargets {
    pub(crate) fn new<'a>(urls: impl Iterator<Item = &'a UrlPath>, config: &Config) -> LinkTargets {
        let mut files = FastSet::default();
        let mut hrefs = HashSet::default();
        let mut add_href = |href: String| hrefs.insert(href.into_bytes().into_boxed_slice());
        for url in urls {
            files.insert(url.output_file());
            add_href(config.urls.link(url));
        }
        for file in search_files(config) {
            add_href(config.urls.link(&UrlPath::file(&file)));
            files.insert(file);
        }
        LinkTargets { files, hrefs }
    }

    /// The output files, for collision checks and counts.
    pub(crate) fn files(&self) -> &FastSet {
        &self.files
    }

    fn has_file(&self, path: &str) -> bool {
        self.files.contains(path) || self.files.contains(&format!("{path}/index.html"))
    }
}

/// Output files that two producers (pages, aliases, generated or static files) would
/// both write: the later one would silently replace or even interleave with the other.
pub(crate) fn duplicate_outputs(files: impl Iterator<Item = String>, config: &Config) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    let mut problems = Vec::new();
    for file in files {
        let key = file.to_lowercase();
        if !seen.insert(key.clone()) && reported.insert(key) {
            let shown = std::path::Path::new(&config.site.output_dir).join(&file);
            problems.push(
                Diagnostic::error("output-collision", Location::file(shown), "this file would be written twice")
                    .with_help("a page, an alias, a file in static/ or content/, or a generated file (sitemap.xml, robots.txt, atom.xml, _redirects, 404.html, tags/, sources/, graph/, search/, pagefind/) claim the same path; rename one"),
            );
        }
    }
    problems
}

/// The search UI files templates link to, which the index adds after rendering.
pub(crate) fn search_files(config: &Config) -> impl Iterator<Item = String> {
    let enabled = config.site.search.enabled;
    crate::search::UI_FILES
        .iter()
        .filter(move |_| enabled)
        .map(|f| f.to_string())
}

/// Errors, at their file:line:col, for links and images written from the site root
/// (`/sources/`, `/img/map.png`) that name no page and no file the build writes. Pages
/// were checked by the model; these are the rest.
pub(crate) fn root_links(
    site: &crate::model::Site,
    targets: &LinkTargets,
    base_path: &str,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in &site.pages {
        // What each link was written as, checked as the href the model made of it (a
        // page's own URL where it named one in another case).
        let roots =
            (page.body.links.iter().zip(&page.graph.hrefs)).filter_map(|(link, href)| match &link.target {
                crate::markdown::LinkTarget::Root { path, .. } => Some((path, href, link.offset)),
                _ => None,
            });
        let mut locator = None;
        for (path, href, offset) in roots {
            let file = output_file_of(href, base_path);
            if file.is_empty() || targets.has_file(&file) {
                continue;
            }
            let locator = locator.get_or_insert_with(|| page.doc.locator());
            problems.push(
                Diagnostic::error("broken-link", locator.at(offset), format!("no page or file at `/{path}`"))
                    .with_help("a path from the site root names a page's URL (`/us-law/aumf/`) or a file of static/ or content/ (`/img/map.png`); it is written under the base path"),
            );
        }
    }
    problems
}

/// The path from the site root an escaped href under the base path names, without its
/// anchor or query: `/kb/a%20b/#x` → `a b/`.
fn output_file_of(href: &str, base_path: &str) -> String {
    let href = html_escape::decode_html_entities(href);
    let path = href.strip_prefix(base_path).unwrap_or(&href);
    crate::paths::normalize_url_path(path.split(['#', '?']).next().unwrap_or(""))
}

/// Internal links of one HTML output that point at none of `files` (output paths such
/// as `us-law/x/index.html`).
pub(crate) fn broken_links(
    url: &UrlPath,
    content: &Content,
    targets: &LinkTargets,
    config: &Config,
) -> Vec<Diagnostic> {
    let Content::Bytes(html) = content else {
        return Vec::new();
    };
    let file = url.output_file();
    if !file.ends_with(".html") {
        return Vec::new();
    }
    let base = config.urls.base_path();
    let mut broken: Vec<&str> = attribute_values(html)
        .filter(|target| !target.starts_with(b"#") && !target.starts_with(b"http"))
        .filter(|target| {
            let before_fragment = memchr::memchr(b'#', target).map_or(*target, |hash| &target[..hash]);
            !targets.hrefs.contains(before_fragment)
        })
        // Only a link spelled otherwise is read as text (those that are not UTF-8 are
        // not looked at: the page is not checked as a whole).
        .filter_map(|target| std::str::from_utf8(target).ok())
        .filter(|target| site_path(target, url.as_str(), base).is_some_and(|path| !targets.has_file(&path)))
        .collect();
    broken.sort_unstable();
    broken.dedup();
    let shown = std::path::Path::new(&config.site.output_dir).join(&file);
    broken
        .into_iter()
        .map(|target| {
            Diagnostic::error(
                "broken-output-link",
                Location::file(&shown),
                format!("links to `{target}`, which the build does not produce"),
            )
            .with_help("a template or a raw HTML link in content points at a missing page or file")
        })
        .collect()
}

/// Values of `href="…"` and `src="…"` attributes. One scan for `=`, which is rare
/// enough outside attributes that checking the name before it is cheaper than a
/// substring search per attribute name. Only inside a tag: text (code showing HTML
/// among it) has its `<` escaped, so an `=` whose nearest `<` or `>` before it is a `>`
/// is text, however much it looks like an attribute.
fn attribute_values(html: &[u8]) -> impl Iterator<Item = &[u8]> {
    memchr::memchr_iter(b'=', html).filter_map(move |i| {
        let (name, rest) = html.split_at(i);
        let rest = rest.get(1..)?.strip_prefix(b"\"")?;
        if !(name.ends_with(b"href") || name.ends_with(b"src")) {
            return None;
        }
        let in_tag = memchr::memrchr2(b'<', b'>', name).is_some_and(|at| name[at] == b'<');
        in_tag
            .then(|| Some(&rest[..memchr::memchr(b'"', rest)?]))
            .flatten()
    })
}

/// The output file a link points at, or `None` if it is external or only an anchor.
/// `page_dir` is the linking page's URL path (e.g. `us-law/x/`).
fn site_path(target: &str, page_dir: &str, base: &str) -> Option<String> {
    let target: std::borrow::Cow<'_, str> = if target.contains("&amp;") {
        target.replace("&amp;", "&").into()
    } else {
        target.into()
    };
    let path = target.split(['#', '?']).next().unwrap_or("");
    let external = path.is_empty() || path.starts_with("//") || path.contains(':');
    if external {
        return None;
    }
    let joined = match path.strip_prefix('/') {
        Some(_) => match path.strip_prefix(base) {
            Some(inside) => inside.to_string(),
            None if path == base.trim_end_matches('/') => String::new(),
            None => return Some(path.to_string()),
        },
        None => format!("{}{path}", page_dir_of(page_dir)),
    };
    let file = crate::paths::normalize_url_path(&joined);
    Some(if joined.ends_with('/') || file.is_empty() {
        format!("{file}/index.html").trim_start_matches('/').to_string()
    } else {
        file
    })
}

fn page_dir_of(url: &str) -> &str {
    match url.rfind('/') {
        Some(i) => &url[..=i],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::{attribute_values, site_path};

    #[test]
    fn attributes_are_read_in_tags_only() {
        let html = br#"<a href="/kb/a/">a</a><pre><code>&lt;a href="/kb/shown/"&gt;</code></pre><img alt="x" src="/kb/i.png">"#;
        let values: Vec<&[u8]> = attribute_values(html).collect();
        assert_eq!(values, [&b"/kb/a/"[..], &b"/kb/i.png"[..]]);
    }

    #[test]
    fn resolves_links_to_output_files() {
        let base = "/kb/";
        assert_eq!(
            site_path("/kb/us-law/x/", "a/", base).as_deref(),
            Some("us-law/x/index.html")
        );
        assert_eq!(site_path("/kb/", "a/", base).as_deref(), Some("index.html"));
        assert_eq!(site_path("/kb", "a/", base).as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/kb/style.css?v=1", "", base).as_deref(),
            Some("style.css")
        );
        assert_eq!(
            site_path("data.txt", "bundle/", base).as_deref(),
            Some("bundle/data.txt")
        );
        assert_eq!(
            site_path("../b/#x", "a/p/", base).as_deref(),
            Some("a/b/index.html")
        );
        assert_eq!(
            site_path("/kb/war%20powers/", "", base).as_deref(),
            Some("war powers/index.html")
        );
        assert_eq!(
            site_path("/elsewhere/", "", base).as_deref(),
            Some("/elsewhere/"),
            "outside the base path"
        );
        assert_eq!(site_path("https://example.org/", "", base), None);
        assert_eq!(site_path("#top", "", base), None);
        assert_eq!(site_path("mailto:a@b.c", "", base), None);
    }
}
