#!/usr/bin/env python3
"""Save-to-reload latency of `briefing serve`: edits one explainer N times and times
each save until the live-reload event arrives. Prints the median and every run.

    bench/serve_latency.py SITE_ROOT PAGE.md [RUNS]     (release binary, search as configured;
                                                        BRIEFING=path/to/binary to compare builds;
                                                        TIMINGS=1 to print each rebuild's stages;
                                                        EDIT=title to change the title, which other
                                                        pages show, instead of adding a paragraph)
"""
import os, re, socket, statistics, subprocess, sys, time

root, page, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 7
binary = os.environ.get("BRIEFING", os.path.join(os.path.dirname(__file__), "..", "target", "release", "briefing"))
timings = ["--timings"] if os.environ.get("TIMINGS") else []
server = subprocess.Popen([binary, "serve", "--port", "0", "--root", root] + timings,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    line = server.stdout.readline()
    port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
    print(line.strip())
    # The server answers while its first build runs; the page has the reload script
    # once that build is done.
    events, deadline = None, time.monotonic() + 600
    while events is None and time.monotonic() < deadline:
        home = socket.create_connection(("127.0.0.1", port), timeout=10)
        home.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        body = b""
        while chunk := home.recv(65536):
            body += chunk
        events = re.search(rb'new EventSource\(\s*"http://127\.0\.0\.1:(\d+)(/[^"]*)"', body)
        if events is None:
            time.sleep(0.2)
    if events is None:
        raise SystemExit("no page with the reload script within 600 s")
    stream = socket.create_connection(("127.0.0.1", int(events.group(1))), timeout=30)
    stream.sendall(b"GET " + events.group(2) + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    reader = stream.makefile("rb")

    def wait_for(wanted):
        while True:
            line = reader.readline()
            if not line:
                raise SystemExit("event stream closed")
            if line.strip() == wanted:
                return

    wait_for(b"retry: 500")
    path = os.path.join(root, page)
    original = open(path).read()
    latencies = []
    for run in range(runs):
        time.sleep(1.0)
        with open(path, "w") as f:
            if os.environ.get("EDIT") == "title":
                f.write(re.sub(r"^title: ([\"']?)", rf"title: \1Run {run}: ", original, count=1, flags=re.M))
            else:
                f.write(original + f"\nEdited in run {run}.\n")
        saved = time.perf_counter()
        wait_for(b"event: reload")
        latencies.append((time.perf_counter() - saved) * 1000)
    with open(path, "w") as f:
        f.write(original)
    time.sleep(1.0)
    server.kill()
    print(server.stdout.read().strip())
    print(f"save -> reload event: median {statistics.median(latencies):.0f} ms; runs "
          + " ".join(f"{l:.0f}" for l in latencies))
finally:
    server.kill()
