"""The build, as a sequence of stages: read → clean → reflow → split → structure → index →
links → store. Each stage is its own module; this one only runs them in order.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from corpus import store
from corpus.clean import clean
from corpus.errors import GongbaoError, InputError
from corpus.model import Document, Issue
from corpus.read import read_file
from corpus.reflow import reflow
from corpus.sources import Source, bundled_sources
from corpus.split import split
from corpus.structure import SourceInfo, structure

Progress = Callable[[str], None]


def process_file(path: Path, name: str | None = None) -> tuple[Issue, list[Document], str]:
    """Run one gazette file through read → clean → reflow → split → structure."""
    raw = read_file(path)
    cleaned = clean(raw.lines)
    paragraphs = reflow(cleaned.lines)
    parts = split(paragraphs)
    if not parts:
        raise InputError(f"{path}: no documents found in the text")
    issue, docs = structure(parts, SourceInfo(name=name or raw.name, sha256=raw.sha256, heads=cleaned.heads))
    return issue, docs, raw.sha256


def build_corpus(
    sources: list[Source], progress: Progress | None = None
) -> tuple[list[Issue], list[Document], list[Source]]:
    """Process every source; a bad file stops the build with a one-line error naming it."""
    say = progress or (lambda _msg: None)
    issues: list[Issue] = []
    docs: list[Document] = []
    done: list[Source] = []
    seen: dict[str, str] = {}
    for src in sources:
        say(f"读取 {src.path.name}")
        issue, issue_docs, sha = process_file(src.path)
        if issue.id in seen:
            raise InputError(f"{src.path}: same issue as {seen[issue.id]} ({issue.name})")
        seen[issue.id] = src.path.name
        issues.append(issue)
        docs.extend(issue_docs)
        done.append(Source(src.kind, src.ref, sha))
        say(f"  {issue.name}: {len(issue_docs)} 篇")
    return issues, docs, done


def build_store(db: Path, sources: list[Source] | None = None, progress: Progress | None = None) -> dict[str, float]:
    """Build the store at `db` from `sources` (default: the bundled seeds).

    Nothing is written until every stage has succeeded, and then in one atomic replace, so
    a failed build leaves the previous store exactly as it was. Returns stage timings.
    """
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    with store.lock(db):
        issues, docs, done = build_corpus(sources or bundled_sources(), say)
        timings["parse"] = time.perf_counter() - t0
        t = time.perf_counter()
        say("建立检索索引")
        index = _build_index(docs)
        timings["index"] = time.perf_counter() - t
        t = time.perf_counter()
        say("提取引用关系")
        links = _extract_links(docs)
        timings["links"] = time.perf_counter() - t
        t = time.perf_counter()
        say(f"写入 {db}")
        store.write(
            db,
            meta={"sources": [s.to_dict() for s in done], "built": time.time()},
            issues=[i.to_dict() for i in issues],
            documents=[d.to_dict() for d in docs],
            index=index,
            links=links,
        )
        timings["store"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return timings


def _build_index(docs: list[Document]) -> object:
    from corpus.index import build_index

    return build_index(docs)


def _extract_links(docs: list[Document]) -> object:
    from corpus.links import extract_links

    return extract_links(docs)


__all__ = ["GongbaoError", "build_corpus", "build_store", "process_file"]
