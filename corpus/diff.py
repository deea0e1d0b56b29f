"""Article-aligned comparison of two versions of one text.

A regulation before and after an amendment, or a central text and its provincial re-issue,
differ article by article: 第N条 is compared with 第N条, and an article that moved (renumbered
after an insertion, 条文顺序作相应调整) is found by its wording, not its number. Texts without
articles are compared sentence by sentence, since two copies of one text break paragraphs
differently. Whitespace and line breaks are not differences. Within a changed article the difference is
given character by character, which is how Chinese wording changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from corpus.model import Document

_LABEL = re.compile(r"^\s*(第[一二三四五六七八九十百千零〇两\d]+条)[\s\u3000]*")
_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
#: Pairs less alike than this are not one article changed, but one removed and one added.
MIN_SIMILARITY = 0.5


def chinese_number(text: str) -> int:
    """一百二十三 → 123, 十五 → 15, 45 → 45; 0 for what is not a number."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            return 0
    return total + digit


@dataclass
class Unit:
    """An article (label 第N条, number N) or, in a text without articles, a paragraph."""

    label: str
    number: int
    text: str  # without its label, paragraphs joined by newlines
    para: int  # the first paragraph


def units(doc: Document) -> list[Unit]:
    """The document's articles, each with the paragraphs under it; or its paragraphs."""
    out: list[Unit] = []
    current: Unit | None = None
    for pi, p in enumerate(doc.paragraphs):
        m = _LABEL.match(p.text)
        if m and p.kind in ("article", "heading", "body"):
            label = m.group(1)
            current = Unit(label, chinese_number(label[1:-1]), p.text[m.end() :].strip(), pi)
            out.append(current)
        elif current is not None and p.kind not in ("heading", "signature", "date"):
            current.text += "\n" + p.text.strip()
        elif current is not None:
            current = None
    if out:
        return out
    return sentences(doc)


_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]*")


def sentences(doc: Document) -> list[Unit]:
    """A text without articles, sentence by sentence (labelled by paragraph): two copies of
    one text break paragraphs differently (a PDF's one paragraph is a web page's five), but
    they agree on sentences."""
    out: list[Unit] = []
    for pi, p in enumerate(doc.paragraphs):
        for m in _SENTENCE.finditer(p.text):
            text = m.group().strip()
            if text:
                out.append(Unit(f"¶{pi}", len(out), text, pi))
    return out


def _norm(text: str) -> str:
    """Text as compared: without whitespace and line breaks, which sources place differently."""
    return re.sub(r"\s+", "", text)


def _in_order(pairs: dict[int, int]) -> set[int]:
    """The new indexes of the pairs that keep their order (a longest increasing run of old
    indexes, taken in new order); the others were moved."""
    seq = sorted((j, i) for i, j in pairs.items())
    tails: list[int] = []  # tails[k]: index into seq of the smallest tail of a run of length k+1
    back: list[int] = [-1] * len(seq)
    for n, (_, i) in enumerate(seq):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if seq[tails[mid]][1] < i:
                lo = mid + 1
            else:
                hi = mid
        back[n] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(n)
        else:
            tails[lo] = n
    keep: set[int] = set()
    n = tails[-1] if tails else -1
    while n >= 0:
        keep.add(seq[n][0])
        n = back[n]
    return keep


@dataclass
class Change:
    """One aligned pair: `kind` same | changed | renumbered | moved | removed | added; `ops` the
    character-level difference as (tag, old, new) with tag equal | delete | insert | replace."""

    kind: str
    old: Unit | None
    new: Unit | None
    similarity: float = 1.0
    ops: list[tuple[str, str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "old": self.old.label if self.old else None,
            "new": self.new.label if self.new else None,
            "old_para": self.old.para if self.old else None,
            "new_para": self.new.para if self.new else None,
            "similarity": round(self.similarity, 3),
            "old_text": self.old.text if self.old else "",
            "new_text": self.new.text if self.new else "",
            "ops": [list(op) for op in self.ops if op[0] != "equal"],
        }


@dataclass
class Diff:
    """The comparison of `old` with `new`, in the order of the new text."""

    old_id: str
    new_id: str
    by_article: bool
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in ("same", "changed", "renumbered", "moved", "removed", "added")}
        for c in self.changes:
            out[c.kind] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_id,
            "new": self.new_id,
            "by_article": self.by_article,
            "counts": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
        }


