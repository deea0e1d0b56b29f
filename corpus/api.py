"""The one small API the browser and the command line use to read the corpus.

`Library.open()` finds (or builds) the store, loads it once, and answers questions about
issues, documents, search and references from memory. jieba is never needed to open it.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import gc
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, cast

from corpus import docnumber
from corpus.errors import GongbaoError
from corpus.model import Document, Heading, Issue, Paragraph

if TYPE_CHECKING:
    from corpus.chain import Chain
    from corpus.check import Finding
    from corpus.diff import Diff
    from corpus.facts import Facts
    from corpus.history import Event
    from corpus.links import Refs
    from corpus.resolve import Resolver
    from corpus.search import SearchIndex, SearchResponse, SearchResult
    from corpus.status import Outside, Status
    from corpus.store import Store

Progress = Callable[[str], None]
#: How many issues' text shards a library keeps parsed (each a few hundred kB of rows).
TEXT_SHARDS_KEPT = 4


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _locked(
    method: Callable[Concatenate[Library, _P], _R],
) -> Callable[Concatenate[Library, _P], _R]:
    """Run under the library's lock: the app reads documents from worker threads (search,
    references, the palette) while the loop reads them for the tree, and a shard read
    half-way in one thread must not be read again, or its rows dropped, by another."""

    @functools.wraps(method)
    def run(self: Library, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            return method(self, *args, **kwargs)

    return run


class Library:
    """An opened store: issues and documents in gazette order, plus the search index.

    Opening reads only the catalog (meta and issues). An issue's documents are read from
    its catalog shard the first time something asks for them (`documents(issue)`, a
    document by id or 发文字号, a search result, its references), their text from its text
    shard the first time a paragraph is read; `documents()` with no issue reads them all.
    """

    def __init__(self, path: Path, data: dict[str, Any], source: Store | None = None) -> None:
        from corpus import store

        self.path = path
        #: where every read goes (`corpus.store.Store`): the TinyDB files unless given
        self._store: Store = source if source is not None else store.ShardedStore(path)
        self._meta: dict[str, Any] = data.get("meta") or {}
        self._issues = [Issue.from_dict(d) for d in data["issues"]]
        self._issue_by_id = {i.id: i for i in self._issues}
        self._shards: dict[str, str] = dict(self._meta.get("shards") or {})
        self._catalogs: dict[str, str] = dict(self._meta.get("catalogs") or {})
        self._files: dict[str, str] = dict(self._meta.get("files") or {})
        self._strays: dict[str, str] = dict(self._meta.get("strays") or {})
        self._issue_of_id = store.issue_of_id
        # rows already read by the caller (`store.load`): used instead of reading the shards
        self._given: dict[str, list[dict[str, Any]]] = {}
        for row in data.get("documents") or []:
            self._given.setdefault(row["issue"], []).append(row)
        self._lock = threading.RLock()
        self._loaded: dict[str, list[Document]] = {}
        self._row_cache: dict[str, dict[str, dict[str, Any]]] = {}
        self._row_order: dict[str, list[dict[str, Any]]] = {}
        self._by_id: dict[str, Document] = {}
        self._link_rows: dict[str, dict[str, Any]] = {}
        self._link_issues: set[str] = set()
        self._texts: dict[str, dict[str, dict[str, Any]]] = {}
        self._refs_files: dict[str, str] = dict(self._meta.get("refs") or {})
        self._numbers: dict[str, Any] | None = None
        self._orders: list[tuple[docnumber.DocNumber, str]] | None = None
        self._links_data: Any = data.get("links")
        # the facts files' index (`corpus.facts.stored`): status and history read from them
        self._facts_index: Any = self._meta.get("facts") or data.get("facts")
        self._index: SearchIndex | None = None
        self._facts: Facts | None = None
        self._resolver: Resolver | None = None
        self._outside: list[Outside] | None = None

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        build: bool = True,
        progress: Progress | None = None,
    ) -> Library:
        """Open the store at `path` (default: `GONGBAO_DB` or the user data dir).

        When the store is missing or stale (another version, or it does not hold what the
        source list says) and `build` is true, it is rebuilt from the bundled seeds and the
        user's added sources first (`corpus.changes`), reporting each stage to `progress`.
        Raises `corpus.errors.GongbaoError` with a one-line message on failure.
        """
        from corpus import store
        from corpus.paths import default_db_path

        db = Path(path) if path is not None else default_db_path()
        if build:
            from corpus.changes import ensure_store

            ensure_store(db, progress or (lambda _msg: None))
        source = store.ShardedStore(db)
        data = source.catalog()
        try:
            lib = cls(db, data, source)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise _damaged(db, exc) from None
        # What is read stays as long as the process: keep it out of the collector's
        # generations, so a full collection never pauses a search (≈80 ms at 10,000 documents).
        gc.freeze()
        return lib

    @_locked
    def _rows(self, issue: str) -> dict[str, dict[str, Any]]:
        """One issue's catalog rows by document id, read from its shard once."""
        found = self._row_cache.get(issue)
        if found is not None:
            return found

        if issue in self._given:
            rows = self._given.pop(issue)
        elif issue in self._catalogs:
            rows = self._store.tables(self._catalogs[issue]).get("documents", [])
        else:
            rows = []
        try:
            found = {r["id"]: r for r in reversed(rows)}  # the first row of an id wins
            self._row_order[issue] = rows
        except (KeyError, TypeError) as exc:
            raise _damaged(self.path, exc) from None
        self._row_cache[issue] = found
        return found

    def _make(self, row: dict[str, Any], issue: str) -> Document:
        """A document from its catalog row; its text is read when first asked for."""
        try:
            doc = Document.from_dict(row)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise _damaged(self.path, exc) from None
        return _LazyDocument.of(doc, self._fill) if issue in self._shards else doc

    @_locked
    def _load(self, issue: str) -> list[Document]:
        """One issue's documents, in order, made from its catalog shard on first use."""
        found = self._loaded.get(issue)
        if found is not None:
            return found
        self._rows(issue)
        docs: list[Document] = []
        seen: set[str] = set()
        for row in self._row_order[issue]:
            doc_id = row["id"]
            doc = self._by_id.get(doc_id) if doc_id not in seen else None
            if doc is None:  # not made yet, or a repeated id (its own document)
                doc = self._make(row, issue)
                self._by_id.setdefault(doc_id, doc)
            seen.add(doc_id)
            docs.append(doc)
        self._loaded[issue] = docs
        # every document is made now: the rows are not needed again
        del self._row_cache[issue], self._row_order[issue]
        return docs

    @_locked
    def _fill(self, doc: Document) -> None:
        """Give one document its paragraphs and outline from its issue's text shard (the
        shard's rows are kept for the few issues read last: their other documents are
        often next, as search results or the following document in the tree)."""
        rows = self._text_rows(doc.issue)
        row = rows.get(doc.id) or {}  # a shard without a catalog row's document: no text
        doc.__dict__["paragraphs"] = [Paragraph.from_dict(p) for p in row.get("paragraphs", [])]
        doc.__dict__["outline"] = [Heading.from_dict(h) for h in row.get("outline", [])]

    def _text_rows(self, issue: str) -> dict[str, dict[str, Any]]:
        """One issue's text shard, by document id (read once while among the last few)."""
        rows = self._texts.pop(issue, None)
        if rows is None:
            rows = self._store.shard(self._shards[issue])
            if len(self._texts) >= TEXT_SHARDS_KEPT:
                del self._texts[next(iter(self._texts))]
        self._texts[issue] = rows  # most recent last
        return rows

    @_locked
    def _doc(self, doc_id: str) -> Document | None:
        """A document by id, reading its issue's catalog shard if need be."""
        found = self._by_id.get(doc_id)
        if found is None:
            issue = self._strays.get(doc_id) or self._issue_of_id(doc_id, self._catalogs)
            if issue is None or issue in self._loaded:
                return None
            row = self._rows(issue).get(doc_id)
            if row is None:
                return None
            found = self._by_id[doc_id] = self._make(row, issue)
        return found

    def _require(self, doc_id: str) -> Document:
        """A document by id; KeyError (as a dict would) when there is none."""
        doc = self._doc(doc_id)
        if doc is None:
            raise KeyError(doc_id)
        return doc

    def _all_by_id(self) -> dict[str, Document]:
        """Every document by id, in gazette order (reads every catalog shard)."""
        return {d.id: d for d in self.documents()}

    # -- issues and documents -------------------------------------------------------
    def issues(self) -> list[Issue]:
        return list(self._issues)

    def count(self) -> int:
        """How many documents the store holds, without reading them (the status line)."""
        known = self._meta.get("documents")
        return known if isinstance(known, int) else len(self.documents())

    def documents(self, issue: str | None = None) -> list[Document]:
        """Every document, top-level and attached, in gazette order; or one issue's."""
        if issue is not None:
            return [d for d in self._load(issue) if d.issue == issue]
        order = [*self._issue_by_id, *(i for i in self._catalogs if i not in self._issue_by_id)]
        return [d for i in order for d in self._load(i)]

    def document(self, ref: str) -> Document | None:
        """A document by id or by 发文字号 in any common form (国办发[2017]6号, 全角 digits…)."""
        ref = ref.strip()
        found = self._doc(ref)
        if found is not None:
            return found
        number = docnumber.first(ref)
        if number is None:
            return None
        table = self.number_table()
        if not number.series:
            doc_id = table.get("keys", {}).get(number.key)
            return self._doc(doc_id) if doc_id else None
        # an order, with or without its issuer: 卫健委令第6号, 〔2021〕第1号, 第40号
        if self._orders is None:
            self._orders = [
                (docnumber.DocNumber(p, y, n, True), i) for p, y, n, i in table.get("orders", [])
            ]
        return next((self._doc(i) for own, i in self._orders if number.matches(own)), None)

    def number_table(self) -> dict[str, Any]:
        """The 发文字号 look-up written with the store (see `corpus.store.write`)."""
        if self._numbers is None:
            from corpus import store

            if "numbers" in self._files:
                found = self._store.single(self._files["numbers"])
            else:
                found = store.number_table([d.to_dict() for d in self.documents()])
            if not isinstance(found, dict):
                raise _damaged(self.path, TypeError("numbers"))
            self._numbers = found
        return self._numbers

    def issue(self, issue_id: str) -> Issue | None:
        return self._issue_by_id.get(issue_id)

    # -- search -----------------------------------------------------------------------
    @property
    def index(self) -> SearchIndex:
        """The search engine over this store: its index directory when that matches the
        store, else one built in memory (a store from before indexes, or a lost directory)."""
        if self._index is None:
            from corpus.search import SearchIndex, index_documents
            from corpus.tantivy_index import TantivyBackend, index_dir

            token = self._meta.get("search")
            backend = TantivyBackend.open(index_dir(self.path))
            if backend is None or not token or backend.token != token:
                backend = TantivyBackend.memory()
                index_documents(backend, self.documents())
                backend.commit()
            self._index = SearchIndex(backend, self._doc, self._vocabulary)
            self._index.status_of = lambda d: self.status(d.id).value
            self._index.all_documents = self.documents
        return self._index

    def _vocabulary(self) -> str:
        """The corpus's words for query-split suggestions, read when one is needed."""

        if "vocab" not in self._files:
            return ""
        data = self._store.single(self._files["vocab"])
        return (data.get("vocab") or "") if isinstance(data, dict) else ""

    def search(self, query: str, limit: int = 50) -> list[SearchResult]:
        """Ranked documents for `query` (see README for the syntax); raises QueryError."""
        return self.index.search(query, limit=limit)

    def run_search(self, query: str, limit: int = 50) -> SearchResponse:
        """Like `search`, with the total and the notes and suggestion shown to the user."""
        return self.index.run(query, limit=limit)

    # -- references -------------------------------------------------------------------
    def refs(self, doc_id: str) -> Refs:
        """What a document cites, what cites it, what it issues or repeals, when it applies.

        Reads the document's own links from its issue's catalog shard (and the shards of
        the documents named), never the whole corpus's."""
        from corpus.errors import NotFound
        from corpus.links import LINKS_VERSION, refs_for

        if self._doc(doc_id) is None:
            raise NotFound(f"no document {doc_id}")
        if self._links_version() != LINKS_VERSION:  # an old store: links computed now
            return refs_for(self.links_data(), doc_id, self._all_by_id())
        row = self._link_row(doc_id)
        kids = [k for k in row.get("children", []) if self._doc(k) is not None]
        rows = {k: self._link_row(k) for k in kids}
        citing = row.get("cited_by", [])
        by_id = {i: d for i in (doc_id, *kids, *citing) if (d := self._doc(i)) is not None}
        parents = {k: doc_id for k in kids}
        if row.get("parent"):
            parents[doc_id] = row["parent"]
        data = {
            "version": LINKS_VERSION,
            "citations": {
                i: r["citations"] for i, r in ((doc_id, row), *rows.items()) if "citations" in r
            },
            "cited_by": {doc_id: citing},
            "parents": parents,
            "effective": {doc_id: row["effective"]} if "effective" in row else {},
            "repeals": {
                i: r["repeals"] for i, r in ((doc_id, row), *rows.items()) if "repeals" in r
            },
        }
        return refs_for(data, doc_id, by_id)

    def _link_row(self, doc_id: str) -> dict[str, Any]:
        """A document's own links, read with its issue's (see `corpus.store.write`)."""
        doc = self._doc(doc_id)
        if doc is None:
            return {}
        if doc.issue not in self._link_issues:
            self._link_issues.add(doc.issue)
            name = self._refs_files.get(doc.issue)
            if name:
                for row in self._store.tables(name).get("documents", []):
                    if isinstance(row.get("id"), str):
                        self._link_rows[row["id"]] = row
        return self._link_rows.get(doc_id, {})

    def _links_version(self) -> Any:
        """The stored links' version (None in a store without links)."""
        if self._links_data is not None:
            return self._links_data.get("version") if isinstance(self._links_data, dict) else None

        if "links" not in self._files:
            return None
        versions = self._meta.get("versions")
        if isinstance(versions, dict) and "links" in versions:
            return versions["links"]  # the catalog says: no need to parse the links file
        found = self._store.single(self._files["links"])
        return found.get("version") if isinstance(found, dict) else None

    def _links(self) -> Any:
        """Every stored link, put together from every catalog shard on first use."""
        if self._links_data is None and self._files.get("links"):
            self._links_data = self._store.links(
                {"meta": self._meta, "issues": [i.to_dict() for i in self._issues]}
            )
        return self._links_data

    # -- 时效性, 修订沿革, chains, diffs, cite-check ---------------------------------------
    def links_data(self) -> dict[str, Any]:
        """The store's links (computed now for an old store): what the analyses read."""
        from corpus.links import _links_or_compute

        return _links_or_compute(self._links(), self._all_by_id())

    def facts(self) -> Facts:
        """Who amends and repeals what: read from the store's facts files, a document's
        issue at a time (no shard, no links), or for a store without them collected now
        from the links and the texts."""
        if self._facts is None:
            from corpus.facts import FACTS_VERSION, Facts, collect

            index = self._facts_index
            if isinstance(index, dict) and index.get("version") == FACTS_VERSION:
                # Facts only reads it as a mapping (get, [], in, values): a lazy one will do
                docs = cast("dict[str, Document]", _Documents(self))
                self._facts = Facts.read(docs, index, self._store.facts)
            else:
                self._facts = collect(self._all_by_id(), self.links_data())
        return self._facts

    def resolver(self) -> Resolver:
        """Look-ups from cited numbers and titles to the store's documents (built once)."""
        if self._resolver is None:
            from corpus.resolve import Resolver

            self._resolver = Resolver(self.documents())
        return self._resolver

    def check(self, path: Path) -> list[Finding]:
        """Cite-check a draft (.txt, .md, .docx): see `corpus.check`."""
        from corpus.check import check_file

        return check_file(self, path)

    def chain(self, doc_id: str) -> Chain:
        """The policy chain up and down from a document (see `corpus.chain`)."""
        from corpus.chain import chain_for

        return chain_for(self, self._require(doc_id))

    def diff(self, old_id: str, new_id: str) -> Diff:
        """Two versions compared article by article (see `corpus.diff`)."""
        from corpus.diff import diff_documents

        return diff_documents(self._require(old_id), self._require(new_id))

    def versions(self, doc_id: str) -> list[Document]:
        """Documents that may be other versions of this one, likeliest first."""
        from corpus.diff import versions_of

        return versions_of(self._require(doc_id), self.documents())

    def status(self, doc_id: str, today: str | None = None) -> Status:
        """A document's 时效性 with its evidence (see `corpus.status`)."""
        from corpus.status import status_of

        return status_of(self._require(doc_id), self.facts(), today)

    def history(self, doc_id: str) -> list[Event]:
        """A document's 修订沿革, oldest first (see `corpus.history`)."""
        from corpus.history import history_for

        return history_for(self._require(doc_id), self.facts())

    def outside(self, ref: str) -> Outside | None:
        """A document not in the store that store documents repeal or amend, by 文号 or
        《title》: 保监会令2008年第1号 → 已废止 by 银保监会令2021年第1号."""
        from corpus.citations import find_numbers, title_key
        from corpus.facts import number_matches
        from corpus.status import outside_documents

        numbers = find_numbers(ref.strip())
        if self._outside is None:
            self._outside = outside_documents(self.facts())
        known = self._outside
        if numbers:
            want = numbers[0].value
            return next(
                (o for o in known if o.doc_number and number_matches(want, o.doc_number)), None
            )
        key = title_key(ref.strip().strip("《》"))
        if not key or any(title_key(d.title) == key for d in self.documents()):
            return None
        return next((o for o in known if o.title and title_key(o.title) == key), None)


