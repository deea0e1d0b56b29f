"""`gongbao add FILE|DIR…`: add documents in any supported format to the store."""

from __future__ import annotations

import argparse
import sys

from corpus import store
from corpus.commands.common import db_path, progress, safe
from corpus.formats.batch import expand, read_one
from corpus.paths import default_db_path
from corpus.pipeline import build_store
from corpus.sources import Source, bundled_sources, file_hash


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "add",
        help="add documents (gazette text, PDF, HTML, Word, Markdown, database exports)",
        description="Read each FILE (a directory stands for the files in it), say for each "
        "what it was read as, which gazette issue or collection it became and how many "
        "documents it holds, then rebuild the store with the readable ones added. A file "
        "that cannot be read gets one line on stderr; the others still go in. The store "
        "remembers added files, so later rebuilds keep them.",
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
    meta = store.read_meta(db)
    sources = [Source.from_dict(d) for d in meta.get("sources", [])] if meta else bundled_sources()
    known = {s.sha256 for s in sources}
    files, failed = expand(args.files)
    added: list[Source] = []
    for path in files:
        result = read_one(path)  # fails here, before anything is written
        if not result.ok:
            failed.append(result)
            print(f"gongbao: {safe(result.line())}", file=sys.stderr)
            continue
        if result.sha256 in known:
            name = result.issue.name if result.issue else ""
            print(f"{safe(str(path))}: already in the store ({safe(name)})")
            continue
        known.add(result.sha256)
        added.append(Source("file", str(path.resolve()), file_hash(path)))
        print(safe(result.line()))
    for result in failed:
        if not result.path.is_file():
            print(f"gongbao: {safe(result.line())}", file=sys.stderr)
    if added:
        build_store(db, sources + added, progress=progress)
        print(f"added {len(added)} file(s) to {safe(str(db))}")
    return 2 if failed else 0
