"""`LibraryAPI`: what the browser and the command line may ask of an opened corpus.

`corpus.api.Library` (the real store) and `tui.testing.FakeLibrary` (an in-memory test
double) both implement it, and mypy checks that they do; `tui/` and `corpus/commands/`
are written against this protocol, never against a store's internals. Import it (and the
data types it answers with) from `corpus.api`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from corpus.chain import Chain
    from corpus.check import Finding
    from corpus.diff import Diff
    from corpus.history import Event
    from corpus.links import Refs
    from corpus.model import Document, Issue
    from corpus.search import SearchResponse, SearchResult
    from corpus.status import Outside, Status


class LibraryAPI(Protocol):
    """An opened corpus: issues and documents in gazette order, search, references and the
    analyses (时效性, 沿革, chains, versions, diffs, cite-check).

    Methods taking a `doc_id` want an id the library gave out (`documents()`, `document()`,
    search results); an unknown id raises `KeyError` (`refs`: `NotFound`). Failures the
    user can act on (a bad query, a damaged store) raise `corpus.api.GongbaoError` with a
    one-line message.
    """

    # -- issues and documents ------------------------------------------------------------
    def issues(self) -> list[Issue]:
        """Every issue (or collection), in gazette order."""
        ...

    def issue(self, issue_id: str) -> Issue | None:
        """One issue by id, or None."""
        ...

    def documents(self, issue: str | None = None) -> list[Document]:
        """Every document (of one issue), top-level and attached, in gazette order."""
        ...

    def document(self, ref: str) -> Document | None:
        """A document by id or by 发文字号 in any common form, or None."""
        ...

    def count(self) -> int:
        """How many documents the store holds, without reading them all."""
        ...

    # -- search ------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[SearchResult]:
        """Ranked documents for `query`; raises `QueryError` for a query it cannot read."""
        ...

    def run_search(self, query: str, limit: int = 50) -> SearchResponse:
        """Like `search`, with the total and the notes (filters, suggestions) shown to the
        user: the command line and the browser both print it through `describe()`."""
        ...

    # -- references and analyses -------------------------------------------------------------
    def refs(self, doc_id: str) -> Refs:
        """What a document cites, what cites it, what it issues or repeals, when it applies."""
        ...

    def status(self, doc_id: str, today: str | None = None) -> Status:
        """A document's 时效性 with its evidence."""
        ...

    def history(self, doc_id: str) -> list[Event]:
        """A document's 修订沿革, oldest first."""
        ...

    def outside(self, ref: str) -> Outside | None:
        """A document not in the store that store documents repeal or amend, or None."""
        ...

    def chain(self, doc_id: str) -> Chain:
        """The policy chain up and down from a document."""
        ...

    def versions(self, doc_id: str) -> list[Document]:
        """Documents that may be other versions of this one, likeliest first."""
        ...

    def diff(self, old_id: str, new_id: str) -> Diff:
        """Two versions compared article by article."""
        ...

    def check(self, path: Path) -> list[Finding]:
        """Cite-check a draft (.txt, .md, .docx) against the store."""
        ...
