//! Giving every document its URL and its place in the section tree; two documents
//! claiming one URL is an error naming both.

use std::collections::HashMap;
use std::path::{Component, Path};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Location, SourceText, display_path};
use crate::load::{Asset, Document, FrontMatter};
use crate::markdown::Rendered;
use crate::paths::{Slug, UrlPath};

use super::{PageId, PageKind, Parsed, Placement, StaticFile};

/// Orders documents with the home page first and places each one.
pub(super) fn place(
    mut documents: Vec<Parsed>,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Parsed>, Vec<Placement>) {
    match documents
        .iter()
        .position(|parsed| parsed.doc.rel_path == Path::new("_index.md"))
    {
        Some(i) => {
            let home = documents.remove(i);
            documents.insert(0, home);
        }
        None => documents.insert(0, generated_home(config)),
    }
    let (mut placements, problems): (Vec<Placement>, Vec<Vec<Diagnostic>>) = (documents.par_iter())
        .enumerate()
        .map(|(id, Parsed { doc, .. })| {
            let mut problems = Vec::new();
            let url = url_of(doc, &mut problems);
            // An alias that is the page's own URL (in any case: Hugo sites list their
            // old capitalised paths) would redirect the page to itself.
            let mut aliases = aliases_of(doc, &mut problems);
            aliases.retain(|alias| !alias.as_str().eq_ignore_ascii_case(url.as_str()));
            let placement = Placement {
                kind: kind_of(PageId::at(id), doc),
                url,
                aliases,
                parent: None,
                children: Vec::new(),
                subsections: Vec::new(),
            };
            (placement, problems)
        })
        .unzip();
    diagnostics.extend(problems.into_iter().flatten());
    report_collisions(&documents, &placements, diagnostics);
    link_sections(&documents, &mut placements);
    (documents, placements)
}

fn generated_home(config: &Config) -> Parsed {
    let front = FrontMatter {
        title: config.site.title.clone(),
        summary: Some(config.site.description.clone()).filter(|d| !d.is_empty()),
        ..FrontMatter::default()
    };
    let doc = Document::new(
        "_index.md".into(),
        "content/_index.md".into(),
        front,
        String::new(),
        0,
    );
    Parsed {
        doc: Arc::new(doc),
        body: Arc::new(super::Body::new(Rendered::default())),
    }
}

fn kind_of(id: PageId, doc: &Document) -> PageKind {
    if id == PageId::HOME {
        PageKind::Home
    } else if doc.is_section() {
        PageKind::Section
    } else {
        PageKind::Explainer
    }
}

/// `a/b.md` → `a/b/`, `a/_index.md` and `a/index.md` → `a/`; `slug:` replaces the last part.
fn url_of(doc: &Document, diagnostics: &mut Vec<Diagnostic>) -> UrlPath {
    let mut segments: Vec<String> = folder_segments(&doc.rel_path);
    let stem = doc
        .rel_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem != "_index" && stem != "index" {
        segments.push(stem);
    }
    if let Some(raw) = &doc.front.slug {
        match Slug::new(raw) {
            Some(slug) if !segments.is_empty() => {
                let last = segments.len() - 1;
                segments[last] = slug.as_str().to_string();
            }
            Some(_) => {}
            None => diagnostics.push(front_matter_error(
                doc,
                "slug:",
                "invalid-slug",
                format!("invalid slug `{raw}`: it must be one URL segment without `/`, `\\`, `:` or `..`"),
            )),
        }
    }
    UrlPath::dir(segments.iter().map(String::as_str))
}

/// Old URLs that redirect here: the aliases written from the site root (`/old/page/`),
/// never `..`, schemes or hosts. An alias without a leading `/` is another name for the
/// page in wikilinks (as Obsidian's are), not a URL.
fn aliases_of(doc: &Document, diagnostics: &mut Vec<Diagnostic>) -> Vec<UrlPath> {
    let mut aliases = Vec::new();
    for alias in doc.front.aliases.iter().filter(|alias| alias.starts_with('/')) {
        let segments: Vec<&str> = alias.split('/').filter(|s| !s.is_empty()).collect();
        let refused = alias.starts_with("//")
            || alias.contains(['\\', ':', '?', '#', '\0'])
            || segments.is_empty()
            || segments.iter().any(|s| *s == "." || *s == "..");
        if refused {
            diagnostics.push(front_matter_error(
                doc,
                "aliases:",
                "invalid-alias",
                format!("invalid alias `{alias}`: use a path on this site such as `/old/page/`"),
            ));
        } else if alias.ends_with('/') || !segments.last().is_some_and(|s| s.contains('.')) {
            aliases.push(UrlPath::dir(segments));
        } else {
            aliases.push(UrlPath::file(&segments.join("/")));
        }
    }
    aliases
}

