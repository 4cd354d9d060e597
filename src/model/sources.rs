//! The source registry: every source declared in front matter or `content/_sources.yaml`,
//! unique by id across the site, and which pages cite it.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Location, SourceText, did_you_mean, display_path};
use crate::glossary::Glossary;
use crate::load::{SharedSources, SourceDecl};

use super::PageId;

pub(crate) use super::ids::SourceId;

#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub decl: SourceDecl,
    /// The file that declares it.
    pub declared_in: PathBuf,
    /// Pages citing it, in page order.
    pub cited_by: Vec<PageId>,
}

pub(super) struct Registry {
    sources: Vec<Source>,
    by_id: HashMap<String, SourceId>,
}

impl Registry {
    pub(super) fn build(
        shared: Option<&SharedSources>,
        documents: &[super::Parsed],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Registry {
        let mut registry = Registry {
            sources: Vec::new(),
            by_id: HashMap::new(),
        };
        if let Some(shared) = shared {
            for decl in &shared.sources {
                registry.declare(decl, &shared.file, &shared.text, diagnostics);
            }
        }
        for super::Parsed { doc, .. } in documents {
            let front_matter = &doc.text[..doc.body_start];
            for decl in &doc.front.sources {
                registry.declare(decl, &doc.file, front_matter, diagnostics);
            }
        }
        for (page, super::Parsed { body, .. }) in PageId::enumerate(documents) {
            for id in &body.cited {
                if let Some(&source) = registry.by_id.get(id) {
                    registry.sources[source].cited_by.push(page);
                }
            }
        }
        registry
    }

    fn declare(
        &mut self,
        decl: &SourceDecl,
        file: &std::path::Path,
        text: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if let Some(&existing) = self.by_id.get(&decl.id) {
            let first = display_path(&self.sources[existing].declared_in);
            let offset = id_offset(text, &decl.id);
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-source",
                    Location::at(file, &SourceText::new(text), offset),
                    format!("source id `{}` is declared twice: here and in {first}", decl.id),
                )
                .with_help("source ids are unique across the site; cite the existing one or rename this one"),
            );
            return;
        }
        if let Some(url) = decl
            .url
            .as_deref()
            .filter(|url| crate::markdown::runs_code(url, false))
        {
            let offset = text.find(url).unwrap_or_else(|| id_offset(text, &decl.id));
            diagnostics.push(
                Diagnostic::error(
                    "unsafe-url",
                    Location::at(file, &SourceText::new(text), offset),
                    format!(
                        "source `{}` has a URL that runs code when followed: `{}`",
                        decl.id,
                        crate::diag::shorten(url)
                    ),
                )
                .with_help("a source's url is where a reader can find it: an http(s) address"),
            );
        }
        self.by_id
            .insert(decl.id.clone(), SourceId::at(self.sources.len()));
        self.sources.push(Source {
            decl: decl.clone(),
            declared_in: file.to_path_buf(),
            cited_by: Vec::new(),
        });
    }

    pub(super) fn lookup(&self, id: &str) -> Option<SourceId> {
        self.by_id.get(id).copied()
    }

    pub(super) fn closest(&self, id: &str) -> Option<&str> {
        did_you_mean(id, self.by_id.keys().map(String::as_str))
    }

    /// The sources, with the pages whose events and claims cite them (`citing`) added
    /// to the pages citing them.
    pub(super) fn into_sources<'a>(
        self,
        citing: impl Iterator<Item = (PageId, &'a [SourceId])>,
    ) -> Vec<Source> {
        let mut sources = self.sources;
        for (page, cited) in citing {
            for &source in cited {
                let cited_by = &mut sources[source].cited_by;
                if let Err(at) = cited_by.binary_search(&page) {
                    cited_by.insert(at, page);
                }
            }
        }
        sources
    }

    /// An error for an id no source of the site has, with the closest one as a
    /// suggestion. `cited_by` names what cites it when that is not a page's prose.
    pub(super) fn unknown_source(&self, id: &str, cited_by: Option<&str>, location: Location) -> Diagnostic {
        let help = match self.closest(id) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "declare it under `sources:` in the front matter or in content/_sources.yaml".into(),
        };
        let message = match cited_by {
            Some(what) => format!("{what} cites unknown source `{id}`"),
            None => format!("unknown source `{id}`"),
        };
        Diagnostic::error("unknown-source", location, message).with_help(help)
    }
}

/// Each glossary entry's source, checked against the registry.
pub(super) fn glossary_sources(
    glossary: &Glossary,
    registry: &Registry,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<SourceId>> {
    let text = SourceText::new(&glossary.text);
    (glossary.entries.iter())
        .map(|entry| {
            let id = entry.decl.source.as_deref()?;
            let found = registry.lookup(id);
            if found.is_none() {
                let at = glossary.text[entry.offset..]
                    .find(id)
                    .map_or(entry.offset, |i| entry.offset + i);
                let location = Location::at(&glossary.file, &text, at);
                diagnostics.push(registry.unknown_source(id, Some("glossary entry"), location));
            }
            found
        })
        .collect()
}

/// Where `id: <id>` is written, so a duplicate can be pointed at.
fn id_offset(text: &str, id: &str) -> usize {
    text.match_indices(id)
        .filter(|(i, _)| text[..*i].trim_end().ends_with("id:"))
        .last()
        .map_or(0, |(i, _)| i)
}
