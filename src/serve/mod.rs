//! `briefing serve`: build into memory, serve over HTTP on loopback, watch the sources,
//! rebuild on change and tell every open tab to reload. A broken file never stops the
//! server: the last good site stays up and tabs show the error.

mod http;
mod indexing;
mod reload;
mod respond;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use std::io::Write;

use notify::Watcher;

use crate::build::{BuildOptions, render_site};
use crate::config::Overrides;
use crate::render::Content;
use crate::{BuildError, diag, search};

pub use http::{Target, mime_type, resolve};
pub use watch::{ChangeKind, classify};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// First port to try; the next nine are tried if it is taken. `0` lets the OS pick.
    pub port: u16,
    pub drafts: bool,
    /// Open the preview in the system browser once it is listening.
    pub open: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {bind} ports {first}–{last}: {reason}")]
    Bind {
        bind: IpAddr,
        first: u16,
        last: u16,
        reason: String,
    },
    #[error("cannot watch {}: {source}", diag::display_path(.path))]
    Watch { path: PathBuf, source: notify::Error },
}

/// What is being served: the last good site, and the current error if the latest build failed.
#[derive(Default)]
struct Snapshot {
    files: HashMap<String, Content>,
    error: Option<String>,
    /// Counts successful builds, so a late search index never replaces a newer site.
    generation: u64,
}

struct Server {
    http: tiny_http::Server,
    snapshot: RwLock<Arc<Snapshot>>,
    hub: Arc<reload::Hub>,
    build: BuildOptions,
    /// Where pages subscribe to live-reload events (a separate listener).
    events_url: String,
    /// At most one search index is built at a time; a newer request waits its turn.
    indexing: std::sync::Mutex<indexing::Indexing>,
}

/// Runs the preview server until the process is stopped.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let (http, address) = bind(options.bind, options.port)?;
    let build = BuildOptions {
        root: options.root.clone(),
        overrides: Overrides {
            output: None,
            base_url: Some(format!("http://{address}/")),
            drafts: options.drafts,
            no_search: false,
        },
    };
    let events =
        std::net::TcpListener::bind(SocketAddr::new(options.bind, 0)).map_err(|err| ServeError::Bind {
            bind: options.bind,
            first: 0,
            last: 0,
            reason: err.to_string(),
        })?;
    let events_address = events.local_addr().unwrap_or(address);
    let server = Arc::new(Server {
        http,
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        hub: Arc::new(reload::Hub::default()),
        build,
        events_url: format!("http://{events_address}{}", reload::EVENTS_PATH),
        indexing: std::sync::Mutex::new(indexing::Indexing::default()),
    });
    let current_error = {
        let server = Arc::clone(&server);
        move || server.current().error.clone().map(reload::Event::Error)
    };
    reload::accept_subscribers(
        events,
        Arc::clone(&server.hub),
        format!("http://{address}"),
        current_error,
    );
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {address}, reachable from other machines; the preview is not hardened for that"
        );
    }
    let started = Instant::now();
    let pages = server.rebuild(true);
    say(&format!(
        "Serving {pages} pages on http://{address}/ (built in {} ms; Ctrl-C to stop)",
        started.elapsed().as_millis()
    ));
    if options.open {
        open_browser(&format!("http://{address}/"));
    }
    let _watcher = watch_sources(&server)?;
    spawn_pinger(&server);
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let server = Arc::clone(&server);
            std::thread::spawn(move || {
                while let Ok(request) = server.http.recv() {
                    server.respond(request);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    Ok(())
}

fn bind(ip: IpAddr, first: u16) -> Result<(tiny_http::Server, SocketAddr), ServeError> {
    let last = if first == 0 { 0 } else { first.saturating_add(9) };
    let mut reason = String::new();
    for port in first..=last {
        match tiny_http::Server::http(SocketAddr::new(ip, port)) {
            Ok(server) => {
                let address = server.server_addr().to_ip().unwrap_or(SocketAddr::new(ip, port));
                if port != first {
                    eprintln!("port {first} is taken; using {}", address.port());
                }
                return Ok((server, address));
            }
            Err(err) => reason = err.to_string(),
        }
    }
    Err(ServeError::Bind {
        bind: ip,
        first,
        last,
        reason,
    })
}

impl Server {
    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(
            &self
                .snapshot
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    /// Builds into memory; on failure keeps the last good files and records the error.
    /// The search index is rebuilt afterwards on a thread of its own, so a reload never
    /// waits for it; until it is done the previous index keeps being served.
    /// Returns the number of pages now served.
    fn rebuild(self: &Arc<Self>, show_warnings: bool) -> usize {
        let previous = self.current();
        let (next, pages, search) = match render_site(&self.build) {
            Ok(rendered) => {
                for warning in rendered.warnings.iter().filter(|_| show_warnings) {
                    let _ = writeln!(std::io::stderr(), "{}\n", warning.render_human(false));
                }
                let search = rendered
                    .config
                    .site
                    .search
                    .enabled
                    .then(|| rendered.config.site.language.clone());
                let mut files: HashMap<String, Content> = rendered
                    .outputs
                    .into_iter()
                    .map(|o| (o.url.output_file(), o.content))
                    .collect();
                for (name, content) in previous
                    .files
                    .iter()
                    .filter(|(name, _)| name.starts_with(search::BUNDLE))
                {
                    files.entry(name.clone()).or_insert_with(|| content.clone());
                }
                let snapshot = Snapshot {
                    files,
                    error: None,
                    generation: previous.generation + 1,
                };
                (snapshot, rendered.site.pages.len(), search)
            }
            Err(err) => {
                let text = error_text(&err);
                let _ = writeln!(std::io::stderr(), "{text}");
                let snapshot = Snapshot {
                    files: previous.files.clone(),
                    error: Some(text),
                    generation: previous.generation,
                };
                (snapshot, 0, None)
            }
        };
        let generation = next.generation;
        *self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(next);
        if let Some(language) = search {
            self.index_in_background(generation, language);
        }
        pages
    }
}

fn error_text(err: &BuildError) -> String {
    match err {
        BuildError::Content(diagnostics) => diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.render_human(false))
            .collect::<Vec<_>>()
            .join("\n\n"),
        other => other.to_string(),
    }
}

/// Watches the site root; a thread turns bursts of changes into rebuilds.
fn watch_sources(server: &Arc<Server>) -> Result<notify::RecommendedWatcher, ServeError> {
    let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let touches_content = !matches!(
            event.kind,
            notify::EventKind::Access(_) | notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_))
        );
        if touches_content {
            for path in event.paths {
                let _ = tx.send(path);
            }
        }
    })
    .map_err(|source| ServeError::Watch {
        path: server.build.root.clone(),
        source,
    })?;
    let root = std::path::absolute(&server.build.root).unwrap_or_else(|_| server.build.root.clone());
    watcher
        .watch(&root, notify::RecursiveMode::Recursive)
        .map_err(|source| ServeError::Watch {
            path: root.clone(),
            source,
        })?;
    let server = Arc::clone(server);
    std::thread::spawn(move || {
        while let Some(paths) =
            watch::collect_burst(&rx, Duration::from_millis(30), Duration::from_millis(500))
        {
            server.on_changes(&root, &paths);
        }
    });
    Ok(watcher)
}

