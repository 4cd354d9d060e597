//! Loading Tera templates (the site's own `templates/` overriding the theme's by name),
//! registering our functions, and turning template errors into diagnostics.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, ErrorKind, Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::diag::{Diagnostic, Excerpt, Location, display_path};

use super::partials::Partials;

/// Compiled templates and the file each one was loaded from.
pub(crate) struct Templates {
    tera: Tera,
    files: HashMap<String, PathBuf>,
    /// Some template calls `get_page`, so it may show any page.
    looks_up_pages: bool,
    /// Fingerprint of every template's name and text.
    sources_print: u64,
    /// What `cached_partial` rendered with these templates, owned here: the function
    /// itself holds it weakly, as the templates it renders with hold the function.
    partials: Arc<Partials>,
}

/// What the template functions can look up: content paths to links (`get_url`) and,
/// only when some template calls `get_page`, to page listings.
pub(crate) struct Lookup {
    pub base_path: String,
    pub links: HashMap<String, String>,
    pub pages: HashMap<String, Value>,
}

impl Templates {
    /// Loads and compiles the templates; `lookup` is told whether any template calls
    /// `get_page`, so page listings are only made for themes that use them.
    pub(crate) fn load(
        config: &Config,
        lookup: impl FnOnce(bool) -> Lookup,
        site: &Value,
    ) -> Result<Templates, Box<Diagnostic>> {
        let mut files = HashMap::new();
        for dir in config.template_dirs.iter().rev() {
            for (rel, path) in crate::load::site_files(dir, &config.root).files {
                files.insert(display_path(&rel), path);
            }
        }
        let mut sources = Vec::with_capacity(files.len());
        if config.builtin_theme {
            for (path, text) in crate::theme::DEFAULT {
                if let Some(name) = path.strip_prefix("templates/")
                    && !files.contains_key(name)
                {
                    sources.push((name.to_string(), text.to_string()));
                }
            }
        }
        for (name, path) in &files {
            let shown = path.strip_prefix(&config.root).unwrap_or(path);
            let text = std::fs::read_to_string(path).map_err(|err| {
                Box::new(Diagnostic::error(
                    "template",
                    Location::file(shown),
                    format!("cannot read template: {err}"),
                ))
            })?;
            sources.push((name.clone(), text));
        }
        sources.sort();
        let looks_up_pages = sources.iter().any(|(_, text)| text.contains("get_page"));
        let sources_print = crate::hash::stable_hash(&sources);
        let mut tera = Tera::new();
        let partials = Arc::new(Partials::default());
        register_functions(&mut tera, Arc::new(lookup(looks_up_pages)));
        Partials::register(&mut tera, Arc::downgrade(&partials));
        tera.add_raw_templates(sources)
            .map_err(|err| Box::new(template_diagnostic(&err, &files, config)))?;
        tera.global_context().insert_value("site", site.clone());
        partials.finish(tera.clone());
        Ok(Templates {
            tera,
            files,
            looks_up_pages,
            sources_print,
            partials,
        })
    }

    /// Starts rendering a site: partials cached for an earlier one are let go of.
    pub(crate) fn forget_partials(&self) {
        self.partials.forget();
    }

    pub(crate) fn fingerprint(&self) -> u64 {
        self.sources_print
    }

    pub(crate) fn looks_up_pages(&self) -> bool {
        self.looks_up_pages
    }

    /// Whether a template of this name was loaded.
    pub(super) fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|known| known == name)
    }

    /// The error for `doc`'s `template:` naming a template there is none of.
    pub(super) fn missing(&self, name: &str, doc: &crate::load::Document) -> Diagnostic {
        let help = match crate::diag::did_you_mean(name, self.tera.get_template_names()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "add it to the site's templates/ folder, or name one the theme has".into(),
        };
        Diagnostic::error(
            "template",
            doc.front_key_location("template"),
            format!("no template `{name}`: not in templates/ nor in the theme"),
        )
        .with_help(help)
    }

    /// Renders template `name` into a buffer made with room for `expected` bytes, so a
    /// page is written without growing it again and again.
    pub(crate) fn render(
        &self,
        name: &str,
        context: &Context,
        config: &Config,
        expected: usize,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        let mut html = Vec::with_capacity(expected);
        self.tera
            .render_to(name, context, &mut html)
            .map_err(|err| Box::new(template_diagnostic(&err, &self.files, config)))?;
        Ok(html)
    }
}

/// A Tera error as `templates/page.html:12:5: error: …`.
fn template_diagnostic(err: &tera::Error, files: &HashMap<String, PathBuf>, config: &Config) -> Diagnostic {
    let shown = |name: &str| {
        files
            .get(name)
            .map(|p| p.strip_prefix(&config.root).unwrap_or(p).to_path_buf())
            .unwrap_or_else(|| PathBuf::from(name))
    };
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let file = shown(report.filename());
            let excerpt = std::fs::read_to_string(config.root.join(&file))
                .ok()
                .and_then(|text| {
                    (text.lines().nth(span.start_line.saturating_sub(1)))
                        .map(|line| Excerpt::window(line, span.start_col + 1))
                });
            let location = Location {
                file,
                at: Some(crate::diag::LineCol {
                    line: span.start_line,
                    column: span.start_col + 1,
                }),
                excerpt,
            };
            Diagnostic::error("template", location, report.message().to_string())
        }
        _ => from_report_text(&err.to_string(), &shown),
    }
}

/// Tera reports errors found while compiling several templates as one text; take the
/// first error's message and its ` --> name:line:col` position from it.
fn from_report_text(text: &str, shown: &dyn Fn(&str) -> PathBuf) -> Diagnostic {
    let message = text
        .lines()
        .map(|l| l.trim().trim_start_matches("error:").trim())
        .find(|l| !l.is_empty())
        .unwrap_or("template error")
        .to_string();
    let position = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .and_then(|at| {
            let mut parts = at.rsplitn(3, ':');
            let column = parts.next()?.parse::<usize>().ok()?;
            let line = parts.next()?.parse::<usize>().ok()?;
            Some((parts.next()?.to_string(), line, column))
        });
    match position {
        Some((name, line, column)) => {
            let location = Location {
                file: shown(&name),
                at: Some(crate::diag::LineCol { line, column }),
                excerpt: text
                    .lines()
                    .find(|l| l.trim_start().starts_with(&format!("{line} |")))
                    .map(|l| {
                        let shown = l.split_once('|').map_or(l, |(_, rest)| rest);
                        Excerpt::window(shown.strip_prefix(' ').unwrap_or(""), column)
                    }),
            };
            Diagnostic::error("template", location, message)
        }
        None => Diagnostic::error("template", Location::file("templates"), message),
    }
}

fn register_functions(tera: &mut Tera, lookup: Arc<Lookup>) {
    let urls = Arc::clone(&lookup);
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            match path.strip_prefix("@/") {
                Some(content) => urls
                    .links
                    .get(content)
                    .cloned()
                    .ok_or_else(|| tera::Error::message(format!("get_url: no page at `{path}`"))),
                None => Ok(format!("{}{}", urls.base_path, path.trim_start_matches('/'))),
            }
        },
    );
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            lookup
                .pages
                .get(path.trim_start_matches("@/"))
                .cloned()
                .ok_or_else(|| tera::Error::message(format!("get_page: no page at `{path}`")))
        },
    );
}
