"""Resolving a citation to a document of the store, by number first and title second.

A number is the stronger key: two versions of a regulation share a title
(保险公司偿付能力管理规定, 2008 and 2021) but never a number, so a citation that carries a
number is resolved by it alone. Orders are numbered per issuer, and the issuer is cited in
many spellings (国家发展改革委令, 国家发展和改革委员会令), so issuers are compared by key.
"""

from __future__ import annotations

import re
from collections import defaultdict

from corpus.citations import Citation, canonical_number, title_key
from corpus.model import Document
from corpus.normalize import fold_width

#: Common short names of issuers of 令, to their full names (after 中华人民共和国 is dropped).
ISSUER_ALIASES = {
    "国家发展改革委": "国家发展和改革委员会",
    "发展改革委": "国家发展和改革委员会",
    "国家发改委": "国家发展和改革委员会",
    "国家卫生健康委": "国家卫生健康委员会",
    "国家卫健委": "国家卫生健康委员会",
    "卫健委": "国家卫生健康委员会",
    "国家卫生计生委": "国家卫生和计划生育委员会",
    "银保监会": "中国银行保险监督管理委员会",
    "中国银保监会": "中国银行保险监督管理委员会",
    "保监会": "中国保险监督管理委员会",
    "中国保监会": "中国保险监督管理委员会",
    "证监会": "中国证券监督管理委员会",
    "中国证监会": "中国证券监督管理委员会",
    "银监会": "中国银行业监督管理委员会",
    "中国银监会": "中国银行业监督管理委员会",
    "人民银行": "中国人民银行",
    "人民银行总行": "中国人民银行",
    "商务部": "商务部",
}

_ORDER = re.compile(
    r"^(?P<issuer>.*?)(?P<kw>令|公告|通告)?(?:(?P<year>\d{4})年)?第(?P<serial>\d+)号$"
)
_BRACKETED = re.compile(r"^(?P<prefix>.+?)〔(?P<year>\d{4})〕第?(?P<serial>\d+)号$")


def issuer_keys(issuer: str) -> set[str]:
    """Comparable keys for an issuer, one per co-issuer of a joint order."""
    keys = set()
    for part in re.split(r"[、，,\s]+", fold_width(issuer)):
        part = part.removeprefix("中华人民共和国").removesuffix("令")
        if not part:
            continue
        part = ISSUER_ALIASES.get(part, part)
        keys.add(part.replace("发展和改革", "发展改革").replace("委员会", "委"))
    return keys


def _series_parts(number: str, issuer: str = "", kind: str = "") -> _Series | None:
    """(series, issuer keys, year, serial) of a number counted per issuer, else None.

    卫生部令第59号 → ("令", {"卫生部"}, None, 59). A store document numbered just 第40号
    takes its issuer from `issuer` and its series from `kind` (令 unless it says 公告).
    """
    m = _ORDER.match(number)
    if not m:
        return None
    keys = issuer_keys(m["issuer"] or issuer)
    if not keys:
        return None
    series = m["kw"] or (kind if kind in ("公告", "通告") else "令")
    return series, keys, m["year"], int(m["serial"])


_ISSUER_END = re.compile(
    r"^(?P<issuer>.{2,40}?[院厅部委会局署行府办室央组团联])(?P<subject>关于.+)$"
)


def split_title(title: str) -> tuple[str, str]:
    """(issuer, 关于… subject) of a title such as 国务院关于…的意见, keyed; ("", key) else."""
    key = title_key(title)
    m = _ISSUER_END.match(key)
    return (m["issuer"], m["subject"]) if m else ("", key)


def document_number(doc: Document) -> str:
    """A store document's number in the canonical spelling citations use."""
    num = re.sub(r"\s+", "", fold_width(doc.doc_number))
    bare = re.match(r"^〔(\d{4})〕第?(\d+)号$", num)
    if bare:  # an order's own header, 〔2021〕第1号: the issuer is doc.issuer
        return f"{bare[1]}年第{int(bare[2])}号"
    m = _BRACKETED.match(num)
    if m:
        return canonical_number(m["prefix"], m["year"], m["serial"])
    return num


_Series = tuple[str, set[str], "str | None", int]


class Resolver:
    """Look-ups from cited numbers and titles to the documents of one store."""

    def __init__(self, docs: list[Document]) -> None:
        self.docs = docs
        self.by_number: dict[str, list[Document]] = defaultdict(list)
        self.series: list[tuple[_Series, Document]] = []
        self.by_title: dict[str, list[Document]] = defaultdict(list)
        self.by_subject: dict[str, list[tuple[str, Document]]] = defaultdict(list)
        for d in docs:
            if d.title:
                self.by_title[title_key(d.title)].append(d)
                issuer, subject = split_title(d.title)
                self.by_subject[subject].append((issuer, d))
            if not d.doc_number:
                continue
            num = document_number(d)
            self.by_number[num].append(d)
            parts = _series_parts(num, d.issuer, d.kind)
            if parts:
                series, keys, year, serial = parts
                self.series.append(((series, keys, year or d.date[:4] or None, serial), d))

    def by_cited_number(self, number: str) -> list[Document]:
        """Documents whose number is `number` (canonical citation spelling)."""
        found = list(self.by_number.get(number, []))
        parts = _series_parts(number)
        if parts and "〔" not in number:
            series, keys, year, serial = parts
            for (oseries, okeys, oyear, oserial), d in self.series:
                same_year = not year or not oyear or year == oyear
                if (oseries, oserial) == (series, serial) and okeys & keys and same_year:
                    if d not in found:
                        found.append(d)
        return found

    def resolve(self, cit: Citation, citing: Document) -> str | None:
        """The id of the document `cit` points to, or None when the store lacks it.

        A number decides alone. A title never resolves to the citing document itself:
        a text naming its own title is naming an earlier version (…同时废止).
        """
        if cit.doc_number:
            found = self.by_cited_number(cit.doc_number)
            return _pick(found, citing).id if found else None
        if cit.title:
            found = [d for d in self.by_title.get(title_key(cit.title), []) if d.id != citing.id]
            if not found:
                found = self._by_subject(cit.title, citing)
            return _pick(found, citing).id if found else None
        return None

    def _by_subject(self, title: str, citing: Document) -> list[Document]:
        """Titles that differ only in naming the issuer: 《关于…的意见》 cites
        国务院关于…的意见 and the other way round, but 《四川省人民政府关于…》 never
        cites 国务院关于…."""
        issuer, subject = split_title(title)
        if not subject.startswith("关于"):
            return []
        return [
            d
            for other, d in self.by_subject.get(subject, [])
            if d.id != citing.id and (not issuer or not other)
        ]


def _pick(found: list[Document], citing: Document) -> Document:
    """Among several candidates, the one closest to the citing document: same issue first,
    then the latest dated on or before it."""

    def rank(d: Document) -> tuple[int, int, int]:
        same_issue = 0 if d.issue == citing.issue else 1
        not_after = 0 if not citing.date or not d.date or d.date <= citing.date else 1
        return (same_issue, not_after, -_day(d.date))

    return min(found, key=rank)


def _day(date: str) -> int:
    """20210118 for 2021-01-18; 0 for no date (sorts last when latest comes first)."""
    digits = date.replace("-", "")
    return int(digits) if digits.isdigit() else 0
