//! The calls into Pagefind's Rust API: a runtime for its async API, a new index, a
//! record added, and its files under an index's folder.

use std::collections::BTreeMap;

use super::{BUNDLE, Record, SearchError, Shards};
use crate::paths::UrlPath;
use crate::write::{Content, Output};

pub(super) fn runtime() -> Result<tokio::runtime::Runtime, SearchError> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| SearchError(e.to_string()))
}

pub(super) fn new_index(language: &str) -> Result<pagefind::api::PagefindIndex, SearchError> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| SearchError(e.to_string()))
}

pub(super) async fn files(
    index: &mut pagefind::api::PagefindIndex,
    shard: usize,
) -> Result<Vec<Output>, SearchError> {
    let files = index.get_files().await.map_err(|e| SearchError(e.to_string()))?;
    let bundle = Shards::bundle(shard);
    Ok((files.into_iter())
        .filter(|file| shard == 0 || !is_ui_file(&file.filename))
        .map(|file| bundle_file(file, &bundle))
        .collect())
}

/// Pagefind's search interfaces, which every index carries but the search page loads
/// from the first alone: the others keep only what searching them needs.
fn is_ui_file(name: &std::path::Path) -> bool {
    let name = name.file_name().and_then(|name| name.to_str()).unwrap_or("");
    [
        "pagefind-ui.",
        "pagefind-component-ui.",
        "pagefind-modular-ui.",
        "pagefind-highlight.",
    ]
    .iter()
    .any(|ui| name.starts_with(ui))
}

pub(super) async fn add(
    index: &mut pagefind::api::PagefindIndex,
    record: Record,
    language: &str,
) -> Result<(), SearchError> {
    let Record {
        url,
        title,
        tags,
        text,
    } = record;
    let meta = BTreeMap::from([("title".to_string(), title)]);
    let filters = (!tags.is_empty()).then(|| BTreeMap::from([("tag".to_string(), tags)]));
    index
        .add_custom_record(url.clone(), text, language.to_string(), Some(meta), filters, None)
        .await
        .map(drop)
        .map_err(|e| SearchError(format!("{url}: {e}")))
}

fn bundle_file(file: pagefind::api::SyntheticFile, bundle: &str) -> Output {
    let name = crate::diag::display_path(&file.filename);
    let name = name.trim_start_matches('/').trim_start_matches(BUNDLE);
    Output {
        url: UrlPath::file(&format!("{bundle}{name}")),
        content: Content::Bytes(file.contents),
    }
}
