"""Resolving a citation to a document of the store, by number first and title second.

A number is the stronger key: two versions of a regulation share a title
(保险公司偿付能力管理规定, 2008 and 2021) but never a number, so a citation that carries a
number is resolved by it alone. Orders are numbered per issuer, and the issuer is cited in
many spellings (国家发展改革委令, 国家发展和改革委员会令), so issuers are compared by key.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from corpus import docnumber
from corpus.citations import Citation, title_key
from corpus.docnumber import DocNumber
from corpus.issuers import ISSUER_ALIASES as ISSUER_ALIASES  # re-exported
from corpus.issuers import issuer_keys as issuer_keys  # re-exported
from corpus.normalize import fold_width


class Citable(Protocol):
    """What resolving needs of a document: its metadata, never its paragraphs."""

    id: str
    issue: str
    title: str
    doc_number: str
    issuer: str
    kind: str
    date: str


@dataclass(slots=True)
class DocMeta:
    """A store document's metadata as the catalog keeps it: enough to resolve citations to
    it, without building `Document`s (or reading shards) for the whole corpus."""

    id: str
    issue: str
    title: str
    doc_number: str = ""
    issuer: str = ""
    kind: str = ""
    date: str = ""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DocMeta:
        return cls(
            row["id"],
            row["issue"],
            row.get("title", ""),
            row.get("doc_number", ""),
            row.get("issuer", ""),
            row.get("kind", ""),
            row.get("date", ""),
        )


_ISSUER_END = re.compile(
    r"^(?P<issuer>.{2,40}?[院厅部委会局署行府办室央组团联])(?P<subject>关于.+)$"
)


def split_title(title: str) -> tuple[str, str]:
    """(issuer, 关于… subject) of a title such as 国务院关于…的意见, keyed; ("", key) else."""
    return _split_key(title_key(title))


def _split_key(key: str) -> tuple[str, str]:
    m = _ISSUER_END.match(key)
    return (m["issuer"], m["subject"]) if m else ("", key)


def document_number(doc: Citable) -> str:
    """A store document's number in the canonical spelling citations use."""
    n = docnumber.first(doc.doc_number) if doc.doc_number else None
    if n is None:
        return re.sub(r"\s+", "", fold_width(doc.doc_number))
    return n.key


