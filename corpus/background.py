"""Work done in a forked child while this process goes on (jieba for `gongbao add`).

A `Child` is forked first and warms up (jieba loads its dictionary: about a second) while
this process reads and processes the new files; `submit` then hands it the work, and
`result` waits for the answer. The child holds none of this process's files (above all
not the writer lock, an flock a killed writer's child would otherwise keep), writes nothing
to the terminal, and exits when done or when this process goes away. Where there is one
core or no fork, or the child fails, the work runs here instead (and raises here).
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def _max_fd() -> int:
    import resource

    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return soft if 0 < soft < 1 << 20 else 1 << 16


def _read_all(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def _write_all(fd: int, data: bytes) -> None:
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError:  # the child is gone: `result` does the work here
        pass


def _serve(warm: Callable[[], object], requests: int, answers: int) -> None:
    """The child: warm up, read one (function, arguments) until EOF, answer, exit."""
    code = 1
    try:
        quiet = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(quiet, fd)
        low, high = sorted((requests, answers))
        os.closerange(3, low)
        os.closerange(low + 1, high)
        os.closerange(high + 1, _max_fd())
        warm()
        request = _read_all(requests)
        if request:
            fn, args = pickle.loads(request)  # noqa: S301 - our parent's, through our pipe
            with os.fdopen(answers, "wb") as fh:
                fh.write(pickle.dumps(fn(*args)))
        code = 0
    finally:
        os._exit(code)


class Child(Generic[T]):
    """One piece of work for a forked child that starts warming up now."""

    def __init__(self, warm: Callable[[], object] = lambda: None) -> None:
        self._call: Callable[[], T] | None = None
        self._done: tuple[T] | None = None
        self._pid = 0
        self._requests = self._answers = -1
        if (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
            return
        try:
            req_read, req_write = os.pipe()
            ans_read, ans_write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            for fd in (req_read, req_write, ans_read, ans_write):
                os.close(fd)
            return
        if pid == 0:
            _serve(warm, req_read, ans_write)  # never returns
        os.close(req_read)
        os.close(ans_write)
        self._pid, self._requests, self._answers = pid, req_write, ans_read

    def submit(self, fn: Callable[..., T], *args: Any) -> None:
        """Hand the child `fn(*args)` (pickled; written from a thread, so a child still
        warming up never holds this process back)."""
        self._call = lambda: fn(*args)
        if self._requests < 0:
            return
        fd, self._requests = self._requests, -1
        payload = pickle.dumps((fn, args))
        threading.Thread(target=_write_all, args=(fd, payload), daemon=True).start()

    def result(self) -> T:
        """The work's result: the child's, or computed here when there is none."""
        if self._done is None:
            data = self._collect(wait=True)
            if data:
                self._done = (pickle.loads(data),)  # noqa: S301 - our own child's
            else:
                assert self._call is not None, "submit() first"
                self._done = (self._call(),)
        return self._done[0]

    def close(self) -> None:
        """Done with the child: it exits by itself (at once if it was given no work)."""
        self._collect(wait=self._call is not None)

    def _collect(self, *, wait: bool) -> bytes:
        if self._requests >= 0:  # no work for it: EOF tells it to exit after warming up
            os.close(self._requests)
            self._requests = -1
        if not self._pid:
            return b""
        data = b""
        if wait:
            data = _read_all(self._answers)
            os.waitpid(self._pid, 0)
        else:
            os.close(self._answers)
            try:
                os.waitpid(self._pid, os.WNOHANG)
            except ChildProcessError:
                pass
        self._pid = 0
        return data
