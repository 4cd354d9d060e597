//! `cached_partial`: a template fragment rendered once and written wherever it is
//! included (the site header on every page, a page's card in every listing), as Hugo's
//! `partialCached` does. It sees `site` and, when given one, `page`, and nothing else of
//! the template that includes it, so what it renders depends on those alone.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, Weak};

use tera::value::Key;
use tera::{Context, ErrorKind, Kwargs, State, Tera, TeraResult, Value};

thread_local! {
    /// The partials this thread is rendering (template and page URL), outermost first:
    /// one that includes itself is an error, not a hang.
    static RENDERING: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

type FastMap<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// One rendering of a partial, with the `page` it was rendered for.
struct Made {
    page: Value,
    html: Value,
}

/// The partials rendered with one set of compiled templates and one site view: by
/// template, then by the URL of the page they were given ("" for none). A slot keeps
/// the page value it was made from, so a page that changed is rendered again.
#[derive(Default)]
pub struct Partials {
    tera: OnceLock<Tera>,
    made: Mutex<FastMap<FastMap<Made>>>,
}

impl Partials {
    /// Registers `cached_partial` on `tera`; `self` renders with the finished templates
    /// once `finish` gives them.
    pub fn register(tera: &mut Tera, partials: Weak<Partials>) {
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
    pub fn finish(&self, tera: Tera) {
        let _ = self.tera.set(tera);
    }

    fn get(&self, path: &str, page: Value) -> TeraResult<Value> {
        let url = match page.is_none() {
            true => "",
            false => page
                .as_map()
                .and_then(|map| map.get(&Key::Str("url")))
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    tera::Error::message(format!(
                        "cached_partial `{path}`: `page` must be a page (it has no `url`)"
                    ))
                })?,
        };
        if let Some(html) = self.lookup(path, url, &page) {
            return Ok(html);
        }
        // Rendered without holding the lock: two threads may both render a slot the
        // first time, to the same result, and neither waits on the other.
        let html = self.render(path, url, &page)?;
        let mut made = self.made.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        made.entry(path.to_string()).or_default().insert(
            url.to_string(),
            Made {
                page,
                html: html.clone(),
            },
        );
        Ok(html)
    }

    fn lookup(&self, path: &str, url: &str, page: &Value) -> Option<Value> {
        let made = self.made.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // The same listed page is one shared value, so this is mostly a pointer compare.
        let slot = made.get(path)?.get(url)?;
        (slot.page == *page).then(|| slot.html.clone())
    }

    fn render(&self, path: &str, url: &str, page: &Value) -> TeraResult<Value> {
        let tera = self
            .tera
            .get()
            .ok_or_else(|| tera::Error::message("cached_partial: used before the templates were loaded"))?;
        let key = (path.to_string(), url.to_string());
        let cycle = RENDERING.with_borrow_mut(|rendering| {
            let cycle = rendering.contains(&key);
            rendering.push(key);
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
