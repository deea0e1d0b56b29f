"""How search compares characters: one length-preserving fold applied to documents and queries.

Search offsets (hits, snippet marks) index the stored text, so the fold must map every
character to exactly one character: full-width ASCII forms (digits, Latin, ．％［］～…) become
ASCII, Latin is lower-cased, and the ASCII forms of the punctuation Chinese text sets
full-width, ( ) , : ; ! ?, become （ ），：；！？. Normalised documents are already in that form, so folding them
is almost always a no-op and costs nothing at load time.
"""

from __future__ import annotations

import re

from corpus.escape import blank

_CJK_PUNCT = "（），：；！？"  # kept full-width: Chinese text sets these so

_MAP: dict[int, str] = {}
for _c in range(0xFF01, 0xFF5F):  # full-width ASCII: ０-９ Ａ-Ｚ ．％［］～ … → ASCII
    if chr(_c) not in _CJK_PUNCT:
        _MAP[_c] = chr(_c - 0xFEE0).lower()
for _c in range(0x41, 0x5B):  # A-Z
    _MAP[_c] = chr(_c + 32)
for _a, _f in zip("(),:;!?", _CJK_PUNCT, strict=True):
    _MAP[ord(_a)] = _f
FOLD_TABLE = _MAP

_NEEDS_FOLD = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_MAP)) + "]")


def needs_fold(text: str) -> bool:
    """Whether `fold(text)` differs from `text` (cheap: a regex scan, no copy)."""
    return _NEEDS_FOLD.search(text) is not None


def fold(text: str) -> str:
    """The search form of `text`: same length, one character for one character."""
    if not _NEEDS_FOLD.search(text):
        return text
    return _NEEDS_FOLD.sub(lambda m: _MAP[ord(m.group())], text)


def clean_query_text(text: str) -> str:
    """A query as typed → folded, with control/bidi/surrogate characters turned into spaces.

    Terminal escapes and newlines in a pasted query become plain separators, so they can
    neither reach the terminal again nor make a term that no document can contain.
    """
    return fold(blank(text))