class Resolver:
    """Look-ups from cited numbers and titles to the documents of one store."""

    def __init__(
        self,
        docs: list[Any],
        *,
        titles: bool = True,
        owns: list[DocNumber | None] | None = None,
        keys: dict[str, str] | None = None,
    ) -> None:
        """`docs`: `Document`s or any `Citable` (`DocMeta` rows), in gazette order;
        `titles=False` indexes numbers only (for `by_cited_number`, at half the cost).
        `owns` (each document's own number, `docnumber.of_document`) and `keys` (title →
        `title_key`) are what a store keeps already computed (`citable_rows`), so an `add`
        does not parse 100,000 numbers again."""
        self.docs = docs
        self.by_id: dict[str, Any] = {d.id: d for d in docs}
        self.by_number: dict[str, list[Any]] = defaultdict(list)
        self.series: dict[int, list[tuple[DocNumber, Any]]] = defaultdict(list)
        self.by_title: dict[str, list[Any]] = defaultdict(list)
        self.by_subject: dict[str, list[tuple[str, Any]]] = defaultdict(list)
        self._memo: dict[tuple[str, str], tuple[list[Any], list[Any]]] = {}
        self._keys: dict[str, str] = dict(keys or {})
        # series numbers by (serial, year): 令第1号 recurs every year of every issuer
        self._dated: dict[tuple[int, int | None], list[tuple[int, DocNumber, Any]]]
        self._dated = defaultdict(list)
        splits: dict[str, tuple[str, str]] = {}  # a gazette reprints its titles
        for k, d in enumerate(docs):
            if d.title and titles:
                key = self._key(d.title)
                self.by_title[key].append(d)
                split = splits.get(key)
                if split is None:
                    split = splits[key] = _split_key(key)
                issuer, subject = split
                self.by_subject[subject].append((issuer, d))
            if not d.doc_number:
                continue
            if owns is not None:
                own = owns[k]
            else:
                own = docnumber.of_document(d.doc_number, d.issuer, d.kind, d.date)
            if own is None:
                continue
            self.by_number[own.key].append(d)
            if own.series:
                at = len(self.series[own.serial])
                self.series[own.serial].append((own, d))
                self._dated[(own.serial, own.year or None)].append((at, own, d))
        self._ranked: dict[tuple[str, ...], _Ranked] = {}
        self._numbers: dict[str, list[Any] | _Ranked] = {}

    def by_cited_number(self, number: str) -> list[Any]:
        """Documents whose number is `number` (canonical citation spelling)."""
        found = list(self.by_number.get(number, []))
        cited = docnumber.parse(number)
        if cited is not None and cited.series and cited.issuer:
            candidates: Iterable[tuple[DocNumber, Any]]
            if cited.year:  # only numbers of that year, or of none, can match it
                same_year = self._dated.get((cited.serial, cited.year), [])
                no_year = self._dated.get((cited.serial, None), [])
                merged = heapq.merge(same_year, no_year, key=lambda e: e[0])
                candidates = ((own, d) for _at, own, d in merged)
            else:
                candidates = self.series.get(cited.serial, [])
            seen = {id(d) for d in found}  # identity: comparing documents compares their text
            for own, d in candidates:
                if id(d) not in seen and own.issuer and cited.matches(own):
                    found.append(d)
                    seen.add(id(d))
        return found

    def resolve(self, cit: Citation, citing: Citable) -> str | None:
        """The id of the document `cit` points to, or None when the store lacks it.

        A number decides alone. A title never resolves to the citing document itself:
        a text naming its own title is naming an earlier version (…同时废止).
        """
        if cit.doc_number:
            pool = self._numbers.get(cit.doc_number)
            if pool is None:  # the same number is cited from many documents
                found = self.by_cited_number(cit.doc_number)
                pool = self._numbers[cit.doc_number] = (
                    _Ranked(found) if len(found) > _FEW else found
                )
            if isinstance(pool, _Ranked):
                best = pool.pick(citing, skip_self=False)
                return best.id if best is not None else None
            return _pick(pool, citing).id if pool else None
        if cit.title:
            key = self._key(cit.title)
            titled = self.by_title.get(key, [])
            if len(titled) > _FEW:  # one title in many issues: the indexed pick
                best = self._ranked_pool(("title", key), titled).pick(citing)
                if best is not None:
                    return best.id
            found = [d for d in titled if d.id != citing.id]
            if not found:
                found = self._by_subject(cit.title, citing)
            return _pick(found, citing).id if found else None
        return None

    def _ranked_pool(self, key: tuple[str, ...], docs: list[Any]) -> _Ranked:
        pool = self._ranked.get(key)
        if pool is None:
            pool = self._ranked[key] = _Ranked(docs)
        return pool

    def _by_subject(self, title: str, citing: Citable) -> list[Any]:
        """`_subject_candidates` but the citing document; a long list (a title reprinted
        in every issue) answered by its ranked index instead."""
        found = self._subject_candidates(title)
        if len(found) > _FEW:
            best = self._ranked_pool(("subject", self._key(title)), found).pick(citing)
            return [best] if best is not None else []
        return [d for d in found if d.id != citing.id]

    def resolve_again(
        self, number: str, title: str, citing: Citable, target: str | None, added: Resolver
    ) -> str | None:
        """What `cit` of an older document resolves to once `added`'s documents joined this
        resolver (which holds them after the older ones), given its target before: exactly
        `resolve`, comparing only the old target with the added candidates. Candidates of a
        tier keep gazette order, so a tie keeps the old target, except that a number's own
        documents come before the orders matched by series alone. `number` and `title` are
        the citation's (`Citation.doc_number`, `.title`)."""
        return again(number, title, citing, self.old_target(number, title, target), added)

    def old_target(self, number: str, title: str, target: str | None) -> OldTarget | None:
        """What `again` needs to know of a citation's old target (None: unresolved)."""
        if target is None:
            return None
        old = self.by_id[target]
        own = any(d is old for d in self.by_number.get(number, ())) if number else False
        titled = bool(title) and self._key(old.title) == self._key(title)
        return OldTarget(old.id, old.issue, old.date, own, titled)

    def _key(self, title: str) -> str:
        """`title_key`, once per distinct title (gazettes repeat titles in every issue)."""
        key = self._keys.get(title)
        if key is None:
            key = self._keys[title] = title_key(title)
        return key

    def _memo_number(self, number: str) -> list[Any]:
        key = ("n", number)
        if key not in self._memo:
            self._memo[key] = (self.by_cited_number(number), [])
        return self._memo[key][0]

    def _memo_title(self, title: str) -> tuple[list[Any], list[Any]]:
        """Candidates by exact title and by subject (the citing document, older than this
        resolver's, is never among them)."""
        key = ("t", title)
        if key not in self._memo:
            titled = list(self.by_title.get(self._key(title), []))
            self._memo[key] = (titled, [] if titled else self._subject_candidates(title))
        return self._memo[key]

    def _subject_candidates(self, title: str) -> list[Any]:
        """Titles that differ only in naming the issuer: 《关于…的意见》 cites
        国务院关于…的意见 and the other way round, but 《四川省人民政府关于…》 never
        cites 国务院关于…."""
        issuer, subject = split_title(title)
        if not subject.startswith("关于"):
            return []
        return [d for other, d in self.by_subject.get(subject, []) if not issuer or not other]


