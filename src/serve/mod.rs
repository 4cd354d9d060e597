//! `briefing serve`: build into memory, serve over HTTP on loopback, watch the sources,
//! rebuild on change and tell every open tab to reload. A broken file never stops the
//! server: the last good site stays up and tabs show the error.

mod http;
mod idle;
mod indexing;
mod rebuild;
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

use crate::build::BuildOptions;
use crate::config::Overrides;
use crate::diag;
use crate::incremental::Reuse;
use crate::write::Content;

pub use http::{Target, mime_type, resolve};
pub use watch::{ChangeKind, classify};

/// How `briefing serve` was asked to run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding site.toml).
    pub root: PathBuf,
    /// The address to listen on; anything but loopback exposes the preview to the network.
    pub bind: IpAddr,
    /// First port to try; the next nine are tried if it is taken. `0` lets the OS pick.
    pub port: u16,
    /// The path the site is previewed under; `None` takes it from `base_url`, so a site
    /// published at `https://user.github.io/repo/` is previewed at `/repo/`.
    pub base_path: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Open the preview in the system browser once it is listening.
    pub open: bool,
    /// Print the stage timings of every rebuild.
    pub timings: bool,
}

/// Why the preview server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// No port could be listened on: `first`–`last` for pages, 0 for the live-reload listener.
    #[error("cannot listen on {bind} ports {first}–{last}: {reason}")]
    Bind {
        /// The address asked for.
        bind: IpAddr,
        /// The first port tried (0: any free port).
        first: u16,
        /// The last port tried.
        last: u16,
        /// Why the last one failed.
        reason: String,
    },
    /// The site's files could not be watched for changes.
    #[error("cannot watch {}: {source}", diag::display_path(.path))]
    Watch {
        /// The folder that could not be watched.
        path: PathBuf,
        /// Why not.
        source: notify::Error,
    },
}

/// What is being served: the last good site, and the current error if the latest build failed.
#[derive(Default)]
struct Snapshot {
    /// Output files by path; shared with the next snapshot when a rebuild leaves them.
    files: HashMap<String, Arc<Content>>,
    error: Option<String>,
    /// Counts successful builds, so a late search index never replaces a newer site.
    generation: u64,
}

struct Server {
    http: tiny_http::Server,
    snapshot: RwLock<Arc<Snapshot>>,
    hub: Arc<reload::Hub>,
    build: BuildOptions,
    timings: bool,
    /// Where pages subscribe to live-reload events (a separate listener).
    events_url: String,
    /// The path the site is served under, starting and ending with `/`.
    base_path: String,
    /// At most one search index is built at a time; a newer request waits its turn.
    indexing: std::sync::Mutex<indexing::Indexing>,
    /// What the last good build read and rendered, for the next one (none before the
    /// first, or after a change to site.toml).
    reuse: std::sync::Mutex<Option<Box<Reuse>>>,
    /// When each connection last completed a request, so idle ones can be closed.
    activity: Arc<idle::Activity>,
}

