"""A bulk build's per-file work on both cores, and its documents held without their text.

Every source file goes through read → clean → reflow → split → structure on its own, and its
jieba words and its shard (paragraphs and outlines) depend on that file alone. So a build
hands files to worker processes, one file a task, takes the results back in source order,
and each issue's shard is written as soon as it is processed: at 100,000 documents the
text of the whole corpus would not fit beside everything else in memory. What stays in the
main process are the documents' metadata (`ShardBacked`), whose paragraphs are read back
from the shards, a few issues at a time, when the links stage asks for them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from corpus.citations import Citation
from corpus.model import Document, Heading, Issue, Paragraph
from corpus.sources import Source

#: Below this many files a build stays in one process: starting workers costs more.
PARALLEL_MIN = 6
#: Files handed out ahead of the one the build waits for (bounds results held in memory).
AHEAD = 2
T = TypeVar("T")


@dataclass
class Processed:
    """What one worker made of one source file."""

    source: Source  # with the file's SHA-256
    issue: Issue
    docs: list[Document]  # `ShardBacked`, each with its body for the search index (`body`)
    words: list[str]  # the issue's jieba words (for query suggestions)
    shard: str  # the file name of the issue's shard, already written
    rows: list[dict[str, Any]]  # the documents' catalog rows (all but the shard's fields)
    timings: dict[str, float] = field(default_factory=dict)
    #: each document's citations as found in its text, not yet resolved (`corpus.bulk_links`)
    citations: dict[str, list[Citation]] = field(default_factory=dict)


def process_source(db: Path, src: Source) -> Processed:
    """One file through the pipeline, its jieba words, its citations and its shard (run in a
    worker): everything that needs the file's text, so the main process need not read it."""
    from corpus import store
    from corpus.citations import extract_citations
    from corpus.pipeline import process_file
    from corpus.tantivy_index import layout
    from corpus.vocabulary import issue_words

    timings: dict[str, float] = {}
    issue, docs, sha = process_file(src.path, timings)
    start = time.perf_counter()
    dicts = [d.to_dict() for d in docs]
    rows = [{k: v for k, v in d.items() if k not in store.HEAVY} for d in dicts]
    # the shards are written (and fsynced) in a thread while this one segments the text
    writing = _writes().submit(_write_shards, db, issue.id, dicts, rows)
    timings["store"] = time.perf_counter() - start
    start = time.perf_counter()
    words = issue_words(db, issue.sha256, docs)
    timings["vocabulary"] = time.perf_counter() - start
    start = time.perf_counter()
    found = {d.id: extract_citations(d.paragraphs) for d in docs}
    timings["citations"] = time.perf_counter() - start
    # the main process reads the paragraphs from the shard if it needs them: sending the
    # body alone spares it unpickling (and freeing) millions of paragraph objects
    docs = [ShardBacked.of(d, None, body=d.text, layout=layout(d)) for d in docs]
    start = time.perf_counter()
    shard = writing.result()
    timings["store"] += time.perf_counter() - start
    source = Source(src.kind, src.ref, sha)
    return Processed(source, issue, docs, words, shard, rows, timings, found)


_WRITES: tuple[int, ThreadPoolExecutor] | None = None


def _writes() -> ThreadPoolExecutor:
    """One thread per process for shard writes: their fsyncs wait on the disk, not the CPU.
    Made again in a forked child, which inherits the pool but not its thread."""
    global _WRITES
    if _WRITES is None or _WRITES[0] != os.getpid():
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gongbao-shards")
        _WRITES = (os.getpid(), pool)
    return _WRITES[1]


def _write_shards(
    db: Path, issue: str, dicts: list[dict[str, Any]], rows: list[dict[str, Any]]
) -> str:
    """An issue's text shard, then its catalog shard(s) (rows grouped as `store.write`
    groups them, so it finds them written); the text shard's file name."""
    from corpus import store

    shard = store.write_issue_shard(db, issue, dicts)
    by_issue: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_issue.setdefault(str(row.get("issue")), []).append(row)
    for name, mine in by_issue.items():
        store.write_catalog_shard(db, name, mine)
    return shard


def workers(files: int) -> int:
    """How many processes to run `files` through: two where there are two cores."""
    if files < PARALLEL_MIN or not _main_importable():
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def _main_importable() -> bool:
    """A spawned worker starts by importing the parent's main script: a script read from
    stdin (`python - < x.py`) has no file to import, and its workers would die at start
    and be replaced for ever. Such a caller gets one process."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    spec = getattr(main, "__spec__", None)
    return path is None or spec is not None or os.path.isfile(path)


def process_all(
    db: Path, sources: list[Source], pool: Workers | None = None
) -> Iterator[Processed]:
    """Each source processed, in the order given; the first failure is raised as it was.
    `pool`: the build's workers (else processes are started for these sources alone)."""
    if pool is None:
        with Workers(workers(len(sources))) as own:
            yield from own.ordered(process_source, ((db, src) for src in sources))
        return
    yield from pool.ordered(process_source, ((db, src) for src in sources))


