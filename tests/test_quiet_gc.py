"""Workers pause the cyclic collector while they load, and it resumes after the last one."""

from __future__ import annotations

import gc
import threading

from tui.quiet_gc import collector_paused


def test_the_collector_resumes_after_the_last_of_overlapping_loads() -> None:
    assert gc.isenabled()
    inside = threading.Event()
    leave = threading.Event()

    def worker() -> None:
        with collector_paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    frozen = gc.get_freeze_count()
    with collector_paused():
        assert not gc.isenabled()
        loaded = [[str(n)] for n in range(60_000)]  # what a large load leaves
    assert not gc.isenabled()  # the worker is still loading
    leave.set()
    thread.join(5)
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(loaded)  # out of later collections' way


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_small_load_is_left_to_the_collector() -> None:
    """Freezing after every small load would keep the cycles made meanwhile for good."""
    frozen = gc.get_freeze_count()
    with collector_paused():
        loaded = [[str(n)] for n in range(100)]
    assert gc.isenabled() and loaded
    assert gc.get_freeze_count() == frozen
