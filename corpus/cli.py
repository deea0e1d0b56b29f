"""`gongbao`: with no arguments, the browser; with a subcommand, a tool for scripts.

Every failure the user can act on is one line on stderr and a non-zero exit code; no
traceback reaches the user (set GONGBAO_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from corpus.errors import GongbaoError

COMMANDS = ("build", "list", "show", "search", "refs", "add", "check", "chain", "diff")

EXIT_USAGE = 2
EXIT_INTERNAL = 70


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line, not a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gongbao",
        description="A keyboard-driven terminal browser for Chinese government gazettes (政府公报). "
        "Run with no arguments to open the browser.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the store to use (default: $GONGBAO_DB or the user data directory)",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    original = sub.add_parser

    def add_parser(name: str, **kw: object) -> argparse.ArgumentParser:
        kw.setdefault("parents", [common])
        return original(name, **kw)  # type: ignore[arg-type]

    sub.add_parser = add_parser  # type: ignore[method-assign,assignment]
    from importlib import import_module

    for name in COMMANDS:
        import_module(f"corpus.commands.{name}").register(sub)
    return parser


def _browser_db(args: list[str]) -> tuple[bool, str | None]:
    """Is this a plain `gongbao` (or `gongbao --db PATH`)? Then skip building the parser,
    whose subcommand imports would only delay the browser's first paint."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db":
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db="):
        return True, args[0].split("=", 1)[1]
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        browse, db = _browser_db(args_list)
        if browse:
            from pathlib import Path

            from tui.app import run

            return run(Path(db).expanduser() if db else None)
        parser = build_parser()
        args = parser.parse_args(args_list)
        if args.command is None:
            from pathlib import Path

            from tui.app import run

            return run(Path(args.db).expanduser() if args.db else None)
        return int(args.func(args) or 0)
    except GongbaoError as err:
        print(f"gongbao: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("gongbao: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `gongbao list | head`: the reader left; say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("GONGBAO_DEBUG"):
            raise
        print(
            f"gongbao: internal error: {type(exc).__name__}: {exc} (set GONGBAO_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
