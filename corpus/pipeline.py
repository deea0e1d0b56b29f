"""The build, as a sequence of stages: read → clean → reflow → split → structure → index →
links → store. Each stage is its own module; this one only runs them in order.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from corpus import limits, store
from corpus.clean import RunningHead, clean
from corpus.errors import GongbaoError, InputError
from corpus.formats import Extract, read_source
from corpus.formats.assemble import Root, apply_fields, structured_parts
from corpus.formats.collection import is_gazette, make_collection
from corpus.model import Document, Issue
from corpus.reflow import reflow
from corpus.sources import Source, bundled_sources
from corpus.split import split
from corpus.structure import SourceInfo, structure

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
        cleaned = _timed(timings, "clean", clean, limits.split_long_lines(extract.lines))
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

    Nothing is written until every stage has succeeded, and then in one atomic replace, so
    a failed build leaves the previous store exactly as it was. Returns the seconds each
    stage took (read, clean, reflow, split, structure, index, links, store, total).
    `before_write` runs under the writer lock just before the store is replaced (the
    source list is saved there).
    """
    from corpus.writelock import writer

    say = progress or (lambda _msg: None)
    timings: Timings = {}
    t0 = time.perf_counter()
    with writer(db, say):
        issues, docs, done = build_corpus(sources or bundled_sources(), say, timings)
        say("建立检索索引")
        index = _timed(timings, "index", _build_index, docs)
        say("提取引用关系")
        links = _timed(timings, "links", _extract_links, docs)
        if before_write is not None:
            before_write()
        say(f"写入 {db}")
        _timed(
            timings,
            "store",
            lambda: store.write(
                db,
                meta={"sources": [s.to_dict() for s in done], "built": time.time()},
                issues=[i.to_dict() for i in issues],
                documents=[d.to_dict() for d in docs],
                index=index,
                links=links,
            ),
        )
    timings["total"] = time.perf_counter() - t0
    return timings


def _build_index(docs: list[Document]) -> object:
    from corpus.index import build_index

    return build_index(docs)


def _extract_links(docs: list[Document]) -> object:
    from corpus.links import extract_links

    return extract_links(docs)


__all__ = ["GongbaoError", "build_corpus", "build_store", "process_file"]
