"""`gongbao list [--json]`: every document, top-level and attached, in gazette order."""

from __future__ import annotations

import argparse
import json

from corpus.commands.common import open_library, safe


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "list",
        help="list every document (attached and forwarded texts included)",
        description="List every document in gazette order: issue, section, id, date, 文号, "
        "title; attached texts are indented under the notice or order that issues them.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON array of objects")
    p.add_argument(
        "--issue", metavar="ID", help="only this issue (see the ids in the plain listing)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lib = open_library(args)
    docs = lib.documents(args.issue)
    if args.json:
        print(json.dumps([d.summary() for d in docs], ensure_ascii=False, indent=2))
        return 0
    depth: dict[str, int] = {}
    for issue in lib.issues():
        if args.issue and issue.id != args.issue:
            continue
        print(f"{safe(issue.name)}  [{issue.id}]")
        if issue.inferred:
            print(f"  ({safe(issue.inferred)})")
        section = None
        for d in (d for d in docs if d.issue == issue.id):
            if d.section != section:
                section = d.section
                if section:  # a collection has no sections: no empty 【】 line
                    print(f"  【{safe(section)}】")
            depth[d.id] = depth.get(d.parent or "", -1) + 1 if d.parent else 0
            indent = "  " * (2 + depth[d.id])
            meta = "  ".join(x for x in (d.date, d.doc_number) if x)
            print("  ".join(x for x in (f"{indent}{d.id}", safe(meta), safe(d.title)) if x))
    return 0
