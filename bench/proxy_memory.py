#!/usr/bin/env python3
"""Proxy resident memory after serving N requests for a cached feed.

    python3 bench/proxy_memory.py [path/to/newsdesk-proxy] [requests]

Starts the proxy (demo newsroom: every feed is cached in memory), reads its
RSS at start, sends N requests for /api/feed over one keep-alive connection,
and reads RSS again. A measurement, not a test: the numbers go in
bench/RESULTS.md.
"""
import http.client
import re
import subprocess
import sys
import time

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/newsdesk-proxy"
requests = int(sys.argv[2]) if len(sys.argv) > 2 else 1000


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+) kB", status.read()).group(1))


proxy = subprocess.Popen(
    [binary, "--listen", "127.0.0.1:0", "--dist", "/nonexistent", "--log", "error",
     "--rate-limit", str(requests * 10)],
    stdout=subprocess.PIPE, text=True)
try:
    line = proxy.stdout.readline()
    port = int(re.search(r":(\d+)/", line).group(1))
    time.sleep(0.3)
    before = rss_kib(proxy.pid)
    conn = http.client.HTTPConnection("127.0.0.1", port)
    started = time.perf_counter()
    for page in range(requests):
        conn.request("GET", f"/api/feed?page={page % 4 + 1}")
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
    elapsed = time.perf_counter() - started
    after = rss_kib(proxy.pid)
    print(f"requests: {requests}, {requests / elapsed:.0f} req/s on one connection")
    print(f"proxy RSS: {before / 1024:.1f} MiB at start, {after / 1024:.1f} MiB after")
finally:
    proxy.terminate()
    proxy.wait()
