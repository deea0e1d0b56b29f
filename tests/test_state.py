"""The browser's state file: history, bookmarks, and two instances saving at once."""

from __future__ import annotations

import json
import multiprocessing as mp
from pathlib import Path

from tui.state import Bookmark, History, Location, StateFile


def test_history_back_forward_and_truncation() -> None:
    h = History()
    for doc in "abc":
        h.visit(Location(doc))
    assert h.back() == Location("b")
    assert h.back() == Location("a")
    assert h.back() is None
    assert h.forward() == Location("b")
    h.visit(Location("d"))  # drops c, as a browser does
    assert h.forward() is None
    assert [e.doc for e in h.entries] == ["a", "b", "d"]


def test_history_remembers_position_in_current_entry() -> None:
    h = History()
    h.visit(Location("a"))
    h.update_current(Location("a", 5, 3))
    h.visit(Location("b"))
    assert h.back() == Location("a", 5, 3)


def test_state_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    s = StateFile.load(path)
    s.add_bookmark(Bookmark("d1", 3, 0, "标题", "一、总体要求"))
    s.remember(Location("d1", 7, 2))
    s.history.visit(Location("d1", 7, 2))
    s.save()
    t = StateFile.load(path)
    assert [b.title for b in t.bookmarks] == ["标题"]
    assert t.last == Location("d1", 7, 2)
    assert t.position("d1") == Location("d1", 7, 2)
    assert t.history.current == Location("d1", 7, 2)
    assert "标题" in path.read_text(encoding="utf-8")  # not \\u escapes


def test_two_instances_keep_each_others_bookmarks(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    a = StateFile.load(path)
    b = StateFile.load(path)
    a.add_bookmark(Bookmark("d1", 0, 0, "A"))
    b.add_bookmark(Bookmark("d2", 0, 0, "B"))
    a.save()
    assert sorted(x.title for x in StateFile.load(path).bookmarks) == ["A", "B"]
    # A deletion in one instance is not undone by the other's next save.
    b.delete_bookmark(next(x.id for x in b.bookmarks if x.title == "A"))
    a.save()
    assert [x.title for x in StateFile.load(path).bookmarks] == ["B"]


def test_damaged_file_is_set_aside_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json", encoding="utf-8")
    s = StateFile.load(path)
    assert s.bookmarks == [] and "damaged" in s.warning
    assert list(tmp_path.glob("state.json.corrupt-*"))


def _add_many(path: str, who: str, n: int) -> None:
    s = StateFile.load(Path(path))
    for i in range(n):
        s.add_bookmark(Bookmark(f"{who}{i}", 0, 0, f"{who}{i}"))


def test_concurrent_processes_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_add_many, args=(str(path), who, 25)) for who in "xyz"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len({b["doc"] for b in data["bookmarks"]}) == 75
    assert not list(tmp_path.glob(".state.json.*.tmp"))
