"""`gongbao add FILE…`: copy gazette issues into the data directory and the store."""

from __future__ import annotations

import argparse

from corpus.changes import Added, add_files
from corpus.commands.common import db_path, progress, safe
from corpus.escape import escape
from corpus.paths import default_db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "add",
        help="add gazette files (one issue each) to the store; they are copied and kept",
        description="Check each FILE, copy it into the data directory, then rebuild the store "
        "with it added. Later rebuilds and upgrades build from the copy, so the original may "
        "move, change or vanish (add it again to pick up a change). Nothing changes if a "
        "file is bad. `gongbao sources` lists what was added; `gongbao remove` takes one out.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="gazette text file (UTF-8 or GB18030)")
    p.set_defaults(func=run)


def _report(result: Added) -> None:
    """One line per file, as soon as it has been checked."""
    name = escape(result.shown)
    if result.duplicate:
        print(f"{name}: already in the store ({result.entry.sha256[:12]})", flush=True)
        return
    issue_name = safe(getattr(result.issue, "name", ""))
    print(f"{name}: {issue_name}, {len(result.docs)} documents", flush=True)


def run(args: argparse.Namespace) -> int:
    db = db_path(args) or default_db_path()
    results = add_files(db, list(args.files), say=progress, each=_report)
    added = [r for r in results if not r.duplicate]
    if added:
        print(f"added {len(added)} file(s) to {escape(db)}")
    return 0
