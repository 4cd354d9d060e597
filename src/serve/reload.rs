//! Live reload: a Server-Sent Events hub that every open tab subscribes to, and the small
//! script injected into HTML while serving (never in `build` output).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The path browsers subscribe to.
pub(super) const EVENTS_PATH: &str = "/__briefing/events";

/// Injected before `</body>`: reconnects, reloads keeping the scroll position, swaps
/// stylesheets, goes home if the page is gone, and shows or clears the error overlay.
const SCRIPT: &str = include_str!("reload.js");

/// Puts the live-reload script, listening on `events_url`, at the end of an HTML page;
/// a page that is gone after a rebuild goes to `home`.
pub(super) fn inject(html: &[u8], events_url: &str, home: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let filled = SCRIPT
        .replace("__EVENTS_URL__", events_url)
        .replace("__HOME_URL__", home);
    let script = format!("<script>\n{filled}</script>\n");
    match text.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

/// More open tabs than any writer has; beyond this, new streams are refused (503).
const MAX_SUBSCRIBERS: usize = 256;

/// How often the hub looks for streams whose tab has closed, to free their slot.
pub(super) const SWEEP_EVERY: Duration = Duration::from_millis(250);

/// Accepts event-stream subscribers on their own listener, so long-lived streams never
/// hold the HTTP server's worker threads. Each connection gets a short-lived thread that
/// reads the request (at most 8 KiB within 2 s in all) and hands the socket to the hub.
/// Only pages of the preview itself (`origin`) may read the stream: errors quote files.
pub(super) fn accept_subscribers(
    listener: TcpListener,
    hub: Arc<Hub>,
    origin: String,
    first: impl Fn() -> Option<Event> + Send + Sync + 'static,
) {
    let first = Arc::new(first);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (hub, first, origin) = (Arc::clone(&hub), Arc::clone(&first), origin.clone());
            std::thread::spawn(move || {
                let wanted = read_request_head(&stream).is_some_and(|head| {
                    let host = (head.lines().skip(1))
                        .find_map(|line| {
                            line.split_once(':')
                                .filter(|(name, _)| name.eq_ignore_ascii_case("host"))
                        })
                        .map(|(_, value)| value.trim());
                    head.starts_with(&format!("GET {EVENTS_PATH} ")) && super::http::host_allowed(host)
                });
                // A tab that stops reading must not stall broadcasts to the others.
                if wanted && stream.set_write_timeout(Some(Duration::from_secs(1))).is_ok() {
                    hub.subscribe(stream, &origin, first());
                }
            });
        }
    });
}

/// The request head, once the whole of it has arrived.
fn read_request_head(mut stream: &TcpStream) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())?;
        stream.set_read_timeout(Some(left)).ok()?;
        let read = stream.read(&mut buffer).ok().filter(|&n| n > 0)?;
        head.extend_from_slice(&buffer[..read]);
        if head.len() > 8192 {
            return None;
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// One message to every open tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Event {
    Reload,
    Stylesheet,
    /// A build error, as the terminal shows it.
    Error(String),
    /// The site builds again.
    Ok,
    /// Keeps connections alive and finds the dead ones.
    Ping,
}

impl Event {
    pub(super) fn encode(&self) -> String {
        match self {
            Event::Reload => "event: reload\ndata: {}\n\n".into(),
            Event::Stylesheet => "event: css\ndata: {}\n\n".into(),
            Event::Error(text) => {
                let json = serde_json::to_string(text).unwrap_or_else(|_| "\"build error\"".into());
                format!("event: build-error\ndata: {json}\n\n")
            }
            Event::Ok => "event: ok\ndata: {}\n\n".into(),
            Event::Ping => ": ping\n\n".into(),
        }
    }
}

/// The open event streams.
#[derive(Default)]
pub(super) struct Hub {
    clients: Mutex<Vec<TcpStream>>,
}

impl Hub {
    /// Starts an event stream on a raw connection, sending `first` at once if given. When
    /// every slot is taken the client is told so with a 503, not left hanging.
    pub(super) fn subscribe(&self, mut stream: TcpStream, origin: &str, first: Option<Event>) {
        let mut clients = self.lock();
        if clients.len() >= MAX_SUBSCRIBERS {
            drop(clients);
            let body = format!(
                "briefing serve: {MAX_SUBSCRIBERS} live-reload streams are open already; close some tabs\n"
            );
            let refusal = format!(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nRetry-After: 2\r\nAccess-Control-Allow-Origin: {origin}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(refusal.as_bytes());
            return;
        }
        let mut greeting = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nAccess-Control-Allow-Origin: {origin}\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n"
        );
        if let Some(event) = first {
            greeting.push_str(&event.encode());
        }
        if stream
            .write_all(greeting.as_bytes())
            .and_then(|()| stream.flush())
            .is_ok()
        {
            clients.push(stream);
        }
    }

    /// Sends an event to every client, dropping the ones that have gone away.
    pub(super) fn broadcast(&self, event: &Event) {
        let bytes = event.encode();
        self.lock().retain_mut(|client| {
            client
                .write_all(bytes.as_bytes())
                .and_then(|()| client.flush())
                .is_ok()
        });
    }

    /// Frees the slots of streams whose tab has closed (called every `SWEEP_EVERY`).
    pub(super) fn sweep(&self) {
        self.lock().retain(|client| !closed(client));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<TcpStream>> {
        self.clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Whether the other end has closed: a browser sends nothing on an event stream after
/// its request, so a peek that finds the end (or an error) means the tab is gone. The
/// peek does not wait and leaves the socket's own flags alone.
#[cfg(target_os = "linux")]
fn closed(stream: &TcpStream) -> bool {
    use rustix::net::{RecvFlags, recv};
    let mut byte = [0u8; 1];
    match recv(stream, &mut byte[..], RecvFlags::PEEK | RecvFlags::DONTWAIT) {
        Ok((0, _)) => true,
        Ok(_) => false,
        Err(err) => err != rustix::io::Errno::AGAIN && err != rustix::io::Errno::INTR,
    }
}

/// Elsewhere, a closed stream is found by the next write that fails (a ping at most).
#[cfg(not(target_os = "linux"))]
fn closed(_: &TcpStream) -> bool {
    false
}

/// Frees the event-stream slots of closed tabs within `SWEEP_EVERY`, and pings
/// every 10 s so that proxies keep the streams open.
pub(super) fn spawn_pinger(server: &Arc<super::Server>) {
    let server = Arc::clone(server);
    std::thread::spawn(move || {
        let mut since_ping = Duration::ZERO;
        loop {
            std::thread::sleep(SWEEP_EVERY);
            server.hub.sweep();
            since_ping += SWEEP_EVERY;
            if since_ping >= Duration::from_secs(10) {
                since_ping = Duration::ZERO;
                server.hub.broadcast(&Event::Ping);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_body_end() {
        let page = inject(
            b"<html><body><p>x</p></body></html>",
            "http://127.0.0.1:9/e",
            "/kb/",
        );
        let text = String::from_utf8(page).expect("utf-8");
        assert!(text.contains("<p>x</p><script>"));
        assert!(text.contains("new EventSource(\"http://127.0.0.1:9/e\")"));
        assert!(text.contains("location.href = \"/kb/\""));
        assert!(text.ends_with("</script>\n</body></html>"));
    }

    #[test]
    fn errors_are_one_data_line() {
        let encoded = Event::Error("a.md:1:1: error: x\n  |\n".into()).encode();
        assert_eq!(
            encoded,
            "event: build-error\ndata: \"a.md:1:1: error: x\\n  |\\n\"\n\n"
        );
    }
}