impl Server {
    fn on_changes(self: &Arc<Self>, root: &Path, paths: &[PathBuf]) {
        let snapshot = self.current();
        let (output_dir, theme) = crate::config::Config::load(root, self.build.overrides.clone())
            .map(|c| (c.output_dir, c.site.theme))
            .unwrap_or_else(|_| (root.join("public"), "default".into()));
        let relevant: Vec<(&PathBuf, ChangeKind)> = paths
            .iter()
            .map(|p| (p, classify(p, root, &output_dir, &theme)))
            .filter(|(_, kind)| *kind != ChangeKind::Ignored)
            .collect();
        if relevant.is_empty() {
            return;
        }
        let started = Instant::now();
        let pages = self.rebuild(false);
        let what = match relevant.as_slice() {
            [(path, _)] => diag::display_path(path.strip_prefix(root).unwrap_or(path)),
            many => format!("{} files", many.len()),
        };
        let now = self.current();
        if let Some(error) = &now.error {
            say(&format!(
                "{what} changed → build failed in {} ms",
                started.elapsed().as_millis()
            ));
            self.hub.broadcast(&reload::Event::Error(error.clone()));
            return;
        }
        say(&format!(
            "{what} changed → {pages} pages in {} ms",
            started.elapsed().as_millis()
        ));
        let only_styles = relevant.iter().all(|(_, kind)| *kind == ChangeKind::Stylesheet);
        if only_styles && snapshot.error.is_none() {
            self.hub.broadcast(&reload::Event::Stylesheet);
        } else {
            self.hub.broadcast(&reload::Event::Ok);
            self.hub.broadcast(&reload::Event::Reload);
        }
    }
}

/// Opens `url` in the system browser (xdg-open, or open on macOS).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        say(&format!("could not open a browser; visit {url}"));
    }
}

/// Prints a status line; a closed terminal must not take the server down.
fn say(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

fn spawn_pinger(server: &Arc<Server>) {
    let server = Arc::clone(server);
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(10));
            server.hub.broadcast(&reload::Event::Ping);
        }
    });
}
