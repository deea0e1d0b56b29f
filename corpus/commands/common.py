"""What every subcommand shares: opening the library with visible progress, safe output."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from corpus.api import Library

_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)


def safe(text: str) -> str:
    """Text for the terminal: no control, escape or bidi characters (document text is data)."""
    return _UNSAFE.sub(" ", text)


def progress(message: str) -> None:
    """Build progress goes to stderr, so `--json` output on stdout stays clean."""
    print(f"gongbao: {safe(message)}", file=sys.stderr, flush=True)


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
