//! What the model is made from, page by page: a loaded document and the body the
//! Markdown stage made of it, both shared so that `serve` hands unchanged ones to the
//! next model without copying.

use std::sync::Arc;

use crate::load::Document;
use crate::markdown::Rendered;

/// A loaded document and its Markdown stage, shared: `serve` keeps them between
/// rebuilds and hands unchanged ones to the next model without copying.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub doc: Arc<Document>,
    pub body: Arc<Body>,
}

/// A page's body as the Markdown stage made it (read through `Deref`), and a hash of
/// its HTML, made the first time `serve` fingerprints the page and kept as long as the
/// body is reused.
#[derive(Debug)]
pub(crate) struct Body {
    rendered: Rendered,
    html_print: std::sync::OnceLock<u64>,
}

impl Body {
    pub(crate) fn new(rendered: Rendered) -> Body {
        Body {
            rendered,
            html_print: std::sync::OnceLock::new(),
        }
    }

    /// A hash of the HTML, computed once per parsed body.
    pub(crate) fn html_print(&self) -> u64 {
        *(self.html_print).get_or_init(|| crate::hash::stable_hash(&self.rendered.html))
    }
}

impl std::ops::Deref for Body {
    type Target = Rendered;
    fn deref(&self) -> &Rendered {
        &self.rendered
    }
}
