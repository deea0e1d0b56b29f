"""The cyclic garbage collector paused while a worker loads the corpus's data.

Parsing the links file or a search index makes millions of objects that live as long as
the process. While they are being made, Python runs full collections over everything
alive, again and again (≈0.3–0.8 s each at 10,000 documents), and a collection holds the
GIL: the event loop stops, and `q` and SIGHUP wait. JSON data holds no reference cycles,
so there is nothing for the collector to find in it: workers pause it while they load,
and a large load is moved out of the collector's sight afterwards (`gc.freeze`, as
`Library.open` does for the catalog), so later collections do not walk it either.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: A load that left more new objects than this is moved out of the collector's sight: a
#: collection of the young generation would walk them all. Smaller ones are left to it, so
#: the short-lived cycles made meanwhile (≈1,900 a document opened) are still collected:
#: freezing on every load would keep them for good.
FREEZE_ABOVE = 50_000

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
                if gc.get_count()[0] > FREEZE_ABOVE:
                    gc.freeze()
                if _was_enabled:
                    gc.enable()
