"""The seam between gongbao's search and the engine that answers it.

`corpus.search.SearchIndex` parses a query, asks a `SearchBackend` for the documents that
match it (ranked, with the total count), then reranks the best of them exactly and cuts
hits and snippets from their text. The backend only has to know the query language's
semantics — every word is a substring of some field, filters restrict, exclusions remove —
so an embedded engine (`corpus.tantivy_index`) and a server (OpenSearch, see
docs/scaling.md) can stand behind the same protocol.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from corpus.model import Document, Paragraph
from corpus.query import Filter, Query, Term


class StoredDocument(Document):
    """A document as an engine stores it for search (`SearchBackend.texts`): the fields a
    result shows, the body, and each paragraph's kind and length. Its `paragraphs` are made
    only when read: ranking reads the body, hits the lengths, a snippet one paragraph."""

    body: str
    kinds: list[str]
    lengths: list[int]

    @classmethod
    def of(cls, doc: Document, body: str, kinds: list[str], lengths: list[int]) -> StoredDocument:
        """`doc` (its paragraphs left empty) holding `body` cut as `kinds` and `lengths` say."""
        del doc.__dict__["paragraphs"]
        doc.__class__ = cls
        doc.__dict__.update(body=body, kinds=kinds, lengths=lengths)
        return doc  # type: ignore[return-value]  # the class was changed in place

    @property
    def text(self) -> str:
        return self.body

    def paragraph_text(self, p: int) -> str:
        """The text of paragraph `p`, cut from the body."""
        at = sum(self.lengths[:p]) + p
        return self.body[at : at + self.lengths[p]]

    def __getattr__(self, name: str) -> object:
        # only called for attributes not set: the paragraphs, until something reads them
        if name == "paragraphs":
            at = 0
            made: list[Paragraph] = []
            for kind, n in zip(self.kinds, self.lengths, strict=True):
                made.append(Paragraph(kind, self.body[at : at + n]))
                at += n + 1
            self.__dict__["paragraphs"] = made
            return made
        raise AttributeError(name)


@dataclass(frozen=True)
class Candidate:
    """A matching document as the engine ranks it: its id, engine score and gazette order."""

    id: str
    score: float
    order: int
    #: its title, when the engine stores it: ranking the candidates then reads no catalog
    title: str | None = None


@dataclass
class Ranked:
    """The engine's answer: the best `candidates` (engine order) and how many matched."""

    candidates: list[Candidate]
    total: int


@dataclass
class Stats:
    """Corpus-wide numbers exact BM25F needs: document count and average field lengths."""

    n: int = 0
    avg_title: float = 1.0
    avg_body: float = 1.0
    kinds: list[str] = field(default_factory=list)  # every (folded) document type


class SearchBackend(Protocol):
    """What an engine must do for gongbao's search; ids are `Document.id`."""

    def add(self, source: str, docs: Iterable[tuple[int, Document]]) -> None:
        """Index `docs` (gazette order, document) as belonging to `source` (an issue id)."""
        ...

    def delete_source(self, source: str) -> None:
        """Drop every document indexed for `source`."""
        ...

    def commit(self) -> None:
        """Make additions and deletions durable and visible to searches."""
        ...

    def search(
        self,
        query: Query,
        limit: int,
        *,
        own: dict[Term, set[str]] | None = None,
        allow: set[str] | None = None,
        deny: set[str] | None = None,
    ) -> Ranked:
        """Documents containing every term (any alternative, in any field; `own[t]` also
        counts as containing `t`), passing the filters and holding no excluded term; only
        ids in `allow` (when given) and none in `deny` (filters decided outside the engine)."""
        ...

    def count(
        self, term: Term | None = None, filters: Iterable[Filter] = (), own: set[str] | None = None
    ) -> int:
        """How many documents contain `term` (all when None; `own` ids count as containing
        it) and pass `filters`."""
        ...

    def texts(self, cands: Iterable[Candidate]) -> list[Document | None]:
        """Each candidate (from this backend's `search`) with the fields search reads —
        title, 文号, issuer, date, paragraphs — when the engine stores them, else None
        (the store is read instead)."""
        ...

    def number_owners(self, keys: Iterable[str]) -> set[str]:
        """Ids of documents whose own 发文字号 has one of these canonical keys."""
        ...

    def stats(self) -> Stats: ...
