"""`gongbao build [--seeds DIR]`: (re)build the store from gazette text files."""

from __future__ import annotations

import argparse
from pathlib import Path

from corpus.commands.common import db_path, progress, safe
from corpus.errors import InputError
from corpus.paths import default_db_path
from corpus.sources import bundled_sources, directory_sources


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "build",
        help="build the store from the bundled seeds or a directory of gazette .txt files",
        description="Build the store from every .txt file in DIR (default: the bundled seeds). "
        "A file that cannot be read fails the build with one line naming it; the previous "
        "store is then left exactly as it was.",
    )
    p.add_argument(
        "--seeds", metavar="DIR", help="directory of gazette text files (UTF-8 or GB18030)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from corpus.pipeline import build_store

    db = db_path(args) or default_db_path()
    if args.seeds:
        directory = Path(args.seeds).expanduser()
        if not directory.is_dir():
            raise InputError(f"{args.seeds}: not a directory")
        sources = directory_sources(directory)
        if not sources:
            raise InputError(f"{args.seeds}: no .txt files in this directory")
    else:
        sources = bundled_sources()
    timings = build_store(db, sources, progress=progress)
    from corpus.api import Library

    lib = Library.open(db, build=False)
    print(
        f"built {safe(str(db))}: {len(lib.issues())} issues, {len(lib.documents())} documents "
        f"in {timings['total']:.2f} s"
    )
    return 0
