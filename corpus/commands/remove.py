"""`gongbao remove SOURCE`: take one added file (and its issue) out of the store."""

from __future__ import annotations

import argparse

from corpus.api import default_db_path, escape
from corpus.commands.common import db_path, progress


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "remove",
        help="remove an added file (by hash prefix, file name or original path)",
        description="Remove one source from the store and delete its copy. SOURCE is the start "
        "of its hash (at least 4 characters), its file name, or the path it was added from; "
        "see `gongbao sources`.",
    )
    p.add_argument("source", metavar="SOURCE", help="hash prefix, file name or original path")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from corpus.api import remove

    db = db_path(args) or default_db_path()
    entry = remove(db, args.source, say=progress)
    print(f"removed {escape(entry.name)} ({entry.sha256[:12]}) from {escape(db)}")
    return 0
