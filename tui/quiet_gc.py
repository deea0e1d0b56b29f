"""The cyclic garbage collector paused while a worker loads the corpus's data.

Parsing the links file or a search index makes millions of objects that live as long as
the process. While they are being made, Python runs full collections over everything
alive, again and again (≈0.3–0.8 s each at 10,000 documents), and a collection holds the
GIL: the event loop stops, and `q` and SIGHUP wait. JSON data holds no reference cycles,
so there is nothing for the collector to find in it: workers pause it while they load,
and what they loaded is moved out of the collector's sight afterwards (`gc.freeze`, as
`Library.open` does for the catalog), so later collections do not walk it either.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for the block (nested and concurrent blocks count: it resumes
    when the last one ends, if it was running before the first)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()
