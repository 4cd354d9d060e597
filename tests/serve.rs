//! `briefing serve` over real HTTP on 127.0.0.1: pages, types, redirects, hostile paths,
//! live-reload events, the error overlay's event and recovery. Every wait is bounded.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Site;

struct Server {
    child: Child,
    port: u16,
    /// What the server prints, line by line.
    lines: std::sync::mpsc::Receiver<String>,
}

impl Server {
    /// The next printed line that contains `wanted`.
    fn line_containing(&self, wanted: &str, within: Duration) -> String {
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

fn start(site: &Site) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let line = rx
        .recv_timeout(Duration::from_secs(20))
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
fn raw(port: u16, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
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

fn get(port: u16, path: &str) -> (u16, String) {
    raw(port, "GET", path)
}

/// An open event stream, read line by line with a deadline.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Subscribes where the injected script would: the URL given to `EventSource`.
    fn open(port: u16) -> Events {
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
        Events {
            reader: BufReader::new(stream),
        }
    }

    /// Counts lines equal to `wanted` until there are `expected` of them or time is up.
    fn count(&mut self, wanted: &str, expected: usize, within: Duration) -> usize {
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
    fn wait_for(&mut self, wanted: &str, within: Duration) -> String {
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
fn serves_pages_types_404_and_redirects() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let (status, page) = get(server.port, "/law/war-powers/");
    assert_eq!(status, 200);
    assert!(page.contains("Content-Type: text/html; charset=utf-8"));
    assert!(page.contains("Cache-Control: no-store"));
    assert!(page.contains(">War Powers Resolution</h1>"));
    assert!(
        page.contains("/__briefing/events\")"),
        "live-reload script injected"
    );
    assert!(
        page.contains("href=\"/law/aumf/\""),
        "links use the local address"
    );
    for (path, mime) in [
        ("/style.css", "text/css"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain"),
        ("/bundle/data.txt", "text/plain"),
    ] {
        let (status, response) = get(server.port, path);
        assert_eq!(status, 200, "{path}");
        assert!(
            response.contains(&format!("Content-Type: {mime}")),
            "{path}: {response}"
        );
    }
    let (status, missing) = get(server.port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(missing.contains("Page not found"), "the site's 404.html");
    let (status, moved) = get(server.port, "/law/aumf");
    assert_eq!(status, 301);
    assert!(moved.contains("Location: /law/aumf/"));
    let (status, head) = raw(server.port, "HEAD", "/law/aumf/");
    assert_eq!(status, 200);
    assert!(!head.contains("<html"), "HEAD has no body");
}

#[test]
fn hostile_paths_never_leave_the_site() {
    let site = Site::fixture("basic");
    site.write("secret.txt", "TOP SECRET");
    let server = start(&site);
    let hostile = [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/law/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/index.html%00.txt",
        "//etc/passwd",
        "/%2f%2fetc/passwd",
        "/%252e%252e/secret.txt",
        "/C:/Windows/win.ini",
        "/%C0%AE%C0%AE/secret.txt",
        "/site.toml",
        "/content/law/aumf.md",
        "/%2e%2e%2fsecret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/law/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/%c0%ae%c0%ae%c0%afsecret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/..;/secret.txt",
        "/law/../../secret.txt",
        "/./../secret.txt",
        "/%00/../secret.txt",
        "/%00",
        "/file:///etc/passwd",
        "/%2fetc%2fpasswd",
        "/secret.txt",
        "/.git/config",
        "/tests/../secret.txt",
        "/law%2f..%2f..%2fsecret.txt",
        "/%u002e%u002e/secret.txt",
        "/..%c0%afsecret.txt",
    ];
    assert!(hostile.len() >= 30);
    for path in hostile {
        let (status, response) = get(server.port, path);
        assert!(matches!(status, 400 | 404), "{path}: {status}");
        assert!(
            !response.contains("TOP SECRET") && !response.contains("root:x:0"),
            "{path} leaked"
        );
    }
}

#[test]
fn an_edit_sends_a_reload_and_serves_the_new_text() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.port);
    events.wait_for("retry: 500", Duration::from_secs(5));
    let text = site
        .read("content/law/aumf.md")
        .replace("An AUMF stops", "A fresh sentence: an AUMF stops");
    site.write("content/law/aumf.md", &text);
    events.wait_for("event: reload", Duration::from_secs(10));
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(page.contains("A fresh sentence"));
}

#[test]
fn an_edit_re_renders_only_the_pages_that_show_what_changed() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.port);
    events.wait_for("retry: 500", Duration::from_secs(5));
    let original = site.read("content/law/aumf.md");
    site.write(
        "content/law/aumf.md",
        &format!("{original}\nA closing paragraph no other page shows.\n"),
    );
    events.wait_for("event: reload", Duration::from_secs(10));
    let line = server.line_containing("changed →", Duration::from_secs(5));
    assert!(
        line.starts_with("content/law/aumf.md changed → 1 of "),
        "only the edited page is rendered again: {line}"
    );
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(page.contains("A closing paragraph no other page shows."));

    let old_summary = "How Congress authorizes force.";
    let new_summary = "Congress votes to allow force.";
    site.write("content/law/aumf.md", &original.replace(old_summary, new_summary));
    events.wait_for("event: reload", Duration::from_secs(10));
    let line = server.line_containing("changed →", Duration::from_secs(5));
    assert!(!line.contains("→ 1 of "), "listings show the summary: {line}");
    for listing in ["/law/", "/tags/congress/", "/law/war-powers/"] {
        let (_, html) = get(server.port, listing);
        assert!(html.contains(new_summary), "{listing} shows the new summary");
        assert!(!html.contains(old_summary), "{listing} shows no stale summary");
    }
    let (_, page) = get(server.port, "/law/aumf/");
    assert!(
        !page.contains("A closing paragraph"),
        "the page itself follows the file"
    );
}

#[test]
fn a_template_change_renders_every_page_again() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.port);
    events.wait_for("retry: 500", Duration::from_secs(5));
    site.write(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><title>{{ page.title }}</title><body>Own template: {{ page.title }}</body></html>\n",
    );
    events.wait_for("event: reload", Duration::from_secs(10));
    for (url, title) in [
        ("/law/aumf/", "Authorizations for Use of Military Force"),
        ("/drugs/fentanyl/", "What is fentanyl?"),
    ] {
        let (_, page) = get(server.port, url);
        assert!(
            page.contains(&format!("Own template: {title}")),
            "{url} uses the new template"
        );
    }
}

