"""What a document says about time and other documents: 施行 dates and 废止 clauses.

Orders and regulations end with "本办法自2021年3月1日起施行" or "自公布之日起施行", and
often "…《旧办法》同时废止". These are read from the text with a few rules, using the
citations already found in it, so what is repealed links like any other citation.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from corpus.citations import Citation, find_titles
from corpus.model import Document
from corpus.normalize import fold_width

_DATE = r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
_DAY_OF = r"(?P<day>公布|发布|印发|颁布|公告|下发|签发|发文)之日"
EFFECTIVE = re.compile(rf"自\s*(?:{_DATE}|{_DAY_OF})\s*起\s*(?:施行|实施|执行|生效)")
#: The note under a revised regulation's title: (1995年8月7日 卫妇发〔1995〕第7号公布；根据…修订).
_PUBLISHED_NOTE = re.compile(rf"^\s*[（(]\s*{_DATE}[^；;）)]*?(?:公布|发布)")
_REPEAL = re.compile(
    r"(?:自\s*"
    + _DATE.replace("?P<", "?P<r")
    + r"\s*起)?(?:同时|一并|予以|现予|决定|即行|相应)*废止"
)
_SENTENCE_END = "。；;"
_CONJUNCTION_BEFORE = ("修改和", "修订和", "和", "或", "及", "修改、", "关于")


def iso(y: str, m: str, d: str) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


@dataclass
class Effective:
    """When a document takes effect: `date` ISO where it can be worked out, else the words."""

    date: str
    text: str  # the clause as written: 自公布之日起施行
    para: int

    @property
    def value(self) -> str:
        return self.date or self.text


@dataclass
class Repeal:
    """A document this one repeals: what the text says, what it resolves to, from when.

    `source` is the id of the document whose paragraph `para` holds the clause (a regulation's
    repeal clause is shown on the order that issues it too).
    """

    text: str
    doc_number: str
    title: str
    target: str | None
    when: str  # ISO date, or the words (自公布之日起) where no date is known
    source: str
    para: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Repeal:
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})  # type: ignore[arg-type]


def publication_date(doc: Document, parent: Document | None) -> str:
    """The date "公布之日" means for `doc`: its original publication note, its own date,
    or the date of the order or notice that issues it."""
    for p in doc.paragraphs[:3]:
        m = _PUBLISHED_NOTE.match(fold_width(p.text))
        if m:
            return iso(m["y"], m["m"], m["d"])
    if doc.date:
        return doc.date
    return parent.date if parent is not None else ""


def find_effective(doc: Document, parent: Document | None) -> Effective | None:
    """The first 自…起施行 clause of `doc` outside titles, resolved to a date if possible."""
    for pi, p in enumerate(doc.paragraphs):
        if "起" not in p.text:
            continue
        text = fold_width(p.text)
        inside = [(t.start, t.end) for t in find_titles(text)]
        for m in EFFECTIVE.finditer(text):
            if any(a <= m.start() < b for a, b in inside):
                continue
            if m["y"]:
                return Effective(iso(m["y"], m["m"], m["d"]), m.group(), pi)
            return Effective(publication_date(doc, parent), m.group(), pi)
    return None


def _sentence(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the sentence around `pos` (ended by 。or ；)."""
    lo = max(text.rfind(c, 0, pos) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, pos) for c in _SENTENCE_END) if i >= 0]
    return lo, (min(ends) + 1 if ends else len(text))


def _top_level_commas(text: str, lo: int, hi: int) -> list[int]:
    """Positions of ，/, in text[lo:hi] that are outside brackets and 《》."""
    depth = 0
    out = []
    for i in range(lo, hi):
        ch = text[i]
        if ch in "《（(〈〔[":
            depth += 1
        elif ch in "》）)〉〕]" and depth:
            depth -= 1
        elif ch in "，," and depth == 0:
            out.append(i)
    return out


def find_repeals(
    doc: Document, citations: list[Citation], when: str, family: set[str]
) -> list[Repeal]:
    """The 废止 clauses of `doc`, one Repeal per repealed citation.

    "…《A》（…）同时废止" repeals what precedes it in its clause; "废止…《B》" what follows,
    or, when the clause ends in ：, the cited items listed below it. 废止 inside a title
    (关于修改和废止〈…〉的决定) or after 和/关于 (a title without 《》) is not a repeal.
    `when` is the document's effective date, which "同时废止" refers to; `family` the ids of
    the document, its parent and children, which a repeal never targets.
    """
    out: list[Repeal] = []
    for pi, p in enumerate(doc.paragraphs):
        if "废止" not in p.text:
            continue
        text = fold_width(p.text)
        inside = [(t.start, t.end) for t in find_titles(text)]
        for m in _REPEAL.finditer(text):
            at = m.start()
            if any(a <= at < b for a, b in inside) or text[:at].endswith(_CONJUNCTION_BEFORE):
                continue
            lo, hi = _sentence(text, at)
            if "关于" in text[lo:at] and not [
                c for c in citations if c.para == pi and lo <= c.start < at
            ]:
                continue
            before = [c for c in citations if c.para == pi and lo <= c.start and c.end <= at]
            if before:
                commas = [i for i in _top_level_commas(text, lo, at) if i < before[-1].start]
                start = commas[-1] + 1 if commas else lo
                objects = [c for c in before if c.start >= start]
                clause = text[start : m.end()]
            else:
                commas = _top_level_commas(text, m.end(), hi)
                stop = commas[0] if commas else hi
                objects = [c for c in citations if c.para == pi and m.end() <= c.start < stop]
                clause = text[at:stop]
                if not objects and text[:stop].rstrip().endswith(("：", ":")):
                    objects = _listed_below(doc, citations, pi)
            date = iso(m["ry"], m["rm"], m["rd"]) if m["ry"] else when
            for c in objects:
                target = c.target if c.target not in family else None
                out.append(
                    Repeal(clause.strip(" 。；;"), c.doc_number, c.title, target, date, doc.id, pi)
                )
    return out


def _listed_below(doc: Document, citations: list[Citation], pi: int) -> list[Citation]:
    """Citations in the item paragraphs right after paragraph `pi` (废止下列文件：…)."""
    out: list[Citation] = []
    for qi in range(pi + 1, len(doc.paragraphs)):
        if doc.paragraphs[qi].kind == "heading":
            break
        found = [c for c in citations if c.para == qi]
        if not found:
            break
        out.append(found[0])
    return out
