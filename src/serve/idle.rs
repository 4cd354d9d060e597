//! Closing preview connections that sit idle. tiny_http sets no socket timeouts, so a
//! client that sends half a request and stalls would hold a thread forever. On Linux a
//! sweeper looks through the process's open files once a second for the server's
//! connections (each duplicated through a pidfd, so the socket checked is the socket
//! shut down) and shuts down those that have not completed a request for `IDLE`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a connection may go without a complete request. Browsers reopen idle
/// keep-alive connections as they need them.
pub(super) const IDLE: Duration = Duration::from_secs(10);

/// When each client connection (by its address) last completed a request.
#[derive(Default)]
pub(super) struct Activity {
    last_request: Mutex<HashMap<SocketAddr, Instant>>,
}

impl Activity {
    pub(super) fn request_from(&self, peer: Option<&SocketAddr>) {
        if let Some(peer) = peer {
            self.lock().insert(*peer, Instant::now());
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SocketAddr, Instant>> {
        self.last_request
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Closes the connection from `peer` to `port` now. tiny_http keeps an HTTP/1.0
/// connection open when the client asks for keep-alive, yet never says so in its
/// response (it writes no `Connection` header), so such a client waits for the close
/// that tells it the response is complete; it gets it at once.
pub(super) fn close_connection(port: u16, peer: SocketAddr) {
    #[cfg(target_os = "linux")]
    linux::close(port, peer);
    #[cfg(not(target_os = "linux"))]
    let _ = (port, peer);
}

/// Starts the sweeper for connections accepted on `port` (Linux only; elsewhere idle
/// connections stay open until the client closes them).
pub(super) fn spawn_sweeper(port: u16, activity: Arc<Activity>) {
    #[cfg(target_os = "linux")]
    std::thread::spawn(move || linux::sweep_forever(port, &activity));
    #[cfg(not(target_os = "linux"))]
    let _ = (port, activity);
}

/// Whether a connection first seen at `seen`, whose last request (if any) completed at
/// `last_request`, has been idle for `IDLE` at `now`.
fn is_idle(seen: Instant, last_request: Option<Instant>, now: Instant) -> bool {
    let active = last_request.map_or(seen, |at| at.max(seen));
    now.saturating_duration_since(active) >= IDLE
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::{HashMap, HashSet};
    use std::net::SocketAddr;
    use std::os::fd::OwnedFd;
    use std::time::{Duration, Instant};

    use rustix::net::{Shutdown, getpeername, getsockname, shutdown};
    use rustix::process::{PidfdFlags, PidfdGetfdFlags, getpid, pidfd_getfd, pidfd_open};

    use super::{Activity, is_idle};

    const SWEEP_EVERY: Duration = Duration::from_secs(1);

    pub(super) fn sweep_forever(port: u16, activity: &Activity) {
        let me = match pidfd_open(getpid(), PidfdFlags::empty()) {
            Ok(me) => me,
            Err(err) => {
                eprintln!("warning: idle connections will not be closed: pidfd_open: {err}");
                return;
            }
        };
        let mut first_seen = HashMap::new();
        loop {
            std::thread::sleep(SWEEP_EVERY);
            sweep(&me, port, activity, &mut first_seen);
        }
    }

    fn sweep(me: &OwnedFd, port: u16, activity: &Activity, first_seen: &mut HashMap<SocketAddr, Instant>) {
        let now = Instant::now();
        let mut open = HashSet::new();
        for (socket, peer) in connections(me, port) {
            open.insert(peer);
            let seen = *first_seen.entry(peer).or_insert(now);
            let last_request = activity.lock().get(&peer).copied();
            if is_idle(seen, last_request, now) {
                let _ = shutdown(&socket, Shutdown::Both);
            }
        }
        first_seen.retain(|peer, _| open.contains(peer));
        activity.lock().retain(|peer, _| open.contains(peer));
    }

    pub(super) fn close(port: u16, peer: SocketAddr) {
        let Ok(me) = pidfd_open(getpid(), PidfdFlags::empty()) else {
            return;
        };
        for (socket, _) in connections(&me, port).into_iter().filter(|(_, p)| *p == peer) {
            let _ = shutdown(&socket, Shutdown::Both);
        }
    }

    /// The process's connected sockets whose local port is `port`, each a duplicate of
    /// the server's descriptor, with the client's address.
    fn connections(me: &OwnedFd, port: u16) -> Vec<(OwnedFd, SocketAddr)> {
        let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
            .filter_map(|fd| pidfd_getfd(me, fd, PidfdGetfdFlags::empty()).ok())
            .filter_map(|socket| {
                let local = SocketAddr::try_from(getsockname(&socket).ok()?).ok()?;
                let peer = SocketAddr::try_from(getpeername(&socket).ok()??).ok()?;
                (local.port() == port).then_some((socket, peer))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_is_idle_after_the_timeout_since_it_was_seen_or_last_served() {
        let seen = Instant::now();
        assert!(!is_idle(seen, None, seen + IDLE / 2));
        assert!(is_idle(seen, None, seen + IDLE));
        let served = seen + IDLE;
        assert!(!is_idle(seen, Some(served), served + IDLE / 2));
        assert!(is_idle(seen, Some(served), served + IDLE));
        assert!(!is_idle(seen + IDLE, Some(seen), seen + IDLE + IDLE / 2));
    }
}
