"""`gongbao cite REF… [--style plain|gbt7714|bibtex|csl-json|ris]`: citations for
documents, one style for all, ready to paste or import into a reference manager."""

from __future__ import annotations

import argparse

from corpus.api import NotFound


def register(subparsers: argparse._SubParsersAction) -> None:
    from corpus.api import STYLE_NAMES, STYLES

    p = subparsers.add_parser(
        "cite",
        help="cite documents: 《标题》（文号）, GB/T 7714, BibTeX, CSL-JSON, RIS",
        description="Print the citation of each REF. Styles: "
        + "; ".join(f"{s}: {STYLE_NAMES[s]}" for s in STYLES)
        + ". CSL-JSON and RIS import into Zotero (File → Import from Clipboard).",
    )
    p.add_argument("refs", nargs="+", metavar="REF", help="document ids or 发文字号")
    p.add_argument("--style", choices=STYLES, default="plain", help="default: plain")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from corpus.api import format_records, record
    from corpus.commands.common import open_library, safe

    lib = open_library(args)
    records = []
    for ref in args.refs:
        doc = lib.document(ref)
        if doc is None:
            raise NotFound(
                f"no document matches {safe(ref)!r} (try `gongbao list` or `gongbao search`)"
            )
        records.append(record(doc, lib.document, lib.issue))
    text = format_records(records, args.style)
    print("\n".join(safe(line) for line in text.split("\n")))  # document text is data
    return 0
