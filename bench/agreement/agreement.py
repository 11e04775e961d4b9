#!/usr/bin/env python3
"""Agreement with feedparser, per format: Newsdesk's normalizer and Python
feedparser read the same feed files, and this prints, per format (as
feedparser's `version` names it), how often they agree on what a reader
sees first: the feed's title, the first item's title and the first item's
link; and how often the normalizer refused a file, panicked or hung.

    bench/.venv/bin/python bench/agreement/agreement.py [options] DIR_OR_FILE...

`scripts/agreement.sh` builds the normalizer and runs this over
`crates/ingest/tests/fixtures/formats/` (or the folders it is given).

Each file is read by feedparser in this process (`feedparser.parse(bytes)`,
no HTTP headers) and by the normalizer in a process of its own (`--bin`,
default the ingest crate's `normalize` example, which prints what
`newsdesk-proxy normalize FILE` prints), so a panic or a hang costs one file
and is counted: a panic is exit status 101 or death by a signal (a stack
overflow aborts), a hang is no answer within `--timeout` seconds.

What is compared, after the normalizations below (applied to both sides):

- feed title: feedparser's `feed.title`; ours `title`, except that our title
  equal to the source id (`agreement`, the placeholder the normalizer
  writes when a feed has no title) counts as no title;
- first item title: feedparser's `entries[0].title`; ours `items[0].title`;
- first item link: feedparser's `entries[0].link`; ours `items[0].url`.

Two missing values agree; a missing value and a present one do not. A file
feedparser gives no entries while we give items (or the reverse) disagrees
on the item fields. A file the normalizer refuses has every field missing:
it agrees where feedparser found nothing either (an empty file), and is
counted under "refused" too. A panic or a timeout disagrees on every field.

Normalizations, each applied to both sides, and why none hides a difference
a reader would see:

1. Text (titles): HTML entities decoded once (`html.unescape`), so `&amp;`
   and `&` agree (feedparser leaves some entities in titles it types as
   HTML; the app shows the character either way). Then markup removed when
   feedparser typed the title as HTML/XHTML (its `title_detail.type`): it
   keeps `<em>` in such titles, our titles are plain text by contract, and
   a reader sees the words. Then every run of whitespace (Python's
   `str.split()`, which includes no-break spaces) becomes one space, and the
   ends are trimmed: line breaks inside a title are not shown.
2. Links: feedparser leaves a relative link as written (there is no base
   without an HTTP response); it is resolved against feedparser's own
   `feed.link`, as a reader's click would be. Then both sides are put in the
   form a browser's URL parser gives: scheme and host lower-cased, the host
   in IDNA, default ports dropped, an empty path written `/`, spaces and
   non-ASCII characters in the path, query and fragment percent-encoded.
   A link only one side has, or that points elsewhere, still disagrees.

JSON Feed: feedparser 6.0.x has no JSON Feed reader (its development branch
has one that names the versions `json1` and `json11`). For JSON documents
the reference is the document's own fields (`title`, `items[0].title`,
`items[0].url`), read with Python's `json`, labelled `json1`/`json11` by the
document's `version`; everything else is as above.
"""

import argparse
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse

