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
        loaded = [{"text": str(n)} for n in range(1000)]  # what a load leaves behind
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
