//! Serving the in-memory site over HTTP: a pure, traversal-proof path resolver, MIME
//! types, the Host rule that keeps other sites' pages out, and the response for each
//! request.

use percent_encoding::percent_decode_str;

/// What a request path leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An output file, by its path inside the site (e.g. `us-law/x/index.html`).
    File(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    /// The site has no file there.
    NotFound,
    /// Not a path we accept: escapes, backslashes, NUL, bad encoding.
    BadRequest,
}

/// Whether a request's `Host` is one the preview answers: `localhost` (and names under
/// it) or an IP address, with any port. A web page elsewhere could otherwise point a
/// name of its own at 127.0.0.1 (DNS rebinding) and read the preview, whose error pages
/// quote the site's files; an IP address cannot be rebound. No Host (HTTP/1.0) is fine:
/// every browser sends one.
pub(super) fn host_allowed(host: Option<&str>) -> bool {
    let Some(host) = host.map(str::trim) else {
        return true;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => {
            return v6
                .split(']')
                .next()
                .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok());
        }
        None => host
            .rsplit_once(':')
            .map_or(host, |(name, port)| match port.parse::<u16>() {
                Ok(_) => name,
                Err(_) => host,
            }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

/// Maps a request URL to an output file. `exists` says whether the site has a file.
pub fn resolve(url: &str, exists: impl Fn(&str) -> bool) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") || path.contains('\\') {
        return Target::BadRequest;
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Target::BadRequest;
    };
    if decoded.contains(['\0', '\\']) || decoded.starts_with("//") {
        return Target::BadRequest;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == "." || *s == ".." || s.contains(':'))
    {
        return Target::BadRequest;
    }
    let joined = segments.join("/");
    let is_folder = decoded.ends_with('/') || segments.is_empty();
    if is_folder {
        let index = if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        };
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(&joined) {
        Target::File(joined)
    } else if exists(&format!("{joined}/index.html")) {
        Target::Redirect(format!("{path}/"))
    } else {
        Target::NotFound
    }
}

/// The Content-Type for a file name.
pub fn mime_type(file: &str) -> &'static str {
    let extension = file.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "csv" => "text/csv; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_names_and_addresses_are_answered() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "app.localhost:80",
            "127.0.0.1:1111",
            "10.0.0.5:1111",
            "[::1]:1111",
            "192.168.1.20",
        ] {
            assert!(host_allowed(Some(host)), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.nip.io",
            "localhost.evil.example",
            "[not-an-ip]:1",
        ] {
            assert!(!host_allowed(Some(host)), "{host}");
        }
        assert!(host_allowed(None), "HTTP/1.0 without a Host");
    }

    fn site(path: &str) -> bool {
        [
            "index.html",
            "a/index.html",
            "style.css",
            "a b/index.html",
            "é/index.html",
        ]
        .contains(&path)
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        assert_eq!(resolve("/", site), Target::File("index.html".into()));
        assert_eq!(resolve("/a/", site), Target::File("a/index.html".into()));
        assert_eq!(resolve("/a/?x=1", site), Target::File("a/index.html".into()));
        assert_eq!(resolve("/a", site), Target::Redirect("/a/".into()));
        assert_eq!(resolve("/style.css", site), Target::File("style.css".into()));
        assert_eq!(resolve("/a%20b/", site), Target::File("a b/index.html".into()));
        assert_eq!(resolve("/%C3%A9/", site), Target::File("é/index.html".into()));
        assert_eq!(resolve("/missing", site), Target::NotFound);
    }

    #[test]
    fn hostile_paths_never_resolve() {
        let hostile = [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/a/%2e%2e/%2e%2e/x",
            "/..%2f..%2fetc/passwd",
            "/..\\..\\windows",
            "/%5c..%5cwindows",
            "/a%00.html",
            "//etc/passwd",
            "/%2f%2fetc/passwd",
            "/C:/windows",
            "/%C0%AE%C0%AE/etc/passwd",
            "etc/passwd",
            "/./index.html",
        ];
        for path in hostile {
            let target = resolve(path, |_| true);
            assert!(
                matches!(target, Target::BadRequest | Target::NotFound),
                "{path}: {target:?}"
            );
        }
        assert_eq!(
            resolve("/%252e%252e/x", site),
            Target::NotFound,
            "double encoding stays literal"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Whatever the request, a resolved file is a plain relative path inside the site.
        #[test]
        fn a_resolved_path_never_leaves_the_site(
            url in "/?((%2[eEfF]|%5[cC]|%00|%25|%C0%AE|\\.|\\.\\.|/|\\\\|[a-z]|:|\\?|#|\u{0}|é){0,12})"
        ) {
            match resolve(&url, |_| true) {
                Target::File(file) => {
                    let path = std::path::Path::new(&file);
                    proptest::prop_assert!(path.is_relative(), "{url} → {file}");
                    proptest::prop_assert!(
                        path.components().all(|c| matches!(c, std::path::Component::Normal(_))),
                        "{url} → {file}"
                    );
                    proptest::prop_assert!(!file.contains(['\\', '\0']), "{url} → {file}");
                }
                Target::Redirect(to) => {
                    proptest::prop_assert!(to.starts_with('/') && !to.starts_with("//"), "{url} → {to}");
                }
                Target::NotFound | Target::BadRequest => {}
            }
        }
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_type("x.WOFF2"), "font/woff2");
        assert_eq!(mime_type("feed.xml"), "application/xml");
        assert_eq!(mime_type("noext"), "application/octet-stream");
    }
}
