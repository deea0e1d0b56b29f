"""The search backend on tantivy (an embedded Lucene-like engine): character n-gram fields.

Why n-grams and not words: a query must find every document that contains it as a
substring, however jieba would segment the text (振兴 inside 乡村振兴). Each field is indexed
twice: as character bigrams, one token per position (so tantivy's positions are character
positions), and as single characters. A word of n ≥ 2 characters is the phrase of its n−1
bigrams, which matches exactly the documents containing it; a one-character word is a
term of the unigram field. Whitespace inside a field becomes a stand-in character (an ASCII
space one the query can type in a phrase, any other whitespace one no query contains), so
a phrase never spans a gap it should not. Dates are an integer fast field (YYYYMMDD, 00 for
an unknown month or day), gazette order another; section, issuer and type filters are
substring tests on their own n-gram fields, like the words.

The index lives in a directory beside the store (`index_dir`) with a small JSON file of its
own (`gongbao-index.json`): the build token it matches, and per source the counts BM25F
needs. Opened read-only it is mmapped: nothing is parsed at start.

A second tantivy index in its `text/` folder stores what search reads of a document to rank
it exactly and cut its hits and snippet (title, 文号, issuer, date, body, the paragraphs'
kinds and lengths) in tantivy's compressed document store: reading one costs tens of
microseconds, where the document's issue shard (a JSON file of a whole issue) costs
milliseconds to parse. It is a separate index so the main one's stored records stay small:
reading the ids and titles of a hundred candidates stays cheap.
"""

from __future__ import annotations

import contextlib
import json
import operator
import os
import re
import shutil
import sys
import tempfile
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import tantivy

from corpus import docnumber
from corpus.backend import Candidate, Ranked, Stats, StoredDocument
from corpus.docnumber import DocNumber
from corpus.fold import fold
from corpus.model import Document
from corpus.query import Filter, Query, Term

#: Bump when the schema or the tokens change: an index of another version is rebuilt.
#: 3: the text search reads (body, paragraph layout, 文号, issuer, date) stored.
TANTIVY_VERSION = 3
META_FILE = "gongbao-index.json"
#: Fields searched for words, with their weights (BM25F-like: title and 文号 weigh most).
WORD_FIELDS = (("title", 4.0), ("number", 4.0), ("issuer", 2.0), ("body", 1.0))
FILTER_FIELDS = {"section": "section", "issuer": "issuer", "type": "kind"}
NUMBER_BOOST = 1000.0
SPACE = "\u2420"  # ␠ stands for an ASCII space (a quoted phrase may contain one)
GAP = "\ue000"  # any other whitespace, paragraph breaks included: no query contains it
_WS = re.compile(r"\s")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_HEAP = 128_000_000


def index_dir(db: Path) -> Path:
    """`search/` beside the default `store.json`, `<name>.search/` beside any other."""
    if db.name == "store.json":
        return db.with_name("search")
    return db.with_name(f"{db.stem}.search")


def _tokens_text(text: str) -> str:
    """The field's folded text with whitespace replaced by stand-ins (same length)."""
    t = fold(text)
    if _WS.search(t):  # spaces first (to SPACE, no whitespace), then the rest to GAP
        t = _WS.sub(GAP, t.replace(" ", SPACE))
    return t


def bigram_tokens(text: str) -> str:
    """One whitespace-separated token per character position: 乡村振兴 → 乡村 村振 振兴."""
    return _bigrams(_tokens_text(text))


def unigram_tokens(text: str) -> str:
    return _unigrams(_tokens_text(text))


#: A 4-byte array type code, and the UTF-32 codec of this machine's byte order: the token
#: strings are built as arrays of code points, one slice assignment per column, rather
#: than as millions of two-character strings (the feeding of a 100,000-document build).
_CODE = next(c for c in "IL" if array(c).itemsize == 4)
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
_BLANK = array(_CODE, [ord(" ")])


def _codes(t: str) -> array[int] | None:
    """The code points of `t` (None for a lone surrogate, which UTF-32 cannot encode)."""
    try:
        data = t.encode(_UTF32)
    except UnicodeEncodeError:
        return None
    codes = array(_CODE)
    codes.frombytes(data)
    return codes


