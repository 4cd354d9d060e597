//! Answering one HTTP request from the in-memory site: files with their type, the
//! site's 404 page, folder redirects, and the live-reload script injected into HTML.

use super::{Server, Snapshot, Target, mime_type, reload, resolve};
use crate::render::Content;

impl Server {
    pub(super) fn respond(&self, request: tiny_http::Request) {
        let host = (request.headers().iter())
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str().to_string());
        if !super::http::host_allowed(host.as_deref()) {
            let message = format!(
                "briefing serve answers requests for localhost and IP addresses only, not `{}`: open http://localhost:{}/ instead (this guards the preview against DNS rebinding; to reach it from another machine, use --bind and its IP address)\n",
                host.as_deref().unwrap_or(""),
                self.http.server_addr().to_ip().map_or(0, |a| a.port())
            );
            let _ = request.respond(plain(403, &message));
            return;
        }
        let method = request.method().clone();
        if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
            let _ = request.respond(plain(405, "method not allowed\n"));
            return;
        }
        if request.url().len() > MAX_URL {
            let _ = request.respond(plain(414, "request target too long\n"));
            return;
        }
        let header_bytes: usize = request
            .headers()
            .iter()
            .map(|h| h.field.as_str().as_str().len() + h.value.as_str().len())
            .sum();
        if request.headers().len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
            let _ = request.respond(plain(431, "request headers too large\n"));
            return;
        }
        let snapshot = self.current();
        let response = match resolve(request.url(), |file| snapshot.files.contains_key(file)) {
            Target::File(file) => self.file_response(&snapshot, &file, 200),
            Target::Redirect(location) => redirect(&location),
            Target::NotFound => self.file_response(&snapshot, "404.html", 404),
            Target::BadRequest => plain(400, "bad request\n"),
        };
        let _ = request.respond(response);
    }
}

/// Limits a browser never comes near; beyond them a request is refused.
const MAX_URL: usize = 8 * 1024;
const MAX_HEADERS: usize = 100;
const MAX_HEADER_BYTES: usize = 64 * 1024;

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        tiny_http::Header::from_bytes(&b"X-Briefing"[..], &b"invalid-header"[..])
            .expect("static header is valid")
    })
}

/// tiny_http decides whether a connection stays open from the request alone and drops
/// any `Connection` header a response sets; idle keep-alive connections are closed by
/// `idle`, and HTTP/1.0 ones right after their response.
fn plain(status: u16, body: &str) -> Response {
    tiny_http::Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

fn redirect(location: &str) -> Response {
    plain(301, "moved\n").with_header(header("Location", location))
}

impl Server {
    fn file_response(&self, snapshot: &Snapshot, file: &str, status: u16) -> Response {
        let bytes = match snapshot.files.get(file).map(AsRef::as_ref) {
            Some(Content::Bytes(bytes)) => bytes.clone(),
            Some(Content::Copy(path)) => match std::fs::read(path) {
                Ok(bytes) => bytes,
                Err(_) => return plain(404, "not found\n"),
            },
            None => {
                return plain(
                    status,
                    if status == 404 {
                        "not found\n"
                    } else {
                        "no site built yet\n"
                    },
                );
            }
        };
        let mime = mime_type(file);
        let body = if mime.starts_with("text/html") {
            reload::inject(&bytes, &self.events_url)
        } else {
            bytes
        };
        tiny_http::Response::from_data(body)
            .with_status_code(status)
            .with_header(header("Content-Type", mime))
            .with_header(header("Cache-Control", "no-store"))
    }
}
