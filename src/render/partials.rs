//! `cached_partial`: a template fragment rendered once and written wherever it is
//! included (the site header on every page, a page's card in every listing), as Hugo's
//! `partialCached` does. It sees `site` and, when given one, `page`, and nothing else of
//! the template that includes it, so what it renders depends on those alone.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, Weak};

use tera::{Context, ErrorKind, Kwargs, State, Tera, TeraResult, Value};

thread_local! {
    /// The partials this thread is rendering (template and page), outermost first: one
    /// that includes itself is an error, not a hang.
    static RENDERING: RefCell<Vec<(String, usize)>> = const { RefCell::new(Vec::new()) };
}

/// One rendering of a partial, with the `page` it was rendered for: holding it keeps its
/// address, the slot's key, from being reused by another value.
struct Made {
    page: Value,
    html: Value,
}

/// Renderings of one partial, by the address of the page value they were given (0 for
/// none). A page listed many times is one shared value, so a slot is found without
/// comparing strings.
type ByPage = HashMap<usize, Made, foldhash::fast::RandomState>;

/// The partials rendered with one set of compiled templates and one site view, by
/// template. `forget` empties it when another site is rendered with the templates.
#[derive(Default)]
pub(super) struct Partials {
    tera: OnceLock<Tera>,
    made: Mutex<Vec<(String, ByPage)>>,
}

impl Partials {
    /// Registers `cached_partial` on `tera`; `self` renders with the finished templates
    /// once `finish` gives them.
    pub(super) fn register(tera: &mut Tera, partials: Weak<Partials>) {
        tera.register_function(
            "cached_partial",
            move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
                let path: &str = kwargs.must_get("path")?;
                let page: Option<Value> = kwargs.get("page")?;
                let partials = partials
                    .upgrade()
                    .ok_or_else(|| tera::Error::message("cached_partial: the templates were unloaded"))?;
                partials.get(path, page.unwrap_or_else(Value::none))
            },
        );
    }

    /// The templates to render partials with: the finished set, `site` included.
    pub(super) fn finish(&self, tera: Tera) {
        let _ = self.tera.set(tera);
    }

    /// Drops what was rendered for an earlier site (its page values go with it).
    pub(super) fn forget(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(String, ByPage)>> {
        self.made.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get(&self, path: &str, page: Value) -> TeraResult<Value> {
        let key = match page.is_none() {
            true => 0,
            false => page
                .as_map()
                .map(|map| std::ptr::from_ref(map).addr())
                .ok_or_else(|| {
                    tera::Error::message(format!("cached_partial `{path}`: `page` must be a page"))
                })?,
        };
        if let Some(html) = self.lookup(path, key, &page) {
            return Ok(html);
        }
        // Rendered without holding the lock: two threads may both render a slot the
        // first time, to the same result, and neither waits on the other.
        let html = self.render(path, key, &page)?;
        let mut made = self.lock();
        let at = match made.iter().position(|(name, _)| name == path) {
            Some(at) => at,
            None => {
                made.push((path.to_string(), ByPage::default()));
                made.len() - 1
            }
        };
        made[at].1.insert(
            key,
            Made {
                page,
                html: html.clone(),
            },
        );
        Ok(html)
    }

    fn lookup(&self, path: &str, key: usize, page: &Value) -> Option<Value> {
        let made = self.lock();
        let (_, by_page) = made.iter().find(|(name, _)| name == path)?;
        let slot = by_page.get(&key)?;
        // The same address is the same value while the slot holds it; compared anyway.
        (slot.page == *page).then(|| slot.html.clone())
    }

    fn render(&self, path: &str, key: usize, page: &Value) -> TeraResult<Value> {
        let tera = self
            .tera
            .get()
            .ok_or_else(|| tera::Error::message("cached_partial: used before the templates were loaded"))?;
        let cycle = RENDERING.with_borrow_mut(|rendering| {
            let cycle = rendering.iter().any(|(name, at)| name == path && *at == key);
            rendering.push((path.to_string(), key));
            cycle
        });
        let mut context = Context::new();
        if !page.is_none() {
            context.insert_value("page", page.clone());
        }
        let rendered = match cycle {
            true => Err(format!("`{path}` includes itself")),
            false => tera.render(path, &context).map_err(|err| error_message(&err)),
        };
        RENDERING.with_borrow_mut(|rendering| rendering.pop());
        let html = rendered
            .map_err(|message| tera::Error::message(format!("cached_partial `{path}`: {message}")))?;
        Ok(Value::safe_string(&html))
    }
}

/// What went wrong inside a partial, with where when Tera knows it: one line, so
/// partials in partials read as a chain.
fn error_message(err: &tera::Error) -> String {
    match err.kind() {
        ErrorKind::RenderingError(report) | ErrorKind::SyntaxError(report) => {
            let span = report.span();
            format!(
                "{} ({}:{}:{})",
                report.message(),
                report.filename(),
                span.start_line,
                span.start_col + 1
            )
        }
        _ => err.to_string(),
    }
}