@dataclass(frozen=True, slots=True)
class OldTarget:
    """A citation's old target as `again` compares it: its id, issue and date (its rank),
    whether it holds the cited number as its own (`own`) and the cited title exactly
    (`titled`). A store keeps these for the citations an added issue could change
    (`corpus.links.waiting_entries`), so an `add` decides without reading them."""

    id: str
    issue: str
    date: str
    own: bool = False
    titled: bool = False


def again(
    number: str, title: str, citing: Citable, old: OldTarget | None, added: Resolver
) -> str | None:
    """`Resolver.resolve_again` from the old target's summary: the citation's target once
    `added`'s documents (of issues other than the citing one) joined the store."""
    target = old.id if old is not None else None
    if number:
        new = added._memo_number(number)
        if not new:
            return target
        best = _pick(new, citing)
        if old is None:
            return str(best.id)
        own_best = any(d is best for d in added.by_number.get(number, ()))
        return str(_better(old, best, citing, ties_to_best=own_best and not old.own).id)
    if not title:
        return target
    titled, subject = added._memo_title(title)
    if not titled and not subject:
        return target
    old_titled = old is not None and old.titled
    if titled and not old_titled:
        return str(_pick(titled, citing).id)  # a title tier where there was none
    new = titled if old_titled else subject
    if not new:
        return target
    if old is None:
        return str(_pick(new, citing).id)
    return str(_better(old, _pick(new, citing), citing, ties_to_best=False).id)


#: Candidate lists longer than this are ranked through `_Ranked` rather than scanned.
_FEW = 8


class _Ranked:
    """The candidates of one title, indexed for `_pick`: a title printed in every issue of
    a long archive (国务院公报 reprints the same 通知 titles year after year) would make
    resolving every citation scan thousands of documents, a build quadratic in its size.

    `pick` returns exactly what `_pick` over the candidates other than the citing document
    would: same-issue candidates first (few, ranked as `_pick` does); otherwise the first,
    in order of latest date then list position, dated on or before the citing document.
    """

    def __init__(self, docs: list[Any]) -> None:
        self.by_issue: dict[str, list[Any]] = defaultdict(list)
        for d in docs:
            self.by_issue[d.issue].append(d)
        self.latest = sorted(docs, key=lambda d: -_day(d.date))  # stable: list order on ties

    def pick(self, citing: Citable, skip_self: bool = True) -> Any:
        """The pick among the candidates (other than `citing` itself with `skip_self`)."""
        own = citing.id if skip_self else None
        same = [d for d in self.by_issue.get(citing.issue, []) if d.id != own]
        if same:
            return _pick(same, citing)
        first = None
        for d in self.latest:
            if d.id == own:
                continue
            if not citing.date or not d.date or d.date <= citing.date:
                return d
            first = first or d
        return first


def _rank(d: Citable, citing: Citable) -> tuple[int, int, int]:
    """Same issue first, then dated on or before the citing document, then the latest."""
    same_issue = 0 if d.issue == citing.issue else 1
    not_after = 0 if not citing.date or not d.date or d.date <= citing.date else 1
    return (same_issue, not_after, -_day(d.date))


def _pick(found: list[Any], citing: Citable) -> Any:
    """Among several candidates, the one closest to the citing document: same issue first,
    then the latest dated on or before it (the first such in gazette order)."""
    return min(found, key=lambda d: _rank(d, citing))


def _better(old: Any, best: Any, citing: Citable, *, ties_to_best: bool) -> Any:
    """The old target, unless an added candidate ranks before it."""
    r_old, r_best = _rank(old, citing), _rank(best, citing)
    return best if r_best < r_old or (ties_to_best and r_best == r_old) else old


def _day(date: str) -> int:
    """20210118 for 2021-01-18; 0 for no date (sorts last when latest comes first)."""
    digits = date.replace("-", "")
    return int(digits) if digits.isdigit() else 0
