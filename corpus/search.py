"""Ranked full-text search over the loaded documents, answered from memory.

Candidates come from the stored bigram postings; every candidate is confirmed (and its
term frequencies counted) by a substring scan of the folded text, so results are exact:
a query found in a document's title, 文号, issuer or body always finds it, and nothing
else is returned. Ranking is BM25F with the title and 文号 weighted above the body, and a
query naming a document's own 发文字号 puts that document first. No jieba at query time.
"""

from __future__ import annotations

import base64
import heapq
import math
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from typing import Any

from corpus import docnumber
from corpus.docnumber import DocNumber
from corpus.errors import QueryError
from corpus.fold import fold
from corpus.index import (
    INDEX_VERSION,
    bigrams,
    build_index,
    decode_postings,
    doc_fields,
    fingerprint,
)
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
_MAX_GRAMS_PER_ALT = 24
_SCAN_COUNT_LIMIT = 2000
_MAX_SPLIT = 24  # characters of an unmatched word the suggestion tries to split


@dataclass
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


# Per-term match table: document number → term frequency in (title, 文号, issuer, body).
_Counts = dict[int, tuple[int, int, int, int]]


class SearchIndex:
    """The documents' folded text, field lengths and bigram postings, held in memory."""

    def __init__(
        self, docs: list[Document], data: dict[str, Any], fields: Sequence[tuple[str, ...]]
    ):
        self._docs = docs
        self._n = len(docs)
        self._grams: dict[str, str] = data["grams"]
        self._vocab_text: str | None = data.get("vocab") or None
        self._vocab: set[str] | None = None
        self._tf_codes: dict[str, str] = data.get("tf") or {}
        self._tf_cache: dict[str, bytes] = {}
        masks = {i: m for i, m in data.get("folded", [])}
        self._title: list[str] = []
        self._number: list[str] = []
        self._issuer: list[str] = []
        self._body: list[str] = []
        for i, f in enumerate(fields):
            m = masks.get(i, 0)
            self._title.append(fold(f[0]) if m & 1 else f[0])
            self._number.append(fold(f[1]) if m & 2 else f[1])
            self._issuer.append(fold(f[2]) if m & 4 else f[2])
            self._body.append(fold(f[3]) if m & 8 else f[3])
        self._head = [
            f"{t}\x00{nr}\x00{iss}"
            for t, nr, iss in zip(self._title, self._number, self._issuer, strict=True)
        ]
        n = max(self._n, 1)
        avg_title = sum(map(len, self._title)) / n or 1.0
        avg_body = sum(map(len, self._body)) / n or 1.0
        self._norm_title = [1 - B[0] + B[0] * len(t) / avg_title for t in self._title]
        self._norm_body = [1 - B[3] + B[3] * len(t) / avg_body for t in self._body]
        self._numbers: dict[str, list[int]] = {}
        for i, d in enumerate(docs):
            for key in _number_keys(d):
                self._numbers.setdefault(key, []).append(i)
        self._meta: list[tuple[str, str, str, str]] | None = None
        #: Document → 时效性 value; the library sets it, so `status:` filters can be answered.
        self.status_of: Callable[[Document], str] | None = None
        self._statuses: list[str] | None = None
        self._para_starts: dict[int, list[int]] = {}
        self._postings = lru_cache(maxsize=4096)(self._decode)

    @classmethod
    def from_data(cls, data: dict[str, Any] | None, docs: list[Document]) -> SearchIndex:
        """Use the stored index when it matches `docs`; otherwise index them in memory."""
        fields = [doc_fields(d) for d in docs]
        if not _matches(data, docs, fields):  # type: ignore[arg-type]
            vocab = (data or {}).get("vocab", "") if isinstance(data, dict) else ""
            data = build_index(docs, vocabulary=False)
            data["vocab"] = vocab  # a stale index's words still serve suggestions
        assert data is not None
        return cls(docs, data, fields)  # type: ignore[arg-type]

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
        notes: list[str] = []
        allowed = self._filtered(q) if q.filters else None
        scores: dict[int, float] = {}
        terms: list[Term] = []
        if q.terms:
            matched = self._match_terms(q, allowed, scores, terms)
        else:
            matched = set(range(self._n)) if allowed is None else allowed
            scores = dict.fromkeys(matched, 0.0)
        for term in q.excludes:
            matched -= set(self._count(term, self._candidates(term, matched)))
        total = len(matched)
        top = heapq.nlargest(max(limit, 0), matched, key=lambda i: (scores[i], -i))
        results = [self._result(i, scores[i], terms) for i in top]
        if not total and q.filters:
            notes.extend(self._filter_notes(q))
        suggestion = self._suggest(q) if not total and suggest else ""
        if suggestion:
            notes.append(
                f"no document contains {' '.join(t.text for t in q.terms)}; try: {suggestion}"
            )
        return SearchResponse(q, results, total, notes, suggestion)

    # -- matching -----------------------------------------------------------------------
    def _match_terms(
        self, q: Query, allowed: set[int] | None, scores: dict[int, float], used: list[Term]
    ) -> set[int]:
        """Docs containing every term; fills `scores` (BM25F) and `used` (terms to highlight)."""
        current = allowed
        per_term: list[tuple[Term, _Counts, int]] = []
        for term in sorted(q.terms, key=self._estimate):  # rarest first: less to scan after
            counts = self._count(term, self._candidates(term, current))
            used.append(term)
            df = len(counts) if current is None else self._estimate(term)
            per_term.append((term, counts, df))
            current = set(counts)
            if not current:
                return set()
        assert current is not None
        self._score(per_term, current, scores)
        return current

    def _score(
        self, per_term: list[tuple[Term, _Counts, int]], docs: set[int], scores: dict[int, float]
    ) -> None:
        """BM25F per term, plus the 文号 boost and the title-coverage bonus, into `scores`."""
        nt, nb = self._norm_title, self._norm_body
        w_title, w_number, w_issuer, w_body = WEIGHTS
        covered: dict[int, int] = {}
        for term, counts, df in per_term:
            idf = math.log(1 + (self._n - df + 0.5) / (df + 0.5))
            boosted = self._own(term.number)
            width = len(term.alts[0])
            rows = counts.items() if len(counts) == len(docs) else [(i, counts[i]) for i in docs]
            for i, (t, nr, iss, body) in rows:
                tf = w_body * body / nb[i]
                if t or nr or iss:
                    tf += w_title * t / nt[i] + w_number * nr + w_issuer * iss
                    if t:
                        covered[i] = covered.get(i, 0) + t * width
                s = idf * tf * (K1 + 1) / (tf + K1)
                if boosted and i in boosted:
                    s += NUMBER_BOOST
                scores[i] = scores.get(i, 0.0) + s
        titles = self._title
        for i, c in covered.items():  # the document whose title *is* the query comes first
            scores[i] += TITLE_COVER * min(1.0, c / max(len(titles[i]), 1))

    def _estimate(self, term: Term) -> int:
        """An upper bound of how many documents contain `term`, from the postings alone."""
        return len(self._candidates(term, None))

    def _candidates(self, term: Term, within: set[int] | None) -> set[int]:
        """Documents that hold every bigram of some alternative of `term` (a superset)."""
        out: set[int] = set()
        for alt in term.alts:
            grams = sorted(bigrams(alt))
            if not grams:  # a single character: only a scan can tell
                return set(range(self._n)) if within is None else set(within)
            if len(grams) > _MAX_GRAMS_PER_ALT:
                step = len(grams) / _MAX_GRAMS_PER_ALT
                grams = [grams[int(k * step)] for k in range(_MAX_GRAMS_PER_ALT)]
            lists = sorted((self._postings(g) for g in grams), key=len)
            found = set(lists[0]) if within is None else within.intersection(lists[0])
            for p in lists[1:]:
                if len(found) <= 4:
                    break
                found.intersection_update(p)
            out |= found
        if term.number:
            extra = self._own(term.number)
            out.update(extra if within is None else (i for i in extra if i in within))
        return out

    def _decode(self, gram: str) -> frozenset[int]:
        code = self._grams.get(gram)
        return frozenset(decode_postings(code, self._n)) if code is not None else frozenset()

    def _count(self, term: Term, candidates: set[int]) -> _Counts:
        """Confirm candidates by substring scan; term frequency per field for those that match."""
        out: _Counts = {}
        alts = term.alts
        own = self._own(term.number)
        cands = sorted(candidates)
        heads = self._head
        title, number, issuer = self._title, self._number, self._issuer
        for i, tb in zip(cands, self._body_counts(term, cands), strict=True):
            tt = tn = ti = 0
            h = heads[i]
            for a in alts:
                c = h.count(a)
                if c:
                    ct = title[i].count(a)
                    tt += ct
                    if c > ct:
                        tn += number[i].count(a)
                        ti += issuer[i].count(a)
            if i in own:
                tn = max(tn, 1)
            if tb or tt or tn or ti:
                out[i] = (tt, tn, ti, tb)
        return out

    def _body_counts(self, term: Term, cands: list[int]) -> list[int]:
        """How often `term` occurs in each candidate's body, the cheapest exact way available.

        A common bigram reads its stored table; a single character found in very many
        documents is only tested for presence (its weight in the ranking is negligible);
        anything else is counted in the text.
        """
        alts = term.alts
        body = self._body
        if len(alts) == 1 and len(alts[0]) == 2 and alts[0] in self._tf_codes:
            table = self._tf_table(alts[0])
            return [(table[i >> 1] >> ((i & 1) << 2)) & 15 for i in cands]
        texts = [body[i] for i in cands]
        if len(alts) == 1 and len(alts[0]) == 1 and len(cands) > _SCAN_COUNT_LIMIT:
            return list(map(int, map(operator.contains, texts, repeat(alts[0]))))
        counts = list(map(str.count, texts, repeat(alts[0])))
        for a in alts[1:]:
            counts = [c + t.count(a) for c, t in zip(counts, texts, strict=True)]
        return counts

    def _tf_table(self, gram: str) -> bytes:
        table = self._tf_cache.get(gram)
        if table is None:
            table = self._tf_cache[gram] = base64.b64decode(self._tf_codes[gram])
        return table

    def _own(self, number: str) -> set[int]:
        """The documents whose own 发文字号 is `number` (canonical form).

        令 are numbered per issuer: 国家发展和改革委员会令第40号 is the 第40号 whose issuer or
        title names 国家发展和改革委员会 (with or without 中华人民共和国).
        """
        if not number:
            return set()
        found = set(self._numbers.get(number, ()))
        n = docnumber.parse(number)
        if n is not None and n.series and n.issuer and not found:
            issuer = n.issuer.removeprefix("中华人民共和国")
            for tail in (n.tail, DocNumber("", None, n.serial, True).key):
                for i in self._numbers.get(tail, ()):
                    own = docnumber.of_document(self._docs[i].doc_number, self._docs[i].issuer)
                    if own is not None and (
                        n.matches(own) or issuer in self._issuer[i] or issuer in self._title[i]
                    ):
                        found.add(i)
        return found

    def _filtered(self, q: Query) -> set[int]:
        if self._meta is None:
            self._meta = [
                (fold(d.section), fold(d.issuer), fold(d.kind), d.date) for d in self._docs
            ]
        if any(f.key == "status" for f in q.filters):
            statuses = self.statuses()
            return {i for i, m in enumerate(self._meta) if q.accepts(*m, statuses[i])}
        return {i for i, m in enumerate(self._meta) if q.accepts(*m)}

    def statuses(self) -> list[str]:
        """Each document's 时效性 value, from `status_of` (set by `corpus.api.Library`)."""
        if self._statuses is None:
            of = self.status_of
            self._statuses = [of(d) if of else "未知" for d in self._docs]
        return self._statuses

    def _filter_notes(self, q: Query) -> list[str]:
        """Which filters match no document at all (a typo in type:通告 explains an empty result)."""
        assert self._meta is not None
        notes = []
        for f in q.filters:
            if f.key == "status":
                if not f.negate and not any(f.accepts("", "", "", "", v) for v in self.statuses()):
                    found = sorted(set(self.statuses()))
                    notes.append(f"no document has status “{f.value}”; statuses: {' '.join(found)}")
                continue
            if f.negate or any(f.accepts(*m) for m in self._meta):
                continue
            if f.key == "type":
                kinds = sorted({m[2] for m in self._meta if m[2]})
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
                or self._count(term, self._candidates(term, None))
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
        if len(text) == 2:
            return text in self._grams
        term = Term(text=text, alts=(text,))
        return any(
            text in self._head[i] or text in self._body[i] for i in self._candidates(term, None)
        )

    def _vocabulary(self) -> set[str] | None:
        if self._vocab is None and self._vocab_text:
            self._vocab = set(self._vocab_text.split("\n"))
        return self._vocab

    # -- results ------------------------------------------------------------------------
    def _result(self, i: int, score: float, terms: list[Term]) -> SearchResult:
        """Hits (every occurrence of every term, by paragraph), title marks and snippet."""
        doc = self._docs[i]
        patterns = [_pattern(t.alts) for t in terms]
        body = self._body[i]
        spans = [(*m.span(), k) for k, pt in enumerate(patterns) for m in pt.finditer(body)]
        if len(patterns) > 1:
            spans.sort()
        starts = self._starts(i)
        per_para: dict[int, list[tuple[int, int, int]]] = {}
        p = 0
        for s, e, k in spans:  # sorted: walk the paragraphs along
            while s >= starts[p + 1]:
                p += 1
            per_para.setdefault(p, []).append((s - starts[p], e - starts[p], k))
        hits: list[Hit] = []
        for p, found in per_para.items():
            pairs = [sp[:2] for sp in found]
            hits.extend(
                Hit(p, s, e) for s, e in (merge_spans(pairs) if len(patterns) > 1 else pairs)
            )
            if len(hits) >= MAX_HITS_PER_DOC:
                break
        title_marks = merge_spans(
            [m.span() for pt in patterns for m in pt.finditer(self._title[i])]
        )
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

    def _starts(self, i: int) -> list[int]:
        """Where each paragraph of document `i` starts in its body text (plus the end)."""
        starts = self._para_starts.get(i)
        if starts is None:
            paras = self._docs[i].paragraphs
            starts = list(accumulate((len(p.text) + 1 for p in paras), initial=0))
            self._para_starts[i] = starts
        return starts


def _pattern(alts: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a term's alternatives, longest first (re caches the compiled form)."""
    return re.compile("|".join(re.escape(a) for a in sorted(alts, key=len, reverse=True)))


def _filters_text(raw: str) -> str:
    """The filters of a raw query, re-typed, so a suggestion keeps them."""
    from corpus.query import filter_tokens

    return "".join(f" {t}" for t in filter_tokens(raw))


def _number_keys(doc: Document) -> set[str]:
    """A document's 发文字号 normalised; 令 numbers also bare (第40号, 2021年第1号)."""
    n = docnumber.first(doc.doc_number) if doc.doc_number else None
    if n is None:
        return set()
    if not n.series:
        return {n.key}
    return {n.key, n.tail, DocNumber("", None, n.serial, True).key}


def _matches(
    data: dict[str, Any] | None, docs: list[Document], fields: Sequence[tuple[str, ...]]
) -> bool:
    """Whether stored index `data` was built from exactly these documents, in this order."""
    if not data or data.get("version") != INDEX_VERSION or data.get("n") != len(docs):
        return False
    if data.get("ids") != [d.id for d in docs]:
        return False
    return data.get("lens") == [fingerprint(f) for f in fields]
