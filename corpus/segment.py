"""Split a run of Chinese that no document contains into words the corpus does contain.

Used only when a query word finds nothing (乡村振兴有效衔接 typed without spaces). The words
come from the index's stored jieba vocabulary, so jieba's dictionary is not loaded; only an
index built without a vocabulary falls back to jieba itself, lazily.
"""

from __future__ import annotations

import logging

_MAX_WORD = 12


def split_words(text: str, vocab: set[str] | None) -> list[str]:
    """The fewest pieces, preferring vocabulary words over single characters."""
    if vocab is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        return [w for w in jieba.cut(text) if w.strip()]
    n = len(text)
    inf = float("inf")
    cost = [0.0] + [inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - _MAX_WORD), j):
            piece = text[i:j]
            c = 1.0 if (j - i >= 2 and piece in vocab) else (1.6 if j - i == 1 else inf)
            if cost[i] + c < cost[j]:
                cost[j], back[j] = cost[i] + c, i
    out: list[str] = []
    j = n
    while j > 0:
        out.append(text[back[j] : j])
        j = back[j]
    return _join_singles(out[::-1])


def _join_singles(pieces: list[str]) -> list[str]:
    """Runs of single characters stay together: they were one unknown word, not many."""
    out: list[str] = []
    single_run = False
    for p in pieces:
        if len(p) == 1 and single_run:
            out[-1] += p
        else:
            out.append(p)
        single_run = len(p) == 1 or (single_run and len(p) == 1)
    return out
