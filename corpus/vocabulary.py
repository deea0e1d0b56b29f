"""The corpus's jieba words (for query-split suggestions), cached per source file, on both cores.

jieba is most of a build's time, and its words for a gazette issue depend only on that
issue's text; the corpus vocabulary is the union over issues. So each issue's words are
kept in a small file named after its source's SHA-256 (beside the store's shards): a
rebuild, an upgrade or an `add` segments only text it has never seen, and a big first
build segments issues in two processes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from corpus.model import Document, Issue

#: Below this many issues to segment, a second process costs more than it saves.
PARALLEL_MIN = 8


def cache_dir(db: Path) -> Path:
    from corpus.store import shards_dir

    return shards_dir(db) / "words"


def _segment(docs: list[Document]) -> list[str]:
    from corpus.index import corpus_vocabulary

    return sorted(corpus_vocabulary(docs))


def warm() -> None:
    """Load the segmenter's dictionary (about a second for jieba), ahead of the text it
    will segment."""
    from corpus.index import search_cutter

    list(search_cutter()("预先载入词典"))


def vocabulary(db: Path, issues: Iterable[Issue], docs: Iterable[Document]) -> set[str]:
    """Every jieba word of `docs`, reading each issue's words from the cache when it has them."""
    folder = cache_dir(db)
    by_issue: dict[str, list[Document]] = {}
    for d in docs:
        by_issue.setdefault(d.issue, []).append(d)
    words: set[str] = set()
    todo: list[tuple[str, list[Document]]] = []
    for issue in issues:
        cached = folder / f"{issue.sha256}.txt"
        try:
            words.update(w for w in cached.read_text("utf-8").split("\n") if w)
        except (OSError, UnicodeDecodeError):
            todo.append((issue.sha256, by_issue.get(issue.id, [])))
    if len(todo) >= PARALLEL_MIN and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=2) as pool:
            found = list(pool.map(_segment, [d for _, d in todo], chunksize=4))
    else:
        found = [_segment(d) for _, d in todo]
    from corpus.store import write_atomic

    for (sha, _), issue_words in zip(todo, found, strict=True):
        words.update(issue_words)
        if sha:
            with contextlib.suppress(OSError):  # a cache only: a read-only dir just recomputes
                write_atomic(folder / f"{sha}.txt", "\n".join(issue_words).encode("utf-8"))
    return words


def issue_words(db: Path, sha: str, docs: list[Document]) -> list[str]:
    """One issue's jieba words (`sha` its source's hash): from the cache, or segmented now and
    cached. A bulk build calls this in its worker processes, one issue at a time."""
    cached = cache_dir(db) / f"{sha}.txt"
    if sha:
        try:
            return [w for w in cached.read_text("utf-8").split("\n") if w]
        except (OSError, UnicodeDecodeError):
            pass
    words = _segment(docs)
    if sha:
        from corpus.store import write_atomic

        with contextlib.suppress(OSError):  # a cache only: a read-only dir just recomputes
            write_atomic(cached, "\n".join(words).encode("utf-8"))
    return words


def prune(db: Path, keep: Iterable[str]) -> None:
    """Forget the words of sources the store no longer holds."""
    folder = cache_dir(db)
    if not folder.is_dir():
        return
    wanted = {f"{sha}.txt" for sha in keep}
    for f in folder.iterdir():
        if f.suffix == ".txt" and f.name not in wanted:
            with contextlib.suppress(OSError):
                f.unlink()
