"""`gongbao add FILE…`: add gazette issues to the store (kept across rebuilds)."""

from __future__ import annotations

import argparse
from pathlib import Path

from corpus import store
from corpus.commands.common import db_path, progress, safe
from corpus.errors import InputError
from corpus.paths import default_db_path
from corpus.pipeline import build_store, process_file
from corpus.sources import Source, bundled_sources, file_hash


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "add",
        help="add gazette text files (one issue each) to the store",
        description="Check each FILE, then rebuild the store with it added. The store "
        "remembers added files, so later rebuilds keep them. Nothing changes if a file is bad.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="gazette text file (UTF-8 or GB18030)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    db = db_path(args) or default_db_path()
    meta = store.read_meta(db)
    sources = [Source.from_dict(d) for d in meta.get("sources", [])] if meta else bundled_sources()
    known = {s.sha256 for s in sources}
    added: list[Source] = []
    for name in args.files:
        path = Path(name).expanduser()
        if not path.is_file():
            raise InputError(f"{name}: no such file")
        issue, docs, sha = process_file(path)  # fails here, before anything is written
        if sha in known:
            print(f"{safe(name)}: already in the store ({safe(issue.name)})")
            continue
        known.add(sha)
        added.append(Source("file", str(path.resolve()), file_hash(path)))
        print(f"{safe(name)}: {safe(issue.name)}, {len(docs)} documents")
    if not added:
        return 0
    build_store(db, sources + added, progress=progress)
    print(f"added {len(added)} file(s) to {safe(str(db))}")
    return 0
