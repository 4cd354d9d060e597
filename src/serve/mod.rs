//! `briefing serve`: build into memory, serve over HTTP on loopback, watch the sources,
//! rebuild on change and tell every open tab to reload. A broken file never stops the
//! server: the last good site stays up and tabs show the error.

mod http;
mod idle;
mod indexing;
mod listen;
mod rebuild;
mod reload;
mod respond;
mod watch;

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

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
    let (http, address) = listen::bind(options.bind, options.port)?;
    let base_path = listen::preview_base_path(&options);
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
    let _watcher = watch::watch_sources(&server)?;
    reload::spawn_pinger(&server);
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
