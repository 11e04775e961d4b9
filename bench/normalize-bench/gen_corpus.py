#!/usr/bin/env python3
"""Writes the normalizer benchmark's corpus: FEEDS feeds of ITEMS items each,
grown from the RSS/Atom fixtures in tests/fixtures/feeds/ (the formats and
tricks the normalizer is tested on: RSS 2.0 with content:encoded and
enclosures, Atom with html/xhtml content and xml:base, RSS 1.0, entities,
hostile markup, legacy charsets).

    python3 bench/normalize-bench/gen_corpus.py OUT_DIR [FEEDS] [ITEMS]

Each feed copies one fixture's channel, then repeats its items with unique
ids and links until it has ITEMS, and gives every item a body of a realistic
length (a news story's few paragraphs, ~2 KB of HTML with links and an
image). Deterministic: the same arguments give the same bytes.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "feeds")
# (fixture, encoding it is written in, share of the corpus)
SOURCES = [
    ("rss2.xml", "utf-8", 8),
    ("atom.xml", "utf-8", 5),
    ("rss1-rdf.xml", "utf-8", 2),
    ("entities.xml", "utf-8", 2),
    ("no-guid.xml", "utf-8", 1),
    ("hostile.xml", "utf-8", 1),
    ("hostile-atom.xml", "utf-8", 1),
    ("windows-1251.xml", "windows-1251", 1),
    ("iso-8859-2.xml", "iso-8859-2", 1),
]

WORDS = (
    "the council said on Tuesday that repairs to the harbour wall would take another "
    "three weeks and that ferry passengers should expect delays at the quay while "
    "engineers replace the old cables residents who live near the bridge told the desk "
    "they had not been warned about the night work but the contractor promised quieter "
    "machines from Monday"
).split()


def paragraphs(n, k):
    out = []
    for p in range(4):
        words = [WORDS[(n * 7 + k * 3 + p * 11 + i) % len(WORDS)] for i in range(55)]
        words[0] = words[0].capitalize()
        text = " ".join(words)
        out.append(
            f'<p>{text}, <a href="/news/{k}/{n}/more-{p}">read the background</a>. '
            f"<em>Updated</em> with figures from the port authority.</p>"
        )
    out.insert(2, f'<p><img src="/img/{k}/{n}.jpg" alt="The quay at dawn" width="1200" height="675"/></p>')
    out.append('<blockquote><p>"We will keep the crossing open," the harbour master said.</p></blockquote>')
    return "".join(out)


def split(text):
    tag = "entry" if "<entry" in text else "item"
    first = re.search(rf"<{tag}[\s>]", text).start()
    last = text.rindex(f"</{tag}>") + len(f"</{tag}>")
    blocks = re.findall(rf"<{tag}[\s>].*?</{tag}>", text[first:last], re.S)
    return tag, text[:first], blocks, text[last:]


def grow(block, tag, k, j):
    suffix = f"-{k}-{j}"
    b = block
    b = re.sub(r"(<guid[^>]*>)([^<]*)(</guid>)", lambda m: m.group(1) + m.group(2).strip() + suffix + m.group(3), b)
    b = re.sub(r"(<id>)([^<]*)(</id>)", lambda m: m.group(1) + m.group(2).strip() + suffix + m.group(3), b)
    b = re.sub(r"(<link>)([^<]*)(</link>)", lambda m: m.group(1) + m.group(2).strip().rstrip("/") + suffix + m.group(3), b)
    b = re.sub(r'(<link[^>]*rel="alternate"[^>]*href=")([^"]*)(")', lambda m: m.group(1) + m.group(2) + suffix + m.group(3), b)
    b = re.sub(r'(rdf:about=")([^"]*)(")', lambda m: m.group(1) + m.group(2) + suffix + m.group(3), b)
    b = re.sub(r"(<title[^>]*>)", lambda m: m.group(1) + f"{j + 1}. ", b, count=1)
    body = paragraphs(j, k)
    if "<content:encoded><![CDATA[" in b:
        b = b.replace("<content:encoded><![CDATA[", "<content:encoded><![CDATA[" + body, 1)
    elif re.search(r'<content type="xhtml">\s*<div[^>]*>', b):
        b = re.sub(r'(<content type="xhtml">\s*<div[^>]*>)', lambda m: m.group(1) + body, b, count=1)
    elif re.search(r'<content type="html">', b):
        escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        b = b.replace('<content type="html">', '<content type="html">' + escaped, 1)
    elif tag == "item":
        b = b.replace(f"</{tag}>", f"<content:encoded><![CDATA[{body}]]></content:encoded></{tag}>", 1)
    else:
        escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        b = b.replace(f"</{tag}>", f'<content type="html">{escaped}</content></{tag}>', 1)
    return b


def main():
    out = sys.argv[1]
    feeds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    items = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    os.makedirs(out, exist_ok=True)
    plan = [name for name, _, share in SOURCES for _ in range(share)]
    encodings = {name: enc for name, enc, _ in SOURCES}
    total = 0
    for k in range(feeds):
        name = plan[k % len(plan)]
        enc = encodings[name]
        with open(os.path.join(FIXTURES, name), "rb") as f:
            text = f.read().decode(enc)
        tag, head, blocks, tail = split(text)
        if tag == "item" and "xmlns:content=" not in head:
            head = re.sub(r"(<(rss|rdf:RDF)\b)", r'\1 xmlns:content="http://purl.org/rss/1.0/modules/content/"', head, count=1)
        grown = [grow(blocks[j % len(blocks)], tag, k, j) for j in range(items)]
        data = (head + "\n".join(grown) + tail).encode(enc, errors="xmlcharrefreplace")
        path = os.path.join(out, f"feed-{k:03d}-{name.split('.')[0]}.xml")
        with open(path, "wb") as f:
            f.write(data)
        total += len(data)
    print(f"{feeds} feeds, {items} items each, {total / 1048576:.1f} MiB in {out}")


if __name__ == "__main__":
    main()
