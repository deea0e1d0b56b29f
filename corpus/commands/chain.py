"""`gongbao chain REF [--json]`: a policy's chain — what it implements or forwards, and what
forwards, implements, amends or repeals it — as a dated timeline."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from corpus.api import NotFound
from corpus.commands.common import open_library, safe

if TYPE_CHECKING:
    from corpus.api import Chain, Link

_ARROW = {"up": "↑", "down": "↓", "self": "●"}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "chain",
        help="a document's policy chain: upstream and downstream, as a dated timeline",
        description="Upstream: what REF implements or forwards (根据《…》, 转发, 印发). Downstream: "
        "what forwards, implements, amends or repeals it. Followed several steps each way and "
        "printed oldest first; ↑ marks upstream, ↓ downstream.",
    )
    p.add_argument("ref", metavar="REF", help="document id or 发文字号")
    p.add_argument("--json", action="store_true", help="print JSON: upstream, downstream, timeline")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lib = open_library(args)
    doc = lib.document(args.ref)
    if doc is not None:
        chain = lib.chain(doc.id)
    else:
        outside = lib.outside(args.ref)
        if outside is None:
            raise NotFound(
                f"no document matches {safe(args.ref)!r} (try `gongbao list` or `gongbao search`)"
            )
        from corpus.api import chain_outside

        chain = chain_outside(lib, outside)
    if args.json:
        print(json.dumps(chain.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(safe(line) for line in render(chain)))
    return 0


def line_for(link: Link) -> str:
    """One timeline row: date, direction, relation, number, title, id (or not in the store)."""
    name = " ".join(x for x in (link.doc_number, link.title) if x)
    where = f"[{link.id}]" if link.id else "(not in the store)"
    if link.direction == "self" and not link.id:
        where = ""
    indent = "  " * max(link.depth - 1, 0)
    relation = "" if link.direction == "self" else f"{link.relation} "
    return f"{link.date or '—':<10}  {indent}{_ARROW[link.direction]} {relation}{name}  {where}".rstrip()


def render(chain: Chain) -> list[str]:
    ups = sum(1 for x in chain.links if x.direction == "up")
    downs = len(chain.links) - ups
    head = f"{chain.doc_number}  {chain.title}".strip()
    if not chain.id:
        head += "  [not in the store]"
    out = [head, f"upstream {ups}, downstream {downs}"]
    out.extend(line_for(x) for x in chain.timeline())
    return out