#[test]
fn pages_kept_from_the_last_build_are_link_checked_again() {
    let site = Site::fixture("basic");
    let aumf = site.read("content/law/aumf.md");
    site.write(
        "content/law/aumf.md",
        &format!("{aumf}\n<a href=\"/bundle/data.txt\">raw link</a>\n"),
    );
    // The bundle's listing (title, summary, date) stays the same throughout, so no
    // page showing it is rendered again.
    let bundle = site.read("content/bundle/index.md").replace(
        "date: 2023-12-01",
        "date: 2023-12-01\nsummary: Data kept beside its page.",
    );
    site.write("content/bundle/index.md", &bundle);
    let server = start(&site);
    let mut events = Events::open(server.port);
    events.wait_for("retry: 500", Duration::from_secs(5));
    site.write(
        "content/bundle/index.md",
        &bundle.replace("[data](data.txt)", "data"),
    );
    site.remove("content/bundle/data.txt");
    let data = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(
        data.contains("law/aumf/index.html") && data.contains("links to `/bundle/data.txt`"),
        "the unchanged page's raw link is reported: {data}"
    );
}

#[test]
fn a_broken_file_keeps_the_last_good_site_and_reports_until_fixed() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.port);
    events.wait_for("retry: 500", Duration::from_secs(5));
    let good = site.read("content/law/aumf.md");
    site.write(
        "content/law/aumf.md",
        &good.replace("title: Authorizations", "title: [Authorizations"),
    );
    let data = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(
        data.contains("content/law/aumf.md:2:8: error: title: invalid type"),
        "{data}"
    );
    assert!(
        !data.contains("no page at `law/aumf.md`"),
        "links into the broken file are not reported again"
    );
    let (status, page) = get(server.port, "/law/aumf/");
    assert_eq!(status, 200, "last good page still served");
    assert!(page.contains(">Authorizations for Use of Military Force</h1>"));
    let mut late = Events::open(server.port);
    late.wait_for("event: build-error", Duration::from_secs(5));
    site.write("content/law/aumf.md", &good);
    events.wait_for("event: ok", Duration::from_secs(10));
    events.wait_for("event: reload", Duration::from_secs(5));
}

