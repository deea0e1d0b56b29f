"""The researcher's workflow in the browser (pilot tests over the in-memory sample library):
exports, citations, bookmarks, references, search notes, moving around, stale panes."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from textual.fuzzy import Matcher

from tui.app import GongbaoApp
from tui.dialogs import ChoiceScreen, ConfirmScreen, OutlineScreen, PromptScreen
from tui.testing import FakeLibrary, screen_text
from tui.tree import ellipsize


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def make_app() -> GongbaoApp:
    return GongbaoApp(library=FakeLibrary())  # type: ignore[arg-type]


async def open_doc(app: GongbaoApp, pilot, doc_id: str) -> None:  # noqa: ANN001
    app.main.open_document(doc_id)
    app.main.reader.focus()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def find(app: GongbaoApp, pilot, text: str) -> None:  # noqa: ANN001
    """/ text Enter (pilot cannot type 、, so the text goes into the find bar directly)."""
    await pilot.press("slash")
    await pilot.pause()
    app.main.query_one("#find").value = text  # type: ignore[attr-defined]
    await pilot.press("enter")
    await pilot.pause()


# -- export ----------------------------------------------------------------------------------
async def test_export_key_writes_the_notice_with_what_it_issues(home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d0")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        out = home / "国办发〔2017〕6号.md"
        body = out.read_text(encoding="utf-8")
        assert "\n## 生育保险和职工基本医疗保险合并实施试点方案\n" in body
        assert "### 一、总体要求" in body and "- 印发：国办发〔2017〕6号" in body
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.write_text("mine", encoding="utf-8")
        # the same name again: asked first, and "n" keeps the file
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert out.read_text(encoding="utf-8") == "mine"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert out.read_text(encoding="utf-8").startswith("# 国务院办公厅关于印发")


async def test_export_to_word_and_refuse_unknown_suffix(home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d0")
        for name in ("page.html", "notice.docx"):
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#export-path").value = str(home / name)  # type: ignore[attr-defined]
            await pilot.press("enter")
            await pilot.pause()
        assert not (home / "page.html").exists()
        import docx

        texts = [p.text for p in docx.Document(str(home / "notice.docx")).paragraphs]
        assert "生育保险和职工基本医疗保险合并实施试点方案" in texts


# -- citations ------------------------------------------------------------------------------
async def test_y_offers_every_citation_style() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d1")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        for name in ("GB/T 7714-2015", "BibTeX", "CSL-JSON", "RIS"):
            assert name in text
        await pilot.press("enter")
        assert (
            app.clipboard == "《生育保险和职工基本医疗保险合并实施试点方案》（国办发〔2017〕6号）"
        )
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # CSL-JSON
        items = json.loads(app.clipboard)
        assert items[0]["title"] == "生育保险和职工基本医疗保险合并实施试点方案"
        assert items[0]["number"] == "国办发〔2017〕6号"


async def test_copied_citation_note_goes_once_the_reader_moves_on() -> None:
    """The status line says "copied citation" where you copied it; scrolled to another
    part of the text, it names the document again instead of a stale note."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d1")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        status = screen_text(app).splitlines()[-2]
        assert "copied citation" in status
        await pilot.press("j")  # a line further is still the same place
        await pilot.pause()
        assert "copied citation" in screen_text(app).splitlines()[-2]
        await pilot.press("G")
        await pilot.pause()
        status = screen_text(app).splitlines()[-2]
        assert "copied citation" not in status
        assert "生育保险和职工基本医疗保险合并实施试点方案" in status


# -- bookmarks --------------------------------------------------------------------------------
async def test_bookmark_at_the_current_match_with_a_name() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d1")
        doc = app.main.reader.document
        assert doc is not None
        third = next(h for h in doc.outline if h.text == "三、试点内容")
        await find(app, pilot, "三、")
        assert app.main.reader.position()[0] < third.para  # the match sits below the top
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"试点内容", "enter")
        await pilot.pause()
        (b,) = app.state.bookmarks
        assert (b.para, b.name, b.note) == (third.para, "试点内容", "三、试点内容")
        await pilot.press("B")
        await pilot.pause()
        text = screen_text(app)
        assert "试点内容" in text and "生育保险和职工基本医疗保险合并实施试点方案" in text
        assert "三、试点内容" in text
        await pilot.press("escape")
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("escape")  # cancelled: nothing added
        assert len(app.state.bookmarks) == 1


