"""A hypothesis state machine: add, build, remove, bookmark, move originals away and damage
files in any order; whatever the user was told was added (or bookmarked) is never lost.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from fake_gazettes import CENTRAL, HEADED, PROVINCIAL, write_issue
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from corpus import changes
from corpus.api import Library
from corpus.errors import GongbaoError, StoreError
from corpus.sourcelist import SourceList
from tui.state import Bookmark, StateFile

ISSUES = {
    "prov.txt": (PROVINCIAL, "四川省人民政府公报 2019年（期号不详）"),
    "i13.txt": (HEADED, "国务院公报 2021年第13期"),
    "i14.txt": (
        HEADED.replace("国务院公报２０２１１３", "国务院公报２０２１１４"),
        "国务院公报 2021年第14期",
    ),
}


class NothingLost(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="gongbao-nothing-lost-"))
        self.seeds = self.tmp / "seeds"
        write_issue(self.seeds, "central.txt", CENTRAL)
        self.db = self.tmp / "home" / "store.json"
        changes.build(self.db, [self.seeds / "central.txt"])
        self.added: set[str] = set()
        self.store_damaged = False
        self.state = self.tmp / "home" / "state.json"
        self.marks: set[str] = set()

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _original(self, name: str) -> Path:
        path = self.tmp / "in" / name
        if not path.exists():
            write_issue(path.parent, name, ISSUES[name][0])
        return path

    @rule(name=st.sampled_from(sorted(ISSUES)))
    def add(self, name: str) -> None:
        try:
            changes.add_files(self.db, [str(self._original(name))])
        except StoreError:
            assert self.store_damaged  # a damaged store is reported, never replaced
            return
        self.added.add(name)

    @rule()
    def build(self) -> None:
        changes.build(self.db, [self.seeds / "central.txt"])
        self.store_damaged = False  # set aside and rebuilt from the source list

    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        if not self.added:
            return
        name = data.draw(st.sampled_from(sorted(self.added)))
        try:
            changes.remove(self.db, name)
        except StoreError:
            assert self.store_damaged
            return
        self.added.discard(name)

    @rule(name=st.sampled_from(sorted(ISSUES)))
    def original_vanishes(self, name: str) -> None:
        (self.tmp / "in" / name).unlink(missing_ok=True)

    @rule(content=st.sampled_from([b"", b"[]", b'{"meta": 5}', b"\xff\xfe", b'{"meta": {"1": {']))
    def damage_store(self, content: bytes) -> None:
        self.db.write_bytes(content)
        self.store_damaged = True

    @rule(title=st.text(alphabet="甲乙丙丁", min_size=1, max_size=3))
    def bookmark(self, title: str) -> None:
        s = StateFile.load(self.state)
        s.add_bookmark(Bookmark("d", 0, 0, title))
        self.marks.add(title)

    @rule()
    def delete_a_bookmark(self) -> None:
        s = StateFile.load(self.state)
        if s.bookmarks:
            b = s.bookmarks[0]
            s.delete_bookmark(b.id)
            if not any(x.title == b.title for x in s.bookmarks):
                self.marks.discard(b.title)

    @rule(bad=st.sampled_from([{"deleted": 5}, {"history": "x"}, {"positions": []}]))
    def damage_state(self, bad: dict[str, object]) -> None:
        data = json.loads(self.state.read_text("utf-8")) if self.state.exists() else {}
        data.update(bad)
        data.setdefault("bookmarks", []).append({"doc": 1, "id": None})
        self.state.write_text(json.dumps(data), "utf-8")

    @invariant()
    def nothing_added_is_lost(self) -> None:
        lst = SourceList.load(self.db)
        assert lst is not None
        assert {e.name for e in lst.added()} == self.added
        for e in lst.added():
            assert lst.copy_path(e).is_file()
        if self.store_damaged:
            with pytest.raises(GongbaoError):
                Library.open(self.db)
            return
        names = {i.name for i in Library.open(self.db).issues()}
        assert {ISSUES[n][1] for n in self.added} <= names
        assert "国务院公报 2021年第12期" in names

    @invariant()
    def no_bookmark_is_lost(self) -> None:
        s = StateFile.load(self.state)
        assert self.marks <= {b.title for b in s.bookmarks}


NothingLost.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_nothing_added_is_ever_lost = NothingLost.TestCase