fn folder_segments(rel_path: &Path) -> Vec<String> {
    rel_path
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// An error pointing at the first line of the front matter that starts with `key`.
pub(super) fn front_matter_error(
    doc: &Document,
    key: &str,
    code: &'static str,
    message: String,
) -> Diagnostic {
    let offset = doc.text[..doc.body_start]
        .find(&format!("\n{key}"))
        .map_or(0, |i| i + 1);
    Diagnostic::error(
        code,
        Location::at(&doc.file, &SourceText::new(&doc.text), offset),
        message,
    )
}

fn report_collisions(documents: &[Parsed], placements: &[Placement], diagnostics: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<String, PageId> = HashMap::new();
    let claims = PageId::enumerate(placements).flat_map(|(id, place)| {
        std::iter::once(&place.url)
            .chain(&place.aliases)
            .map(move |url| (id, url))
    });
    for (id, url) in claims {
        let key = url.as_str().to_lowercase();
        if let Some(&first) = owners.get(&key) {
            let (this, other) = (&documents[id].doc, &documents[first].doc);
            diagnostics.push(
                Diagnostic::error(
                    "url-collision",
                    Location::file(&this.file),
                    format!(
                        "{} and {} both claim the URL /{}",
                        display_path(&other.file),
                        display_path(&this.file),
                        url.as_str()
                    ),
                )
                .with_help("rename one file or give it a different `slug` (URLs that differ only in case collide on many hosts)"),
            );
        } else {
            owners.insert(key, id);
        }
    }
}

/// Attaches every page to its nearest enclosing section and sorts section listings.
fn link_sections(documents: &[Parsed], placements: &mut [Placement]) {
    let section_of_folder: HashMap<&Path, PageId> = PageId::enumerate(documents)
        .filter(|(id, _)| placements[*id].kind != PageKind::Explainer)
        .map(|(id, Parsed { doc, .. })| (doc.rel_path.parent().unwrap_or(Path::new("")), id))
        .collect();
    for id in PageId::all(documents.len()).skip(1) {
        let doc = &documents[id].doc;
        let own_folder = doc.rel_path.parent().unwrap_or(Path::new(""));
        let mut folder = match placements[id].kind {
            PageKind::Explainer if doc.rel_path.file_name().is_some_and(|n| n == "index.md") => {
                own_folder.parent()
            }
            PageKind::Explainer => Some(own_folder),
            _ => own_folder.parent(),
        };
        let parent = loop {
            match folder {
                Some(f) => match section_of_folder.get(f) {
                    Some(&section) if section != id => break section,
                    _ => folder = f.parent(),
                },
                None => break PageId::HOME,
            }
        };
        placements[id].parent = Some(parent);
        match placements[id].kind {
            PageKind::Explainer => placements[parent].children.push(id),
            _ => placements[parent].subsections.push(id),
        }
    }
    for place in placements.iter_mut() {
        place
            .children
            .sort_by(|&a, &b| listing_order(&documents[a].doc.front, &documents[b].doc.front));
        place
            .subsections
            .sort_by(|&a, &b| listing_order(&documents[a].doc.front, &documents[b].doc.front));
    }
}

/// Section order: weight (pages without one last), then newest first, then title.
fn listing_order(a: &FrontMatter, b: &FrontMatter) -> std::cmp::Ordering {
    let weight = |f: &FrontMatter| (f.weight.is_none(), f.weight);
    weight(a)
        .cmp(&weight(b))
        .then_with(|| b.date.cmp(&a.date))
        .then_with(|| a.title.cmp(&b.title))
}

/// Content assets keep their path under `content/`.
pub(super) fn place_assets(assets: Vec<Asset>) -> Vec<StaticFile> {
    assets
        .into_iter()
        .map(|asset| StaticFile {
            url: UrlPath::file(&display_path(&asset.rel_path)),
            source: asset.source,
        })
        .collect()
}
