//! Files named from a page (`![[map.png]]`, `![](img/map.png)`, `<img src="…">`): found
//! from the linking file's folder, its URL, or by name under content/.

use pulldown_cmark_escape::escape_href;

use crate::diag::display_path;
use crate::paths::UrlPath;

use super::{PageId, Resolver};

impl Resolver<'_> {
    /// The href of a file named from page `from`: the one at that path from the page's
    /// file (as GitHub reads it) or else from its URL (as a browser would), else the one
    /// file under content/ so named (its last path segments, any case); or why there is
    /// none.
    pub(super) fn attachment(&self, from: PageId, name: &str) -> Result<String, (String, String)> {
        let folder = (self.documents[from].doc.rel_path.parent())
            .map(display_path)
            .unwrap_or_default();
        let from_file = crate::paths::normalize_url_path(&format!("{folder}/{name}"));
        let page_url = self.placements[from].url.as_str();
        let from_url = crate::paths::normalize_url_path(&format!("{page_url}/{name}"));
        let href = |url: &UrlPath| {
            let mut href = String::new();
            let _ = escape_href(&mut href, &self.config.urls.link(url));
            href
        };
        if let Some(url) =
            (self.index.attachment_at(&from_file)).or_else(|| self.index.attachment_at(&from_url))
        {
            return Ok(href(url));
        }
        match self.index.attachments_named(name).as_slice() {
            [one] => Ok(href(one)),
            [] => Err((
                format!("no file named `{name}` under content/"),
                "put the file anywhere under content/, or fix its name".into(),
            )),
            many => Err((
                format!(
                    "ambiguous attachment `{name}`: {}",
                    many.iter()
                        .map(|u| format!("content/{}", u.as_str()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "name it with its folder, e.g. `![[folder/name.png]]`".into(),
            )),
        }
    }
}
