#!/usr/bin/env python3
"""Token F1 of `newsdesk-proxy extract` against reference extractions.

Usage: score.py PROXY_BINARY CORPUS_DIR

CORPUS_DIR holds one folder per page with `source.html` (the page) and
`expected.html` (the reference article, e.g. Mozilla Readability's test
pages). For each page the extractor runs on source.html with the URL
http://fakehost/test/page.html, both articles are reduced to their text
(tags dropped, entities decoded), split into lower-case word tokens, and
compared as bags of words: precision = shared / ours, recall = shared /
reference, F1 their harmonic mean. A page the extractor refuses scores 0
(and is counted as refused); a crash (signal, panic) is counted apart.
Prints one line per page and the mean F1.
"""
import collections
import html.parser
import os
import re
import subprocess
import sys

TOKEN = re.compile(r"\w+", re.UNICODE)


class Text(html.parser.HTMLParser):
    """The text of an HTML document, script and style left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def tokens(markup):
    parser = Text()
    parser.feed(markup)
    parser.close()
    return collections.Counter(t.lower() for t in TOKEN.findall("".join(parser.parts)))


def f1(ours, reference):
    shared = sum((ours & reference).values())
    if not shared:
        return 0.0
    precision = shared / sum(ours.values())
    recall = shared / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def main():
    binary, corpus = sys.argv[1], sys.argv[2]
    scores, refused, crashed = [], [], []
    for name in sorted(os.listdir(corpus)):
        folder = os.path.join(corpus, name)
        source = os.path.join(folder, "source.html")
        expected = os.path.join(folder, "expected.html")
        if not (os.path.exists(source) and os.path.exists(expected)):
            continue
        with open(expected, encoding="utf-8", errors="replace") as f:
            reference = tokens(f.read())
        run = subprocess.run(
            [binary, "extract", source, "--url", "http://fakehost/test/page.html"],
            capture_output=True, text=True, timeout=60,
        )
        if run.returncode < 0 or "panicked" in run.stderr:
            crashed.append(name)
            score = 0.0
        elif run.returncode != 0:
            refused.append(name)
            score = 0.0
        else:
            import json
            score = f1(tokens(json.loads(run.stdout)["content_html"]), reference)
        scores.append(score)
        print(f"{score:.3f}  {name}")
    mean = sum(scores) / len(scores) if scores else 0.0
    print(f"pages: {len(scores)}  mean token F1: {mean:.3f}  refused: {len(refused)} {refused}  crashed: {len(crashed)} {crashed}")


if __name__ == "__main__":
    main()
