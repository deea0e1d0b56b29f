"""A damaged, hand-edited or newer state.json never crashes the browser and never costs the
bookmarks that are still good: bad entries are set aside in a dated backup with one warning,
hand deletions stay deleted, a newer version's file and unknown keys are left as they are.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tui.app import GongbaoApp
from tui.state import VERSION, Bookmark, StateFile
from tui.testing import FakeLibrary

GOOD = {"doc": "d0", "para": 1, "offset": 0, "title": "好", "note": "", "created": 1.0, "id": "g"}


def write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        {"deleted": 5},
        {"history": "x"},
        {"positions": []},
        {"positions": {"d1": {"para": "seven"}}},
        {"last": {"doc": "d1", "para": 10**12}},
        {"bookmarks": [GOOD, dict(GOOD, id="b", para="abc")]},
        {"bookmarks": [GOOD, dict(GOOD, id="c", created=1e300)]},
        {"bookmarks": [GOOD, dict(GOOD, id="n", created=float("nan"))]},
        {"bookmarks": [GOOD, dict(GOOD, id="t", para=True)]},
        {"bookmarks": [GOOD, "junk", None, 7]},
        {"history": {"entries": [{"doc": 5}], "index": 0}},
    ],
    ids=lambda d: json.dumps(d, ensure_ascii=False)[:40],
)
def test_a_bad_field_is_set_aside_and_the_rest_kept(tmp_path: Path, damage: dict[str, Any]) -> None:
    path = tmp_path / "state.json"
    data = {"version": 1, "bookmarks": [GOOD], **damage}
    write(path, data)
    original = path.read_bytes()
    s = StateFile.load(path)
    assert [b.id for b in s.bookmarks] == ["g"]
    assert "damaged" in s.warning and "\n" not in s.warning
    backups = list(tmp_path.glob("state.json.damaged-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    # saving works, keeps the good bookmark and the new one, and makes no second backup
    s.add_bookmark(Bookmark("d2", 0, 0, "新"))
    again = StateFile.load(path)
    assert sorted(b.title for b in again.bookmarks) == ["好", "新"] and not again.warning
    assert len(list(tmp_path.glob("state.json.damaged-*"))) == 1


def test_non_utf8_bytes_are_set_aside_whole(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b'{"bookmarks": [\xff\xfe]}')
    s = StateFile.load(path)
    assert s.bookmarks == [] and "damaged" in s.warning
    (aside,) = tmp_path.glob("state.json.corrupt-*")
    assert aside.read_bytes() == b'{"bookmarks": [\xff\xfe]}'
    s.add_bookmark(Bookmark("d1", 0, 0, "A"))
    assert [b.title for b in StateFile.load(path).bookmarks] == ["A"]


def test_a_bookmark_deleted_by_hand_stays_deleted(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    s = StateFile.load(path)
    s.add_bookmark(Bookmark("d1", 0, 0, "keep"))
    s.add_bookmark(Bookmark("d2", 0, 0, "drop"))
    # the user edits the file while the browser is open
    data = json.loads(path.read_text("utf-8"))
    data["bookmarks"] = [b for b in data["bookmarks"] if b["title"] != "drop"]
    write(path, data)
    s.remember(s.bookmarks[0].location)
    s.save()  # the open instance saves its position: the deleted bookmark must not return
    assert [b.title for b in StateFile.load(path).bookmarks] == ["keep"]
    assert [b.title for b in s.bookmarks] == ["keep"]


def test_a_newer_version_and_unknown_keys_are_preserved(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    newer = {"version": VERSION + 1, "bookmarks": [GOOD], "tags": {"g": ["法规"]}}
    write(path, newer)
    before = path.read_bytes()
    s = StateFile.load(path)
    assert [b.title for b in s.bookmarks] == ["好"]  # still shown
    assert s.read_only and "newer gongbao" in s.warning
    s.add_bookmark(Bookmark("d2", 0, 0, "新"))
    s.save()
    assert path.read_bytes() == before  # not rewritten as version 1

    same = {"version": VERSION, "bookmarks": [dict(GOOD, colour="red")], "tags": {"g": ["x"]}}
    write(path, same)
    s = StateFile.load(path)
    s.add_bookmark(Bookmark("d2", 0, 0, "新"))
    data = json.loads(path.read_text("utf-8"))
    assert data["tags"] == {"g": ["x"]}
    assert next(b for b in data["bookmarks"] if b["id"] == "g")["colour"] == "red"


def test_a_read_only_directory_shows_bookmarks_and_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    write(path, {"version": 1, "bookmarks": [GOOD]})
    before = path.read_bytes()
    real_open = open

    def no_write(file: Any, mode: str = "r", *a: Any, **kw: Any) -> Any:
        if str(file).endswith(".lock") or any(c in mode for c in "wa+"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr("builtins.open", no_write)
    monkeypatch.setattr(os, "access", lambda p, m: False)
    s = StateFile.load(path)
    assert [b.title for b in s.bookmarks] == ["好"]
    assert s.read_only and "read-only" in s.warning
    s.add_bookmark(Bookmark("d2", 0, 0, "新"))  # kept for this session, never written
    monkeypatch.undo()
    assert path.read_bytes() == before


async def test_the_app_starts_and_bookmarks_over_a_damaged_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path))
    path = tmp_path / "state.json"
    write(
        path,
        {
            "version": 1,
            "bookmarks": [GOOD, dict(GOOD, id="x", created=1e300)],
            "deleted": 5,
            "history": "x",
            "positions": [],
            "last": {"doc": "d0", "para": "q"},
        },
    )
    app = GongbaoApp(library=FakeLibrary(), state_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [b.id for b in app.state.bookmarks] == ["g"]
        app.main.open_document("d0")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")  # the bookmark's name: none
        await pilot.pause()
        await pilot.press("apostrophe")
        await pilot.pause()
        await pilot.press("escape", "q")
        await pilot.pause()
    data = json.loads(path.read_text("utf-8"))
    assert len(data["bookmarks"]) == 2 and isinstance(data["deleted"], list)
    assert list(tmp_path.glob("state.json.damaged-*"))
