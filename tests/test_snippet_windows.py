"""The snippet's best window: the fast ways of finding it pick the window the plain two
pointers pick, on the seeds' real text and real query words."""

from __future__ import annotations

import re

from corpus.model import Document
from corpus.snippet import _CLUSTER_CHARS, SNIPPET_WIDTH, _cut, _window, make_snippet

Spans = dict[int, list[tuple[int, int, int]]]


def reference_window(per_para: Spans) -> tuple[int, int, int] | None:
    """(paragraph, start, end) of the best window, the slow and obvious way."""
    best: tuple[int, int, int, int, int] | None = None
    many = len({t for spans in per_para.values() for _, _, t in spans}) > 1
    for p, spans in per_para.items():
        spans = sorted(spans)
        for k, (s0, _, _) in enumerate(spans):
            j = k + 1
            while j < len(spans) and spans[j][1] - s0 <= _CLUSTER_CHARS:
                j += 1
            window = spans[k:j]
            key = (len({t for *_, t in window}) if many else 1, len(window), -p)
            if best is None or key > best[:3]:
                best = (*key, s0, max(e for _, e, _ in window))
    return None if best is None else (-best[2], best[3], best[4])


def spans_of(doc: Document, words: list[str]) -> Spans:
    per_para: Spans = {}
    for p, para in enumerate(doc.paragraphs):
        found = sorted(
            (m.start(), m.end(), k)
            for k, w in enumerate(words)
            for m in re.finditer(re.escape(w), para.text)
        )
        if found:
            per_para[p] = found
    return per_para


def test_the_best_window_is_the_plain_one(seed_docs: list[Document]) -> None:
    queries = [["发展"], ["的"], ["国务院"], ["发展", "工作"], ["的", "和"], ["体育", "健身"]]
    checked = 0
    for doc in seed_docs:
        for words in queries:
            per_para = spans_of(doc, words)
            want = reference_window(per_para)
            snippet, marks, para = make_snippet(doc, per_para)
            if want is None:
                continue
            checked += 1
            assert para == want[0], (doc.id, words)
            text = doc.paragraphs[para].text
            left, right = _window(text, want[1], want[2], SNIPPET_WIDTH)
            assert snippet == _cut(text, left, right)[0], (doc.id, words)
            assert marks  # the window's matches are marked
    assert checked > 50
