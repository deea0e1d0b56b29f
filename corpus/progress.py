"""A build's progress on a terminal: one line, redrawn in place, with a rate and an ETA.

A bulk build of an archive takes minutes; a line per file would scroll thousands of lines
past. On a terminal (stderr a tty, TERM not "dumb") the per-file lines become one line
redrawn with a carriage return: files done/total, documents, files a second, time left.
Anything else (a pipe, a log file, a test) gets the plain lines, which scripts read. Only
`\\r` and spaces move the cursor: no escape sequence, so nothing leaks into a dumb
terminal, and the line is cut to the terminal's width so it never wraps.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import TextIO

from corpus.escape import escape
from corpus.snippet import char_columns, columns

#: Redraws a second at most (a fast build must not spend its time drawing).
_FPS = 8


def is_terminal(stream: TextIO) -> bool:
    """True when `stream` is a terminal that can take a line redrawn with \\r."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
    return tty and os.environ.get("TERM", "") != "dumb"


def duration(seconds: float) -> str:
    """12s, 3m05s, 1h02m: short enough for one status line."""
    s = max(0, int(seconds + 0.5))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


def bar_line(label: str, done: int, total: int, documents: int, elapsed: float, width: int) -> str:
    """The status line: label, a bar, files, documents, rate and ETA, at most `width` wide."""
    share = done / total if total else 1.0
    cells = 20
    filled = int(share * cells)
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate > 0 else None
    eta = duration(left) if left is not None and done < total else ("--" if done < total else "0s")
    # what matters most comes first: a narrow terminal drops whole parts from the end
    parts = [f"ETA {eta}", f"{rate:.1f} files/s", f"{documents} documents"]
    line = f"gongbao: {label} [{'#' * filled}{'.' * (cells - filled)}] {done}/{total} files"
    for part in parts:
        if columns(f"{line}, {part}") > width:
            break
        line = f"{line}, {part}"
    return _fit(line, width)


def _fit(line: str, width: int) -> str:
    """`line` cut to `width` terminal cells (CJK characters take two), padded to it."""
    out = []
    used = 0
    for ch in line:
        w = char_columns(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (width - used)


class TerminalProgress:
    """Build progress for a terminal: stage messages on lines of their own, the per-file
    progress as one line redrawn in place (`files`). Callable like any `Progress`."""

    def __init__(self, stream: TextIO | None = None, label: str = "building") -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.started = time.monotonic()
        self._drawn = 0.0
        self._done = 0
        self._showing = False

    def __call__(self, message: str) -> None:
        self.end()
        print(f"gongbao: {escape(message)}", file=self.stream, flush=True)

    def files(self, done: int, total: int, documents: int) -> None:
        """Redraw the line (at most a few times a second, and always for the last file)."""
        now = time.monotonic()
        if done < self._done:  # counting again from the start: a new stage
            self.started = now
        self._done = done
        if done < total and now - self._drawn < 1 / _FPS:
            return
        self._drawn = now
        width = self._width()
        line = bar_line(self.label, done, total, documents, now - self.started, width)
        self.stream.write("\r" + line)
        self.stream.flush()
        self._showing = True

    def clear(self) -> None:
        """Blank the progress line, so the next output starts on a clean line."""
        if self._showing:
            self.stream.write("\r" + " " * self._width() + "\r")
            self.stream.flush()
            self._showing = False

    def _width(self) -> int:
        """The terminal's width less one (a line filling the last column may wrap)."""
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        if columns <= 0:
            columns = shutil.get_terminal_size((80, 24)).columns
        return max(20, columns - 1)

    def end(self) -> None:
        """Leave the progress line as it stands and move to the next line."""
        if self._showing:
            self.stream.write("\n")
            self.stream.flush()
            self._showing = False


def build_progress(label: str = "building") -> TerminalProgress | None:
    """A progress line on stderr if it is a terminal, else None (plain lines then)."""
    return TerminalProgress(sys.stderr, label) if is_terminal(sys.stderr) else None
