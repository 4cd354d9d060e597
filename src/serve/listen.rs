//! Where the preview listens: the first free port of ten on the address asked for,
//! with Nagle's algorithm off, and the path the site is served under.

use std::net::{IpAddr, SocketAddr};

use super::{ServeError, ServeOptions};
use crate::config::Overrides;

/// `--base-path`, else the path of site.toml's `base_url` (`/` if it cannot be read:
/// the first build then reports why), always starting and ending with `/`.
pub(super) fn preview_base_path(options: &ServeOptions) -> String {
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

/// Listens on `ip` at `first` or, if it is taken, the first free of the next nine.
pub(super) fn bind(ip: IpAddr, first: u16) -> Result<(tiny_http::Server, SocketAddr), ServeError> {
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