/// Runs the preview server until the process is stopped.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let (http, address) = bind(options.bind, options.port)?;
    let base_path = preview_base_path(&options);
    let build = BuildOptions {
        root: options.root.clone(),
        overrides: Overrides {
            output: None,
            base_url: Some(format!("http://{address}{base_path}")),
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
        timings: options.timings,
        base_path: base_path.clone(),
        events_url: format!("http://{events_address}{}", reload::EVENTS_PATH),
        indexing: std::sync::Mutex::new(indexing::Indexing::default()),
        reuse: std::sync::Mutex::new(None),
        activity: Arc::default(),
    });
    idle::spawn_sweeper(address.port(), Arc::clone(&server.activity));
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
    let pages = server.rebuild(server.load_config()).pages;
    say(&format!(
        "Serving {pages} pages on http://{address}{base_path} (built in {} ms; Ctrl-C to stop)",
        started.elapsed().as_millis()
    ));
    if options.open {
        open_browser(&format!("http://{address}{base_path}"));
    }
    let _watcher = watch_sources(&server)?;
    spawn_pinger(&server);
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let server = Arc::clone(&server);
            std::thread::spawn(move || {
                while let Ok(request) = server.http.recv() {
                    server.activity.request_from(request.remote_addr());
                    let closes = (*request.http_version() == tiny_http::HTTPVersion(1, 0))
                        .then(|| request.remote_addr().copied())
                        .flatten();
                    server.respond(request);
                    if let Some(peer) = closes {
                        idle::close_connection(address.port(), peer);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    Ok(())
}

/// `--base-path`, else the path of site.toml's `base_url` (`/` if it cannot be read:
/// the first build then reports why), always starting and ending with `/`.
fn preview_base_path(options: &ServeOptions) -> String {
    let configured = || {
        let overrides = Overrides {
            drafts: options.drafts,
            ..Overrides::default()
        };
        crate::config::Config::load(&options.root, overrides)
            .map(|config| config.urls.base_path().to_string())
            .unwrap_or_else(|_| "/".into())
    };
    let path = options.base_path.clone().unwrap_or_else(configured);
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// Accepted connections inherit TCP_NODELAY from the listener (Linux): tiny_http writes
/// a response's head and body separately, and Nagle's algorithm would hold the body
/// back for the client's delayed ACK, about 40 ms per request.
fn no_delay(listener: std::net::TcpListener) -> std::net::TcpListener {
    #[cfg(target_os = "linux")]
    let _ = rustix::net::sockopt::set_tcp_nodelay(&listener, true);
    listener
}

fn bind(ip: IpAddr, first: u16) -> Result<(tiny_http::Server, SocketAddr), ServeError> {
    let last = if first == 0 { 0 } else { first.saturating_add(9) };
    let mut reason = String::new();
    for port in first..=last {
        let listener = std::net::TcpListener::bind(SocketAddr::new(ip, port)).map_err(|err| err.to_string());
        match listener
            .and_then(|l| tiny_http::Server::from_listener(no_delay(l), None).map_err(|e| e.to_string()))
        {
            Ok(server) => {
                let address = server.server_addr().to_ip().unwrap_or(SocketAddr::new(ip, port));
                if port != first {
                    eprintln!("port {first} is taken; using {}", address.port());
                }
                return Ok((server, address));
            }
            Err(err) => reason = err,
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
    /// site.toml as the preview reads it: the preview's own base URL, drafts as asked.
    fn load_config(&self) -> Result<crate::config::Config, crate::config::ConfigError> {
        crate::config::Config::load(&self.build.root, self.build.overrides.clone())
    }

    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(
            &self
                .snapshot
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

/// Watches the site root; a thread turns bursts of changes into rebuilds.
fn watch_sources(server: &Arc<Server>) -> Result<notify::RecommendedWatcher, ServeError> {
    let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
    let root = std::path::absolute(&server.build.root).unwrap_or_else(|_| server.build.root.clone());
    let config_file = root.join("site.toml");
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // A watcher error or an overflow means changes may have been missed: treated
        // like a change to site.toml, which rebuilds everything from scratch.
        let event = match event {
            Ok(event) if !event.need_rescan() => event,
            _ => {
                let _ = tx.send(config_file.clone());
                return;
            }
        };
        // A read is no change; a change of permissions, owner or time is one: a file made
        // readable again (`chmod 644`, `touch`) must be read again.
        use notify::event::{MetadataKind, ModifyKind};
        let touches_content = !matches!(
            event.kind,
            notify::EventKind::Access(_)
                | notify::EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
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
    watcher
        .watch(&root, notify::RecursiveMode::Recursive)
        .map_err(|source| ServeError::Watch {
            path: root.clone(),
            source,
        })?;
    let server = Arc::clone(server);
    // An editor's save (write, rename, delete) or a checkout's files come microseconds
    // to a few milliseconds apart; a burst that outlasts 10 ms of quiet costs at worst one
    // more rebuild, and events arriving meanwhile join the next one.
    std::thread::spawn(move || {
        while let Some(paths) =
            watch::collect_burst(&rx, Duration::from_millis(10), Duration::from_millis(500))
        {
            server.on_changes(&root, &paths);
        }
    });
    Ok(watcher)
}

impl Server {
    fn on_changes(self: &Arc<Self>, root: &Path, paths: &[PathBuf]) {
        let snapshot = self.current();
        // Loaded once: to sort the changes, then for the rebuild (which reports it if it
        // does not load; the changes are sorted by the default folders meanwhile).
        let config = self.load_config();
        let (output_dir, theme, content_dir) = match &config {
            Ok(c) => (c.output_dir.clone(), c.site.theme.clone(), c.content_dir.clone()),
            Err(_) => (root.join("public"), "default".into(), root.join("content")),
        };
        let relevant: Vec<(&PathBuf, ChangeKind)> = paths
            .iter()
            .map(|p| (p, classify(p, root, &output_dir, &theme)))
            .filter(|(_, kind)| *kind != ChangeKind::Ignored)
            .collect();
        if relevant.is_empty() {
            return;
        }
        let started = Instant::now();
        self.forget_changed(&relevant, &content_dir);
        let rebuilt = self.rebuild(config);
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
            "{what} changed → {} of {} pages in {} ms",
            rebuilt.rendered,
            rebuilt.pages,
            started.elapsed().as_millis()
        ));
        if self.timings {
            for lap in &rebuilt.timings {
                say(&lap.to_string());
            }
        }
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

/// Frees the event-stream slots of closed tabs within `reload::SWEEP_EVERY`, and pings
/// every 10 s so that proxies keep the streams open.
fn spawn_pinger(server: &Arc<Server>) {
    let server = Arc::clone(server);
    std::thread::spawn(move || {
        let mut since_ping = Duration::ZERO;
        loop {
            std::thread::sleep(reload::SWEEP_EVERY);
            server.hub.sweep();
            since_ping += reload::SWEEP_EVERY;
            if since_ping >= Duration::from_secs(10) {
                since_ping = Duration::ZERO;
                server.hub.broadcast(&reload::Event::Ping);
            }
        }
    });
}
