//! Fingerprints of what each template sees, so `serve` re-renders only the outputs whose
//! input changed: a page is rendered again when its own view, or the site-wide view
//! every template shares, hashes differently from the last good build.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;
use tera::Context;

use crate::paths::UrlPath;

/// The fingerprint of every templated output of the last good build.
#[derive(Debug, Default, Clone)]
pub struct Fingerprints {
    pub(super) site: u64,
    pub(super) outputs: HashMap<UrlPath, u64>,
}

impl Fingerprints {
    /// Whether `url` was rendered from exactly this input last time.
    pub(super) fn unchanged(&self, site: u64, url: &UrlPath, print: u64) -> bool {
        self.site == site && self.outputs.get(url) == Some(&print)
    }
}

/// Hashes anything serializable, through its JSON form.
pub(super) fn hash_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    feed(&mut hasher, value);
    hasher.finish()
}

fn feed<T: Serialize + ?Sized>(hasher: &mut DefaultHasher, value: &T) {
    // Serializing into a hasher cannot fail for our views (string keys, no I/O).
    let _ = serde_json::to_writer(HashWriter(hasher), value);
}

struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A template context that, when asked, also fingerprints what goes into it.
pub(super) struct JobContext {
    pub context: Context,
    hasher: Option<DefaultHasher>,
}

impl JobContext {
    pub fn new(fingerprint: bool) -> JobContext {
        JobContext {
            context: Context::new(),
            hasher: fingerprint.then(DefaultHasher::new),
        }
    }

    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Some(hasher) = &mut self.hasher {
            key.hash(hasher);
            feed(hasher, value);
        }
        self.context.insert(key, value);
    }

    /// The fingerprint of the template name and everything inserted, if asked for.
    pub fn finish(self, template: &str) -> (Context, Option<u64>) {
        let print = self.hasher.map(|mut hasher| {
            template.hash(&mut hasher);
            hasher.finish()
        });
        (self.context, print)
    }
}
