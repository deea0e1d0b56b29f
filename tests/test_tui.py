"""Pilot tests of the browser (App.run_test), over the in-memory sample library.

They drive the app with keys as a person would and check what the reader, tree and status
line then show. No timing assertions.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.app import GongbaoApp
from tui.bindings import SCOPES, TABLE
from tui.cjk_wrap import NO_START
from tui.help_screen import HelpScreen, help_text
from tui.layout import Block
from tui.reader import Reader, Span
from tui.testing import FakeLibrary, screen_text


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def make_app(**kw: object) -> GongbaoApp:
    return GongbaoApp(library=FakeLibrary(**kw))  # type: ignore[arg-type]  # **kw: object


def highlighted(reader: Reader, kind: str = "reader--match-current") -> list[str]:
    """Texts drawn on screen with the given highlight style."""
    style = reader._style(kind)
    base = reader.rich_style
    out = []
    for y in range(reader.scrollable_content_region.height):
        for seg in reader.render_line(y):
            if not seg.text.strip() or seg.style is None:
                continue
            if style.reverse:
                if seg.style.reverse:
                    out.append(seg.text)
            elif style.bgcolor is not None and style.bgcolor != base.bgcolor:
                if seg.style.bgcolor == style.bgcolor:
                    out.append(seg.text)
            elif style.underline and seg.style.underline and not seg.style.reverse:
                out.append(seg.text)
    return out


async def open_via_tree(app: GongbaoApp, pilot, doc_id: str) -> None:  # noqa: ANN001
    tree = app.main.tree
    tree.reveal(doc_id, None, move_cursor=False)
    await pilot.pause()
    tree.focus()
    tree.move_cursor(tree._doc_nodes[doc_id])
    await pilot.press("enter")
    await pilot.pause()


async def test_open_document_from_tree() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.focused is app.main.tree
        # newest first: the 2021 issue, then the 2017 one, its section, its document
        await pilot.press("down", "enter", "down", "enter", "down", "enter")
        await pilot.pause()
        reader = app.main.reader
        assert reader.document is not None and reader.document.id == "d0"
        assert app.focused is reader
        text = screen_text(app)
        assert "国办发〔2017〕6号" in text and "国务院办公厅" in text
        # header: title, then 文号 · issuer · date, then section · issue
        lines = reader.all_lines()
        assert "国办发〔2017〕6号 · 国务院办公厅 · 2017-01-19" in lines
        assert any("国务院公报 2017年第6期" in line for line in lines)


async def test_jump_to_heading_from_tree_and_with_brackets() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d1")
        tree = app.main.tree
        doc = app.main.reader.document
        assert doc is not None
        target = doc.outline[4]  # 二、试点地区
        tree.focus()
        tree.move_cursor(tree._heading_nodes[("d1", target.para)])
        await pilot.press("enter")
        await pilot.pause()
        reader = app.main.reader
        assert reader.position()[0] == target.para
        assert reader.visible_lines()[0] == target.text
        # the tree marks the heading being read
        assert tree.marked_heading() == target.para
        # ] and [ move by the top outline level (一、 二、 三、), } and { by the next ((一))
        await pilot.press("right_square_bracket")
        third = next(h for h in doc.outline[5:] if h.level == target.level)
        assert reader.position()[0] == third.para and third.text.startswith("三、")
        await pilot.press("left_square_bracket")
        assert reader.position()[0] == target.para
        await pilot.press("right_curly_bracket")
        assert reader.position()[0] == doc.outline[5].para
        await pilot.press("right_curly_bracket")
        assert reader.position()[0] == doc.outline[6].para
        await pilot.press("left_curly_bracket")
        assert reader.position()[0] == doc.outline[5].para


async def test_search_open_result_highlight_and_next_match() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s", *"脱贫", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = app.main
        assert main.views.current == "results"
        assert app.focused is main.results
        assert "生育保险和职工基本医疗保险合并实施试点方案" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        reader = main.reader
        assert reader.document is not None and reader.document.id == "d1"
        assert app.focused is reader
        assert len(reader.matches) == 9 and reader.match_index == 0
        assert highlighted(reader) == ["脱贫"]
        assert highlighted(reader, "reader--match")  # the others are highlighted too
        first = reader.matches[0]
        await pilot.press("n")
        assert reader.match_index == 1
        second = reader.matches[1]
        assert second.para > first.para
        assert highlighted(reader) == ["脱贫"]
        assert "match 2/9" in screen_text(app)
        await pilot.press("N")
        assert reader.match_index == 0
        # Esc goes back to the results list, one level
        await pilot.press("escape")
        assert main.views.current == "results" and app.focused is main.results


async def test_bad_query_is_one_line_error_not_a_crash() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s", *"(bad", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "bad query" in screen_text(app)


async def test_find_in_document() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d2")
        await pilot.press("slash", *"分则", "enter")
        await pilot.pause()
        reader = app.main.reader
        assert app.focused is reader
        assert len(reader.matches) == 8
        assert highlighted(reader) == ["分则"]
        before = reader.top_line
        await pilot.press("n")
        assert reader.match_index == 1 and reader.top_line > before
        assert highlighted(reader) == ["分则"]
        await pilot.press("escape")  # clears highlights, one level
        assert reader.matches == []


async def test_back_and_forward() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d0")
        await open_via_tree(app, pilot, "d2")
        reader = app.main.reader
        await pilot.press("space", "space")
        where = reader.position()
        await pilot.press("H")
        assert reader.document is not None and reader.document.id == "d0"
        await pilot.press("L")
        assert reader.document.id == "d2"
        assert reader.position() == where  # back to the same place, not the top
        await pilot.press("L")
        assert "no later place" in screen_text(app)


async def test_follow_citation_link_and_come_back() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d0")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.main.reader
        assert reader.links and reader.links[0].target == "d1"
        assert highlighted(reader, "reader--link")
        await pilot.press("f", "enter")
        assert reader.document is not None and reader.document.id == "d1"
        await pilot.press("H")
        assert reader.document.id == "d0"


async def test_refs_panel_and_missing_refs_degrade() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d0")
        await app.workers.wait_for_complete()
        await pilot.press("r")
        await pilot.pause()
        assert "印发 Issues (1)" in screen_text(app)
        assert app.main.refs.highlighted is not None  # the first entry is selected
        await pilot.press("enter")  # the first entry: the attached plan
        await pilot.pause()
    app = make_app(with_refs=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d0")
        await app.workers.wait_for_complete()
        await pilot.press("r")
        await pilot.pause()
        assert "not available" in screen_text(app)
        assert app.main.reader.links == []


async def test_bookmark_survives_restart(home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d2")
        await pilot.press("space", "space", "m")
        await pilot.pause()
        await pilot.press("enter")  # no name
        await pilot.pause()
        where = app.main.reader.position()
        await pilot.press("q")
    assert (home / "state.json").exists()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = app.main.reader
        # reopens where it was left
        assert reader.document is not None and reader.document.id == "d2"
        assert reader.position() == where
        await pilot.press("g", "apostrophe")
        await pilot.pause()
        assert "四川省长篇测试文件" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert reader.position() == where


async def test_delete_bookmark() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d2")
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.state.bookmarks) == 1
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("d", "escape")
        await pilot.pause()
        assert app.state.bookmarks == []


async def test_help_lists_every_binding_in_the_table() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text().plain
        for key in TABLE:
            assert f"{key.shown_keys}" in text and key.description in text, key
        for title in SCOPES.values():
            assert title in text
        await pilot.press("escape")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)


async def test_every_table_action_exists_and_is_bound() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        from tui.dialogs import BookmarkList

        owners = {
            "app": app.main,
            "reader": app.main.reader,
            "tree": app.main.tree,
            "results": app.main.results,
            "refs": app.main.refs,
            "bookmarks": BookmarkList(),
        }
        for key in TABLE:
            owner = owners[key.scope]
            assert hasattr(owner, f"action_{key.action}"), key
            bound = {
                b.action for b in owner._bindings.key_to_bindings.get(key.keys.split(",")[0], [])
            }
            assert key.action in bound, key


async def test_resize_rewraps_and_keeps_place() -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d2")
        reader = app.main.reader
        await pilot.press("space", "space", "space")
        para = reader.position()[0]
        wide = len(reader.all_lines())
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert reader.layout_ is not None and reader.layout_.width < 50
        assert len(reader.all_lines()) > wide
        assert reader.position()[0] == para
        assert all(len(line) for line in reader.visible_lines()[:3])


@pytest.mark.parametrize("width", [60, 71, 80, 97, 120])
async def test_no_reader_line_starts_with_closing_punctuation(width: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        for doc_id in ("d0", "d1", "d2"):
            await open_via_tree(app, pilot, doc_id)
            reader = app.main.reader
            assert reader.layout_ is not None
            for i, line in enumerate(reader.layout_.lines):
                if line.start > 0:  # a continuation line
                    text = reader.line_text(i)
                    assert text[:1] not in NO_START and text[:1] not in "。，", (width, text)


async def test_document_text_is_never_markup_nor_escapes() -> None:
    issues, docs = FakeLibrary().issues(), FakeLibrary().documents()
    docs[0].title = "[bold red]不是标记[/] \x1b[31m红\x07"
    docs[0].paragraphs[1].text = "正文[link=http://x]点[/link]\x1b]52;c;AAAA\x07结束"
    app = GongbaoApp(library=FakeLibrary(issues, docs))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d0")
        text = screen_text(app)
        assert "[bold red]不是标记[/]" in text
        assert "[link=http://x]点[/link]" in text
        assert "\x1b" not in text and "\x07" not in text
        for y in range(app.main.reader.size.height):
            for seg in app.main.reader.render_line(y):
                assert not any(ord(c) < 32 for c in seg.text)


async def test_copy_citation_and_export(home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d0")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("enter")  # the plain style is offered first
        await pilot.pause()
        assert app.clipboard.startswith("《国务院办公厅关于印发")
        assert "国办发〔2017〕6号" in app.clipboard
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        out = home / "国办发〔2017〕6号.md"
        assert out.exists()
        body = out.read_text(encoding="utf-8")
        assert body.startswith("# 国务院办公厅关于印发")
        assert str(out) in screen_text(app).replace("\n", "") or "exported" in screen_text(app)


async def test_tab_cycles_panes_and_t_hides_tree() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d0")
        main = app.main
        search = main.query_one("#search")
        await pilot.press("tab")
        assert app.focused is main.tree
        await pilot.press("tab")
        assert app.focused is search
        await pilot.press("tab")
        assert app.focused is main.reader
        await pilot.press("r")
        await pilot.pause()
        assert app.focused is main.refs
        await pilot.press("tab")
        assert app.focused is main.tree  # reader → refs → round to the tree
        await pilot.press("shift+tab")
        assert app.focused is main.refs
        await pilot.press("r")
        await pilot.press("t")
        assert not main.tree.display
        await pilot.press("tab", "tab")
        assert app.focused is main.reader
        await pilot.press("t")
        assert main.tree.display


async def test_command_palette_offers_main_actions() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.main)}
        for wanted in (
            "Search",
            "Find in document",
            "Copy citation",
            "Export document",
            "List bookmarks",
            "Back",
        ):
            assert any(t == wanted or t.startswith(wanted + " · ") for t in titles)


async def test_small_terminal_still_usable() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d1")
        text = screen_text(app)
        assert "生育保险" in text
        assert "F1" in text.splitlines()[-1]


def test_startup_path_does_not_import_jieba(tmp_path: Path) -> None:
    code = (
        "import asyncio, sys\n"
        "from tui.app import GongbaoApp\n"
        "from tui.testing import FakeLibrary\n"
        "async def main():\n"
        "    app = GongbaoApp(library=FakeLibrary())\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "asyncio.run(main())\n"
        "print('jieba' in sys.modules)\n"
    )
    env = dict(os.environ, GONGBAO_HOME=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("False")


async def test_escape_steps_back_one_level_at_a_time() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        main = app.main
        await pilot.press("s", *"脱贫", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is main.reader
        await pilot.press("escape")  # reader (opened from results) → results
        assert main.views.current == "results" and app.focused is main.results
        await pilot.press("escape")  # results → reader
        assert main.views.current == "reader" and app.focused is main.reader
        await pilot.press("escape")  # reader with highlights → highlights cleared
        assert main.reader.matches == [] and app.focused is main.reader
        await pilot.press("escape")  # → tree
        assert app.focused is main.tree
        await pilot.press("s")
        assert app.focused.id == "search"
        await pilot.press("escape")  # search box → back to the reader
        assert app.focused is main.reader


async def test_refs_panel_entry_opens_the_document() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d0")
        await app.workers.wait_for_complete()
        await pilot.press("r")
        await pilot.pause()
        assert app.focused is app.main.refs
        await pilot.press("down", "enter")
        await pilot.pause()
        reader = app.main.reader
        assert reader.document is not None and reader.document.id == "d1"
        await pilot.press("H")
        assert reader.document.id == "d0"


async def test_export_plain_text(home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_via_tree(app, pilot, "d1")
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        field.value = str(home / "out" / "plan.txt")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        body = (home / "out" / "plan.txt").read_text(encoding="utf-8")
        assert body.startswith("生育保险和职工基本医疗保险合并实施试点方案\n")
        assert "\n\u3000\u3000为贯彻落实" in body


async def test_a_collection_s_documents_sit_directly_under_it() -> None:
    """A collection has no sections: no "（未分栏）" node between it and its documents."""
    from corpus.model import Document, Issue, Paragraph

    issue = Issue(
        "col-1", "丽水市人民政府", 2021, None, "丽水市人民政府", "a.html", "", [], "", "collection"
    )
    doc = Document(
        "col-1-0",
        "col-1",
        0,
        "",
        "丽水市人民政府关于某事的通知",
        issuer="丽水市人民政府",
        paragraphs=[Paragraph("body", "正文。")],
    )
    app = make_app(issues=[issue], docs=[doc])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = app.main.tree
        inode = tree.root.children[0]
        assert [n.data.kind for n in inode.children] == ["doc"]
        assert "（未分栏）" not in screen_text(app)


async def test_header_lines_arriving_late_keep_the_current_match_on_screen() -> None:
    """The 时效性/沿革 lines are computed after a document opens. Inserted above a match
    the reader had just shown, they pushed it off screen and the status line lost its
    "match 1/N" (seen on a 40×12 dumb terminal under load)."""
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        main, reader = app.main, app.main.reader
        main.open_document("d1")
        await pilot.pause()
        doc = reader.document
        assert doc is not None
        word = "规划纲要"  # in the first paragraph: on the first screen, below the title
        spans = [
            Span(i, p.text.index(word), p.text.index(word) + len(word))
            for i, p in enumerate(doc.paragraphs)
            if word in p.text
        ]
        main.open_document("d1", matches=spans, from_results=True)
        await pilot.pause()
        layout = reader.layout_
        assert layout is not None
        assert reader.top_line == 0  # on screen already: the reader did not scroll
        height = reader.scrollable_content_region.height
        events = [Block("meta", f"2021-0{n}-01　修订") for n in range(1, 10)] * 2
        reader.set_header_extra([Block("meta", "沿革"), *events])
        await pilot.pause()
        layout = reader.layout_
        assert layout is not None
        current = reader.matches[reader.match_index]
        line = layout.line_of(current.para, current.start)
        assert reader.top_line <= line < reader.top_line + height
        assert "match 1/" in screen_text(app)


async def test_reader_keeps_a_bounded_number_of_drawn_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading a long document through kept every line it drew (objects the collector
    walks on the loop); lines dropped from the cache are drawn again the same."""
    import tui.reader as reader_module

    monkeypatch.setattr(reader_module, "CACHED_LINES", 16)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.main.open_document("d1")
        reader = app.main.reader
        reader.focus()
        await pilot.pause()

        def drawn() -> list[str]:
            height = reader.scrollable_content_region.height
            return ["".join(seg.text for seg in reader.render_line(y)) for y in range(height)]

        first = drawn()
        for _ in range(6):
            await pilot.press("pagedown")
        assert reader.top_line > 40
        assert len(reader._cache) <= 16
        await pilot.press("home")
        await pilot.pause()
        assert reader.top_line == 0 and drawn() == first
