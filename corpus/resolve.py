"""Resolving a citation to a document of the store, by number first and title second.

A number is the stronger key: two versions of a regulation share a title
(保险公司偿付能力管理规定, 2008 and 2021) but never a number, so a citation that carries a
number is resolved by it alone. Orders are numbered per issuer, and the issuer is cited in
many spellings (国家发展改革委令, 国家发展和改革委员会令), so issuers are compared by key.
"""

from __future__ import annotations

import re
from collections import defaultdict

from corpus import docnumber
from corpus.citations import Citation, title_key
from corpus.docnumber import DocNumber
from corpus.issuers import ISSUER_ALIASES as ISSUER_ALIASES  # re-exported
from corpus.issuers import issuer_keys as issuer_keys  # re-exported
from corpus.model import Document
from corpus.normalize import fold_width

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
    n = docnumber.first(doc.doc_number) if doc.doc_number else None
    if n is None:
        return re.sub(r"\s+", "", fold_width(doc.doc_number))
    return n.key


class Resolver:
    """Look-ups from cited numbers and titles to the documents of one store."""

    def __init__(self, docs: list[Document], *, titles: bool = True) -> None:
        """`titles=False` indexes numbers only (for `by_cited_number`, at half the cost)."""
        self.docs = docs
        self.by_number: dict[str, list[Document]] = defaultdict(list)
        self.series: dict[int, list[tuple[DocNumber, Document]]] = defaultdict(list)
        self.by_title: dict[str, list[Document]] = defaultdict(list)
        self.by_subject: dict[str, list[tuple[str, Document]]] = defaultdict(list)
        for d in docs:
            if d.title and titles:
                self.by_title[title_key(d.title)].append(d)
                issuer, subject = split_title(d.title)
                self.by_subject[subject].append((issuer, d))
            if not d.doc_number:
                continue
            own = docnumber.of_document(d.doc_number, d.issuer, d.kind, d.date)
            if own is None:
                continue
            self.by_number[own.key].append(d)
            if own.series:
                self.series[own.serial].append((own, d))

    def by_cited_number(self, number: str) -> list[Document]:
        """Documents whose number is `number` (canonical citation spelling)."""
        found = list(self.by_number.get(number, []))
        cited = docnumber.parse(number)
        if cited is not None and cited.series and cited.issuer:
            for own, d in self.series.get(cited.serial, []):
                if d not in found and own.issuer and cited.matches(own):
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