# -- references -------------------------------------------------------------------------------
async def test_refs_panel_follows_the_document_and_names_relations() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d0")
        await pilot.press("r")
        await pilot.pause()
        refs = app.main.refs
        assert refs.doc_id == "d0" and "印发 Issues (1)" in screen_text(app)
        assert refs.highlighted is not None and refs.targets  # first entry selected
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.reader.document.id == "d1"  # type: ignore[union-attr]
        assert refs.doc_id == "d1" and "印发于 Issued by (1)" in screen_text(app)
        # search results do not sit above the previous document's references
        await pilot.press("s", *"脱贫", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.views.current == "results" and not refs.display


# -- search -----------------------------------------------------------------------------------
async def test_no_results_is_never_a_blank_pane() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d2")
        await pilot.press("G")
        await pilot.press("s", *"没有这个词", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "No documents match '没有这个词'." in text
        flat = "".join(line.split("║")[1][1:].rstrip() for line in text.splitlines() if "║" in line)
        # the note may wrap at the space of its suggestion, which the line break then takes
        assert "note: no document contains 没有这个词; try: 试点" in flat and "方案" in flat
        status = text.splitlines()[-2]
        assert "%" not in status  # the reader's position is not the results'


async def test_results_show_issuer_section_and_issue() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s", *"脱贫", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "国务院办公厅文件 · 国务院公报 2017年第6期" in text
        assert "2017-01-19 · 国务院办公厅" in text


# -- navigation -------------------------------------------------------------------------------
async def test_focused_pane_has_a_different_border_and_title() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d0")
        main = app.main
        views = main.query_one("#views")
        assert views.styles.border_top[0] == "double"
        assert main.tree.styles.border_top[0] == "solid"
        await pilot.press("tab")
        assert app.focused is main.tree
        assert main.tree.styles.border_top[0] == "double"
        assert views.styles.border_top[0] == "solid"
        text = screen_text(app)
        assert "目录 Contents" in text and "文件 国办发〔2017〕6号" in text


def test_ellipsize_never_cuts_inside_brackets() -> None:
    assert ellipsize("国务院办公厅关于印发通知", 8) == "国务院…"
    assert ellipsize("转发国办发〔2017〕6号的通知", 16) == "转发国办发…"
    assert ellipsize("关于《生育保险方案》的通知", 12) == "关于…"
    assert ellipsize("短标题", 10) == "短标题"


async def test_tree_titles_end_in_an_ellipsis_and_width_is_remembered(home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d1")
        tree = app.main.tree
        lines = [line[: tree.outer_size.width] for line in screen_text(app).splitlines()[1:-3]]
        assert any("…" in line for line in lines)
        for line in lines:
            assert line.count("〔") == line.count("〕") and line.count("《") == line.count("》")
        before = tree.outer_size.width
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert tree.outer_size.width == before + 8
    saved = json.loads((home / "settings.json").read_text(encoding="utf-8"))
    assert saved["tree_width"] == before + 8
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.main.tree.outer_size.width == before + 8
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert app.main.tree.outer_size.width == before + 4


async def test_visited_branches_collapse_when_you_leave() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = app.main.tree
        await open_doc(app, pilot, "d1")
        assert tree._doc_nodes["d0"].is_expanded and tree._doc_nodes["d1"].is_expanded
        await open_doc(app, pilot, "d2")
        assert not tree._doc_nodes["d1"].is_expanded
        assert not tree._doc_nodes["d0"].is_expanded
        assert tree._doc_nodes["d2"].is_expanded


async def test_outline_picker_filters_as_you_type() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d1")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        await pilot.press(*"试点内")
        await pilot.pause()
        assert [h[2] for h in app.screen.shown] == ["三、试点内容"]
        await pilot.press("enter")
        await pilot.pause()
        doc = app.main.reader.document
        assert doc is not None
        assert doc.paragraphs[app.main.reader.position()[0]].text == "三、试点内容"


# -- status line, palette, footer, help -------------------------------------------------------
async def test_match_count_does_not_outlive_the_match() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d1")
        await find(app, pilot, "三、试点")
        assert "match 1/1" in screen_text(app)
        await pilot.press("G")
        await pilot.pause()
        assert "match 1/1" not in screen_text(app)
        assert "生育保险和职工基本医疗保险合并实施试点方案" in screen_text(app).splitlines()[-2]


async def test_palette_answers_to_chinese_names() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.main)]
        for query, wanted in (("书签", "Bookmark here"), ("导出", "Export"), ("引用", "Copy")):
            matcher = Matcher(query)
            found = [t for t in titles if matcher.match(t) > 0]
            assert any(t.startswith(wanted) for t in found), (query, found)


@pytest.mark.parametrize(("size", "shown"), [((120, 30), True), ((60, 20), False)])
async def test_footer_shows_cite_export_refs_mark_when_wide(
    size: tuple[int, int], shown: bool
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d0")
        footer = screen_text(app).splitlines()[-1]
        assert "F1" in footer and "Quit" in footer
        for label in ("y Cite", "e Export", "r Refs", "m Mark"):
            assert (label in footer) is shown, (label, footer)


async def test_help_says_how_to_close() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "Esc, q, F1 or ? closes this screen." in text
        assert "Esc / q / F1 close" in text


async def test_tree_finds_attached_texts_by_their_parent_link() -> None:
    """The tree builds parent → children once; a text that names its parent (and is not
    listed among the parent's children) still hangs under it, and only there."""
    from dataclasses import replace

    from tui.testing import sample_documents

    issues, docs = sample_documents()
    docs = [replace(d, children=[]) for d in docs]  # only d1.parent = d0 links them
    app = GongbaoApp(library=FakeLibrary(issues, docs))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = app.main.tree
        assert "d1" not in tree._doc_nodes  # not top-level: it waits under its parent
        tree.reveal("d1", None, move_cursor=False)
        await pilot.pause()
        assert tree._doc_nodes["d1"].parent is tree._doc_nodes["d0"]


async def test_a_document_opened_at_the_top_reads_back_without_damage(home: Path) -> None:
    """The reader saves paragraph -1 (the header) for a document at its top; the checked
    state file must accept it, or every restart would set the file aside as damaged."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_doc(app, pilot, "d0")
        assert app.main.reader.position()[0] == -1
        await pilot.press("q")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.state.warning == ""
        assert app.main.reader.document is not None and app.main.reader.document.id == "d0"
    assert not list(home.glob("state.json.damaged*"))


async def test_keys_typed_in_one_burst_after_s_reach_the_search_box() -> None:
    """Over a slow SSH link `s脱贫` can arrive in one read: the characters behind `s` must
    land in the search box, not in the tree that had focus when they arrived."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is app.main.tree
        for ch in "s脱贫":
            app.post_message(events.Key(ch, ch))
        await pilot.pause()
        await pilot.pause()
        search = app.main.query_one("#search")
        assert app.focused is search
        assert search.value == "脱贫"  # type: ignore[attr-defined]


async def test_editing_keys_typed_in_one_burst_act_in_order() -> None:
    """`ctrl+u 乡村` in one read clears the box and then types 乡村; a cursor move or a
    backspace in the middle of a burst edits where it was typed, not after the rest."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        search = app.main.query_one("#search")
        app.main.set_focus(search)
        await pilot.pause()
        for key, ch in [("a", "a"), ("b", "b"), ("ctrl+u", "\x15"), ("脱", "脱"), ("贫", "贫")]:
            app.post_message(events.Key(key, ch))
        await pilot.pause()
        await pilot.pause()
        assert search.value == "脱贫"  # type: ignore[attr-defined]
        burst = [("left", None), ("backspace", "\x7f"), ("x", "x"), ("end", None), ("y", "y")]
        for key, ch in burst:
            app.post_message(events.Key(key, ch))
        await pilot.pause()
        await pilot.pause()
        assert search.value == "x贫y"  # type: ignore[attr-defined]


async def test_enter_typed_before_the_results_come_opens_the_first() -> None:
    """Query, Enter, Enter typed in one go: the search box hands over to the results pane
    at once, and the second Enter opens the first result when it arrives."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.main.set_focus(app.main.query_one("#search"))
        await pilot.pause()
        for key, ch in (("脱", "脱"), ("贫", "贫"), ("enter", "\r"), ("enter", "\r")):
            app.post_message(events.Key(key, ch))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        reader = app.main.reader
        assert reader.document is not None and reader.document.id == "d1"
        assert app.main.query_one("#search").value == "脱贫"  # type: ignore[attr-defined]


async def test_a_query_that_cannot_run_says_why_and_returns_to_the_box() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s", "(", "x", "enter")  # the fake library refuses "(…"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "bad query: (x" in screen_text(app)
        assert not app.main.results.pending
        assert app.focused is app.main.query_one("#search")


def test_tree_titles_drop_the_shared_issuer_and_put_order_numbers_first() -> None:
    from corpus.model import Document
    from tui.tree import tree_title

    def doc(title: str, issuer: str, kind: str = "通知", number: str = "") -> Document:
        return Document("x", "i", 0, "", title, number, issuer, kind=kind)

    assert tree_title(doc("国务院办公厅关于印发生育保险方案的通知", "国务院办公厅")) == (
        "印发生育保险方案的通知"
    )
    assert tree_title(doc("中华人民共和国国家卫生健康委员会令（第6号）", "x", "令", "第6号")) == (
        "第6号 国家卫生健康委员会令"
    )
    assert tree_title(
        doc("中国人民银行令〔2021〕第1号", "中国人民银行", "令", "〔2021〕第1号")
    ) == ("〔2021〕第1号 中国人民银行令")
    assert tree_title(doc("职业病诊断与鉴定管理办法", "国家卫生健康委员会", "办法")) == (
        "职业病诊断与鉴定管理办法"
    )
