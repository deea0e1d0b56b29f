"""The build, as a sequence of stages: read → clean → reflow → split → structure → index →
links → store. Each stage is its own module; this one only runs them in order.
"""

from __future__ import annotations

import contextlib
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
    shards are kept as they are), and the search index gets their documents in place.
    Links are updated, not recomputed (`corpus.links.add_links`): the older documents are
    known by their catalog rows, and no older text is read unless a citation of it now
    points elsewhere. Returns None (and changes nothing) when the store cannot take an
    incremental add (an issue already in it, links of another version): the caller
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
    try:
        return _add_with_words(db, added, words, timings, say, before_write)
    finally:
        words.close()


def _add_with_words(
    db: Path,
    added: list[tuple[Source, Issue, list[Document]]],
    words: Child[set[str]],
    timings: Timings,
    say: Progress,
    before_write: Callable[[], None] | None,
) -> Timings | None:
    """The body of `add_to_store`, with the new words being computed meanwhile."""
    from corpus.links import LINKS_VERSION, add_links
    from corpus.resolve import DocMeta

    t0 = time.perf_counter()
    new_issues = [issue for _s, issue, _d in added]
    new_docs = [d for _src, _issue, docs in added for d in docs]
    data = _timed(timings, "catalog", lambda: store.load(db, links=False))
    known = {row["id"] for row in data["issues"]}
    new_ids = [issue.id for _src, issue, _docs in added]
    if known.intersection(new_ids) or len(set(new_ids)) != len(new_ids):
        return None
    try:
        old_links = _timed(timings, "catalog", _stored_links, db, data)
    except StoreError:  # a damaged links file: the rebuild makes it again
        old_links = None
    if not isinstance(old_links, dict) or old_links.get("version") != LINKS_VERSION:
        return None
    say("提取引用关系")
    try:
        metas = [DocMeta.from_row(row) for row in data["documents"]]
        reader = _issue_reader(db, data)
        links = _timed(timings, "links", add_links, old_links, metas, new_docs, reader)
    except (StoreError, KeyError, TypeError, ValueError, AttributeError):
        return None  # links that do not fit the catalog, or a shard gone: rebuild instead
    facts = _timed(timings, "facts", _added_facts, db, data, new_docs, links)
    say("建立检索索引")
    index = _timed(timings, "vocabulary", lambda: _add_vocabulary(data, words.result()))
    if before_write is not None:
        before_write()
    token = uuid.uuid4().hex
    meta = dict(data["meta"])
    meta.update(
        sources=[*meta.get("sources", []), *(src.to_dict() for src, _i, _d in added)],
        built=time.time(),
        search=token,
    )
    say(f"写入 {db}")
    start = time.perf_counter()
    store.write(
        db,
        meta=meta,
        issues=[*data["issues"], *(i.to_dict() for i in new_issues)],
        documents=[*data["documents"], *(d.to_dict() for d in new_docs)],
        index=index,
        links=links,
        kept_shards=data.get("shards") or {},
        facts=facts,
    )
    timings["store"] = time.perf_counter() - start
    _timed(timings, "index", _add_to_search, db, data, added, token)
    timings["total"] = time.perf_counter() - t0
    return timings


def _added_facts(db: Path, data: dict[str, Any], new_docs: list[Document], links: Any) -> object:
    """The facts files with the added documents (`corpus.facts.stored`): the old documents
    are the catalog's, read lazily; their quoted paragraphs come from the old facts files,
    so a shard is opened only for a document those lack."""
    from corpus.api import Library

    old_docs = Library(db, data).documents()
    return _stored_facts(old_docs + new_docs, links, _old_texts(db, data.get("facts")))


def _stored_links(db: Path, data: dict[str, Any]) -> object:
    """The links the store holds now (put together from its per-issue links shards)."""
    return data.get("links") or store.read_links(db, data)


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


def _issue_reader(db: Path, data: dict[str, Any]) -> Callable[[str], list[Document]]:
    """Read one stored issue's documents whole (catalog row + shard), in gazette order."""

    def read(issue: str) -> list[Document]:
        rows = [row for row in data["documents"] if row["issue"] == issue]
        shard = (data.get("shards") or {}).get(issue)
        heavy = store.read_shard(db, shard) if shard else {}
        return [Document.from_dict({**row, **heavy.get(row["id"], {})}) for row in rows]

    return read


def _add_to_search(
    db: Path,
    data: dict[str, Any],
    added: list[tuple[Source, Issue, list[Document]]],
    token: str,
) -> None:
    """Index the added documents in place; or, when the index does not match the store,
    index the whole corpus again."""
    from corpus.tantivy_index import TantivyBackend, build_dir, index_dir, install_dir

    backend = TantivyBackend.open(index_dir(db))
    if backend is not None and backend.token == data["meta"].get("search"):
        order = len(data["documents"])
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


def _old_texts(db: Path, index: Any) -> dict[str, Any]:
    """The quoted paragraphs (`corpus.facts.DocText`) a store's facts files hold, by id;
    {} when it has none or one is unreadable (the old texts are then read again)."""
    from corpus.facts import FACTS_VERSION, stored_texts

    if not isinstance(index, dict) or index.get("version") != FACTS_VERSION:
        return {}
    try:
        return stored_texts([store.read_facts(db, n) for n in index["issues"].values()])
    except (GongbaoError, KeyError, AttributeError):
        return {}


__all__ = ["GongbaoError", "build_corpus", "build_store", "process_file"]
