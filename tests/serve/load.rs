//! Stalled clients, oversized requests, many tabs and event streams, a soak.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::{Site, memory_kib};
use crate::{Events, get, start};

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
    // The hub holds at most 256 streams: the closed ones must have been let go, or
    // these would not all be accepted.
    let fresh: Vec<Events> = (0..256).map(|_| Events::open(server.port)).collect();
    drop(fresh);
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
fn a_minute_of_requests_and_edits_does_not_grow_memory() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.port);
    let port = server.port;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let requests = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let (mut served, mut failed) = (0, 0);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for path in ["/", "/law/aumf/", "/tags/", "/missing/"] {
                    match get(port, path).0 {
                        200 | 404 => served += 1,
                        _ => failed += 1,
                    }
                }
            }
            (served, failed)
        })
    };
    let original = site.read("content/law/aumf.md");
    let started = Instant::now();
    let mut baseline = None;
    let mut reloads = 0;
    for second in 1..=60u32 {
        let text = original.replace("How Congress", &format!("Edit {second}, how Congress"));
        site.write("content/law/aumf.md", &text);
        reloads += events.count("event: reload", 1, Duration::from_secs(5));
        if second == 10 {
            baseline = Some(memory_kib(server.child.id(), "VmRSS").expect("VmRSS"));
        }
        if let Some(left) = Duration::from_secs(u64::from(second)).checked_sub(started.elapsed()) {
            std::thread::sleep(left);
        }
    }
    let end = memory_kib(server.child.id(), "VmRSS").expect("VmRSS");
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (served, failed) = requests.join().expect("request thread");
    let baseline = baseline.expect("baseline");
    println!(
        "soak: {served} requests, {reloads} reloads, memory {} → {} KiB",
        baseline, end
    );
    assert_eq!(failed, 0, "every request answered");
    assert!(served > 1_000, "{served} requests");
    assert!(reloads >= 55, "{reloads} of 60 edits reloaded");
    assert!(
        end < baseline + 10 * 1024,
        "resident memory grew from {baseline} to {end} KiB"
    );
}

/// The event-stream address the preview's pages subscribe to.
fn events_port(port: u16) -> u16 {
    let (_, page) = get(port, "/");
    let url = page
        .split("new EventSource(\"http://127.0.0.1:")
        .nth(1)
        .expect("event URL");
    url.split('/').next().and_then(|p| p.parse().ok()).expect("port")
}

/// Opens an event stream and returns it with the first bytes of the answer.
fn subscribe(port: u16) -> (TcpStream, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "GET /__briefing/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("send");
    let mut buffer = [0; 512];
    let read = stream.read(&mut buffer).unwrap_or(0);
    (stream, String::from_utf8_lossy(&buffer[..read]).into_owned())
}

#[test]
fn closed_event_streams_free_their_slot_and_a_refused_one_is_told_why() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let port = events_port(server.port);
    for round in 0..300 {
        let (stream, answer) = subscribe(port);
        assert!(
            answer.starts_with("HTTP/1.1 200"),
            "tab {round} was let in: {answer}"
        );
        drop(stream);
        if round % 100 == 99 {
            // Closed tabs are found within a second.
            std::thread::sleep(Duration::from_millis(600));
        }
    }
    std::thread::sleep(Duration::from_secs(1));
    let open: Vec<TcpStream> = (0..256)
        .map(|_| subscribe(port))
        .map(|(s, a)| {
            assert!(a.starts_with("HTTP/1.1 200"), "{a}");
            s
        })
        .collect();
    let (_, refused) = subscribe(port);
    assert!(
        refused.starts_with("HTTP/1.1 503"),
        "the 257th is refused: {refused}"
    );
    assert!(refused.contains("close some tabs"), "{refused}");
    drop(open);
    let started = Instant::now();
    loop {
        let (_, answer) = subscribe(port);
        if answer.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "slots freed within a second: {answer}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn other_hosts_are_refused_against_dns_rebinding() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let ask = |host: &str| crate::raw_for_host(server.port, "GET", "/", host).1;
    let refused = ask("attacker.example:1111");
    assert!(refused.starts_with("HTTP/1.1 403"), "{refused}");
    assert!(refused.contains("--bind"), "names the setting: {refused}");
    for host in ["localhost", &format!("127.0.0.1:{}", server.port), "[::1]"] {
        assert!(ask(host).starts_with("HTTP/1.1 200"), "{host}");
    }
    let (_, answer) = crate::raw_for_host(
        events_port(server.port),
        "GET",
        "/__briefing/events",
        "attacker.example",
    );
    assert!(
        !answer.contains("event-stream"),
        "no events for another host: {answer}"
    );
}

#[test]
fn http_1_0_keep_alive_clients_complete() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let started = Instant::now();
    for _ in 0..100 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        stream
            .write_all(b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: localhost\r\n\r\n")
            .expect("send");
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .expect("the server ends the response by closing");
        assert!(answer.starts_with(b"HTTP/1.0 200"));
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "100 requests took {:?}",
        started.elapsed()
    );
}