class Workers:
    """The worker processes of one build, kept for its two passes over the files (the
    pipeline's stages, then each issue's relations); none where `workers` says one.
    Leaving the block stops them."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._pool: Any = None

    def __enter__(self) -> Workers:
        if self.n > 1:
            # spawn, not fork: the app builds from a thread, and a forked child of a
            # threaded process may inherit a lock some other thread held
            ctx = multiprocessing.get_context("spawn")
            self._pool = ctx.Pool(self.n, initializer=_worker_init)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def ordered(self, fn: Callable[..., T], tasks: Iterable[tuple[Any, ...]]) -> Iterator[T]:
        """`fn(*task)` for each task, in order, at most a few handed out ahead of the one
        waited for (bounding the results held); in this process when there are no workers."""
        if self._pool is None:
            for task in tasks:
                yield fn(*task)
            return
        todo = iter(tasks)
        pending: deque[Any] = deque()
        for task in todo:
            pending.append(self._pool.apply_async(fn, task))
            if len(pending) >= self.n + AHEAD:
                break
        while pending:
            done = pending.popleft().get()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(self._pool.apply_async(fn, nxt))
            yield done


def _worker_init() -> None:
    """Ctrl-C is the main process's to handle: it stops the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ShardText:
    """The paragraphs and outlines of the last few issues asked for, read from their shards.

    The links stage walks the documents in gazette order, several times; keeping a few
    issues is enough for each walk to read each shard once. Rows become objects only
    for the documents and fields asked for.
    """

    def __init__(self, db: Path, shards: dict[str, str], keep: int = 4) -> None:
        self.db = db
        self.shards = shards
        self.keep = keep
        self._issues: OrderedDict[str, dict[str, dict[str, Any]]] = OrderedDict()

    def field(self, issue: str, doc_id: str, name: str) -> list[Any]:
        """`paragraphs` or `outline` of one document ([] if its shard has no row for it)."""
        rows = self._issues.get(issue)
        if rows is None:
            from corpus import store

            rows = store.read_shard(self.db, self.shards[issue])
            self._issues[issue] = rows
            while len(self._issues) > self.keep:
                self._issues.popitem(last=False)
        else:
            self._issues.move_to_end(issue)
        row = rows.get(doc_id)
        if row is None:
            return []
        built = row.setdefault("built", {})
        if name not in built:
            make = _paragraph if name == "paragraphs" else Heading.from_dict
            built[name] = [make(r) for r in row.get(name, [])]
        return list(built[name])

    @contextlib.contextmanager
    def held(self, docs: Iterable[Document]) -> Iterator[None]:
        """The paragraphs of `docs` (shard-backed, of the issues last read) kept on them
        while the block runs: code that indexes `doc.paragraphs` again and again then
        reads an attribute, not the shard's rows (which `__getattr__` copies each time)."""
        held = [d for d in docs if isinstance(d, ShardBacked)]
        for d in held:
            d.__dict__["paragraphs"] = self.field(d.issue, d.id, "paragraphs")
        try:
            yield
        finally:
            for d in held:
                d.__dict__.pop("paragraphs", None)


_PARAGRAPH_FIELDS = {"kind", "level", "text"}


def _paragraph(row: dict[str, Any]) -> Paragraph:
    """A Paragraph over its shard row (which holds exactly its fields): no copying, since
    the links stage makes millions of them."""
    if row.keys() != _PARAGRAPH_FIELDS:
        return Paragraph.from_dict(row)
    p = object.__new__(Paragraph)
    p.__dict__ = row
    return p


class ShardBacked(Document):
    """A document whose paragraphs and outline are read from its shard on every use and
    not kept: the build holds every document's metadata, never the whole corpus's text."""

    @classmethod
    def of(
        cls,
        doc: Document,
        text: ShardText | None,
        body: str | None = None,
        layout: str | None = None,
    ) -> Document:
        """`doc` itself, its text dropped (`text` reads it back: set it with `read_from`
        where the object was made in another process); `body` and `layout`, when given,
        are what `.text` and `stored_layout` give until `drop_body`: the search index
        reads them once, from memory (`corpus.tantivy_index.layout`)."""
        if not isinstance(doc, cls):
            del doc.__dict__["paragraphs"], doc.__dict__["outline"]
            doc.__class__ = cls
        doc.__dict__["_text"] = text
        if body is not None:
            doc.__dict__["_body"] = body
        if layout is not None:
            doc.__dict__["_layout"] = layout
        return doc

    @staticmethod
    def read_from(docs: Iterable[Document], text: ShardText) -> None:
        for d in docs:
            d.__dict__["_text"] = text

    @staticmethod
    def drop_body(docs: Iterable[Document]) -> None:
        for d in docs:
            d.__dict__.pop("_body", None)
            d.__dict__.pop("_layout", None)

    @property
    def stored_layout(self) -> str | None:
        return self.__dict__.get("_layout")

    @property
    def text(self) -> str:
        body = self.__dict__.get("_body")
        return body if body is not None else "\n".join(p.text for p in self.paragraphs)

    def __getstate__(self) -> dict[str, Any]:
        """Its fields without the shard reader (and its cache of rows) when it is sent to
        a worker or copied; the body, while it has one, goes with it."""
        return {k: v for k, v in self.__dict__.items() if k != "_text"}

    def __eq__(self, other: object) -> bool:
        return self is other  # a dataclass would compare the text: two shards read back

    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name: str) -> Any:
        # only called for attributes not set: the heavy fields, never kept
        if name in ("paragraphs", "outline"):
            return self.__dict__["_text"].field(self.issue, self.id, name)
        raise AttributeError(name)
