#!/usr/bin/env python3
"""The normalizer benchmark's baseline: Python feedparser parsing the same
corpus in-process (parse + its HTML sanitizing and relative-URI resolution,
both on by default), timed the same way as the Rust side.

    bench/.venv/bin/python bench/normalize-bench/feedparser_bench.py CORPUS_DIR [PASSES] [WARMUP_FILES]

A warm-up over the first WARMUP_FILES files (default 20), then PASSES timed
passes over the whole corpus. Prints one JSON object: seconds of each pass
(wall clock, and this thread's CPU time: steadier on a busy machine), and
the files, items and bytes of a pass.
"""
import json
import os
import sys
import time

import feedparser


def main():
    corpus = sys.argv[1]
    passes = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    warmup_files = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    files = []
    for name in sorted(os.listdir(corpus)):
        with open(os.path.join(corpus, name), "rb") as f:
            files.append(f.read())
    size = sum(len(b) for b in files)
    seconds = []
    cpu = []
    items = 0
    failed = 0
    for data in files[:warmup_files]:
        feedparser.parse(data)
    for _ in range(passes):
        items = 0
        failed = 0
        start = time.perf_counter()
        cpu_start = time.thread_time()
        for data in files:
            parsed = feedparser.parse(data)
            if parsed.bozo and not parsed.entries:
                failed += 1
            items += len(parsed.entries)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - cpu_start)
    print(json.dumps({
        "parser": f"feedparser {feedparser.__version__}",
        "files": len(files),
        "bytes": size,
        "items": items,
        "failed": failed,
        "seconds": seconds,
        "cpu_seconds": cpu,
    }))


if __name__ == "__main__":
    main()
