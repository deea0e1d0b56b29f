"""The one small API the browser and the command line use to read the corpus.

`Library.open()` finds (or builds) the store, loads it once, and answers questions about
issues, documents, search and references from memory. jieba is never needed to open it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus import docnumber
from corpus.model import Document, Issue

if TYPE_CHECKING:
    from corpus.links import Refs
    from corpus.search import SearchIndex, SearchResponse, SearchResult

Progress = Callable[[str], None]


class Library:
    """An opened store: issues and documents in gazette order, plus the search index."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self._issues = [Issue.from_dict(d) for d in data["issues"]]
        self._docs = [Document.from_dict(d) for d in data["documents"]]
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
        self._index_data = data.get("index")
        self._links_data = data.get("links")
        self._index: SearchIndex | None = None
        self._refs: Any = None

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
        data = store.load(db)
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
        if self._index is None:
            from corpus.search import SearchIndex

            self._index = SearchIndex.from_data(self._index_data, self._docs)
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

        return refs_for(self._links_data, doc_id, self._by_id)
