#!/usr/bin/env python3
"""What an edit in `briefing serve` costs the search index: starts serve on SITE_ROOT,
waits for the first index, then edits one explainer RUNS times and prints, for each save,
how long until the served `pagefind/pagefind-entry.json` changed and how much CPU the
serve process spent on the rebuild and the index together.

    bench/serve_search.py SITE_ROOT [RUNS]      (BRIEFING=path/to/binary to compare builds)
"""
import os, re, subprocess, sys, time, urllib.request

root, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
binary = os.environ.get("BRIEFING", os.path.join(os.path.dirname(__file__), "..", "target", "release", "briefing"))
server = subprocess.Popen([binary, "serve", "--port", "0", "--root", root], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
def cpu():
    f = open(f"/proc/{server.pid}/stat").read().rsplit(")",1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
def rss():
    for l in open(f"/proc/{server.pid}/status"):
        if l.startswith("VmHWM"): return l.split()[1]
try:
    line = server.stdout.readline(); port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
    base = re.search(r"http://127\.0\.0\.1:\d+(/[^ ]*)?", line).group(1) or "/"
    def entry():
        try: return urllib.request.urlopen(f"http://127.0.0.1:{port}{base}pagefind/pagefind-entry.json", timeout=30).read()
        except Exception: return None
    t0 = time.time()
    while entry() is None: time.sleep(0.2)
    time.sleep(3); print(f"first index after {time.time()-t0:.1f} s, cpu {cpu():.1f} s")
    page = os.path.join(root, "content", "s3", "p00042.md")
    if not os.path.exists(page):
        page = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "content")) for f in fs if f.endswith(".md") and not f.startswith("_"))[42]
    original = open(page).read()
    for r in range(runs):
        before, c0, t = entry(), cpu(), time.time()
        open(page, "w").write(original + f"\n\nA new paragraph, edit {r} zyzzyva{r}.\n")
        while entry() == before: time.sleep(0.05)
        took = time.time() - t
        time.sleep(2.5)
        print(f"edit {r}: index changed after {took:.2f} s, serve cpu {cpu()-c0:.2f} s (incl. rebuild), peak rss {rss()} kB")
    open(page, "w").write(original)
finally:
    server.kill()
