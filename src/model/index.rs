//! The lookup tables from what a writer types to what is meant: pages by content path,
//! by URL and by name (title, file stem, slug, alias), files by name, and the files that
//! failed to load.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diag::{did_you_mean, display_path};
use crate::paths::UrlPath;

use super::{PageId, Parsed, Placement};

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Lookup tables from what a writer types to the page meant.
pub(super) struct Index {
    by_path: FastMap<String, PageId>,
    /// Pages by URL path (`us-law/x/`), for links from the site root.
    by_url: FastMap<String, PageId>,
    /// The same, lowercased (`None` where two pages differ only in case): Hugo writes
    /// `/methods/resource/name/` for `Name.md`, whose URL keeps the file's case.
    by_url_any_case: FastMap<String, Option<PageId>>,
    /// Every file under content/ that is not a page, for attachments named by name.
    attachments: Vec<UrlPath>,
    /// Pages by file name (without `.md`) and by content path without `.md`: what
    /// Obsidian links by, so these win over any other name.
    by_file_name: FastMap<String, Vec<PageId>>,
    /// Pages by title, slug, last URL segment and the aliases that are names.
    by_name: FastMap<String, Vec<PageId>>,
    /// Paths and file stems of documents that failed to load.
    failed: HashSet<String>,
}

impl Index {
    pub(super) fn new(
        documents: &[Parsed],
        placements: &[Placement],
        failed: &[PathBuf],
        assets: &[crate::load::Asset],
    ) -> Index {
        let failed = failed
            .iter()
            .flat_map(|path| {
                let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase());
                [Some(display_path(path)), stem].into_iter().flatten()
            })
            .collect();
        // Each page's path, its file names and the other names it can be linked by,
        // spelled in parallel.
        let named: Vec<(String, Vec<String>, Vec<String>)> = (documents.par_iter().zip(placements))
            .map(|(Parsed { doc, .. }, placement)| {
                let path = display_path(&doc.rel_path);
                let front = &doc.front;
                let stem = doc
                    .rel_path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .filter(|s| s != "_index" && s != "index");
                let last_segment = placement
                    .url
                    .as_str()
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .map(str::to_string);
                let spell = |name: String| name.trim().to_lowercase();
                let file_names = [stem, path.strip_suffix(".md").map(str::to_string)]
                    .into_iter()
                    .flatten()
                    .map(spell)
                    .collect();
                let names = [Some(front.title.clone()), front.slug.clone(), last_segment]
                    .into_iter()
                    .flatten()
                    .chain(front.aliases.iter().filter(|a| !a.starts_with('/')).cloned())
                    .map(spell)
                    .collect();
                (path, file_names, names)
            })
            .collect();
        let mut by_path = FastMap::default();
        let by_url: FastMap<String, PageId> = PageId::enumerate(placements)
            .map(|(id, placement)| (placement.url.as_str().to_string(), id))
            .collect();
        let mut by_url_any_case: FastMap<String, Option<PageId>> = FastMap::default();
        for (url, &id) in &by_url {
            (by_url_any_case.entry(url.to_lowercase()))
                .and_modify(|found| *found = None)
                .or_insert(Some(id));
        }
        let mut by_file_name: FastMap<String, Vec<PageId>> = FastMap::default();
        let mut by_name: FastMap<String, Vec<PageId>> = FastMap::default();
        let add = |table: &mut FastMap<String, Vec<PageId>>, name: String, id: PageId| {
            let entry = table.entry(name).or_default();
            if !entry.contains(&id) {
                entry.push(id);
            }
        };
        for (id, (path, file_names, names)) in PageId::enumerate(named) {
            file_names
                .into_iter()
                .for_each(|name| add(&mut by_file_name, name, id));
            names.into_iter().for_each(|name| add(&mut by_name, name, id));
            by_path.insert(path, id);
        }
        let attachments = (assets.iter())
            .map(|asset| UrlPath::file(&display_path(&asset.rel_path)))
            .collect();
        Index {
            by_path,
            by_url,
            by_url_any_case,
            attachments,
            by_file_name,
            by_name,
            failed,
        }
    }

    pub(super) fn path(&self, path: &str) -> Option<PageId> {
        self.by_path.get(path).copied()
    }

    /// The page at a path from the site root, however it is spelled: `/a/b`, `/a/b/`,
    /// `/a/b/index.html`, percent-encoded or not, and in any case if only one page's URL
    /// is so spelled (the link is written with the page's own URL).
    pub(super) fn at_url(&self, path: &str) -> Option<PageId> {
        let path = crate::paths::normalize_url_path(path.split('?').next().unwrap_or(""));
        let path = path
            .strip_suffix("index.html")
            .unwrap_or(&path)
            .trim_end_matches('/');
        let dir = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        (self.by_url.get(&dir).copied())
            .or_else(|| self.by_url_any_case.get(&dir.to_lowercase()).copied().flatten())
    }

    /// The pages a wikilink name can mean: those whose file is so named if any (as in
    /// Obsidian), else those so titled, slugged or aliased.
    pub(super) fn named(&self, name: &str) -> &[PageId] {
        let name = name.trim().to_lowercase();
        (self.by_file_name.get(&name))
            .or_else(|| self.by_name.get(&name))
            .map_or(&[], Vec::as_slice)
    }

    pub(super) fn closest_path(&self, path: &str) -> Option<&str> {
        did_you_mean(path, self.by_path.keys().map(String::as_str))
    }

    /// Whether a link's path or name is one of a file that failed to load.
    pub(super) fn failed(&self, path_or_stem: &str) -> bool {
        self.failed.contains(path_or_stem)
    }

    /// The files under content/ whose path is `name` or ends with `/name`, in any case.
    /// The file at this path from content/, if the site has it.
    pub(super) fn attachment_at(&self, path: &str) -> Option<&UrlPath> {
        self.attachments.iter().find(|url| url.as_str() == path)
    }

    pub(super) fn attachments_named(&self, name: &str) -> Vec<&UrlPath> {
        let wanted = name.trim_start_matches("./").to_lowercase();
        (self.attachments.iter())
            .filter(|url| {
                let path = url.as_str().to_lowercase();
                path == wanted || path.ends_with(&format!("/{wanted}"))
            })
            .collect()
    }
}
