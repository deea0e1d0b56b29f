"""Snapshot tests (pytest-textual-snapshot) of the main screens at 80×24 and 120×40.

Each screen is drawn over the in-memory sample library from a fresh data directory and
compared with the SVG accepted under tests/__snapshots__/. After an intended change to the
look, review and accept the new pictures with `pytest tests/test_snapshots.py
--snapshot-update`.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tui.app import GongbaoApp
from tui.state import Bookmark
from tui.testing import FakeLibrary

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def app() -> GongbaoApp:
    return GongbaoApp(library=FakeLibrary())


def opened(doc_id: str, *keys: str) -> Callable[[Any], Awaitable[None]]:
    """Open a document in the reader, let the references load, then press `keys`."""

    async def run_before(pilot: Any) -> None:
        a = pilot.app
        await pilot.pause()
        a.main.open_document(doc_id)
        a.main.reader.focus()
        await pilot.pause()
        await a.workers.wait_for_complete()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await a.workers.wait_for_complete()
            await pilot.pause()

    return run_before


def searched(query: str) -> Callable[[Any], Awaitable[None]]:
    async def run_before(pilot: Any) -> None:
        a = pilot.app
        await pilot.pause()
        await pilot.press("s", *query, "enter")
        await a.workers.wait_for_complete()
        await pilot.pause()

    return run_before


async def _with_bookmarks(pilot: Any) -> None:
    a = pilot.app
    await pilot.pause()
    a.state.add_bookmark(
        Bookmark(
            "d1",
            13,
            0,
            "生育保险和职工基本医疗保险合并实施试点方案",
            "三、试点内容",
            created=1_700_000_000.0,
            id="b1",
            name="试点内容",
        )  # fmt: skip
    )
    a.state.add_bookmark(
        Bookmark(
            "d2", 40, 0, "四川省长篇测试文件", "第一章　总则", created=1_700_000_600.0, id="b2"
        )
    )
    await pilot.press("B")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_start(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_document(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=opened("d1"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_results(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=searched("脱贫"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_no_results(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=searched("没有这个词"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_references(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=opened("d1", "r"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_help(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, press=["f1"])


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_bookmarks(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=_with_bookmarks)