#[test]
fn stalled_clients_and_oversized_requests_do_not_block_others() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let stalled: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
            stream.write_all(b"GET /la").expect("half a request line");
            stream
        })
        .collect();
    let started = Instant::now();
    let (status, _) = get(server.port, "/law/aumf/");
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "answered in {:?} beside 200 stalled connections",
        started.elapsed()
    );
    // The server closes them once they have been idle for 10 s (checked every second).
    for mut stream in stalled {
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        let mut buffer = [0; 64];
        let closed = match stream.read(&mut buffer) {
            Ok(0) => true,
            Err(err) => err.kind() == std::io::ErrorKind::ConnectionReset,
            Ok(_) => false,
        };
        assert!(
            closed,
            "a stalled connection still open after {:?}",
            started.elapsed()
        );
    }
    assert!(
        started.elapsed() >= Duration::from_secs(8),
        "stalled connections closed too early: {:?}",
        started.elapsed()
    );
    let (status, _) = get(server.port, &format!("/{}", "a".repeat(100_000)));
    assert_eq!(status, 414, "an oversized request line is refused");
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let headers = "X-Filler: x\r\n".repeat(500);
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n"
    )
    .expect("send");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(
        response.starts_with("HTTP/1.1 431"),
        "{}",
        &response[..response.len().min(60)]
    );
}

#[test]
fn a_hundred_tabs_each_get_every_reload_and_closed_tabs_are_dropped() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut tabs: Vec<Events> = (0..100).map(|_| Events::open(server.port)).collect();
    for tab in &mut tabs {
        tab.wait_for("retry: 500", Duration::from_secs(5));
    }
    let original = site.read("content/law/aumf.md");
    for edit in 0..20 {
        site.write("content/law/aumf.md", &format!("{original}\nEdit {edit}.\n"));
        tabs[0].wait_for("event: reload", Duration::from_secs(10));
    }
    for (i, tab) in tabs.iter_mut().enumerate().skip(1) {
        let seen = tab.count("event: reload", 20, Duration::from_secs(5));
        assert_eq!(seen, 20, "tab {i} got {seen} of 20 reloads");
    }
    drop(tabs);
    for edit in 0..2 {
        site.write(
            "content/law/aumf.md",
            &format!("{original}\nClosing edit {edit}.\n"),
        );
        server.line_containing("changed →", Duration::from_secs(10));
    }
    // The hub holds at most 256 streams: the closed ones must have been let go.
    let mut fresh: Vec<Events> = (0..256).map(|_| Events::open(server.port)).collect();
    for tab in &mut fresh {
        tab.wait_for("retry: 500", Duration::from_secs(5));
    }
}

#[test]
fn many_event_streams_do_not_block_requests() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let streams: Vec<Events> = (0..50).map(|_| Events::open(server.port)).collect();
    let started = Instant::now();
    let (status, _) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "answered while 50 streams are open"
    );
    drop(streams);
}

#[test]
fn the_search_index_is_served_after_a_background_build() {
    let site = Site::fixture("basic");
    let toml = site
        .read("site.toml")
        .replace("enabled = false", "enabled = true");
    site.write("site.toml", &toml);
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
