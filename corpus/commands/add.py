"""`gongbao add FILE|DIR…`: copy documents in any supported format into the data directory
and the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.changes import Added, add_files, warm_up
from corpus.commands.common import db_path, progress
from corpus.escape import escape
from corpus.formats.batch import FileResult, expand, read_one
from corpus.paths import default_db_path
from corpus.progress import build_progress

if TYPE_CHECKING:
    from corpus.background import Child


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "add",
        help="add documents (gazette text, PDF, HTML, Word, Markdown, database exports)",
        description="Read each FILE (a directory stands for the files in it; the format is "
        "found from the content), say for each what it was read as, which gazette issue or "
        "collection it became and how many documents it holds, copy the readable ones into "
        "the data directory and rebuild the store with them. A file that cannot be read gets "
        "one line on stderr and the others still go in (exit code 2). Later rebuilds and "
        "upgrades build from the copies, so an original may move, change or vanish. "
        "`gongbao sources` lists what was added; `gongbao remove` takes one out.",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a file (format detected by content) or a directory of files",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    db = db_path(args) or default_db_path()
    notes: list[str] = []
    files, failed = expand(list(args.files), notes)
    for note in notes:
        print(f"gongbao: {escape(note)}", file=sys.stderr, flush=True)
    words = warm_up() if files else None  # jieba's dictionary loads while the files are read
    try:
        _add(db, files, failed, words)
    finally:
        if words is not None:
            words.close()
    return 2 if failed else 0


def _add(
    db: Path, files: list[Path], failed: list[FileResult], words: Child[set[str]] | None
) -> None:
    """Read each file (saying why one cannot be), then add the readable ones; a directory
    of many files gets a progress line on a terminal (plain lines elsewhere)."""
    bar = build_progress("reading") if len(files) > 1 else None
    read: dict[str, FileResult] = {}
    documents = 0
    try:
        for k, path in enumerate(files, 1):
            result = read_one(path)  # checked here, before anything is copied or written
            if result.ok:
                read[str(path)] = result
                documents += result.documents
            else:
                failed.append(result)
                if bar is not None:
                    bar.clear()
                print(f"gongbao: {escape(result.line())}", file=sys.stderr, flush=True)
            if bar is not None:
                bar.files(k, len(files), documents)
        if bar is not None:
            bar.end()
            bar.label = "adding"
        for result in failed:
            if not result.path.is_file():
                print(f"gongbao: {escape(result.line())}", file=sys.stderr, flush=True)
        added_docs = 0
        reported = 0

        def report(added: Added) -> None:
            """One line per file: what it was read as, where it went, how many documents."""
            nonlocal added_docs, reported
            if bar is not None:
                bar.clear()
            if added.duplicate:
                print(f"{escape(added.shown)}: already in the store ({added.entry.sha256[:12]})")
            else:
                print(escape(read[added.shown].line()), flush=True)
                added_docs += read[added.shown].documents
            reported += 1
            if bar is not None:
                bar.files(reported, len(read), added_docs)

        if read:
            ready = {k: (r.issue, r.docs, r.sha256) for k, r in read.items() if r.issue is not None}
            results = add_files(
                db, list(read), say=bar or progress, each=report, ready=ready, words=words
            )
            if bar is not None:
                bar.end()
            done = [r for r in results if not r.duplicate]
            if done:
                print(f"added {len(done)} file(s) to {escape(db)}")
    finally:
        if bar is not None:
            bar.end()