def char_ops(old: str, new: str) -> list[tuple[str, str, str]]:
    """The character-level edit from `old` to `new`."""
    sm = SequenceMatcher(None, old, new, autojunk=False)
    return [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes()]


def _similarity(a: str, b: str) -> float:
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < MIN_SIMILARITY or sm.quick_ratio() < MIN_SIMILARITY:
        return 0.0
    return sm.ratio()


def align(old: list[Unit], new: list[Unit], *, renumbering: bool = True) -> list[Change]:
    """Pair the units of two versions: the most alike pairs first, a small preference for
    the same number; what is left over was removed or added. A pair out of the order the
    others keep is moved; in order under another label (`renumbering`), renumbered."""
    pairs: list[tuple[float, int, int]] = []
    old_n, new_n = [_norm(u.text) for u in old], [_norm(u.text) for u in new]
    for i in range(len(old)):
        for j in range(len(new)):
            if old_n[i] == new_n[j]:
                score = 2.0
            else:
                score = _similarity(old_n[i], new_n[j])
                if score < MIN_SIMILARITY:
                    continue
            pairs.append((score + (0.1 if old[i].number == new[j].number else 0.0), i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    taken_old: dict[int, int] = {}
    taken_new: set[int] = set()
    for _, i, j in pairs:
        if i in taken_old or j in taken_new:
            continue
        taken_old[i] = j
        taken_new.add(j)
    by_new = {j: i for i, j in taken_old.items()}
    ordered = _in_order(taken_old)
    changes: list[Change] = []
    removed = [i for i in range(len(old)) if i not in taken_old]
    for j, b in enumerate(new):
        # a removed unit goes where it stood: before the first new unit paired after it
        while j in by_new and removed and removed[0] < by_new[j]:
            changes.append(Change("removed", old[removed.pop(0)], None, 0.0))
        if j not in by_new:
            changes.append(Change("added", None, b, 0.0))
            continue
        i = by_new[j]
        a = old[i]
        if old_n[i] == new_n[j]:
            kind, sim, ops = "same", 1.0, []
        else:
            sim = SequenceMatcher(None, old_n[i], new_n[j], autojunk=False).ratio()
            kind, ops = "changed", char_ops(old_n[i], new_n[j])
        if j not in ordered:
            kind = "moved"  # out of the order the others keep
        elif renumbering and a.label != b.label:
            kind = "renumbered"  # in place, under another number (after an insertion)
        changes.append(Change(kind, a, b, sim, ops))
    changes.extend(Change("removed", old[i], None, 0.0) for i in removed)
    return changes


def diff_documents(old: Document, new: Document) -> Diff:
    """Compare two documents article by article (or sentence by sentence)."""
    a, b = units(old), units(new)
    by_article = bool(a and b and not a[0].label.startswith("¶") and not b[0].label.startswith("¶"))
    if not by_article:
        a, b = sentences(old), sentences(new)
    return Diff(old.id, new.id, by_article, align(a, b, renumbering=by_article))


#: A bracketed edition in a title: （2020年本）, （2019年版）, （试行）, （修订）, （草案）.
_EDITION = re.compile(
    r"（(?:[^（）]*?(?:年本|年版|版)|试行|暂行|修订[^（）]*|修正[^（）]*|草案|征求意见稿)）"
)


def versions_of(doc: Document, docs: list[Document]) -> list[Document]:
    """Other documents that may be versions of `doc`, likeliest first: the same title (a
    regulation before and after, a central text and its provincial re-issue), then a title
    that differs only in a bracketed edition (目录（2014年本） and 目录（2020年本）, （试行））."""
    from corpus.citations import title_key

    def bare(title: str) -> str:
        return _EDITION.sub("", title_key(title))

    key, stem = title_key(doc.title), bare(doc.title)
    same = [d for d in docs if d.id != doc.id and title_key(d.title) == key]
    near = [d for d in docs if d.id != doc.id and d not in same and stem and bare(d.title) == stem]
    return same + near
