"""The browser over the real store built from the bundled seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from corpus.api import Library
from tui.app import GongbaoApp
from tui.cjk_wrap import NO_END, NO_START, cell_width
from tui.layout import Layout, document_blocks
from tui.testing import screen_text


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Library:
    db = tmp_path_factory.mktemp("store") / "store.json"
    return Library.open(db, build=True)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("width", [24, 38, 57, 76, 117])
def test_every_seed_document_wraps_by_the_rules(lib: Library, width: int) -> None:
    for doc in lib.documents():
        layout = Layout(document_blocks(doc, "x"), width)
        for i, line in enumerate(layout.lines):
            block = layout.blocks[line.block]
            text = block.text[line.start : line.end]
            assert cell_width(text) + line.pad <= width or len(text) == 1, (doc.id, text)
            assert not any(ord(c) < 32 for c in text)
            nxt = layout.lines[i + 1] if i + 1 < len(layout.lines) else None
            if line.start > 0:
                assert text[:1] not in NO_START, (doc.id, width, text)
            if nxt is not None and nxt.block == line.block:
                assert text[-1:] not in NO_END, (doc.id, width, text)


async def test_search_open_first_result_on_the_seeds(lib: Library) -> None:
    app = GongbaoApp(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s", *"脱贫", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = lib.search("脱贫")[0]
        await pilot.press("enter")
        await pilot.pause()
        reader = app.main.reader
        assert reader.document is not None and reader.document.id == first.id
        assert len(reader.matches) == len(first.hits) > 1
        m = reader.matches[0]
        assert reader.document.paragraphs[m.para].text[m.start : m.end] == "脱贫"
        top = reader.top_line
        await pilot.press("n", "n", "n")
        assert reader.match_index == 3
        assert reader.top_line >= top
        assert "match 4/" in screen_text(app)


async def test_largest_document_pages_to_the_end(lib: Library) -> None:
    largest = max(lib.documents(), key=lambda d: sum(len(p.text) for p in d.paragraphs))
    app = GongbaoApp(library=lib)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        app.main.open_document(largest.id)
        reader = app.main.reader
        reader.focus()
        await pilot.pause()
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y > 0
        assert "100%" in screen_text(app)
        await pilot.press("g")
        assert reader.scroll_y == 0
        if largest.outline:
            await pilot.press("right_square_bracket")
            assert reader.position()[0] == largest.outline[0].para


async def test_result_opened_after_another_document_shows_its_first_match(lib: Library) -> None:
    """With a document already read, opening a search result still scrolls to its first
    match (the hidden reader must not measure the new document with the old one's layout)."""
    app = GongbaoApp(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first_doc = lib.documents()[0]
        app.main.open_document(first_doc.id)
        app.main.reader.focus()
        await pilot.pause()
        await pilot.press("s", *"乡村振兴 衔接", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = lib.search("乡村振兴 衔接")
        # open the result whose first match is furthest into its text
        target = max(range(len(results)), key=lambda i: min(h.para for h in results[i].hits))
        await pilot.press(*["j"] * target, "enter")
        await pilot.pause()
        reader = app.main.reader
        assert reader.document is not None and reader.document.id == results[target].id
        m = reader.matches[reader.match_index]
        assert reader.match_index == 0
        layout = reader.layout_
        assert layout is not None
        line = layout.line_of(m.para, m.start)
        height = reader.scrollable_content_region.height
        assert reader.top_line <= line < reader.top_line + height


@pytest.mark.parametrize("query", ["year:2017", "国办发〔2017〕7号"])
async def test_a_result_of_a_filter_or_number_search_opens_without_a_no_match_note(
    lib: Library, query: str
) -> None:
    """A search with no words to find in the text (only filters, or a 文号 that the header
    shows) opens its result naming the document, not "no text matches"."""
    app = GongbaoApp(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        app.main.query_one("#search", Input).value = query  # 〔〕 cannot be pressed
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = lib.search(query)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.reader.document is not None
        assert app.main.reader.document.id == first.id
        text = screen_text(app)
        assert "no text matches" not in text
        assert first.title[:8] in text.splitlines()[-2]
