"""One writer at a time: the lock around every read-modify-write of the store and source list.

Two `gongbao add` at once must not both read the source list, add their file, and write
back a list missing the other's. So the whole change — read the list, process, write list
and store — happens under one exclusive lock on `<store>.lock`. A second writer waits,
says once whom it is waiting for, and gives up after `GONGBAO_LOCK_TIMEOUT` seconds (default
300) with a one-line error. The lock is an `flock`, which the kernel drops when its holder
dies, so a lock left by a killed process (its pid still written in the file) is simply
taken over. The lock is re-entrant within a process (a build called from `add` reuses it).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from corpus.errors import BusyError

DEFAULT_TIMEOUT = 300.0
_POLL = 0.05

_held: dict[str, int] = {}  # lock path → depth, for this process
_guard = threading.Lock()


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def timeout() -> float:
    """Seconds a writer waits for another; `GONGBAO_LOCK_TIMEOUT` overrides."""
    try:
        return max(0.0, float(os.environ.get("GONGBAO_LOCK_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def _holder(fd: int) -> str:
    """The pid recorded by the current holder, for the waiting message."""
    with contextlib.suppress(OSError, ValueError):
        data = os.pread(fd, 64, 0).decode("ascii", "replace").split()
        if data:
            return f" (pid {int(data[0])})"
    return ""


@contextlib.contextmanager
def writer(db: Path, wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the writer lock for `db`; `wait` is told once if another writer holds it."""
    import fcntl

    key = str(lock_path(db).absolute())
    with _guard:
        if _held.get(key):
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                _held[key] -= 1
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                who = _holder(fd)
                if not told and wait is not None:
                    wait(f"waiting for another gongbao{who} that is changing the store…")
                    told = True
                if time.monotonic() >= deadline:
                    raise BusyError(
                        f"gave up after {timeout():g} s waiting for another gongbao{who} "
                        "to finish changing the store; try again when it is done"
                    ) from None
                time.sleep(_POLL)
        with contextlib.suppress(OSError):  # who holds it, for the next waiter's message
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        with _guard:
            _held[key] = 1
        try:
            yield
        finally:
            with _guard:
                _held.pop(key, None)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