import feedparser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The source id the normalizer is run with (the example's): a title equal to
# it is the normalizer's placeholder, not the publisher's.
SOURCE_ID = "agreement"

# Seconds one file may take in the normalizer. The largest fixture (a
# 700 KB document nested 100,000 deep) takes milliseconds; a feed at the
# 16 MB cap well under a second in a release build. Ten seconds is a hang,
# not a slow machine.
TIMEOUT_SECONDS = 10.0

# Exit status of a Rust program that panicked (the default panic handler).
PANIC_STATUS = 101

# The formats in the order the table lists them: feedparser's names.
FORMATS = [
    "rss090", "rss091u", "rss091n", "rss092", "rss093", "rss094", "rss10", "rss20",
    "rss", "atom03", "atom10", "atom", "json1", "json11", "unknown",
]

FIELDS = ("feed_title", "first_title", "first_link")


def files_under(paths):
    for path in paths:
        if os.path.isdir(path):
            for folder, _, names in sorted(os.walk(path)):
                for name in sorted(names):
                    if name.endswith((".py", ".md")):
                        continue
                    yield os.path.join(folder, name)
        else:
            yield path


def strip_tags(text):
    return re.sub(r"<[^>]*>", "", text)


def text(value, markup=False):
    """Normalization 1."""
    if value is None:
        return None
    value = html.unescape(value)
    if markup:
        value = strip_tags(value)
    value = " ".join(value.split())
    return value or None


def url(value, base=None):
    """Normalization 2."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        if base and not urllib.parse.urlsplit(value).scheme:
            value = urllib.parse.urljoin(base.strip(), value)
        parts = urllib.parse.urlsplit(value)
        host = parts.hostname or ""
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass
        netloc = host
        if parts.username or parts.password:
            netloc = f"{parts.username or ''}{':' + parts.password if parts.password else ''}@{host}"
        port = parts.port
        default = {"http": 80, "https": 443}.get(parts.scheme.lower())
        if port is not None and port != default:
            netloc += f":{port}"
    except ValueError:
        # Not a URL a browser would parse: compared as written.
        return value
    safe = "/%:@!$&'()*+,;=-._~"
    path = urllib.parse.quote(parts.path, safe=safe) or ("/" if netloc else "")
    query = urllib.parse.quote(parts.query, safe=safe + "?")
    fragment = urllib.parse.quote(parts.fragment, safe=safe + "?#")
    out = f"{parts.scheme.lower()}://{netloc}{path}" if netloc else parts.scheme.lower() + ":" + path
    if parts.query or value.split("#")[0].endswith("?"):
        out += "?" + query
    if parts.fragment:
        out += "#" + fragment
    return out


def is_markup(detail):
    kind = (detail or {}).get("type", "")
    return "html" in kind


def reference(data):
    """What feedparser (or, for JSON Feed, the document itself) says."""
    head = data.lstrip()[:1]
    if head == b"{":
        try:
            doc = json.loads(data.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError):
            doc = None
        version = doc.get("version", "") if isinstance(doc, dict) else ""
        if isinstance(version, str) and version.startswith("https://jsonfeed.org/version/1"):
            items = doc.get("items") or []
            first = items[0] if items and isinstance(items[0], dict) else {}
            return {
                "format": "json11" if version.endswith("/1.1") else "json1",
                "feed_title": text(doc.get("title")),
                "first_title": text(first.get("title")),
                "first_link": url(first.get("url")),
                "entries": len(items),
                "error": None,
            }
    try:
        parsed = feedparser.parse(data)
    except Exception as error:  # feedparser's own failure: recorded, not fatal
        return {"format": "unknown", "feed_title": None, "first_title": None,
                "first_link": None, "entries": 0, "error": repr(error)}
    feed = parsed.get("feed", {})
    entries = parsed.get("entries", [])
    first = entries[0] if entries else {}
    return {
        "format": parsed.get("version") or "unknown",
        "feed_title": text(feed.get("title"), is_markup(feed.get("title_detail"))),
        "first_title": text(first.get("title"), is_markup(first.get("title_detail"))),
        "first_link": url(first.get("link"), feed.get("link")),
        "entries": len(entries),
        "error": None,
    }


def ours(command, path, timeout):
    """What the normalizer says, or why it said nothing."""
    start = time.monotonic()
    try:
        run = subprocess.run(command + [path], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout", "seconds": timeout}
    seconds = time.monotonic() - start
    if run.returncode == PANIC_STATUS or run.returncode < 0:
        why = run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [
            f"killed by signal {signal.Signals(-run.returncode).name}" if run.returncode < 0 else ""
        ]
        return {"outcome": "panic", "why": why[0], "seconds": seconds}
    if run.returncode != 0:
        return {"outcome": "refused", "why": run.stderr.decode("utf-8", "replace").strip(), "seconds": seconds}
    feed = json.loads(run.stdout)
    items = feed.get("items") or []
    first = items[0] if items else {}
    title = feed.get("title")
    return {
        "outcome": "read",
        "feed_title": text(None if title == SOURCE_ID else title),
        "first_title": text(first.get("title")),
        "first_link": url(first.get("url")),
        "items": len(items),
        "seconds": seconds,
    }


def percent(n, d):
    return "–" if d == 0 else f"{100 * n / d:.1f}%"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[os.path.join(ROOT, "crates/ingest/tests/fixtures/formats")])
    parser.add_argument("--bin", default=os.path.join(ROOT, "target/release/examples/normalize"),
                        help="the normalizer command; FILE is appended (e.g. 'target/release/newsdesk-proxy normalize')")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS)
    parser.add_argument("--list", action="store_true", help="list every disagreement, refusal, panic and timeout")
    parser.add_argument("--json", help="also write every file's result to this file")
    args = parser.parse_args()
    command = args.bin.split()

    rows = {}
    results = []
    for path in files_under(args.paths):
        with open(path, "rb") as f:
            data = f.read()
        want = reference(data)
        got = ours(command, path, args.timeout)
        row = rows.setdefault(want["format"], {"files": 0, "panic": 0, "timeout": 0, "refused": 0,
                                               **{field: 0 for field in FIELDS}})
        row["files"] += 1
        result = {"file": os.path.relpath(path, ROOT), "format": want["format"], "want": want, "got": got,
                  "disagree": []}
        if got["outcome"] in ("panic", "timeout"):
            row[got["outcome"]] += 1
            result["disagree"] = list(FIELDS)
        else:
            if got["outcome"] == "refused":
                # A refusal agrees only where feedparser found nothing either
                # (an HTML page, an empty file): every field is missing.
                row["refused"] += 1
                got.update({field: None for field in FIELDS})
            for field in FIELDS:
                if want[field] == got[field]:
                    row[field] += 1
                else:
                    result["disagree"].append(field)
        results.append(result)

    print("| format | files | feed title | first item title | first item link | refused | panics | timeouts |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    total = {"files": 0, "panic": 0, "timeout": 0, "refused": 0, **{field: 0 for field in FIELDS}}
    for name in FORMATS + sorted(set(rows) - set(FORMATS)):
        row = rows.get(name)
        if not row:
            continue
        for key in total:
            total[key] += row[key]
        print(f"| {name} | {row['files']} | " + " | ".join(percent(row[f], row["files"]) for f in FIELDS)
              + f" | {row['refused']} | {row['panic']} | {row['timeout']} |")
    print(f"| **all** | {total['files']} | " + " | ".join(f"**{percent(total[f], total['files'])}**" for f in FIELDS)
          + f" | {total['refused']} | {total['panic']} | {total['timeout']} |")

    if args.list:
        for result in results:
            if not result["disagree"]:
                continue
            got, want = result["got"], result["want"]
            print(f"\n{result['file']} ({result['format']}): {got['outcome']}")
            if got["outcome"] != "read":
                print(f"  {got.get('why', '')}")
            if got["outcome"] in ("panic", "timeout"):
                continue
            for field in result["disagree"]:
                print(f"  {field}: feedparser {want[field]!r}, ours {got[field]!r}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, ensure_ascii=False)
    bad = total["panic"] + total["timeout"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
