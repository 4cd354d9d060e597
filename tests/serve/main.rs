//! `briefing serve` over real HTTP on 127.0.0.1: pages, types, redirects, hostile paths
//! (`pages`), live-reload events, incremental rebuilds, the error overlay's event and
//! recovery (`rebuilds`), edits to one page's text alone (`edits`), stalled and many clients and a soak (`load`). Every wait is
//! bounded. This file holds the harness: a server process, raw requests, event streams.

#[path = "../common/mod.rs"]
mod common;

mod edits;
mod load;
mod pages;
mod rebuilds;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Site;

pub struct Server {
    pub child: Child,
    pub port: u16,
    /// What the server prints (stdout and stderr), line by line.
    lines: std::sync::mpsc::Receiver<String>,
}

impl Server {
    /// Everything printed so far.
    pub fn printed(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }

    /// The next printed line that contains `wanted`.
    pub fn line_containing(&self, wanted: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(wanted) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("no line containing `{wanted}` within {within:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `serve` at the server's root (`--base-path /`), so tests ask for `/law/aumf/`.
pub fn start(site: &Site) -> Server {
    start_with(site, &[])
}

/// `start` with more arguments for `serve`.
pub fn start_with(site: &Site, args: &[&str]) -> Server {
    let args: Vec<&str> = ["--base-path", "/"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    spawn(Command::new(env!("CARGO_BIN_EXE_briefing")), site, &args)
}

/// `serve` as a user runs it: under the path of the site's base URL.
pub fn start_as_published(site: &Site) -> Server {
    spawn(Command::new(env!("CARGO_BIN_EXE_briefing")), site, &[])
}

/// `start` as a user for whom file permissions count: as root, `nobody`, who is given
/// the site and a copy of the binary (the build folder may be closed to it).
pub fn start_unprivileged(site: &Site) -> Server {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;
    if std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() != 0) {
        return start(site);
    }
    let binary = site.root().join("briefing-binary");
    std::fs::copy(env!("CARGO_BIN_EXE_briefing"), &binary).expect("copy binary");
    for entry in walkdir::WalkDir::new(site.root()) {
        let entry = entry.expect("walk");
        std::os::unix::fs::chown(entry.path(), Some(NOBODY), Some(NOBODY)).expect("chown");
    }
    let mut command = Command::new(&binary);
    command.uid(NOBODY).gid(NOBODY);
    spawn(command, site, &["--base-path", "/"])
}

const NOBODY: u32 = 65534;

fn spawn(mut command: Command, site: &Site, args: &[&str]) -> Server {
    let mut child = command
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let (tx, rx) = std::sync::mpsc::channel();
    let forward = |pipe: Box<dyn Read + Send>| {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    };
    forward(Box::new(child.stdout.take().expect("stdout")));
    forward(Box::new(child.stderr.take().expect("stderr")));
    let line = rx
        .iter()
        .find(|line| line.starts_with("Serving"))
        .expect("server announced itself");
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Server {
        child,
        port,
        lines: rx,
    }
}

/// A raw HTTP/1.1 request; returns the status code and the whole response.
pub fn raw(port: u16, method: &str, path: &str) -> (u16, String) {
    raw_for_host(port, method, path, "localhost")
}

/// `raw` with another `Host` header.
pub fn raw_for_host(port: u16, method: &str, path: &str, host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

pub fn get(port: u16, path: &str) -> (u16, String) {
    raw(port, "GET", path)
}

/// An open event stream, read line by line with a deadline.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Subscribes where the injected script would (the URL given to `EventSource`) and
    /// returns once the server has accepted: its stream opens with `retry: 500`.
    pub fn open(port: u16) -> Events {
        let (_, page) = get(port, "/");
        let url = page
            .split("new EventSource(\"http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("event URL in the page");
        let (events_port, path) = url.split_once('/').expect("port/path");
        let events_port: u16 = events_port.parse().expect("port");
        let mut stream = TcpStream::connect(("127.0.0.1", events_port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        write!(stream, "GET /{path} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("send");
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        events.wait_for("retry: 500", Duration::from_secs(5));
        events
    }

    /// Counts lines equal to `wanted` until there are `expected` of them or time is up.
    pub fn count(&mut self, wanted: &str, expected: usize, within: Duration) -> usize {
        let deadline = Instant::now() + within;
        let mut line = String::new();
        let mut seen = 0;
        while seen < expected && Instant::now() < deadline {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => break,
                Ok(_) if line.trim_end() == wanted => seen += 1,
                _ => {}
            }
        }
        seen
    }

    /// Reads until a line equal to `wanted` (and returns what followed on the next line).
    pub fn wait_for(&mut self, wanted: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        let mut line = String::new();
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("event stream closed"),
                Ok(_) if line.trim_end() == wanted => {
                    let mut data = String::new();
                    let _ = self.reader.read_line(&mut data);
                    return data;
                }
                Ok(_) => seen.push(line.clone()),
                Err(_) => {}
            }
        }
        panic!("no `{wanted}` within {within:?}; read {seen:?}");
    }
}

#[test]
fn the_search_index_is_served_after_a_background_build() {
    let site = Site::fixture("basic");
    site.edit("site.toml", "enabled = false", "enabled = true");
    let server = start(&site);
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut status = 0;
    while Instant::now() < deadline && status != 200 {
        std::thread::sleep(Duration::from_millis(100));
        status = get(server.port, "/pagefind/pagefind-entry.json").0;
    }
    assert_eq!(status, 200, "index served within 30 s");
    let (_, entry) = get(server.port, "/pagefind/pagefind-entry.json");
    assert!(entry.contains("\"page_count\":4"), "{entry}");
    let (status, page) = get(server.port, "/search/");
    assert_eq!(status, 200);
    assert!(page.contains("/pagefind/pagefind-ui.js"));
}

#[test]
fn an_edit_updates_only_the_search_index_that_holds_the_page() {
    let site = Site::fixture("basic");
    site.edit(
        "site.toml",
        "enabled = false",
        "enabled = true\npages_per_index = 1",
    );
    let server = start(&site);
    let bundles = [
        "/pagefind/",
        "/pagefind/shard-1/",
        "/pagefind/shard-2/",
        "/pagefind/shard-3/",
    ];
    // Each index's entry file: its status and body (the headers carry the time).
    let entries = || -> Vec<(u16, String)> {
        (bundles.iter())
            .map(|bundle| get(server.port, &format!("{bundle}pagefind-entry.json")))
            .map(|(status, response)| {
                let body = response.split_once("\r\n\r\n").map_or("", |(_, body)| body);
                (status, body.to_string())
            })
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut before = entries();
    while Instant::now() < deadline && before.iter().any(|(status, _)| *status != 200) {
        std::thread::sleep(Duration::from_millis(100));
        before = entries();
    }
    assert!(
        before.iter().all(|(status, _)| *status == 200),
        "four indexes served: {before:?}"
    );
    site.edit(
        "content/law/war-powers.md",
        "Forces must leave",
        "Zebrafish aside, forces must leave",
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut after = entries();
    while Instant::now() < deadline && after == before {
        std::thread::sleep(Duration::from_millis(50));
        after = entries();
    }
    let changed: Vec<&str> = (bundles.iter().zip(before.iter().zip(&after)))
        .filter(|(_, (was, is))| was != is)
        .map(|(bundle, _)| *bundle)
        .collect();
    assert_eq!(changed.len(), 1, "one index holds the page: {changed:?}");
}
