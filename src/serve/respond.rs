//! Answering one HTTP request from the in-memory site: files with their type, the
//! site's 404 page, folder redirects, and the live-reload script injected into HTML.

use super::{Server, Snapshot, Target, mime_type, reload, resolve};
use crate::write::Content;

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
        if let (true, Some(error)) = (snapshot.files.is_empty(), &snapshot.error) {
            // No build has succeeded yet: every URL shows why, and reloads once fixed.
            let _ = request.respond(self.error_page(error));
            return;
        }
        let Some(inside) = self.inside_base_path(request.url()) else {
            // The server's root, and the base path without its last slash, lead to the site.
            let path = request.url().split('?').next().unwrap_or("");
            let response = match path == "/" || format!("{path}/") == self.base_path {
                true => redirect(&self.base_path),
                false => self.file_response(&snapshot, "404.html", 404),
            };
            let _ = request.respond(response);
            return;
        };
        let response = match resolve(inside, |file| snapshot.files.contains_key(file)) {
            Target::File(file) => self.file_response(&snapshot, &file, 200),
            Target::Redirect(location) => {
                redirect(&format!("{}{location}", self.base_path.trim_end_matches('/')))
            }
            Target::NotFound => self.file_response(&snapshot, "404.html", 404),
            Target::BadRequest => plain(400, "bad request\n"),
        };
        let _ = request.respond(response);
    }

    /// The request's path below the base path, from its `/`; `None` outside it.
    fn inside_base_path<'u>(&self, url: &'u str) -> Option<&'u str> {
        let base = self.base_path.trim_end_matches('/');
        url.strip_prefix(base).filter(|rest| rest.starts_with('/'))
    }

    /// The page shown while no build has succeeded: the error, and the live-reload script
    /// that replaces it with the site once the files are fixed.
    fn error_page(&self, error: &str) -> Response {
        let mut escaped = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut escaped, error);
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Build failed · briefing serve</title></head>\n<body>\n<main><h1>The site does not build yet</h1>\n<p>Fix the files below; this page reloads when the site builds.</p>\n<pre>{escaped}</pre></main>\n</body>\n</html>\n"
        );
        tiny_http::Response::from_data(reload::inject(page.as_bytes(), &self.events_url, &self.base_path))
            .with_status_code(500)
            .with_header(header("Content-Type", "text/html; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"))
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
            reload::inject(&bytes, &self.events_url, &self.base_path)
        } else {
            bytes
        };
        tiny_http::Response::from_data(body)
            .with_status_code(status)
            .with_header(header("Content-Type", mime))
            .with_header(header("Cache-Control", "no-store"))
    }
}
