//! Files read by an earlier load, each with the size and modification time it had then,
//! so `serve` re-reads only the files that changed since.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::diag::Diagnostic;

use super::Document;

/// A file's parsed front matter and text, or why it could not be loaded.
pub type ReadResult = Result<Arc<Document>, Vec<Diagnostic>>;

/// What a file looked like when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Inode and status-change time where there are such: an editor that saves by
    /// renaming a new file into place changes the inode even within one clock tick.
    inode: u64,
    changed: i64,
}

impl Stamp {
    /// The stamp of the file at `path` now; `None` when its metadata cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), meta.ctime_nsec() + meta.ctime() * 1_000_000_000)
        };
        #[cfg(not(unix))]
        let (inode, changed) = (0, 0);
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
            changed,
        })
    }
}

/// Read results by path relative to `content/`.
#[derive(Debug, Default, Clone)]
pub struct FileCache {
    entries: HashMap<PathBuf, (Stamp, ReadResult)>,
}

impl FileCache {
    /// The earlier result for `rel`, if the file still has the same stamp.
    pub fn get(&self, rel: &Path, stamp: Stamp) -> Option<&ReadResult> {
        self.entries
            .get(rel)
            .filter(|(seen, _)| *seen == stamp)
            .map(|(_, result)| result)
    }

    /// Remembers `result` for `rel`, read when the file had `stamp`.
    pub fn insert(&mut self, rel: PathBuf, stamp: Stamp, result: ReadResult) {
        self.entries.insert(rel, (stamp, result));
    }

    /// Drops what is known about files reported changed, whatever their stamps say
    /// (two saves within the clock's resolution keep size and time alike).
    pub fn forget(&mut self, rel: &Path) {
        self.entries.remove(rel);
    }
}
