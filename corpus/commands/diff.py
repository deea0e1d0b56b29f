"""`gongbao diff A B [--json] [--all]`: two versions of one text, article by article."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from corpus.api import NotFound
from corpus.commands.common import open_library, safe

if TYPE_CHECKING:
    from corpus.api import Change, Diff

_MARK = {"same": "=", "changed": "~", "renumbered": "#", "moved": "→", "removed": "-", "added": "+"}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "diff",
        help="compare two versions of a text article by article (第N条 to 第N条, moves found)",
        description="Compare document A (the older version) with B (the newer): articles are "
        "aligned 第N条 to 第N条, articles that were renumbered or moved are found by their "
        "wording, and changed wording is marked [-removed-]{+added+} (in colour on a terminal). "
        "Texts without articles are compared sentence by sentence.",
    )
    p.add_argument("old", metavar="A", help="the older version: id or 发文字号")
    p.add_argument("new", metavar="B", help="the newer version: id or 发文字号")
    p.add_argument("--json", action="store_true", help="print JSON: counts and every change")
    p.add_argument("--all", action="store_true", help="also list unchanged articles")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lib = open_library(args)
    docs = []
    for ref in (args.old, args.new):
        doc = lib.document(ref)
        if doc is None:
            raise NotFound(
                f"no document matches {safe(ref)!r} (try `gongbao list` or `gongbao search`)"
            )
        docs.append(doc)
    diff = lib.diff(docs[0].id, docs[1].id)
    if args.json:
        print(json.dumps(diff.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"- {safe(docs[0].title)}  [{docs[0].id}]")
    print(f"+ {safe(docs[1].title)}  [{docs[1].id}]")
    print(render(diff, colour=sys.stdout.isatty(), everything=args.all))
    return 0


def inline(change: Change, *, colour: bool) -> str:
    """The new wording with deletions and insertions marked."""
    out = []
    for tag, old, new in change.ops:
        if tag == "equal":
            out.append(safe(old))
            continue
        if old:
            out.append(f"\x1b[31;9m{safe(old)}\x1b[0m" if colour else f"[-{safe(old)}-]")
        if new:
            out.append(f"\x1b[32;4m{safe(new)}\x1b[0m" if colour else f"{{+{safe(new)}+}}")
    return "".join(out)


def render(diff: Diff, *, colour: bool = False, everything: bool = False) -> str:
    """The diff as text: a summary line, then one block per article that differs."""
    counts = diff.counts()
    unit = "articles" if diff.by_article else "sentences"
    lines = [
        f"{unit}: {counts['same']} same, {counts['changed']} changed, "
        f"{counts['renumbered']} renumbered, {counts['moved']} moved, "
        f"{counts['removed']} removed, {counts['added']} added"
    ]
    for c in diff.changes:
        if c.kind == "same" and not everything:
            continue
        label = c.new.label if c.new else c.old.label if c.old else ""
        if c.kind in ("moved", "renumbered") and c.old and c.new:
            label = f"{c.old.label} → {c.new.label}"
        lines.append(f"{_MARK[c.kind]} {label} ({c.kind})")
        if c.kind == "removed" and c.old:
            body = f"\x1b[31m{safe(c.old.text)}\x1b[0m" if colour else safe(c.old.text)
        elif c.kind == "added" and c.new:
            body = f"\x1b[32m{safe(c.new.text)}\x1b[0m" if colour else safe(c.new.text)
        elif c.ops:
            body = inline(c, colour=colour)
        else:
            body = safe(c.new.text if c.new else "") if everything else ""
        for line in body.splitlines():
            lines.append(f"    {line}")
    return "\n".join(lines)
