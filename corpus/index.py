"""Build-time search index: character-bigram postings plus the corpus's jieba vocabulary.

Why bigrams and not jieba tokens: a query must find every document whose text contains it,
and jieba splits text differently in different contexts (人民政府 inside 四川省人民政府办公厅,
振兴 inside 乡村振兴). Every string of two or more characters is found through the postings of
its bigrams and then confirmed against the text, so lookup is exact whatever the segmentation.
jieba runs here, once, at build time: the words it finds are stored so a query typed without
spaces (乡村振兴有效衔接) can be split into corpus words without loading jieba's dictionary
when the app starts.

The result is plain JSON (strings, ints, lists) so the store can keep it beside the documents.
Postings are delta-encoded into compact strings and decoded only for the bigrams a query needs.
"""

from __future__ import annotations

import base64
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from corpus.fold import fold
from corpus.model import Document

INDEX_VERSION = 5
DENSE_MIN_DOCS = 500
DENSE_SHARE = 4  # bigrams in at least 1/DENSE_SHARE of the documents get a tf table
FIELDS = ("title", "number", "issuer", "body")

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}
_CJK_WORD = re.compile(r"[\u3400-\u9fff]")


def doc_fields(doc: Document) -> tuple[str, str, str, str]:
    """The texts search reads, in FIELDS order (unfolded)."""
    return doc.title, doc.doc_number, doc.issuer, doc.text


def fingerprint(fields: Sequence[str]) -> int:
    """A cheap check that stored postings still describe this document (total length)."""
    return sum(len(f) for f in fields)


def bigrams(text: str) -> set[str]:
    """Every two-character window of `text` that does not cross a paragraph break."""
    grams = {text[k : k + 2] for k in range(len(text) - 1)}
    return {g for g in grams if "\n" not in g}


def build_index(
    docs: Sequence[Document],
    *,
    vocabulary: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The JSON-serialisable index of `docs` (in the order the store keeps them).

    `vocabulary=False` skips jieba (used when an index must be built in a running app).
    """
    n = len(docs)
    postings: dict[str, list[int]] = {}
    folded_masks: list[list[int]] = []
    lens: list[int] = []
    for i, doc in enumerate(docs):
        fields = doc_fields(doc)
        lens.append(fingerprint(fields))
        seen: set[str] = set()
        mask = 0
        for bit, text in enumerate(fields):
            f = fold(text)
            if f is not text:
                mask |= 1 << bit
            seen |= bigrams(f)
        if mask:
            folded_masks.append([i, mask])
        for g in seen:
            postings.setdefault(g, []).append(i)
    if progress:
        progress(f"index: {len(postings)} bigrams over {n} documents")
    data: dict[str, Any] = {
        "version": INDEX_VERSION,
        "n": n,
        "ids": [d.id for d in docs],
        "lens": lens,
        "folded": folded_masks,
        "grams": {g: encode_postings(p, n) for g, p in postings.items()},
        "tf": dense_tf_tables(docs, postings, n),
        "vocab": "",
    }
    if vocabulary:
        data["vocab"] = "\n".join(sorted(corpus_vocabulary(docs)))
        if progress:
            progress(f"index: {data['vocab'].count(chr(10)) + 1} jieba words")
    return data


def dense_tf_tables(
    docs: Sequence[Document], postings: dict[str, list[int]], n: int
) -> dict[str, str]:
    """Body term frequencies of the commonest bigrams, 4 bits a document, base64.

    A query word like 发展 occurs in most documents; counting it in every body at query time
    is the one thing that would make a large corpus slow (20 ms per 16 M characters), so
    its counts are kept here. Only corpora of DENSE_MIN_DOCS or more need it.
    """
    dense = {g for g, p in postings.items() if len(p) * DENSE_SHARE >= n}
    if n < DENSE_MIN_DOCS or not dense:
        return {}
    tables = {g: bytearray((n + 1) // 2) for g in dense}
    for i, doc in enumerate(docs):
        body = fold(doc.text)
        counts = Counter(body[k : k + 2] for k in range(len(body) - 1))
        byte, shift = i >> 1, (i & 1) << 2
        for g in dense.intersection(counts):
            tables[g][byte] |= min(counts[g], 15) << shift
    return {g: base64.b64encode(bytes(t)).decode("ascii") for g, t in tables.items()}


def tf_at(table: bytes, i: int) -> int:
    """Document `i`'s count (capped at 15) in a table from `dense_tf_tables`."""
    return (table[i >> 1] >> ((i & 1) << 2)) & 15


def import_jieba() -> Any:
    """jieba, imported without `pkg_resources` (0.7 s to import, and jieba only uses it to
    find its own dictionary, which it then opens by path instead)."""
    import sys

    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    return jieba


def search_cutter() -> Callable[[str], Iterable[str]]:
    """jieba's search-mode cut (with HMM for unknown words): rjieba, the Rust port, where it
    is installed (the same words, a dozen times faster: at 100,000 documents Python jieba
    alone would take longer than the whole build may), else jieba itself."""
    try:
        import rjieba
    except ImportError:
        jieba = import_jieba()
        jieba.setLogLevel(logging.WARNING)
        return lambda text: jieba.cut_for_search(text, HMM=True)
    return lambda text: rjieba.cut_for_search(text, True)


def corpus_vocabulary(
    docs: Iterable[Document], cut: Callable[[str], Iterable[str]] | None = None
) -> set[str]:
    """The multi-character Chinese words jieba finds in the titles and bodies."""
    cut = cut or search_cutter()
    cuts: set[str] = set()  # each distinct cut tested once: most recur many times
    for doc in docs:
        for text in (doc.title, doc.text):
            cuts.update(cut(fold(text)))
    return {w for w in cuts if 2 <= len(w) <= 12 and _CJK_WORD.search(w)}


def encode_postings(ids: Sequence[int], n: int) -> str:
    """Sorted document numbers → a compact string of gap varints (5 bits a character).

    Bigrams in more than half the documents store the complement instead, marked "!".
    """
    prefix = ""
    if 2 * len(ids) > n:
        present = set(ids)
        ids = [i for i in range(n) if i not in present]
        prefix = "!"
    out = [prefix]
    prev = -1
    for i in ids:
        gap = i - prev - 1
        prev = i
        while gap >= 32:
            out.append(_ALPHABET[32 | (gap & 31)])
            gap >>= 5
        out.append(_ALPHABET[gap])
    return "".join(out)


def decode_postings(code: str, n: int) -> list[int]:
    """The inverse of `encode_postings`."""
    complement = code.startswith("!")
    ids: list[int] = []
    prev = -1
    gap = shift = 0
    value = _VALUE
    for c in code[1:] if complement else code:
        v = value[c]
        if v & 32:
            gap |= (v & 31) << shift
            shift += 5
            continue
        gap |= v << shift
        prev += gap + 1
        ids.append(prev)
        gap = shift = 0
    if complement:
        absent = set(ids)
        return [i for i in range(n) if i not in absent]
    return ids
