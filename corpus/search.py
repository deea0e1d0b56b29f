"""Ranked full-text search: the engine finds and counts, the text ranks and marks.

A `SearchBackend` (tantivy, `corpus.tantivy_index`) returns every document that contains
each query word as a substring of its title, 文号, issuer or body — exactly, whatever the
segmentation — with the count, and its best candidates. Those are scored again on exact
counts in their text (BM25F with the title and 文号 weighted above the body; a query naming
a document's own 发文字号 puts it first), and hits and snippets are cut from the text of the
results shown only. That text comes from the engine's own store (`SearchBackend.texts`),
so a search parses no issue shard. No jieba at query time.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Any

from corpus import docnumber
from corpus.backend import Candidate, SearchBackend, StoredDocument
from corpus.docnumber import DocNumber
from corpus.errors import QueryError
from corpus.fold import fold
from corpus.index import doc_fields
from corpus.model import Document
from corpus.query import Query, Term, parse_query
from corpus.snippet import SNIPPET_WIDTH, make_snippet, merge_spans

K1 = 1.2
#: BM25F weights and length normalisation per field (title, 文号, issuer, body).
WEIGHTS = (4.0, 4.0, 2.0, 1.0)
B = (0.5, 0.0, 0.0, 0.75)
NUMBER_BOOST = 1000.0
#: Bonus for the share of the title the query's words cover (税收征管 → 关于…税收征管改革的意见).
TITLE_COVER = 1.5
MAX_HITS_PER_DOC = 2000
_MAX_SPLIT = 24  # characters of an unmatched word the suggestion tries to split


@dataclass(slots=True)
class Hit:
    """One match: characters [start, end) of `doc.paragraphs[para].text`."""

    para: int
    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        return {"para": self.para, "start": self.start, "end": self.end}


@dataclass
class SearchResult:
    """A ranked document, why it matched (hits) and a one-line plain-text snippet.

    `snippet_marks` are [start, end) offsets into `snippet`; `title_marks` into `title`;
    `snippet_para` is the paragraph the snippet was cut from (-1: none).
    """

    id: str
    title: str
    doc_number: str
    date: str
    score: float
    snippet: str
    snippet_marks: list[tuple[int, int]]
    hits: list[Hit]
    title_marks: list[tuple[int, int]] = field(default_factory=list)
    snippet_para: int = -1

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "doc_number": self.doc_number,
            "date": self.date,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "snippet_marks": [list(m) for m in self.snippet_marks],
            "snippet_para": self.snippet_para,
            "title_marks": [list(m) for m in self.title_marks],
            "hits": [h.to_dict() for h in self.hits],
        }


@dataclass
class SearchResponse:
    """Everything one search found: the top results, how many matched, and notes to show."""

    query: Query
    results: list[SearchResult]
    total: int
    notes: list[str] = field(default_factory=list)
    suggestion: str = ""  # a query that would find something, when this one found nothing


def describe(response: SearchResponse, query: str) -> tuple[str, list[str]]:
    """The headline and notes a person sees for a search, the same on the command line and
    in the browser: "3 of 40 documents match 'q'" or "No documents match 'q'.", and each
    note (a filter that matches nothing, a suggested split of a word no document contains)."""
    results = response.results
    if not results:
        headline = f"No documents match {query!r}."
    else:
        shown = (
            f"{len(results)} of {response.total}"
            if response.total > len(results)
            else str(len(results))
        )
        verb = "document matches" if response.total == 1 else "documents match"
        headline = f"{shown} {verb} {query!r}"
    return headline, list(response.notes)


# Per-term match: term frequency in (title, 文号, issuer, body).
_Counts = tuple[int, int, int, int]
#: How many of the engine's best documents are ranked again on their titles, and how many
#: (at least; every result shown is) on exact counts in their text (BM25F).
RERANK = 100
EXACT = 20
FOLD_CACHE = 2048
DOC_CACHE = 512
Lookup = Callable[[str], "Document | None"]


class SearchIndex:
    """Search over a `SearchBackend`: the engine finds and pre-ranks, the text decides.

    The backend returns every matching document's count and its best `RERANK` (its BM25
    over n-gram fields, title and 文号 boosted); those get the title-coverage bonus from the
    catalog, and the best of them (every result to be shown, at least `EXACT`) are scored
    again on exact term counts in their text (BM25F, the 文号 boost, title coverage). Hits
    and snippets are cut from the text of the results shown only.
    """

    def __init__(
        self, backend: SearchBackend, lookup: Lookup, vocab: str | Callable[[], str] | None = None
    ):
        self._backend = backend
        self._lookup = lookup
        #: the corpus's words, or how to read them: only a query-split suggestion needs them
        self._vocab_text: str | Callable[[], str] | None = vocab or None
        self._vocab: set[str] | None = None
        self._fold_cache: dict[str, tuple[str, str, str, str]] = {}
        self._doc_cache: dict[str, Document] = {}
        #: Document → 时效性 value, and every document: the library sets them, so `status:`
        #: filters (computed from the links, not stored in the engine) can be answered.
        self.status_of: Callable[[Document], str] | None = None
        self.all_documents: Callable[[], list[Document]] | None = None
        self._statuses: dict[str, str] | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any] | None, docs: list[Document]) -> SearchIndex:
        """An in-memory index of `docs` (the stored data only lends its vocabulary)."""
        from corpus.tantivy_index import TantivyBackend

        backend = TantivyBackend.memory()
        index_documents(backend, docs)
        backend.commit()
        by_id = {d.id: d for d in docs}
        vocab = data.get("vocab", "") if isinstance(data, dict) else ""
        return cls(backend, by_id.get, vocab)

    @property
    def backend(self) -> SearchBackend:
        return self._backend

    # -- public -------------------------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[SearchResult]:
        """The best `limit` documents for `query`; raises QueryError for a bad query."""
        return self.run(query, limit).results

    def run(self, query: str, limit: int = 50, *, suggest: bool = True) -> SearchResponse:
        """Like `search`, also reporting how many matched and notes for the user.

        When nothing matches because a word typed without spaces occurs nowhere, the response
        suggests the query split into corpus words (乡村振兴衔接 → 乡村振兴 衔接); results
        themselves are never relaxed, so every result contains every term.
        """
        q = parse_query(query)
        limit = max(limit, 0)
        own = {t: self._own(t.number) for t in (*q.terms, *q.excludes) if t.number}
        notes: list[str] = []
        terms: list[Term] = []
        engine_q, allow, deny = self._status_split(q)
        if q.terms:
            ranked = self._backend.search(
                engine_q, max(limit, RERANK), own=own, allow=allow, deny=deny
            )
            if len(q.terms) == 1 and not q.filters and not q.excludes:
                dfs = {q.terms[0]: ranked.total}  # the same count: no second pass over it
            else:
                dfs = {t: self._backend.count(t, own=own.get(t)) for t in q.terms}
            terms = sorted(q.terms, key=dfs.__getitem__)
            light = self._rerank_light(ranked.candidates, terms)
            best = heapq.nlargest(max(limit, EXACT), light, key=lambda c: (c[1], -c[2]))
            docs = self._texts(ranked.candidates, {c[0] for c in best})
            scored = self._rerank([Candidate(*c) for c in best], terms, own, dfs, docs)
            top = heapq.nlargest(limit, scored, key=lambda c: (c[1], -c[2]))
            total = ranked.total
        else:
            ranked = self._backend.search(engine_q, limit, own=own, allow=allow, deny=deny)
            top = [(c.id, 0.0, c.order) for c in ranked.candidates]
            docs = self._texts(ranked.candidates, {c.id for c in ranked.candidates})
            total = ranked.total
        results = []
        for doc_id, score, _order in top:
            doc = docs.get(doc_id)
            # the store's catalog decides what exists (and reports a damaged one): an
            # index that outlived its document shows nothing for it
            if doc is not None and self._lookup(doc_id) is not None:
                results.append(self._result(doc, score, terms))
        if not total and q.filters:
            notes.extend(self._filter_notes(q))
        suggestion = self._suggest(q) if not total and suggest else ""
        if suggestion:
            notes.append(
                f"no document contains {' '.join(t.text for t in q.terms)}; try: {suggestion}"
            )
        return SearchResponse(q, results, total, notes, suggestion)

    # -- ranking ------------------------------------------------------------------------
    def _rerank_light(
        self, cands: list[Candidate], terms: list[Term]
    ) -> list[tuple[str, float, int]]:
        """The engine's score plus the title-coverage bonus: needs only catalog fields."""
        out = []
        for c in cands:
            raw = c.title
            if raw is None:  # an engine that stores no titles: the catalog has them
                doc = self._lookup(c.id)
                if doc is None:
                    continue
                raw = doc.title
            title = fold(raw)
            covered = sum(title.count(a) * len(t.alts[0]) for t in terms for a in t.alts)
            bonus = TITLE_COVER * min(1.0, covered / max(len(title), 1)) if covered else 0.0
            out.append((c.id, c.score + bonus, c.order))
        return out

    def _texts(self, cands: list[Candidate], wanted: set[str]) -> dict[str, Document]:
        """The documents of the `wanted` candidates as search reads them: from the engine's
        document store (cheap: one compressed record each) when it keeps them, else from
        the library (which reads the issue's shard). Kept for the documents read lately."""
        out: dict[str, Document] = {}
        missing: list[Candidate] = []
        for c in cands:
            if c.id not in wanted or c.id in out:
                continue
            found = self._doc_cache.pop(c.id, None)
            if found is None:
                missing.append(c)
            else:
                out[c.id] = self._doc_cache[c.id] = found  # most recent last
        if missing:
            for c, stored in zip(missing, self._backend.texts(missing), strict=True):
                doc = stored if stored is not None else self._lookup(c.id)
                if doc is None:
                    continue
                out[c.id] = doc
                if len(self._doc_cache) >= DOC_CACHE:  # the app searches from worker threads
                    self._doc_cache.pop(next(iter(self._doc_cache)), None)
                self._doc_cache[c.id] = doc
        return out

    def _rerank(
        self,
        cands: list[Candidate],
        terms: list[Term],
        own: dict[Term, set[str]],
        dfs: dict[Term, int],
        docs: dict[str, Document],
    ) -> list[tuple[str, float, int]]:
        """(id, score, order) for each candidate: BM25F on exact counts in its text.

        Per term: idf from the engine's document count; tf summed over fields with the
        title and 文号 weighted up and length-normalised; a document whose own 发文字号 the
        term names gets NUMBER_BOOST; the share of the title the terms cover is a bonus.
        """
        stats = self._backend.stats()
        n = max(stats.n, 1)
        w_title, w_number, w_issuer, w_body = WEIGHTS
        out = []
        for c in cands:
            doc = docs.get(c.id)
            if doc is None:
                continue
            title, number, issuer, body = self._folded(doc)
            nt = 1 - B[0] + B[0] * len(title) / stats.avg_title
            nb = 1 - B[3] + B[3] * len(body) / stats.avg_body
            score = 0.0
            covered = 0
            for term in terms:
                df = dfs[term]
                t, nr, iss, tb = _counts(term, title, number, issuer, body)
                boosted = c.id in own.get(term, ())
                if boosted:
                    nr = max(nr, 1)
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                tf = w_body * tb / nb + w_title * t / nt + w_number * nr + w_issuer * iss
                covered += t * len(term.alts[0])
                score += idf * tf * (K1 + 1) / (tf + K1) if tf else 0.0
                if boosted:
                    score += NUMBER_BOOST
            if covered:  # the document whose title *is* the query comes first
                score += TITLE_COVER * min(1.0, covered / max(len(title), 1))
            out.append((c.id, score, c.order))
        return out

    def _folded(self, doc: Document) -> tuple[str, str, str, str]:
        """The search form of a document's fields, kept for the documents searched lately."""
        found = self._fold_cache.pop(doc.id, None)
        if found is None:
            t, nr, iss, body = doc_fields(doc)
            found = (fold(t), fold(nr), fold(iss), fold(body))
            if len(self._fold_cache) >= FOLD_CACHE:
                self._fold_cache.pop(next(iter(self._fold_cache)), None)
        self._fold_cache[doc.id] = found  # most recent last
        return found

    def _own(self, number: str) -> set[str]:
        """The documents whose own 发文字号 is `number` (canonical form).

        令 are numbered per issuer: 国家发展和改革委员会令第40号 is the 第40号 whose issuer or
        title names 国家发展和改革委员会 (with or without 中华人民共和国).
        """
        if not number:
            return set()
        found = self._backend.number_owners([number])
        n = docnumber.parse(number)
        if n is not None and n.series and n.issuer and not found:
            issuer = n.issuer.removeprefix("中华人民共和国")
            tails = [n.tail, DocNumber("", None, n.serial, True).key]
            for doc_id in self._backend.number_owners(tails):
                d = self._lookup(doc_id)
                if d is None:
                    continue
                own = docnumber.of_document(d.doc_number, d.issuer)
                if own is not None and (
                    n.matches(own) or issuer in fold(d.issuer) or issuer in fold(d.title)
                ):
                    found.add(doc_id)
        return found

    def statuses(self) -> dict[str, str]:
        """Each document's 时效性 value by id, from `status_of` (set by `corpus.api.Library`)."""
        if self._statuses is None:
            of = self.status_of
            docs = self.all_documents() if self.all_documents else []
            self._statuses = {d.id: of(d) if of else "未知" for d in docs}
        return self._statuses

    def _status_split(self, q: Query) -> tuple[Query, set[str] | None, set[str]]:
        """The query without its `status:` filters, and the ids they allow and deny."""
        wanted = [f for f in q.filters if f.key == "status"]
        if not wanted:
            return q, None, set()
        statuses = self.statuses()
        allow: set[str] | None = None
        deny: set[str] = set()
        for f in wanted:
            ids = {i for i, v in statuses.items() if f.accepts("", "", "", "", v)}
            if f.negate:
                deny |= ids
            else:
                allow = ids if allow is None else allow | ids
        rest = [f for f in q.filters if f.key != "status"]
        return replace(q, filters=rest), allow, deny

    def _filter_notes(self, q: Query) -> list[str]:
        """Which filters match no document at all (a typo in type:通告 explains an empty result)."""
        notes = []
        for f in q.filters:
            if f.key == "status":
                values = self.statuses().values()
                if not f.negate and not any(f.accepts("", "", "", "", v) for v in values):
                    found = sorted(set(values))
                    notes.append(f"no document has status “{f.value}”; statuses: {' '.join(found)}")
                continue
            if f.negate or self._backend.count(None, [f]):
                continue
            if f.key == "type":
                kinds = self._backend.stats().kinds
                notes.append(f"no document has type “{f.value}”; types: {' '.join(kinds)}")
            elif f.key in ("section", "issuer"):
                notes.append(f"no document has {f.key} containing “{f.value}”")
            else:
                notes.append(f"no document is dated {f.lo or '…'}..{f.hi or '…'}")
        return notes

    def _suggest(self, q: Query) -> str:
        """`q` with each unquoted word that no document contains split into corpus words."""
        from corpus.segment import split_words

        changed = False
        words: list[str] = []
        for term in q.terms:
            if (
                term.phrase
                or term.number
                or len(term.text) < 3
                or " " in term.text
                or self._backend.count(term)
            ):
                words.append(f'"{term.text}"' if term.phrase else term.text)
                continue
            pieces = split_words(term.text[:_MAX_SPLIT], self._vocabulary(), self._occurs)
            changed = changed or len(pieces) > 1
            words.extend(pieces)
        if not changed:
            return ""
        rest = [f'-"{t.text}"' for t in q.excludes]
        suggestion = " ".join(words + rest) + _filters_text(q.raw)
        try:
            found = self.run(suggestion, 0, suggest=False).total
        except QueryError:
            return ""
        return suggestion if found else ""

    def _occurs(self, text: str) -> bool:
        """Whether `text` occurs in any document (title, 文号, issuer or body)."""
        return bool(self._backend.count(Term(text=text, alts=(text,))))

    def _vocabulary(self) -> set[str] | None:
        if self._vocab is None and self._vocab_text:
            text = self._vocab_text() if callable(self._vocab_text) else self._vocab_text
            self._vocab = set(text.split("\n")) if text else None
            self._vocab_text = text or None
        return self._vocab

    # -- results ------------------------------------------------------------------------
    def _result(self, doc: Document, score: float, terms: list[Term]) -> SearchResult:
        """Hits (every occurrence of every term, by paragraph), title marks and snippet."""
        patterns = [_pattern(t.alts) for t in terms]
        title, _number, _issuer, body = self._folded(doc)
        if len(patterns) == 1:  # one pattern: finditer gives them in order, none overlapping
            spans = [(*m.span(), 0) for m in patterns[0].finditer(body)]
        else:
            spans = [(*m.span(), k) for k, pt in enumerate(patterns) for m in pt.finditer(body)]
            spans.sort()
        if isinstance(doc, StoredDocument):  # its paragraphs are not made for this
            lengths = doc.lengths
        else:
            lengths = [len(p.text) for p in doc.paragraphs]
        starts = list(accumulate([n + 1 for n in lengths], initial=0))
        per_para: dict[int, list[tuple[int, int, int]]] = {}
        p, base, upto = -1, 0, 0
        here: list[tuple[int, int, int]] = []
        for s, e, k in spans:  # sorted: walk the paragraphs along
            if s >= upto:
                p = max(p, 0)
                while s >= starts[p + 1]:
                    p += 1
                base, upto = starts[p], starts[p + 1]
                here = per_para.setdefault(p, [])
            here.append((s - base, e - base, k))
        hits: list[Hit] = []
        for p, found in per_para.items():
            if len(patterns) > 1:
                hits.extend([Hit(p, s, e) for s, e in merge_spans([sp[:2] for sp in found])])
            else:
                hits.extend([Hit(p, s, e) for s, e, _k in found])
            if len(hits) >= MAX_HITS_PER_DOC:
                break
        title_marks = merge_spans([m.span() for pt in patterns for m in pt.finditer(title)])
        snippet, marks, para_no = make_snippet(doc, per_para, SNIPPET_WIDTH)
        return SearchResult(
            id=doc.id,
            title=doc.title,
            doc_number=doc.doc_number,
            date=doc.date,
            score=score,
            snippet=snippet,
            snippet_marks=marks,
            hits=hits[:MAX_HITS_PER_DOC],
            title_marks=title_marks,
            snippet_para=para_no,
        )


def index_documents(backend: SearchBackend, docs: Iterable[Document], start: int = 0) -> None:
    """Add `docs` to `backend`, one source per issue, in gazette order from `start`."""
    by_issue: dict[str, list[tuple[int, Document]]] = {}
    for k, d in enumerate(docs, start):
        by_issue.setdefault(d.issue, []).append((k, d))
    for issue, items in by_issue.items():
        backend.add(issue, items)


def _counts(term: Term, title: str, number: str, issuer: str, body: str) -> _Counts:
    """How often any alternative of `term` occurs in each (folded) field."""
    tt = tn = ti = tb = 0
    for a in term.alts:
        tt += title.count(a)
        tn += number.count(a)
        ti += issuer.count(a)
        tb += body.count(a)
    return tt, tn, ti, tb


def _pattern(alts: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a term's alternatives, longest first (re caches the compiled form)."""
    return re.compile("|".join(re.escape(a) for a in sorted(alts, key=len, reverse=True)))


def _filters_text(raw: str) -> str:
    """The filters of a raw query, re-typed, so a suggestion keeps them."""
    from corpus.query import filter_tokens

    return "".join(f" {t}" for t in filter_tokens(raw))
