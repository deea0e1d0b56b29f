"""`gongbao`: with no arguments, the browser; with a subcommand, a tool for scripts.

Every failure the user can act on is one line on stderr and a non-zero exit code; no
traceback reaches the user (set GONGBAO_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence

from corpus.errors import GongbaoError

COMMANDS = (
    "build",
    "list",
    "show",
    "search",
    "refs",
    "cite",
    "export",
    "add",
    "sources",
    "remove",
    "check",
    "chain",
    "diff",
)

EXIT_USAGE = 2
EXIT_WRITE = 7  # the output, the store or the data directory cannot be written
EXIT_INTERNAL = 70


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line, not a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def _command_of(args: list[str]) -> str | None:
    """The subcommand a command line names (its first word that is no option), if any."""
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--db":
            i += 2
            continue
        if a == "--":
            return None
        if not a.startswith("-"):
            return a if a in COMMANDS else None
        i += 1
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line's parser; with `only`, just that subcommand's (the others'
    modules are not imported: a command that answers in a fraction of a second should not
    spend it importing the PDF readers `add` needs)."""
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

    for name in COMMANDS if only is None else (only,):
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


def _standard_streams() -> None:
    """Closed stdin/stdout/stderr (`<&-`) become /dev/null: otherwise the next file opened
    takes fd 0–2, and Python's `sys.stdin` is None."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, closefd=False, encoding="utf-8"))


def _utf8_output() -> None:
    """Under `LC_ALL=C` (ASCII) write UTF-8 anyway: Chinese text, never UnicodeEncodeError.
    Whatever the encoding, a character it cannot hold is written as an escape."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if encoding in ("ascii", "ansi_x3.41968", "usascii", "latin1", "iso88591"):
                reconfigure(encoding="utf-8", errors="backslashreplace")
            else:
                reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass


_PATH_ARGS = frozenset({"db", "files", "seeds", "out", "output", "path", "dir", "func"})


def _text(value: str) -> str:
    """An argument decoded under an ASCII locale (`surrogateescape`) back to the UTF-8 the
    user typed, so `show 国发〔2021〕6号` works under `LC_ALL=C`. Paths keep their form."""
    if not any("\udc80" <= c <= "\udcff" for c in value) or os.path.exists(value):
        return value
    try:
        return os.fsencode(value).decode("utf-8")
    except (UnicodeError, ValueError):
        return value


def _text_args(args: argparse.Namespace) -> None:
    for name, value in vars(args).items():
        if name in _PATH_ARGS:
            continue
        if isinstance(value, str):
            setattr(args, name, _text(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            setattr(args, name, [_text(v) for v in value])


def _os_error(exc: OSError) -> str:
    """A failed write or read of the user's files, as a sentence (not "internal error")."""
    from corpus.escape import escape

    what = f" {escape(exc.filename)}" if exc.filename else ""
    reason = exc.strerror or type(exc).__name__
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left to write{what}; free some space and try again (nothing was changed)"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            f"cannot write{what} ({reason}); the data directory is read-only: "
            "reading works, changes need a writable GONGBAO_HOME or --db"
        )
    return f"cannot use{what}: {reason}"


def _silence_stdout() -> None:
    """After a failed write to stdout, stop Python's exit-time flush from failing again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    _standard_streams()
    _utf8_output()
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _dispatch(args_list)
        sys.stdout.flush()  # `gongbao list > /dev/full` fails here, not at exit
        return code
    except BrokenPipeError:
        # `gongbao list | head`: the reader left; say nothing
        _silence_stdout()
        return 0
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT) and exc.filename is None:
            _silence_stdout()
            print(f"gongbao: cannot write the output ({exc.strerror})", file=sys.stderr)
            return EXIT_WRITE
        print(f"gongbao: {_os_error(exc)}", file=sys.stderr)
        return EXIT_WRITE


def _dispatch(args_list: list[str]) -> int:
    """Run one command line; every failure but a bug becomes a one-line message."""
    try:
        browse, db = _browser_db(args_list)
        if browse:
            from pathlib import Path

            from tui.app import run

            return run(Path(db).expanduser() if db else None)
        parser = build_parser(_command_of(args_list))
        if args_list[0] == "search":
            from corpus.commands.search import query_after_options

            args_list = ["search", *query_after_options(args_list[1:])]
        args = parser.parse_args(args_list)
        _text_args(args)
        if args.command is None:
            from pathlib import Path

            from tui.app import run

            return run(Path(args.db).expanduser() if args.db else None)
        return int(args.func(args) or 0)
    except GongbaoError as err:
        from corpus.escape import escape

        print(f"gongbao: {escape(err, backslash=False)}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("gongbao: interrupted", file=sys.stderr)
        return 130
    except (BrokenPipeError, OSError):
        raise  # main() turns these into a sentence
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
