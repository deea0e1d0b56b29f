"""`gongbao check FILE [--json]`: cite-check a draft before it is sent."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.commands.common import open_library, safe

if TYPE_CHECKING:
    from corpus.api import Finding

_LABEL = {
    "resolved": "ok",
    "mismatch": "MISMATCH",
    "repealed": "REPEALED",
    "amended": "AMENDED",
    "partial": "PARTLY REPEALED",
    "pending": "NOT YET IN FORCE",
    "not_in_store": "not in the store",
}
_COLOUR = {"mismatch": "31", "repealed": "31", "amended": "33", "partial": "33", "pending": "33"}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check",
        help="cite-check a draft (.txt, .md, .docx): wrong 文号, repealed or amended documents",
        description="Check every citation of a draft — 《标题》（文号）, a bare 文号, a 令 number, "
        "a 《title》 alone — against the store: resolved; mismatch (the title and the 文号 name "
        "different documents, with the right form); repealed or amended (by what, since when); "
        "not in the store. Exit 0 when nothing needs attention, 1 when something does.",
    )
    p.add_argument("file", metavar="FILE", help="the draft: .txt, .md or .docx")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lib = open_library(args)
    path = Path(args.file).expanduser()
    findings = lib.check(path)
    attention = [f for f in findings if f.attention]
    if args.json:
        out = {
            "file": str(path),
            "findings": [f.to_dict() for f in findings],
            "attention": len(attention),
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        colour = sys.stdout.isatty()
        for f in findings:
            print(render(str(path), f, colour=colour))
        print(
            f"{len(findings)} citations, {len(attention)} need attention"
            if findings
            else "no citations found"
        )
    return 1 if attention else 0


def render(path: str, f: Finding, *, colour: bool = False) -> str:
    """One finding as `FILE:LINE:COL: LABEL text — message (→ right form)`."""
    label = _LABEL[f.kind]
    if colour and f.kind in _COLOUR:
        label = f"\x1b[{_COLOUR[f.kind]}m{label}\x1b[0m"
    hint = f"  → {f.suggestion}" if f.suggestion else ""
    ident = f"  [{f.id}]" if f.id and f.kind == "resolved" else ""
    return f"{safe(path)}:{f.line}:{f.column}: {label}: {safe(f.text)} — {safe(f.message)}{safe(hint)}{ident}"
