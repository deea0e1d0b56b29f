"""Split a run of Chinese that no document contains into pieces the corpus does contain.

Used only when a query word finds nothing (乡村振兴有效衔接 typed without spaces), to suggest
a query that would. Pieces are preferred when jieba found them as words at build time (the
index's stored vocabulary), then any string that occurs in some document; jieba itself is
never loaded at query time.
"""

from __future__ import annotations

from collections.abc import Callable

_MAX_PIECE = 12
_COST_WORD = 1.0  # a jieba word of the corpus
_COST_SUBSTRING = 1.3  # occurs in some document, but jieba never cut it out
_COST_CHAR = 1.6


def split_words(
    text: str, vocab: set[str] | None, occurs: Callable[[str], bool] | None = None
) -> list[str]:
    """The cheapest split of `text` (fewest pieces, words before mere substrings)."""
    vocab = vocab or set()
    n = len(text)
    inf = float("inf")
    cost = [0.0] + [inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - _MAX_PIECE), j):
            if cost[i] == inf:
                continue
            c = _piece_cost(text[i:j], vocab, occurs)
            if cost[i] + c < cost[j]:
                cost[j], back[j] = cost[i] + c, i
    out: list[str] = []
    j = n
    while j > 0:
        out.append(text[back[j] : j])
        j = back[j]
    return _join_singles(out[::-1])


def _piece_cost(piece: str, vocab: set[str], occurs: Callable[[str], bool] | None) -> float:
    if len(piece) == 1:
        return _COST_CHAR
    if piece in vocab:
        return _COST_WORD
    if occurs is not None and occurs(piece):
        return _COST_SUBSTRING
    return float("inf")


def _join_singles(pieces: list[str]) -> list[str]:
    """Runs of single characters stay together: they were one unknown word, not many."""
    out: list[str] = []
    single_run = False
    for p in pieces:
        if len(p) == 1 and single_run:
            out[-1] += p
        else:
            out.append(p)
        single_run = len(p) == 1
    return out
