"""The build, as a sequence of stages: read → clean → reflow → split → structure → index →
links → store. Each stage is its own module; this one only runs them in order.
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from corpus import limits, store
from corpus.clean import RunningHead, clean
from corpus.errors import GongbaoError, InputError, StoreError
from corpus.formats import Extract, read_source
from corpus.formats.assemble import Root, apply_fields, structured_parts
from corpus.formats.collection import is_gazette, make_collection
from corpus.model import Document, Issue
from corpus.reflow import reflow
from corpus.sources import Source, bundled_sources
from corpus.split import split
from corpus.structure import SourceInfo, structure

if TYPE_CHECKING:
    from corpus.background import Child
    from corpus.links import LinkUpdate
    from corpus.resolve import Resolver

Progress = Callable[[str], None]
T = TypeVar("T")


Timings = dict[str, float]


def _timed(timings: Timings | None, stage: str, fn: Callable[..., T], *args: object) -> T:
    """Run one stage, adding its time to `timings[stage]` (benchmarks/build.py reads them)."""
    start = time.perf_counter()
    out = fn(*args)
    if timings is not None:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start
    return out


def process_file(path: Path, timings: Timings | None = None) -> tuple[Issue, list[Document], str]:
    """Run one source file through read → clean → reflow → split → structure."""
    extract = _timed(timings, "read", read_source, path)
    issue, docs = process_extract(extract, str(path), timings)
    return issue, docs, extract.sha256


def process_extract(
    extract: Extract, label: str, timings: Timings | None = None
) -> tuple[Issue, list[Document]]:
    """What a reader made of a file → its issue (or collection) and documents.

    Fixed-width gazette text goes through clean → reflow → split → structure; a structured
    source's documents go through split → structure and then take their stated fields.
    """
    heads: list[RunningHead] = []
    roots: list[Root] = []
    if extract.lines is not None:
        limits.check_size(extract.lines, label)
        lines = limits.split_long_lines(extract.lines)
        cleaned = _timed(timings, "clean", clean, lines, extract.widths)
        paragraphs = _timed(timings, "reflow", reflow, cleaned.lines)
        parts = _timed(timings, "split", split, paragraphs)
        heads = cleaned.heads
    else:
        parts, roots = _timed(timings, "split", structured_parts, extract.docs)
    # a title alone is no document; a "title" too long to be one is text (limits cuts it)
    if not parts or not any(p.body or limits.overlong_head(p.head) for p in parts):
        raise InputError(f"{label}: no documents found in the text")
    info = SourceInfo(name=extract.name, sha256=extract.sha256, heads=heads)
    issue, docs = _timed(timings, "structure", structure, parts, info)
    apply_fields(docs, roots)
    if not is_gazette(issue, docs, extract, any(h.gazette for h in heads)):
        issue = make_collection(issue, docs, extract)
    docs = limits.bound_documents(docs)  # absurd titles cut, absurd paragraphs split
    for d in docs:
        d.format = extract.format
        d.source_file = extract.name
    return issue, docs


def build_corpus(
    sources: list[Source], progress: Progress | None = None, timings: Timings | None = None
) -> tuple[list[Issue], list[Document], list[Source]]:
    """Process every source; a bad file stops the build with a one-line error naming it."""
    say = progress or (lambda _msg: None)
    issues: list[Issue] = []
    docs: list[Document] = []
    done: list[Source] = []
    seen: dict[str, str] = {}
    for src in sources:
        say(f"读取 {src.path.name}")
        issue, issue_docs, sha = process_file(src.path, timings)
        if issue.id in seen:
            raise InputError(f"{src.path}: same issue as {seen[issue.id]} ({issue.name})")
        seen[issue.id] = src.path.name
        issues.append(issue)
        docs.extend(issue_docs)
        done.append(Source(src.kind, src.ref, sha))
        say(f"  {issue.name}: {len(issue_docs)} 篇")
    return issues, docs, done


def build_store(
    db: Path,
    sources: list[Source] | None = None,
    progress: Progress | None = None,
    before_write: Callable[[], None] | None = None,
) -> Timings:
    """Build the store at `db` from `sources` (default: the bundled seeds).

    Files are processed on both cores (`corpus.bulk`), each issue's shard written as it
    comes and its documents indexed for search, so memory holds the corpus's metadata and
    not its text. The catalog, written last in one atomic replace, is what commits the
    build: a failed build leaves the previous store exactly as it was (shards this build
    wrote are removed again). Returns the seconds each stage took (read, clean, reflow,
    split, structure, vocabulary and shards summed over the workers; index, links, store;
    total). `before_write` runs under the writer lock just before the catalog is replaced
    (the source list is saved there). `progress` gets a line per file, or, if it has a
    `files(done, total, documents)` method (a progress bar), that call instead.
    """
    from corpus.bulk import ShardBacked, ShardText, Workers, process_all, workers
    from corpus.bulk_links import links_and_facts
    from corpus.citations import Citation
    from corpus.tantivy_index import build_dir, install_dir
    from corpus.writelock import writer

    say = progress or (lambda _msg: None)
    tick = getattr(progress, "files", None)
    timings: Timings = {}
    t0 = time.perf_counter()
    with writer(db, say):
        todo = sources or bundled_sources()
        folder = store.shards_dir(db)
        existing = {f.name for f in folder.iterdir()} if folder.is_dir() else set()
        shards: dict[str, str] = {}
        text = ShardText(db, shards)
        issues: list[Issue] = []
        docs: list[Document] = []
        rows: list[dict[str, object]] = []
        words: set[str] = set()
        done: list[Source] = []
        found: dict[str, list[Citation]] = {}  # citations in each document's text, unresolved

        def processed() -> Iterator[tuple[str, list[tuple[int, Document]]]]:
            """Each file's documents for the search index, in order; the rest is kept here."""
            seen: dict[str, str] = {}
            for p in process_all(db, todo, pool):
                name = p.source.path.name
                if p.issue.id in seen:
                    raise InputError(
                        f"{p.source.path}: same issue as {seen[p.issue.id]} ({p.issue.name})"
                    )
                seen[p.issue.id] = name
                for stage, seconds in p.timings.items():
                    timings[stage] = timings.get(stage, 0.0) + seconds
                issues.append(p.issue)
                done.append(p.source)
                shards[p.issue.id] = p.shard
                words.update(p.words)
                found.update(p.citations)
                ShardBacked.read_from(p.docs, text)
                by_issue: dict[str, list[tuple[int, Document]]] = {}
                for d in p.docs:
                    by_issue.setdefault(d.issue, []).append((len(docs), d))
                    docs.append(d)
                rows.extend(p.rows)
                start = time.perf_counter()
                yield from by_issue.items()
                timings["index"] = timings.get("index", 0.0) + time.perf_counter() - start
                ShardBacked.drop_body(p.docs)  # indexed: from now on read from its shard
                if tick is not None:
                    tick(len(done), len(todo), len(docs))
                else:
                    say(f"读取 {name}")
                    say(f"  {p.issue.name}: {len(p.docs)} 篇")
            say("建立检索索引")

        token = uuid.uuid4().hex
        search_dir: Path | None = None
        try:
            # the workers stop before a failed build's files are removed
            with Workers(workers(len(todo))) as pool:
                search_dir = build_dir(db, token, processed())
                start = time.perf_counter()
                from corpus.index import INDEX_VERSION
                from corpus.vocabulary import prune

                prune(db, [i.sha256 for i in issues])
                index = {"version": INDEX_VERSION, "vocab": "\n".join(sorted(words))}
                timings["vocabulary"] = timings.get("vocabulary", 0.0) + time.perf_counter() - start
                say("提取引用关系")
                links, facts = _timed(
                    timings, "links", links_and_facts, db, docs, found, shards, pool
                )
            if before_write is not None:
                before_write()
            say(f"写入 {db}")
            _timed(
                timings,
                "store",
                lambda: _write_in_parallel(
                    db,
                    meta={
                        "sources": [s.to_dict() for s in done],
                        "built": time.time(),
                        "search": token,
                    },
                    issues=[i.to_dict() for i in issues],
                    documents=rows,
                    index=index,
                    links=links,
                    kept_shards=shards,
                    facts=facts,
                ),
            )
        except BaseException:
            if search_dir is not None:
                shutil.rmtree(search_dir, ignore_errors=True)
            _drop_new_files(folder, existing)
            raise
        install_dir(db, search_dir)
    timings["total"] = time.perf_counter() - t0
    return timings