class _Documents(Mapping[str, Document]):
    """The library's documents as a read-only mapping by id that reads an issue only when
    one of its documents is asked for: what `corpus.facts.Facts` looks documents up in.
    Iterating it (a whole-corpus analysis) reads them all."""

    def __init__(self, library: Library) -> None:
        self._library = library

    def __getitem__(self, doc_id: str) -> Document:
        return self._library._require(doc_id)

    def get(self, doc_id: str, default: Any = None) -> Any:  # type: ignore[override]
        found = self._library._doc(doc_id)
        return default if found is None else found

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self._library._doc(doc_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._library._all_by_id())

    def __len__(self) -> int:
        return self._library.count()


def _damaged(db: Path, exc: BaseException) -> GongbaoError:
    """The one-line error for a store whose rows are not what this version writes."""
    from corpus.errors import StoreError
    from corpus.escape import escape

    return StoreError(
        f"{escape(db)}: store is damaged ({type(exc).__name__}: {escape(exc)}); "
        "run `gongbao build` to rebuild it from your sources"
    )


class _LazyDocument(Document):
    """A document whose paragraphs and outline are read from its issue's shard on first use.

    The catalog gives every other field, so listing, the tree, 文号 lookup and search
    ranking never open a shard; reading a document (or its hits and snippet) opens one.
    """

    @classmethod
    def of(cls, doc: Document, fill: Callable[[Document], None]) -> Document:
        del doc.__dict__["paragraphs"], doc.__dict__["outline"]
        doc.__class__ = cls
        doc.__dict__["_fill"] = fill
        return doc

    def __getattr__(self, name: str) -> Any:
        # only called for attributes not set: the heavy fields before their shard is read
        if name in ("paragraphs", "outline"):
            self.__dict__["_fill"](self)
            return self.__dict__[name]
        raise AttributeError(name)

    def plain(self) -> Document:
        """A plain `Document` with every field read (for copies and pickles)."""
        return Document(**{f.name: getattr(self, f.name) for f in dataclasses.fields(Document)})

    def __copy__(self) -> Document:
        return self.plain()

    def __deepcopy__(self, memo: dict[int, Any]) -> Document:
        return copy.deepcopy(self.plain(), memo)

    def __reduce__(self) -> str | tuple[Any, ...]:
        return self.plain().__reduce__()


