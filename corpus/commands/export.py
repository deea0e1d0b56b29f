"""`gongbao export REF [-o PATH] [--format md|txt|docx] [--force]`: a document and every
text it 印发/转发/发布, each under its own title, to a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from corpus.api import NotFound


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export",
        help="export a document (and the texts it issues) to Markdown, text or Word",
        description="Write REF — with every text it 印发/转发/发布, each under its own title and "
        "metadata header — to a file. The format follows the file's suffix (.md, .txt, "
        ".docx) or --format. An existing file is never overwritten unless --force is given. "
        "Files are written to a temp file and renamed into place, mode 0644.",
    )
    p.add_argument("ref", metavar="REF", help="document id or 发文字号")
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file or directory to write (default: the 文号 as file name, in the current "
        "directory)",
    )
    p.add_argument("--format", choices=("md", "txt", "docx"), help="md, txt or docx")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from corpus.api import export
    from corpus.commands.common import open_library, safe

    lib = open_library(args)
    doc = lib.document(args.ref)
    if doc is None:
        raise NotFound(
            f"no document matches {safe(args.ref)!r} (try `gongbao list` or `gongbao search`)"
        )
    path = Path(args.output) if args.output else None
    # An OSError (read-only directory, full disk) is one line and exit 7 (`corpus.cli`).
    written = export(doc, lib.document, lib.issue, path, args.format, force=args.force)
    print(safe(str(written)))
    return 0
