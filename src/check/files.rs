//! Files referenced from content (images, downloads) must exist: a relative reference is
//! resolved the way a browser will, from the page's URL, and looked up among the files
//! the build copies (content assets and static files).

use std::collections::HashSet;

use crate::config::Config;
use crate::diag::{Diagnostic, display_path};
use crate::model::Site;
use crate::paths::normalize_url_path;

/// Errors for relative file references that lead nowhere, at their file:line:col.
pub fn missing_files(site: &Site, config: &Config) -> Vec<Diagnostic> {
    let mut known: HashSet<String> = site.assets.iter().map(|a| a.url.as_str().to_string()).collect();
    for dir in &config.static_dirs {
        for (rel, _) in crate::load::site_files(dir, &config.root).files {
            known.insert(display_path(&rel));
        }
    }
    let mut problems = Vec::new();
    for page in site.pages.iter().filter(|p| !p.body.file_refs.is_empty()) {
        let locator = page.doc.locator();
        for (dest, offset) in &page.body.file_refs {
            let resolved = resolve(page.place.url.as_str(), dest);
            if !known.contains(&resolved) {
                let location = locator.at(*offset);
                let nearby = page.doc.rel_path.parent().map(display_path).unwrap_or_default();
                problems.push(
                    Diagnostic::error("missing-file", location, format!("`{dest}` points at {resolved}, which is not a file of the site"))
                        .with_help(format!(
                            "a relative path starts from the page's URL ({}); put the file in a page bundle (a folder with index.md) or link it from the site root, e.g. `/{}`",
                            if page.place.url.as_str().is_empty() { "/".to_string() } else { format!("/{}", page.place.url.as_str()) },
                            if nearby.is_empty() { dest.to_string() } else { format!("{nearby}/{dest}") }
                        )),
                );
            }
        }
    }
    problems
}

/// Joins a relative reference onto a page's URL folder, resolving `.` and `..`.
fn resolve(page_dir: &str, dest: &str) -> String {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    normalize_url_path(&format!("{page_dir}/{path}"))
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn resolves_like_a_browser() {
        assert_eq!(resolve("bundle/", "data.txt"), "bundle/data.txt");
        assert_eq!(resolve("us-law/x/", "../map.png"), "us-law/map.png");
        assert_eq!(resolve("", "img/a%20b.png"), "img/a b.png");
    }
}