# == The boundary ======================================================================
# `tui/` and `corpus/commands/` import from `corpus.api` only (tests/test_layers.py checks
# it): `Library`, the `LibraryAPI` protocol it implements, and the names below — the data
# types its answers are made of, the errors, and the functions that format, cite, export
# and change the store. They are loaded on first use (PEP 562), so importing `corpus.api`
# costs no more than before: a command or the browser's first paint pays for what it uses.

if TYPE_CHECKING:
    from corpus.api_types import LibraryAPI as LibraryAPI
    from corpus.background import Child as Child
    from corpus.chain import Chain as Chain
    from corpus.chain import Link as Link
    from corpus.chain import chain_outside as chain_outside
    from corpus.changes import Added as Added
    from corpus.changes import add_files as add_files
    from corpus.changes import build as build
    from corpus.changes import current_list as current_list
    from corpus.changes import remove as remove
    from corpus.changes import warm_up as warm_up
    from corpus.check import Finding as Finding
    from corpus.citations import Citation as Citation
    from corpus.citations import find_numbers as find_numbers
    from corpus.cite import STYLE_NAMES as STYLE_NAMES
    from corpus.cite import STYLES as STYLES
    from corpus.cite import cite as cite
    from corpus.cite import format_records as format_records
    from corpus.cite import record as record
    from corpus.diff import Change as Change
    from corpus.diff import Diff as Diff
    from corpus.diff import diff_documents as diff_documents
    from corpus.diff import versions_of as versions_of
    from corpus.errors import GongbaoError as GongbaoError
    from corpus.errors import InputError as InputError
    from corpus.errors import NotFound as NotFound
    from corpus.errors import QueryError as QueryError
    from corpus.errors import StoreError as StoreError
    from corpus.escape import blank as blank
    from corpus.escape import escape as escape
    from corpus.export import ExportError as ExportError
    from corpus.export import FileExists as FileExists
    from corpus.export import default_filename as default_filename
    from corpus.export import export as export
    from corpus.formats.batch import FileResult as FileResult
    from corpus.formats.batch import expand as expand
    from corpus.formats.batch import read_one as read_one
    from corpus.history import Event as Event
    from corpus.links import Refs as Refs
    from corpus.links import brief as brief
    from corpus.normalize import fold_width as fold_width
    from corpus.paths import default_db_path as default_db_path
    from corpus.paths import state_path as state_path
    from corpus.progress import build_progress as build_progress
    from corpus.query import Query as Query
    from corpus.query import parse_query as parse_query
    from corpus.reflist import RefEntry as RefEntry
    from corpus.reflist import citation_relation as citation_relation
    from corpus.reflist import entries as entries
    from corpus.search import Hit as Hit
    from corpus.search import SearchResponse as SearchResponse
    from corpus.search import SearchResult as SearchResult
    from corpus.search import describe as describe
    from corpus.sourcelist import BUNDLED as BUNDLED
    from corpus.sourcelist import SourceList as SourceList
    from corpus.sources import bundled_sources as bundled_sources
    from corpus.sources import directory_sources as directory_sources
    from corpus.status import Outside as Outside
    from corpus.status import Status as Status
    from corpus.writelock import writer as writer

    def _conforms(lib: Library) -> LibraryAPI:
        return lib  # mypy: the real store implements the protocol the UI is written against


