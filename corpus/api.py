"""The one small API the browser and the command line use to read the corpus.

`Library.open()` finds (or builds) the store, loads it once, and answers questions about
issues, documents, search and references from memory. jieba is never needed to open it.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus import docnumber
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

Progress = Callable[[str], None]


class Library:
    """An opened store: issues and documents in gazette order, plus the search index."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self._issues = [Issue.from_dict(d) for d in data["issues"]]
        shards: dict[str, str] = data.get("shards") or {}
        self._shards = shards
        self._docs = [
            _LazyDocument.of(Document.from_dict(d), self._fill)
            if d["issue"] in shards
            else Document.from_dict(d)
            for d in data["documents"]
        ]
        self._by_id = {d.id: d for d in self._docs}
        self._by_number: dict[str, Document] = {}
        self._orders: list[tuple[docnumber.DocNumber, Document]] = []
        for d in self._docs:
            own = docnumber.of_document(d.doc_number, d.issuer, d.kind) if d.doc_number else None
            if own is None:
                continue
            if own.series:
                self._orders.append((own, d))
            else:
                self._by_number.setdefault(own.key, d)
        self._meta: dict[str, Any] = data.get("meta") or {}
        self._index_data = data.get("index")
        self._links_data = data.get("links")
        self._links_file: str | None = data.get("links_file")
        self._facts_index: Any = data.get("facts")
        self._index: SearchIndex | None = None
        self._refs: Any = None
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
        data = store.load(db, links=False)
        try:
            lib = cls(db, data)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            from corpus.errors import StoreError
            from corpus.escape import escape

            raise StoreError(
                f"{escape(db)}: store is damaged ({type(exc).__name__}: {escape(exc)}); "
                "run `gongbao build` to rebuild it from your sources"
            ) from None
        # The corpus lives as long as the process: keep it out of the collector's
        # generations, so a full collection never pauses a search (≈80 ms at 10,000 documents).
        gc.freeze()
        return lib

    def _fill(self, issue: str) -> None:
        """Read one issue's shard into its documents (their paragraphs and outlines)."""
        from corpus import store

        rows = store.read_shard(self.path, self._shards[issue])
        for doc_id, row in rows.items():
            doc = self._by_id.get(doc_id)
            if doc is not None and "paragraphs" not in doc.__dict__:
                doc.__dict__["paragraphs"] = [Paragraph.from_dict(p) for p in row["paragraphs"]]
                doc.__dict__["outline"] = [Heading.from_dict(h) for h in row["outline"]]
        for doc in self._docs:  # a shard without a catalog row's document: nothing to show
            if doc.issue == issue and "paragraphs" not in doc.__dict__:
                doc.__dict__["paragraphs"] = []
                doc.__dict__["outline"] = []

    # -- issues and documents -------------------------------------------------------
    def issues(self) -> list[Issue]:
        return list(self._issues)

    def documents(self, issue: str | None = None) -> list[Document]:
        """Every document, top-level and attached, in gazette order."""
        return [d for d in self._docs if issue is None or d.issue == issue]

    def document(self, ref: str) -> Document | None:
        """A document by id or by 发文字号 in any common form (国办发[2017]6号, 全角 digits…)."""
        ref = ref.strip()
        if ref in self._by_id:
            return self._by_id[ref]
        number = docnumber.first(ref)
        if number is None:
            return None
        if not number.series:
            return self._by_number.get(number.key)
        # an order, with or without its issuer: 卫健委令第6号, 〔2021〕第1号, 第40号
        return next((d for own, d in self._orders if number.matches(own)), None)

    def issue(self, issue_id: str) -> Issue | None:
        return next((i for i in self._issues if i.id == issue_id), None)

    # -- search -----------------------------------------------------------------------
    @property
    def index(self) -> SearchIndex:
        """The search engine over this store: its index directory when that matches the
        store, else one built in memory (a store from before indexes, or a lost directory)."""
        if self._index is None:
            from corpus.search import SearchIndex, index_documents
            from corpus.tantivy_index import TantivyBackend, index_dir

            data = self._index_data if isinstance(self._index_data, dict) else {}
            vocab = data.get("vocab") or ""
            token = self._meta.get("search")
            backend = TantivyBackend.open(index_dir(self.path))
            if backend is None or not token or backend.token != token:
                backend = TantivyBackend.memory()
                index_documents(backend, self._docs)
                backend.commit()
            self._index = SearchIndex(backend, self._by_id.get, vocab)
            self._index.status_of = lambda d: self.status(d.id).value
            self._index.all_documents = lambda: self._docs
        return self._index

    def search(self, query: str, limit: int = 50) -> list[SearchResult]:
        """Ranked documents for `query` (see README for the syntax); raises QueryError."""
        return self.index.search(query, limit=limit)

    def run_search(self, query: str, limit: int = 50) -> SearchResponse:
        """Like `search`, with the total and the notes and suggestion shown to the user."""
        return self.index.run(query, limit=limit)

    # -- references -------------------------------------------------------------------
    def refs(self, doc_id: str) -> Refs:
        """What a document cites, what cites it, what it issues or repeals, when it applies."""
        from corpus.links import refs_for

        return refs_for(self._links(), doc_id, self._by_id)

    def _links(self) -> Any:
        """The stored links, read from their file on first use."""
        if self._links_data is None and self._links_file:
            from corpus import store

            self._links_data = store.read_links(self.path, self._links_file)
        return self._links_data

    # -- 时效性, 修订沿革, chains, diffs, cite-check ---------------------------------------
    def links_data(self) -> dict[str, Any]:
        """The store's links (computed now for an old store): what the analyses read."""
        from corpus.links import _links_or_compute

        return _links_or_compute(self._links(), self._by_id)

    def facts(self) -> Facts:
        """Who amends and repeals what: read from the store's facts files, a document's
        issue at a time (no shard, no links), or for a store without them collected now
        from the links and the texts."""
        if self._facts is None:
            from corpus import store
            from corpus.facts import FACTS_VERSION, Facts, collect

            index = self._facts_index
            if isinstance(index, dict) and index.get("version") == FACTS_VERSION:
                path = self.path
                self._facts = Facts.read(self._by_id, index, lambda n: store.read_facts(path, n))
            else:
                self._facts = collect(self._by_id, self.links_data())
        return self._facts

    def resolver(self) -> Resolver:
        """Look-ups from cited numbers and titles to the store's documents (built once)."""
        if self._resolver is None:
            from corpus.resolve import Resolver

            self._resolver = Resolver(self._docs)
        return self._resolver

    def check(self, path: Path) -> list[Finding]:
        """Cite-check a draft (.txt, .md, .docx): see `corpus.check`."""
        from corpus.check import check_file

        return check_file(self, path)

    def chain(self, doc_id: str) -> Chain:
        """The policy chain up and down from a document (see `corpus.chain`)."""
        from corpus.chain import chain_for

        return chain_for(self, self._by_id[doc_id])

    def diff(self, old_id: str, new_id: str) -> Diff:
        """Two versions compared article by article (see `corpus.diff`)."""
        from corpus.diff import diff_documents

        return diff_documents(self._by_id[old_id], self._by_id[new_id])

    def versions(self, doc_id: str) -> list[Document]:
        """Documents that may be other versions of this one, likeliest first."""
        from corpus.diff import versions_of

        return versions_of(self._by_id[doc_id], self._docs)

    def status(self, doc_id: str, today: str | None = None) -> Status:
        """A document's 时效性 with its evidence (see `corpus.status`)."""
        from corpus.status import status_of

        return status_of(self._by_id[doc_id], self.facts(), today)

    def history(self, doc_id: str) -> list[Event]:
        """A document's 修订沿革, oldest first (see `corpus.history`)."""
        from corpus.history import history_for

        return history_for(self._by_id[doc_id], self.facts())

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
        if not key or any(title_key(d.title) == key for d in self._docs):
            return None
        return next((o for o in known if o.title and title_key(o.title) == key), None)


class _LazyDocument(Document):
    """A document whose paragraphs and outline are read from its issue's shard on first use.

    The catalog gives every other field, so listing, the tree, 文号 lookup and search
    ranking never open a shard; reading a document (or its hits and snippet) opens one.
    """

    @classmethod
    def of(cls, doc: Document, fill: Callable[[str], None]) -> Document:
        del doc.__dict__["paragraphs"], doc.__dict__["outline"]
        doc.__class__ = cls
        doc.__dict__["_fill"] = fill
        return doc

    def __getattr__(self, name: str) -> Any:
        # only called for attributes not set: the heavy fields before their shard is read
        if name in ("paragraphs", "outline"):
            self.__dict__["_fill"](self.issue)
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