def _write_in_parallel(db: Path, **parts: Any) -> None:
    """`store.write` with its shards written by threads (thousands of files, each waiting
    on the disk): the catalog is still written last, once they all are."""
    with store.parallel_shard_writes():
        store.write(db, **parts)


def add_to_store(
    db: Path,
    added: list[tuple[Source, Issue, list[Document]]],
    progress: Progress | None = None,
    before_write: Callable[[], None] | None = None,
    words: Child[set[str]] | None = None,
) -> Timings | None:
    """Add already-processed issues to the store at `db` without reprocessing the others.

    Only the new files were read and structured (by the caller); here their documents get
    their jieba words, the store gets their shards and a new catalog (the other issues'
    shards are kept as they are, unread), and the search index gets their documents in
    place. Links are updated, not recomputed (`corpus.links.update_links`): the older
    documents are known by the citables look-up, only the issues whose waiting citations
    the new documents answer are looked at, and no older text is read unless a citation of
    it now points elsewhere; the facts are collected for those documents only
    (`corpus.facts.update_stored`). Returns None (and changes nothing) when the store
    cannot take an incremental add (an issue already in it, look-ups of another version or
    damaged, or not matching the catalog): the caller
    rebuilds instead. Call under the writer lock. `words`: a child warmed up for jieba
    (`corpus.changes.warm_up`), else one is started here.
    """
    from corpus.background import Child
    from corpus.vocabulary import vocabulary, warm

    say = progress or (lambda _msg: None)
    timings: Timings = {}
    new_issues = [issue for _s, issue, _d in added]
    new_docs = [d for _src, _issue, docs in added for d in docs]
    # jieba (most of an add) segments the new text in a second process meanwhile; its words
    # are cached per source, so a rebuild after a refused add reads them from the cache
    words = words if words is not None else Child(warm)
    words.submit(vocabulary, db, new_issues, new_docs)
    collecting = gc.isenabled()
    gc.disable()  # the look-ups make some 300,000 objects, none in a cycle: no collector passes
    try:
        return _add_with_words(db, added, words, timings, say, before_write)
    finally:
        if collecting:
            gc.enable()
        words.close()


