//! The numbers behind each page's ```` ```chart ```` blocks: the block's YAML read, its
//! CSV file found (beside the page, else under `content/data/`) and read, its columns
//! and sources checked. Problems are errors at the chart block's line and column.

use std::path::{Component, Path, PathBuf};

use crate::charts::{self, ChartSpec, Table};
use crate::diag::{Diagnostic, Location, SourceText};
use crate::load::Document;

use super::SourceId;
use super::sources::Registry;

/// A chart ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chart {
    pub spec: ChartSpec,
    pub table: Table,
    pub sources: Vec<SourceId>,
}

/// The charts of one page, in order; a chart with a problem is left out (and reported).
pub(super) fn collect(
    doc: &Document,
    blocks: &[crate::markdown::ChartBlock],
    registry: &Registry,
    content_dir: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Chart> {
    if blocks.is_empty() {
        return Vec::new();
    }
    let Some(text) = doc.source() else {
        problems.push(Diagnostic::error(
            "io",
            Location::file(&doc.file),
            "the file changed while the build ran; run the build again".to_string(),
        ));
        return Vec::new();
    };
    let source = SourceText::new(text.as_ref());
    let mut charts = Vec::with_capacity(blocks.len());
    for block in blocks {
        let start = doc.body_start + block.offset;
        let at = |needle: &str| {
            let found = block.yaml.find(needle).map_or(0, |i| i);
            Location::at(&doc.file, &source, start + found)
        };
        let spec: ChartSpec =
            match crate::load::parse_embedded_yaml(&block.yaml, &doc.file, &source, start, charts::KEYS) {
                Ok(spec) => spec,
                Err(problem) => {
                    problems.push(*problem);
                    continue;
                }
            };
        let Some(path) = data_file(content_dir, &doc.rel_path, &spec.data) else {
            problems.push(
                Diagnostic::error(
                    "chart",
                    at("data:"),
                    format!("chart data `{}` not found", spec.data),
                )
                .with_help(
                    "put the CSV file beside the page or under content/data/, and name it relative to there",
                ),
            );
            continue;
        };
        let csv_text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) => {
                problems.push(Diagnostic::error(
                    "chart",
                    at("data:"),
                    format!("cannot read chart data `{}`: {err}", spec.data),
                ));
                continue;
            }
        };
        let table = match charts::read_table(&spec, &csv_text) {
            Ok(table) => table,
            Err(err) => {
                let needle = spec
                    .y
                    .iter()
                    .chain([&spec.x])
                    .find(|c| err.message.contains(&format!("`{c}`")));
                let mut problem =
                    Diagnostic::error("chart", at(needle.map_or("data:", String::as_str)), err.message);
                problem.help = err.help;
                problems.push(problem);
                continue;
            }
        };
        let mut sources = Vec::new();
        for id in &spec.source {
            match registry.lookup(id) {
                Some(found) => sources.push(found),
                None => problems.push(registry.unknown_source(id, Some("chart"), at(id))),
            }
        }
        charts.push(Chart { spec, table, sources });
    }
    charts
}

/// The CSV file a chart names: beside the page, else under `content/data/`; never
/// outside `content/`.
fn data_file(content_dir: &Path, page: &Path, name: &str) -> Option<PathBuf> {
    let relative = Path::new(name);
    if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let beside = content_dir
        .join(page.parent().unwrap_or(Path::new("")))
        .join(relative);
    let shared = content_dir.join("data").join(relative);
    [beside, shared].into_iter().find(|path| path.is_file())
}
