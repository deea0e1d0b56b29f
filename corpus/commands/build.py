"""`gongbao build [--seeds DIR]`: (re)build the store from the seeds and the added files."""

from __future__ import annotations

import argparse
from pathlib import Path

from corpus.api import InputError, default_db_path, escape
from corpus.commands.common import db_path, progress


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "build",
        help="build the store from the bundled seeds or a directory of source files",
        description="Build the store from every source file in DIR — gazette text, PDF, HTML, "
        "Word, Markdown, 北大法宝 exports, read as `gongbao add` reads them (default: the "
        "bundled seeds), "
        "plus every file added with `gongbao add`. A file that cannot be read fails the "
        "build with one line naming it; the previous store is then left exactly as it was.",
    )
    p.add_argument(
        "--seeds",
        metavar="DIR",
        help="directory of source files (.txt .pdf .html .docx .md .sql; format read from content)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from corpus.api import build, build_progress, directory_sources

    db = db_path(args) or default_db_path()
    seed_files: list[Path] | None = None
    if args.seeds:
        directory = Path(args.seeds).expanduser()
        if not directory.is_dir():
            raise InputError(f"{escape(args.seeds)}: not a directory")
        seed_files = [s.path for s in directory_sources(directory)]
        if not seed_files:
            raise InputError(f"{escape(args.seeds)}: no source files in this directory")
    bar = build_progress()
    try:
        timings, kept = build(db, seed_files, say=bar or progress)
    finally:
        if bar is not None:
            bar.end()
    from corpus.api import Library

    lib = Library.open(db, build=False)
    print(
        f"built {escape(db)}: {len(lib.issues())} issues, {lib.count()} documents "
        f"in {timings['total']:.2f} s"
        + (f" (kept {kept} added file(s), see `gongbao sources`)" if kept else "")
    )
    return 0