def _bigrams(t: str) -> str:
    """`bigram_tokens` of text already through `_tokens_text`."""
    n = len(t)
    codes = _codes(t) if n > 1 else None
    if codes is None:
        return " ".join(map(operator.add, t, t[1:]))
    out = _BLANK * (3 * (n - 1))  # first character, second character, space
    out[0::3] = codes[:-1]
    out[1::3] = codes[1:]
    out.pop()
    return out.tobytes().decode(_UTF32)


def _unigrams(t: str) -> str:
    """`unigram_tokens` of text already through `_tokens_text`."""
    t = t.replace(GAP, "")
    codes = _codes(t) if t else None
    if codes is None:
        return " ".join(t)
    out = _BLANK * (2 * len(codes))
    out[0::2] = codes
    out.pop()
    return out.tobytes().decode(_UTF32)


def date_value(date: str) -> int | None:
    """YYYYMMDD for an ISO date (00 for what it leaves out); None for no date."""
    m = _DATE.match(date or "")
    if not m:
        return None
    return int(m.group(1)) * 10000 + int(m.group(2) or 0) * 100 + int(m.group(3) or 0)


def _bound(iso: str, high: bool) -> int:
    """A filter bound (an ISO prefix) as the lowest or highest YYYYMMDD it covers."""
    parts = iso.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (99 if high else 0)
    day = int(parts[2]) if len(parts) > 2 else (99 if high else 0)
    return year * 10000 + month * 100 + day


def number_keys(doc: Document) -> set[str]:
    """A document's 发文字号 normalised; 令 numbers also bare (第40号, 2021年第1号)."""
    n = docnumber.first(doc.doc_number) if doc.doc_number else None
    if n is None:
        return set()
    if not n.series:
        return {n.key}
    return {n.key, n.tail, DocNumber("", None, n.serial, True).key}


TEXT_DIR = "text"
#: Stored-only fields of the text index: the document as search reads it.
STORED_TEXT = ("title", "number", "issuer", "date", "body", "layout")
_TEXT_HEAP = 64_000_000


def layout(doc: Document) -> str:
    """The paragraphs' kinds and lengths, as JSON: with the body (the paragraphs joined by
    newlines) they give the paragraphs back, whatever characters they hold (`texts`). A
    bulk build's document carries it already (`stored_layout`: made where its text was)."""
    made = getattr(doc, "stored_layout", None)
    if isinstance(made, str):
        return made
    paras = doc.paragraphs
    return orjson.dumps([[p.kind for p in paras], [len(p.text) for p in paras]]).decode()


def _schema() -> Any:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    # stored for the title-coverage rerank of the best candidates (no catalog read)
    sb.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("source", tokenizer_name="raw")
    sb.add_text_field("numkey", tokenizer_name="raw")
    sb.add_unsigned_field("ord", fast=True, indexed=True)
    sb.add_integer_field("date", fast=True, indexed=True)
    for name in ("title", "number", "issuer", "body", "section", "kind"):
        sb.add_text_field(f"{name}_bi", tokenizer_name="whitespace", index_option="position")
        sb.add_text_field(f"{name}_uni", tokenizer_name="whitespace", index_option="freq")
    return sb.build()


