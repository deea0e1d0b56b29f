"""`gongbao sources [--json]`: what the store is built from, and where each copy is kept."""

from __future__ import annotations

import argparse
import json
import time
from typing import TYPE_CHECKING, Any

from corpus.api import default_db_path, escape
from corpus.commands.common import db_path, progress

if TYPE_CHECKING:
    from corpus.api import SourceList


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "sources",
        help="list the gazette files the store is built from (bundled, seeds, added)",
        description="List every source of the store: the bundled seeds (or the `build --seeds` "
        "files) and every file added with `gongbao add`, with its hash, its original path "
        "and where its copy is kept. `gongbao remove` takes an added file out.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON array of objects")
    p.set_defaults(func=run)


def rows(lst: SourceList) -> list[dict[str, Any]]:
    """One object per source: kind (bundled/seed/added), name, sha256, original, copy, added."""
    from corpus.api import BUNDLED

    out: list[dict[str, Any]] = []
    if lst.base == BUNDLED:
        from corpus.api import bundled_sources

        for s in bundled_sources():
            out.append(
                {
                    "kind": "bundled",
                    "name": s.ref,
                    "sha256": s.sha256,
                    "original": "",
                    "copy": str(s.path),
                    "added": "",
                }
            )
    for e in sorted(lst.entries, key=lambda e: (e.role != "seed", e.added)):
        out.append(
            {
                "kind": e.role,
                "name": e.name,
                "sha256": e.sha256,
                "original": e.original,
                "copy": str(lst.copy_path(e)),
                "added": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(e.added)),
            }
        )
    return out


def run(args: argparse.Namespace) -> int:
    from corpus.api import SourceList, current_list

    db = db_path(args) or default_db_path()
    lst = SourceList.load(db)
    if lst is None:
        from corpus.api import writer

        with writer(db, progress):
            lst = current_list(db, progress)
    table = rows(lst)
    if args.json:
        print(json.dumps(table, ensure_ascii=False, indent=2))
        return 0
    for r in table:
        when = r["added"].replace("T", " ")[:16] if r["added"] else "-"
        origin = f"  (from {escape(r['original'])})" if r["original"] else ""
        print(f"{r['sha256'][:12]}  {r['kind']:<7}  {when:<16}  {escape(r['name'])}{origin}")
    return 0