def _add_with_words(
    db: Path,
    added: list[tuple[Source, Issue, list[Document]]],
    words: Child[set[str]],
    timings: Timings,
    say: Progress,
    before_write: Callable[[], None] | None,
) -> Timings | None:
    """The body of `add_to_store`, with the new words being computed meanwhile. Reads the
    catalog, the look-ups (citable documents, waiting citations, numbers, vocabulary) and
    the files of the few issues the added ones change; writes only those."""
    from corpus.links import update_links

    t0 = time.perf_counter()
    new_issues = [issue for _s, issue, _d in added]
    new_docs = [d for _src, _issue, docs in added for d in docs]
    try:
        catalog = _timed(timings, "catalog", store.read_catalog, db)
    except StoreError:
        return None
    meta = catalog["meta"]
    files = meta.get("files") or {}
    known = {row["id"] for row in catalog["issues"]}
    new_ids = [issue.id for _src, issue, _docs in added]
    if known.intersection(new_ids) or len(set(new_ids)) != len(new_ids):
        return None
    if meta.get("versions") != store.component_versions() or not all(
        k in files for k in ("citables", "waiting", "numbers", "vocab", "links")
    ):
        return None
    say("提取引用关系")
    try:
        old = _StoredIssues(db, catalog)
        full = _timed(timings, "catalog", old.resolver, new_docs)
        if len(old.citables) != meta.get("documents"):
            return None  # a look-up of another store: rebuild
        waiting = _timed(timings, "catalog", store.read_single, db, files["waiting"])
        update = _timed(
            timings, "links", update_links, old.refs, waiting, full, new_docs, old.documents
        )
        facts = _timed(timings, "facts", old.facts, update, new_docs, full)
        numbers = store.read_single(db, files["numbers"])
        vocab = store.read_single(db, files["vocab"])
    except (StoreError, KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None  # a look-up that does not fit the catalog, or a shard gone: rebuild
    new_rows = [d.to_dict() for d in new_docs]
    table = store.number_table(new_rows)
    for key, doc_id in table["keys"].items():
        numbers["keys"].setdefault(key, doc_id)
    numbers["orders"].extend(table["orders"])
    say("建立检索索引")
    index = _timed(timings, "vocabulary", lambda: _add_vocabulary({"index": vocab}, words.result()))
    if before_write is not None:
        before_write()
    token = uuid.uuid4().hex
    meta = dict(meta)
    meta.update(
        sources=[*meta.get("sources", []), *(src.to_dict() for src, _i, _d in added)],
        built=time.time(),
        search=token,
    )
    say(f"写入 {db}")
    start = time.perf_counter()
    store.write_added(
        db,
        meta=meta,
        issues=[*catalog["issues"], *(i.to_dict() for i in new_issues)],
        documents=new_rows,
        refs={issue: (rows, update.checks[issue]) for issue, rows in update.rows.items()},
        look_ups={
            "numbers": numbers,
            "vocab": index,
            "citables": old.citables + store.citable_rows(new_rows),
            "waiting": update.waiting,
        },
        facts=facts,
    )
    timings["store"] = time.perf_counter() - start
    count = int(catalog["meta"].get("documents") or 0)
    _timed(timings, "index", _add_to_search, db, catalog["meta"], count, added, token)
    timings["total"] = time.perf_counter() - t0
    return timings


class _StoredIssues:
    """The stored issues as an `add` reads them: one issue's catalog rows, links rows, text
    or facts part at a time, each read once; every document's metadata from the citables
    look-up."""

    def __init__(self, db: Path, catalog: dict[str, Any]) -> None:
        self.db = db
        self.meta = catalog["meta"]
        self.issues = {str(i["id"]) for i in catalog["issues"]}
        self._rows: dict[str, dict[str, dict[str, Any]]] = {}
        self._refs: dict[str, tuple[dict[str, dict[str, Any]], list[str]]] = {}
        self._docs: dict[str, Document] = {}
        self.citables: list[list[Any]] = []
        self.added: dict[str, Document] = {}

    def resolver(self, new_docs: list[Document]) -> Resolver:
        """Every document's metadata, the added last, ready to resolve citations."""
        from corpus.docnumber import DocNumber, of_document
        from corpus.resolve import DocMeta, Resolver

        self.citables = store.read_single(self.db, self.meta["files"]["citables"])
        metas: list[Any] = []
        owns: list[DocNumber | None] = []
        keys: dict[str, str] = {}
        for row in self.citables:
            doc_id, issue, title, number, issuer, kind, date, own, key = row
            metas.append(DocMeta(doc_id, issue, title, number, issuer, kind, date))
            owns.append(DocNumber(own[0], own[1], own[2], own[3]) if own else None)
            keys[title] = key
        for d in new_docs:
            metas.append(d)
            number = of_document(d.doc_number, d.issuer, d.kind, d.date) if d.doc_number else None
            owns.append(number)
        self.added = {d.id: d for d in new_docs}
        return Resolver(metas, owns=owns, keys=keys)

    def rows(self, issue: str) -> dict[str, dict[str, Any]]:
        """An older issue's catalog rows by id, in gazette order."""
        if issue not in self._rows:
            name = (self.meta.get("catalogs") or {}).get(issue)
            found = store.read_tables(self.db, name).get("documents", []) if name else []
            self._rows[issue] = {r["id"]: r for r in found}
        return self._rows[issue]

    def refs(self, issue: str) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """An older issue's links rows and check lines ({} and [] for an added issue)."""
        if issue not in self._refs:
            self._refs[issue] = store.read_refs(self.db, (self.meta.get("refs") or {}).get(issue))
        return self._refs[issue]

    def documents(self, issue: str) -> list[Document]:
        """An older issue's documents whole (catalog rows and text shard), in gazette order."""
        name = (self.meta.get("shards") or {}).get(issue)
        heavy = store.read_shard(self.db, name) if name else {}
        rows = self.rows(issue)
        out = [Document.from_dict({**row, **heavy.get(i, {})}) for i, row in rows.items()]
        self._docs.update((d.id, d) for d in out)
        return out

    def document(self, doc_id: str) -> Document | None:
        """Any document's fields (an older one's without its text)."""
        if doc_id in self.added:
            return self.added[doc_id]
        if doc_id not in self._docs:
            strays = self.meta.get("strays") or {}
            issue = strays.get(doc_id) or store.issue_of_id(doc_id, self.issues)
            row = self.rows(issue).get(doc_id) if issue else None
            if row is None:
                return None
            self._docs[doc_id] = Document.from_dict(row)
        return self._docs[doc_id]

    def facts(self, update: LinkUpdate, new_docs: list[Document], full: Resolver) -> Any:
        """The facts parts the add changes (`corpus.facts.update_stored`)."""
        from corpus.facts import FACTS_VERSION, update_stored

        index = self.meta.get("facts")
        if not isinstance(index, dict) or index.get("version") != FACTS_VERSION:
            raise KeyError("facts")
        parts = index["issues"]
        touched = [d for issue in update.touched for d in self.documents(issue)]

        def row_of(doc_id: str) -> dict[str, Any]:
            doc = self.document(doc_id)
            if doc is None:
                return {}
            if doc.issue in update.rows:
                return update.rows[doc.issue].get(doc_id, {})
            return self.refs(doc.issue)[0].get(doc_id, {})

        def old_row_of(doc_id: str) -> dict[str, Any]:
            doc = self.document(doc_id)
            return self.refs(doc.issue)[0].get(doc_id, {}) if doc is not None else {}

        def part_of(issue: str) -> dict[str, Any]:
            found = store.read_facts(self.db, parts[issue]) if issue in parts else {}
            return found if isinstance(found, dict) else {}

        rest = store.read_facts(self.db, index["file"])
        return update_stored(
            [*touched, *new_docs],
            {d.id for d in new_docs},
            self.document,
            row_of,
            old_row_of,
            part_of,
            rest,
            full,
        )


def _add_vocabulary(data: dict[str, object], added: set[str]) -> dict[str, object]:
    """The stored vocabulary with the added issues' words merged in, in sorted order,
    without re-sorting the corpus's (and kept as it was when they add nothing)."""
    import heapq

    from corpus.index import INDEX_VERSION

    stored = data.get("index")
    old = (stored.get("vocab") if isinstance(stored, dict) else "") or ""
    words = old.split("\n") if old else []
    extra = sorted(added.difference(words))
    if extra:
        old = "\n".join(heapq.merge(words, extra))
    return {"version": INDEX_VERSION, "vocab": old}


def _add_to_search(
    db: Path,
    meta: dict[str, Any],
    order: int,
    added: list[tuple[Source, Issue, list[Document]]],
    token: str,
) -> None:
    """Index the added documents in place (numbered on from `order`, the count of those
    stored before); or, when the index does not match the store (`meta`, the catalog's
    before the add), index the whole corpus again."""
    from corpus.tantivy_index import TantivyBackend, build_dir, index_dir, install_dir

    backend = TantivyBackend.open(index_dir(db))
    if backend is not None and backend.token == meta.get("search"):
        for _src, issue, docs in added:
            backend.add(issue.id, list(enumerate(docs, order)))
            order += len(docs)
        backend.set_token(token)
        backend.commit()
        return
    from corpus.api import Library

    all_docs = Library(db, store.load(db, links=False)).documents()
    by_issue: dict[str, list[tuple[int, Document]]] = {}
    for k, d in enumerate(all_docs):
        by_issue.setdefault(d.issue, []).append((k, d))
    install_dir(db, build_dir(db, token, list(by_issue.items())))


def _drop_new_files(folder: Path, existing: set[str]) -> None:
    """After a failed build: the shards its workers wrote (those of files processed ahead of
    the one that failed too) and any temporary file a stopped worker left. The writer lock
    is held, so every file not there before is this build's."""
    if not folder.is_dir():
        return
    for f in folder.iterdir():
        if f.name not in existing and f.is_file():
            with contextlib.suppress(OSError):
                f.unlink()
    words = folder / "words"
    if words.is_dir():
        for f in words.iterdir():
            if f.name.startswith(".") and f.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    f.unlink()


def _stored_facts(docs: list[Document], links: Any, kept: dict[str, Any] | None) -> object:
    """The store's facts files (`corpus.facts.stored`); `kept` are the texts already stored."""
    from corpus.facts import stored

    return stored(docs, links, kept)


__all__ = ["GongbaoError", "build_corpus", "build_store", "process_file"]
