"""The contents tree at archive scale: children created on expand, issues newest first,
gazette › year shelves when there are many, a deep document revealed on demand, and
same-name collections told apart. Over made-up archives (tests/fake_archive.py) that count
which issues' documents were read; no timing assertions (benchmarks/tree.py times it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fake_archive import ArchiveLibrary, archive

from corpus.model import Document, Issue
from tui.app import GongbaoApp
from tui.shelves import FLAT_UP_TO, Shelf, Shelved, arrange, distinguish
from tui.state import Location, StateFile
from tui.testing import FakeLibrary, screen_text
from tui.tree import PAGE, DocTree


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def labels(nodes: Any) -> list[str]:
    return [str(n.label) for n in nodes]


def issue(n: int, year: int | None, number: int | None, gazette: str = "国务院公报") -> Issue:
    name = f"{gazette} {year}年第{number}期"
    return Issue(f"i{n}", gazette, year, number, name, f"f{n}.txt", f"{n:064x}")


async def test_few_issues_stay_at_the_top_newest_first_and_nothing_is_read() -> None:
    """The two sample issues: no gazette or year level, the 2021 issue above the 2017 one,
    and no document node before an issue is opened."""
    app = GongbaoApp(library=FakeLibrary())  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = app.main.tree
        assert labels(tree.root.children) == [
            "四川省人民政府公报 2021年第10期",
            "国务院公报 2017年第6期",
        ]
        assert [n.data.kind for n in tree.root.children if n.data] == ["issue", "issue"]
        assert tree._doc_nodes == {}
        assert all(not n.children for n in tree.root.children)


async def test_many_issues_are_shelved_by_gazette_and_year_and_read_only_when_opened() -> None:
    lib = archive(2000)  # 86 国务院公报 issues (1954–1957), 4 四川, 6 collections
    app = GongbaoApp(library=lib)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = app.main.tree
        assert labels(tree.root.children) == [
            "国务院公报（86期）",
            "四川省人民政府公报（4期）",
            "文件合集（6）",
        ]
        assert lib.reads == []  # no issue's documents read at start
        gazette = tree.root.children[0]
        assert not gazette.children  # created when opened, not before
        tree.focus()
        tree.move_cursor(gazette)
        await pilot.press("l")
        await pilot.pause()
        assert labels(gazette.children) == [
            "1957年（14期）",
            "1956年（24期）",
            "1955年（24期）",
            "1954年（24期）",
        ]
        year = gazette.children[0]
        tree.move_cursor(year)
        await pilot.press("l")
        await pilot.pause()
        assert labels(year.children)[:3] == ["第14期", "第13期", "第12期"]
        assert lib.reads == [] and tree._doc_nodes == {}
        tree.move_cursor(year.children[0])
        await pilot.press("l")
        await pilot.pause()
        assert lib.reads == ["gwy-1957-14"]  # that issue's documents, and no other's
        assert {d.split("-")[2] for d in tree._doc_nodes} == {"14"}
        sections = year.children[0].children
        assert labels(sections) == ["国务院文件", "国务院办公厅文件"]
        assert "国务院公报（86期）" in screen_text(app) and "第14期" in screen_text(app)


def test_the_flat_list_ends_where_shelves_begin() -> None:
    few = [issue(n, 2000 + n // 10, n % 10 + 1) for n in range(FLAT_UP_TO)]
    top = arrange(few)
    assert all(isinstance(item, Shelved) for item in top)
    assert [item.issue.id for item in top if isinstance(item, Shelved)][:2] == ["i23", "i22"]
    many = [*few, issue(99, 1990, 1, "四川省人民政府公报")]
    top = arrange(many)
    assert [(s.kind, s.label) for s in top if isinstance(s, Shelf)] == [
        ("gazette", f"国务院公报（{FLAT_UP_TO}期）"),
        ("gazette", "四川省人民政府公报（1期）"),
    ]
    # a gazette of no more issues than that lists them without a year level, newest first
    first = top[0]
    assert isinstance(first, Shelf)
    assert all(isinstance(item, Shelved) for item in first.items)
    assert [i.issue.id for i in first.issues()][:1] == ["i23"]
    assert first.items[0].label == "2002年第4期"  # the gazette is named on the shelf


def test_issues_without_year_or_number_come_last() -> None:
    shelves = arrange([issue(1, None, None), issue(2, 2020, 3), issue(3, 2020, 12)])
    assert [i.issue.id for i in shelves if isinstance(i, Shelved)] == ["i3", "i2", "i1"]
    many = [issue(n, 2000 + n % 30, 1) for n in range(40)] + [issue(99, None, None)]
    gazette = arrange(many)[0]
    assert isinstance(gazette, Shelf)
    assert gazette.items[0].label.startswith("2029年")
    assert gazette.items[-1].label.startswith("年份不详")


async def test_collections_with_one_name_are_told_apart() -> None:
    lib = archive(46, collections=4, province=0)  # 2 issues + 4 collections: flat
    app = GongbaoApp(library=lib)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        names = labels(app.main.tree.root.children)
        assert names[:2] == ["国务院公报 1954年第2期", "国务院公报 1954年第1期"]
        assert "国务院办公厅（notice.pdf）" in names
        assert "国务院办公厅（notice.html）" in names
        assert "第2个发文机关" in names  # a name no other has keeps no suffix


def test_same_name_collections_of_different_years_carry_the_year() -> None:
    a = Issue("c1", "国务院办公厅", 2019, None, "国务院办公厅", "a.pdf", "1", kind="collection")
    b = Issue("c2", "国务院办公厅", 2021, None, "国务院办公厅", "b.pdf", "2", kind="collection")
    c = Issue("c3", "国务院办公厅", 2021, None, "国务院办公厅", "b.pdf", "3", kind="collection")
    assert [s.label for s in distinguish([Shelved(a, a.name), Shelved(b, b.name)])] == [
        "国务院办公厅（2019）",
        "国务院办公厅（2021）",
    ]
    # same year and same file name: the content's fingerprint tells them apart
    shown = distinguish([Shelved(b, b.name), Shelved(c, c.name)])
    assert shown[0].label != shown[1].label


async def test_a_deep_document_is_revealed_and_selected_reading_only_its_issue() -> None:
    """A search result in the oldest issue (an attached text, under its notice): the tree
    creates the shelves, the issue and the notice on the way, and puts the cursor on it."""
    lib = archive(2000)
    deep = "gwy-1954-01-9"  # attached to gwy-1954-01-8
    doc = lib.document(deep)
    assert doc is not None and doc.parent == "gwy-1954-01-8"
    app = GongbaoApp(library=lib)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = app.main.tree
        app.main.open_document(deep, from_results=True)
        app.main.reader.focus()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        node = tree._doc_nodes[deep]
        assert tree.cursor_node is node
        assert node.parent is tree._doc_nodes["gwy-1954-01-8"]
        kinds = []
        up: Any = node.parent
        while up is not None and up is not tree.root:
            assert up.is_expanded
            kinds.append(up.data.kind if up.data else "")
            up = up.parent
        assert kinds == ["doc", "section", "issue", "year", "gazette"]
        assert set(lib.reads) == {"gwy-1954-01"}
        # the other years were never opened
        assert all(not y.children for y in tree.root.children[0].children[:-1])


async def test_a_saved_position_deep_in_the_archive_is_revealed_at_start(tmp_path: Path) -> None:
    lib = archive(2000)
    state = StateFile.load(tmp_path / "state.json")
    state.remember(Location("gwy-1955-07-3", 1, 0))
    state.save()
    app = GongbaoApp(library=lib, state_path=tmp_path / "state.json")  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        tree = app.main.tree
        assert app.main.reader.document is not None
        assert app.main.reader.document.id == "gwy-1955-07-3"
        assert "gwy-1955-07-3" in tree._doc_nodes
        assert set(lib.reads) == {"gwy-1955-07"}


def test_reveal_of_an_unknown_document_does_nothing() -> None:
    tree = DocTree()
    tree._source = FakeLibrary()
    assert tree._place("nope") is None


async def test_a_huge_collection_is_listed_a_page_at_a_time_in_order() -> None:
    """A file of 1,200 documents: 500 entries and a "more" entry; a reveal of the last one
    creates its page only; Enter on a "more" entry puts the next page in its place."""
    col = Issue("big", "汇编", 2020, None, "汇编", "big.md", "0" * 64, kind="collection")
    docs = [
        Document(id=f"big-{k}", issue="big", order=k, section="", title=f"第{k}号规定")
        for k in range(1200)
    ]
    app = GongbaoApp(library=ArchiveLibrary([col], docs))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = app.main.tree
        top = tree.root.children[0]  # the one collection, opened by itself
        assert PAGE == 500 and len(top.children) == PAGE + 1
        assert str(top.children[-1].label).startswith("…… 另有 700 项")
        tree.reveal("big-1199", None, move_cursor=False)
        await pilot.pause()
        shown = [n.data.ref if n.data and n.data.kind == "doc" else "more" for n in top.children]
        assert shown[PAGE] == "more" and shown[PAGE + 1 :] == [
            f"big-{k}" for k in range(1000, 1200)
        ]
        assert len(tree._doc_nodes) == 700
        tree.focus()
        tree.move_cursor(top.children[PAGE])
        await pilot.press("enter")
        await pilot.pause()
        shown = [n.data.ref if n.data else "" for n in top.children]
        assert shown == [f"big-{k}" for k in range(1200)]
        assert tree.cursor_node is tree._doc_nodes["big-500"]


async def test_a_more_entry_also_opens_with_the_expand_key() -> None:
    col = Issue("big", "汇编", 2020, None, "汇编", "big.md", "0" * 64, kind="collection")
    docs = [
        Document(id=f"big-{k}", issue="big", order=k, section="", title=f"第{k}号规定")
        for k in range(PAGE + 1)
    ]
    app = GongbaoApp(library=ArchiveLibrary([col], docs))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = app.main.tree
        top = tree.root.children[0]
        assert "（Enter more）" in str(top.children[-1].label)  # the key from tui/bindings.py
        tree.focus()
        tree.move_cursor(top.children[-1])
        await pilot.press("l")
        await pilot.pause()
        assert [n.data.ref for n in top.children if n.data] == [d.id for d in docs]


async def test_a_document_naming_itself_as_parent_is_still_listed() -> None:
    from dataclasses import replace

    from tui.testing import sample_documents

    issues, docs = sample_documents()
    docs = [replace(d, parent="d2") if d.id == "d2" else d for d in docs]
    app = GongbaoApp(library=FakeLibrary(issues, docs))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = app.main.tree
        tree.reveal("d2", None, move_cursor=False)
        await pilot.pause()
        node = tree._doc_nodes["d2"]
        assert node.parent is not None and node.parent.data is not None
        assert node.parent.data.kind == "section"


async def test_a_narrow_tree_cuts_an_issues_gazette_name_before_its_number() -> None:
    """At 80 columns the tree is 22 cells wide: "国务院公报 2021年第…" hid the number that
    tells two issues apart. The gazette's name gives way first (if two of its characters
    still show; otherwise the end is cut as for any label)."""
    lib = FakeLibrary()
    app = GongbaoApp(library=lib)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "四川省… 2021年第10期" in text
        assert "国务院… 2017年第6期" in text
        app.main.tree.styles.width = 18
        await pilot.pause()
        text = screen_text(app)
        assert "2021年第10期" not in text and "▶ 四川省人民政…" in text
