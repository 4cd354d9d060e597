//! Fingerprints of what each template sees, so `serve` re-renders only the outputs whose
//! input changed: a page is rendered again when its own view, or the site-wide view
//! every template shares, hashes differently from the last good build.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use foldhash::quality::FoldHasher;
use serde::Serialize;
use tera::Context;

use crate::hash::stable_hasher;
use crate::paths::UrlPath;

/// The fingerprint of every templated output of the last good build.
#[derive(Debug, Default, Clone)]
pub(crate) struct Fingerprints {
    pub(super) site: u64,
    pub(super) outputs: HashMap<UrlPath, u64>,
}

impl Fingerprints {
    /// Nothing rendered yet (the first build).
    pub(super) fn is_empty(&self) -> bool {
        self.outputs.is_empty()
    }

    /// The fingerprint of `url` alone, rendered again from `print` with the site-wide
    /// view these were taken with.
    pub(crate) fn one(&self, url: UrlPath, print: u64) -> Fingerprints {
        Fingerprints {
            site: self.site,
            outputs: HashMap::from([(url, print)]),
        }
    }

    /// Takes in the fingerprints of outputs rendered again since.
    pub(crate) fn update(&mut self, newer: Fingerprints) {
        self.site = newer.site;
        self.outputs.extend(newer.outputs);
    }

    /// Whether `url` was rendered from exactly this input last time.
    pub(super) fn unchanged(&self, site: u64, url: &UrlPath, print: u64) -> bool {
        self.site == site && self.outputs.get(url) == Some(&print)
    }
}

/// Where a job puts what its template sees: a Tera context to render, or a
/// fingerprint to compare (so an unchanged page costs no Tera values at all).
pub(super) trait Sink {
    fn put<T: Serialize + Hash + ?Sized>(&mut self, key: &'static str, value: &T);
}

impl<A: Sink, B: Sink> Sink for (A, Option<B>) {
    fn put<T: Serialize + Hash + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.0.put(key, value);
        if let Some(second) = &mut self.1 {
            second.put(key, value);
        }
    }
}

impl Sink for Context {
    fn put<T: Serialize + Hash + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.insert(key, value);
    }
}

pub(super) struct Fingerprint(FoldHasher<'static>);

impl Fingerprint {
    pub(super) fn new() -> Fingerprint {
        Fingerprint(stable_hasher())
    }

    /// The fingerprint of everything put in, rendered with `template`.
    pub(super) fn finish(mut self, template: &str) -> u64 {
        template.hash(&mut self.0);
        self.0.finish()
    }
}

impl Sink for Fingerprint {
    fn put<T: Serialize + Hash + ?Sized>(&mut self, key: &'static str, value: &T) {
        key.hash(&mut self.0);
        value.hash(&mut self.0);
    }
}
