"""One line of context around the best passage of a matched document, as plain text.

The snippet is data, not markup: matches are returned as offsets so each front end marks
them its own way, and document text is never interpreted by Rich or a terminal.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

from corpus.backend import StoredDocument
from corpus.escape import blank

if TYPE_CHECKING:
    from corpus.model import Document

#: Terminal columns a snippet may take (CJK characters count two).
SNIPPET_WIDTH = 72
_CLUSTER_CHARS = 30
ELLIPSIS = "…"

Span = tuple[int, int]


@lru_cache(maxsize=8192)
def char_columns(c: str) -> int:
    """Terminal columns of one character (2 for wide and full-width ones)."""
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def columns(text: str) -> int:
    """Display width of `text` in terminal columns."""
    return sum(map(char_columns, text))


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sorted, with overlapping or touching spans joined."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def make_snippet(
    doc: Document, per_para: dict[int, list[tuple[int, int, int]]], width: int = SNIPPET_WIDTH
) -> tuple[str, list[Span], int]:
    """(snippet, marks in it, paragraph index) for the passage with the most matches.

    The best passage is the one with the most distinct query terms, then the most matches,
    within a few dozen characters; `per_para` maps paragraph → (start, end, term number).
    """
    best: tuple[int, int, int] | None = None  # (terms, hits, -para) of the best window
    where = (0, 0, 0)  # its paragraph, start and end
    many_terms = len({t for spans in per_para.values() for _, _, t in spans}) > 1
    for p, spans in per_para.items():
        n = len(spans)
        top = len({t for _, _, t in spans}) if many_terms else 1
        if best is not None and (top, n, -p) <= best:
            continue  # no window here can beat the best: it has at most these terms and hits
        spans = sorted(spans)
        ends = [e for _, e, _ in spans]
        if top == 1 and ends == sorted(ends):
            # one term here, its matches in order (one regex's): each window's end by
            # bisection — the same windows as the two pointers below; the first largest wins
            counts = [
                bisect_right(ends, s0 + _CLUSTER_CHARS, k + 1) - k
                for k, (s0, _, _) in enumerate(spans)
            ]
            most = max(counts)
            if best is None or (1, most, -p) > best:
                k = counts.index(most)
                best = (1, most, -p)
                where = (p, spans[k][0], max(ends[k : k + most]))
            continue
        j = 0
        for k in range(n):  # two pointers: spans[k:j] fit the window
            s0 = spans[k][0]
            if j <= k:
                j = k + 1
            while j < n and spans[j][1] - s0 <= _CLUSTER_CHARS:
                j += 1
            key = (len({t for _, _, t in spans[k:j]}) if many_terms else 1, j - k, -p)
            if best is None or key > best:
                best = key
                where = (p, s0, max(e for _, e, _ in spans[k:j]))
    if best is None:
        return _lead(doc, width)
    p, a, b = where
    text = doc.paragraph_text(p) if isinstance(doc, StoredDocument) else doc.paragraphs[p].text
    left, right = _window(text, a, b, width)
    snippet, shift = _cut(text, left, right)
    marks = merge_spans(
        [
            (max(s, left) - left + shift, min(e, right) - left + shift)
            for s, e, _ in per_para[p]
            if s < right and e > left
        ]
    )
    return snippet, marks, p


def _lead(doc: Document, width: int) -> tuple[str, list[Span], int]:
    """The start of the body when only the title or metadata matched."""
    paras = list(enumerate(doc.paragraphs))
    body = [(p, para) for p, para in paras if para.kind in ("body", "article", "item")]
    for p, para in body + paras:
        if para.text.strip() and para.text != doc.title:
            left, right = _window(para.text, 0, 0, width)
            return _cut(para.text, 0, right)[0], [], p
    return "", [], -1


def _window(text: str, a: int, b: int, width: int) -> tuple[int, int]:
    """Character bounds around [a, b) that fit `width` columns, about a third before it."""
    budget = width - 4  # room for the ellipses
    lo, hi = max(0, a - budget), min(len(text), max(b, a) + budget)
    # the columns of the region a line can reach, from its start: cols[i - lo] is text[i]'s
    cols = list(map(char_columns, text[lo:hi]))
    used = sum(cols[a - lo : b - lo])
    if used >= budget:
        right, used = a, 0
        while right < hi and used + cols[right - lo] <= budget:
            used += cols[right - lo]
            right += 1
        return a, max(right, min(a + 1, len(text)))
    left, right = a, b
    target_left = (budget - used) // 3
    spent = 0
    while left > lo and spent + cols[left - 1 - lo] <= target_left:
        left -= 1
        spent += cols[left - lo]
    used += spent
    while right < hi and used + cols[right - lo] <= budget:
        used += cols[right - lo]
        right += 1
    while left > lo and used + cols[left - 1 - lo] <= budget:
        left -= 1
        used += cols[left - lo]
    return left, right


def _cut(text: str, left: int, right: int) -> tuple[str, int]:
    """text[left:right] with ellipses where it was cut; and the offset the prefix adds."""
    body = blank(text[left:right])
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(text) else ""
    return prefix + body + suffix, len(prefix)