#: Re-exported name → the module that defines it (loaded when the name is first used).
REEXPORTS: dict[str, str] = {
    "LibraryAPI": "corpus.api_types",
    "Child": "corpus.background",
    **dict.fromkeys(["Chain", "Link", "chain_outside"], "corpus.chain"),
    **dict.fromkeys(
        ["Added", "add_files", "build", "current_list", "remove", "warm_up"], "corpus.changes"
    ),
    "Finding": "corpus.check",
    **dict.fromkeys(["Citation", "find_numbers"], "corpus.citations"),
    **dict.fromkeys(["STYLE_NAMES", "STYLES", "cite", "format_records", "record"], "corpus.cite"),
    **dict.fromkeys(["Change", "Diff", "diff_documents", "versions_of"], "corpus.diff"),
    **dict.fromkeys(
        ["GongbaoError", "InputError", "NotFound", "QueryError", "StoreError"], "corpus.errors"
    ),
    **dict.fromkeys(["blank", "escape"], "corpus.escape"),
    **dict.fromkeys(["ExportError", "FileExists", "default_filename", "export"], "corpus.export"),
    **dict.fromkeys(["FileResult", "expand", "read_one"], "corpus.formats.batch"),
    "Event": "corpus.history",
    **dict.fromkeys(["Refs", "brief"], "corpus.links"),
    "fold_width": "corpus.normalize",
    **dict.fromkeys(["default_db_path", "state_path"], "corpus.paths"),
    "build_progress": "corpus.progress",
    **dict.fromkeys(["Query", "parse_query"], "corpus.query"),
    **dict.fromkeys(["RefEntry", "citation_relation", "entries"], "corpus.reflist"),
    **dict.fromkeys(["Hit", "SearchResponse", "SearchResult", "describe"], "corpus.search"),
    **dict.fromkeys(["BUNDLED", "SourceList"], "corpus.sourcelist"),
    **dict.fromkeys(["bundled_sources", "directory_sources"], "corpus.sources"),
    **dict.fromkeys(["Outside", "Status"], "corpus.status"),
    "writer": "corpus.writelock",
}

__all__ = [
    "Document",
    "Heading",
    "Issue",
    "Library",
    "Paragraph",
    "Progress",
    *REEXPORTS,
]

if not TYPE_CHECKING:  # hidden from mypy, which then rejects a name that is not exported

    def __getattr__(name: str) -> Any:
        module = REEXPORTS.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(module), name)
        globals()[name] = value  # once: later look-ups do not come here
        return value