def _text_schema() -> Any:
    """The text index: found by id (or source, to delete), read whole, never searched."""
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("source", tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("ord", fast=True)
    for name in STORED_TEXT:
        sb.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


class TantivyBackend:
    """A `corpus.backend.SearchBackend` on a tantivy index (on disk, or in memory)."""

    def __init__(self, index: Any, text: Any, path: Path | None, meta: dict[str, Any]) -> None:
        self._index = index
        self._schema = index.schema
        self._tix = text
        self._text_schema = text.schema
        self.path = path
        self._meta = meta
        self._writer: Any = None
        self._text_writer: Any = None
        self._stats: Stats | None = None
        self._searcher: Any = None
        self._text_searcher: Any = None

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def memory(cls) -> TantivyBackend:
        """An index held in memory (tests, or a store whose index directory is unusable)."""
        return cls(tantivy.Index(_schema()), tantivy.Index(_text_schema()), None, _new_meta())

    @classmethod
    def create(cls, path: Path) -> TantivyBackend:
        """A new, empty index at `path` (which must not exist yet)."""
        (path / TEXT_DIR).mkdir(parents=True)
        index = tantivy.Index(_schema(), path=str(path), reuse=False)
        text = tantivy.Index(_text_schema(), path=str(path / TEXT_DIR), reuse=False)
        return cls(index, text, path, _new_meta())

    @classmethod
    def open(cls, path: Path) -> TantivyBackend | None:
        """The index at `path`, or None when there is none of this version."""
        try:
            from corpus.store import _loads

            meta = _loads((path / META_FILE).read_bytes())
            if not isinstance(meta, dict) or meta.get("version") != TANTIVY_VERSION:
                return None
            if not isinstance(meta.get("sources"), dict):
                return None
            index = tantivy.Index.open(str(path))
            text = tantivy.Index.open(str(path / TEXT_DIR))
        except (OSError, ValueError):
            return None
        return cls(index, text, path, meta)

    @property
    def token(self) -> str:
        """The build token of the store this index was made for ("" if none)."""
        return str(self._meta.get("token", ""))

    def set_token(self, token: str) -> None:
        self._meta["token"] = token

    def sources(self) -> set[str]:
        return set(self._meta["sources"])

    # -- writing ------------------------------------------------------------------------
    def _w(self) -> Any:
        if self._writer is None:
            self._writer = self._index.writer(heap_size=_HEAP, num_threads=_threads())
        return self._writer

    def add(self, source: str, docs: Iterable[tuple[int, Document]]) -> None:
        writer = self._w()
        texts = self._tw()
        rec = self._meta["sources"].setdefault(source, {"n": 0, "title": 0, "body": 0, "kinds": []})
        kinds = set(rec["kinds"])
        for order, doc in docs:
            body = doc.text
            d = tantivy.Document()
            d.add_text("id", doc.id)
            d.add_text("title", doc.title)
            d.add_text("source", source)
            for key in number_keys(doc):
                d.add_text("numkey", key)
            d.add_unsigned("ord", order)
            day = date_value(doc.date)
            if day is not None:
                d.add_integer("date", day)
            for name, text in (
                ("title", doc.title),
                ("number", doc.doc_number),
                ("issuer", doc.issuer),
                ("body", body),
                ("section", doc.section),
                ("kind", doc.kind),
            ):
                if text:
                    tokens = _tokens_text(text)
                    d.add_text(f"{name}_bi", _bigrams(tokens))
                    d.add_text(f"{name}_uni", _unigrams(tokens))
            writer.add_document(d)
            t = tantivy.Document()
            t.add_text("id", doc.id)
            t.add_text("source", source)
            t.add_unsigned("ord", order)
            for name, value in zip(
                STORED_TEXT,
                (doc.title, doc.doc_number, doc.issuer, doc.date, body, layout(doc)),
                strict=True,
            ):
                t.add_text(name, value)
            texts.add_document(t)
            rec["n"] += 1
            rec["title"] += len(doc.title)
            rec["body"] += len(body)
            if doc.kind:
                kinds.add(fold(doc.kind))
        rec["kinds"] = sorted(kinds)
        self._stats = None

    def _tw(self) -> Any:
        if self._text_writer is None:
            self._text_writer = self._tix.writer(heap_size=_TEXT_HEAP, num_threads=1)
        return self._text_writer

    def delete_source(self, source: str) -> None:
        self._w().delete_documents_by_term("source", source)
        self._tw().delete_documents_by_term("source", source)
        self._meta["sources"].pop(source, None)
        self._stats = None

    def commit(self) -> None:
        # the text first: a document the main index finds always has its text (else the
        # store is read for it); the meta last, with the token that marks the index whole
        if self._text_writer is not None:
            self._text_writer.commit()
            self._text_writer.wait_merging_threads()
            self._text_writer = None
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        if self.path is not None:
            from corpus.store import write_atomic

            write_atomic(self.path / META_FILE, json.dumps(self._meta).encode("utf-8"))
        self._index.reload()
        self._tix.reload()
        self._searcher = None
        self._text_searcher = None

    def rollback(self) -> None:
        """Forget uncommitted changes (a failed add leaves the index as it was)."""
        for writer in (self._writer, self._text_writer):
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.rollback()
        self._writer = self._text_writer = None

    # -- reading ------------------------------------------------------------------------
    def _s(self) -> Any:
        if self._searcher is None:
            self._searcher = self._index.searcher()
        return self._searcher

    def stats(self) -> Stats:
        if self._stats is None:
            recs = list(self._meta["sources"].values())
            n = sum(r["n"] for r in recs)
            kinds = sorted({k for r in recs for k in r["kinds"]})
            self._stats = Stats(
                n=n,
                avg_title=(sum(r["title"] for r in recs) / n if n else 0.0) or 1.0,
                avg_body=(sum(r["body"] for r in recs) / n if n else 0.0) or 1.0,
                kinds=kinds,
            )
        return self._stats

    def search(
        self,
        query: Query,
        limit: int,
        *,
        own: dict[Term, set[str]] | None = None,
        allow: set[str] | None = None,
        deny: set[str] | None = None,
    ) -> Ranked:
        own = own or {}
        clauses: list[tuple[Any, Any]] = []
        for term in query.terms:
            clauses.append((tantivy.Occur.Must, self._term(term, own.get(term, set()), True)))
        if not query.terms:
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        clauses += self._filters(query.filters)
        for term in query.excludes:
            clauses.append((tantivy.Occur.MustNot, self._term(term, own.get(term, set()), False)))
        if allow is not None:
            ids = tantivy.Query.term_set_query(self._schema, "id", sorted(allow))
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(ids, 0.0)))
        if deny:
            ids = tantivy.Query.term_set_query(self._schema, "id", sorted(deny))
            clauses.append((tantivy.Occur.MustNot, ids))
        q = tantivy.Query.boolean_query(clauses)
        s = self._s()
        if query.terms:
            res = s.search(q, max(limit, 1), count=True)
        else:
            res = s.search(
                q, max(limit, 1), count=True, order_by_field="ord", order=tantivy.Order.Asc
            )
        hits = res.hits[: max(limit, 0)]
        addrs = [a for _, a in hits]
        orders = s.fast_field_values("ord", addrs) if addrs else []
        scores = [float(k) if query.terms else 0.0 for k, _ in hits]
        cands = []
        for a, sc, o in zip(addrs, scores, orders, strict=True):
            stored = s.doc(a)
            cands.append(
                Candidate(stored.get_first("id"), sc, int(o or 0), stored.get_first("title"))
            )
        return Ranked(cands, res.count)

    def texts(self, cands: Iterable[Candidate]) -> list[Document | None]:
        """Each candidate as search reads it, from the text index (no shard is read): id,
        title, 文号, issuer, date and the body cut into paragraphs (`StoredDocument`: kind
        and text; levels are not kept).
        An id indexed twice gives its first document, as the store's catalog does."""
        cands = list(cands)
        ids = sorted({c.id for c in cands})
        if not ids:
            return []
        if self._text_searcher is None:
            self._text_searcher = self._tix.searcher()
        s = self._text_searcher
        q = tantivy.Query.term_set_query(self._text_schema, "id", ids)
        res = s.search(
            q, len(ids) * 2 + 8, count=False, order_by_field="ord", order=tantivy.Order.Asc
        )
        found: dict[str, Document] = {}
        for _, a in res.hits:
            d = s.doc(a)
            doc_id = d.get_first("id")
            if doc_id in found:
                continue
            lay = d.get_first("layout")
            kinds, lengths = orjson.loads(lay) if lay else ([], [])
            doc = Document(
                id=doc_id,
                issue="",
                order=0,
                section="",
                title=d.get_first("title") or "",
                doc_number=d.get_first("number") or "",
                issuer=d.get_first("issuer") or "",
                date=d.get_first("date") or "",
            )
            found[doc_id] = StoredDocument.of(doc, d.get_first("body") or "", kinds, lengths)
        return [found.get(c.id) for c in cands]

    def count(
        self,
        term: Term | None = None,
        filters: Iterable[Filter] = (),
        own: set[str] | None = None,
    ) -> int:
        clauses: list[tuple[Any, Any]] = [
            (
                tantivy.Occur.Must,
                tantivy.Query.all_query()
                if term is None
                else self._term(term, own or set(), False),
            )
        ]
        clauses += self._filters(list(filters))
        return int(self._s().search(tantivy.Query.boolean_query(clauses), 1, count=True).count)

    def number_owners(self, keys: Iterable[str]) -> set[str]:
        keys = [k for k in keys if k]
        if not keys:
            return set()
        s = self._s()
        q = tantivy.Query.term_set_query(self._schema, "numkey", keys)
        res = s.search(q, 1000, count=False)
        return {s.doc(a).get_first("id") for _, a in res.hits}

    # -- queries ------------------------------------------------------------------------
    def _text(self, field: str, text: str, scored: bool = False) -> Any:
        """Documents whose `field` contains `text` (folded) as a substring.

        Scored, it is the phrase of every bigram (the engine's BM25 sums their idf). Only
        matched (a count, a filter, an exclusion), every other bigram is enough — 乡村 at 0
        and 振兴 at 2 cover 乡村振兴, plus the last one when the length is odd — the same
        documents, with half the postings to walk.
        """
        t = _tokens_text(text)
        if len(t) == 1:
            return tantivy.Query.term_query(self._schema, f"{field}_uni", t)
        if len(t) == 2:
            return tantivy.Query.term_query(self._schema, f"{field}_bi", t)
        grams: list[str | tuple[int, str]]
        if scored:
            grams = [t[i : i + 2] for i in range(len(t) - 1)]
        else:
            grams = [(i, t[i : i + 2]) for i in range(0, len(t) - 1, 2)]
            if len(t) % 2:
                grams.append((len(t) - 2, t[-2:]))
        return tantivy.Query.phrase_query(self._schema, f"{field}_bi", grams)

    def _term(self, term: Term, own: set[str], scored: bool) -> Any:
        """Any alternative of `term` in any word field, or one of the documents in `own`."""
        parts: list[tuple[Any, Any]] = []
        for alt in term.alts:
            if not alt:
                continue
            for name, weight in WORD_FIELDS:
                q = self._text(name, alt, scored)
                if scored and weight != 1.0:
                    q = tantivy.Query.boost_query(q, weight)
                parts.append((tantivy.Occur.Should, q))
        if own:
            q = tantivy.Query.term_set_query(self._schema, "id", sorted(own))
            parts.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, NUMBER_BOOST)))
        if not parts:
            return tantivy.Query.empty_query()
        return tantivy.Query.boolean_query(parts)

    def _filter(self, f: Filter) -> Any:
        if f.key in FILTER_FIELDS:
            return self._text(FILTER_FIELDS[f.key], f.value)
        lo = _bound(f.lo, False) if f.lo else None
        hi = _bound(f.hi, True) if f.hi else None
        if lo is None and hi is None:
            return tantivy.Query.empty_query()
        return tantivy.Query.range_query(self._schema, "date", tantivy.FieldType.Integer, lo, hi)

    def _filters(self, filters: list[Filter]) -> list[tuple[Any, Any]]:
        """Filters of one key are alternatives; keys must all hold; they never score."""
        by_key: dict[str, list[Any]] = {}
        out: list[tuple[Any, Any]] = []
        for f in filters:
            q = tantivy.Query.const_score_query(self._filter(f), 0.0)
            if f.negate:
                out.append((tantivy.Occur.MustNot, q))
            else:
                by_key.setdefault(f.key, []).append(q)
        for qs in by_key.values():
            either = [(tantivy.Occur.Should, q) for q in qs]
            out.append((tantivy.Occur.Must, tantivy.Query.boolean_query(either)))
        return out


def _new_meta() -> dict[str, Any]:
    return {"version": TANTIVY_VERSION, "token": "", "sources": {}}


def _threads() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def build_dir(
    db: Path, token: str, sources: Iterable[tuple[str, list[tuple[int, Document]]]]
) -> Path:
    """Index `sources` into a new directory beside `db` (not yet in place); its path.
    `sources` may be a generator: a bulk build indexes each file as it is processed."""
    target = index_dir(db)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    tmp.rmdir()
    backend: TantivyBackend | None = None
    try:
        backend = TantivyBackend.create(tmp)
        for source, docs in sources:
            backend.add(source, docs)
        backend.set_token(token)
        backend.commit()
    except BaseException:
        if backend is not None:
            backend.rollback()  # its threads stop writing before the directory goes
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def install_dir(db: Path, built: Path) -> None:
    """Put a directory from `build_dir` in place of the current index (old one removed)."""
    target = index_dir(db)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    built.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
