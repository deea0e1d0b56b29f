"""What every subcommand shares: opening the library with visible progress, safe output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corpus.api import Library, blank, escape


def safe(text: str) -> str:
    """Document text for the terminal: no control, escape or bidi characters (it is data)."""
    return blank(text)


def progress(message: str) -> None:
    """Build progress goes to stderr, so `--json` output on stdout stays clean."""
    print(f"gongbao: {escape(message)}", file=sys.stderr, flush=True)


def db_path(args: argparse.Namespace) -> Path | None:
    db = getattr(args, "db", None)
    return Path(db).expanduser() if db else None


def open_library(args: argparse.Namespace) -> Library:
    """Open the store named by `--db`/`GONGBAO_DB` (or the default), building it if needed."""
    path = db_path(args)
    first = [True]

    def say(message: str) -> None:
        if first[0]:
            progress("首次使用或资料已更新，正在建立资料库…")
            first[0] = False
        progress(message)

    return Library.open(path, progress=say)
