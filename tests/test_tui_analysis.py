"""The browser's 时效性 header, version comparison (D) and policy chain (C), on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.api import Library
from tui.app import GongbaoApp
from tui.chain_view import ChainScreen
from tui.diff_screen import DiffScreen, VersionPicker
from tui.testing import screen_text


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path))
    return tmp_path


async def test_header_shows_status_and_history_then_chain_opens(seed_library: Library) -> None:
    app = GongbaoApp(library=seed_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main.open_document("gwy-2021-10-31835e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.main.reader
        text = "\n".join(reader.all_lines())
        assert "时效性：现行有效（2021-01-08起）" in text
        assert "沿革" in text and "2008-05-06　公布　卫生部令第59号" in text
        status_line = next(i for i, line in enumerate(reader.all_lines()) if "时效性" in line)
        styles = {
            seg.style.color
            for seg in reader.render_line(status_line - reader.top_line)
            if seg.text.strip() and seg.style
        }
        assert styles and styles != {reader._style("reader--meta").color}
        app.main.open_document("sc-2017-3ca3f0-f5a48d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader.focus()
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, ChainScreen)
        assert "川府发〔2017〕4号" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert reader.document is not None and reader.document.id == "sc-2017-3ca3f0-f6aab3"


async def test_D_compares_with_a_chosen_version(seed_library: Library) -> None:
    app = GongbaoApp(library=seed_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main.open_document("gwy-2021-10-31835e")
        await pilot.pause()
        app.main.reader.focus()
        await pilot.press("D")
        await app.workers.wait_for_complete()  # versions are looked for off the loop
        await pilot.pause()
        assert isinstance(app.screen, VersionPicker)
        assert "No other version in the store" in screen_text(app)  # the seeds hold one each
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen)
        assert "删除" in screen_text(app) or "新增" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DiffScreen)


async def test_chain_is_reachable_from_the_references_panel(seed_library: Library) -> None:
    app = GongbaoApp(library=seed_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main.open_document("sc-2017-3ca3f0-f6aab3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.main.refs.focus()
        await pilot.pause()
        assert app.focused is app.main.refs
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, ChainScreen)
        text = screen_text(app)
        assert "↑ 转发 国发〔2016〕49号" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ChainScreen)


async def test_following_a_repealed_citation_says_so(seed_library: Library) -> None:
    app = GongbaoApp(library=seed_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main.open_document("gwy-2021-10-bab35c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.main.reader.focus()
        await pilot.press("G", "F", "enter")
        await pilot.pause()
        assert "not in the corpus" in screen_text(app)  # at once; its fate when found
        await app.workers.wait_for_complete()  # looked up off the loop
        await pilot.pause()
        assert "已废止（2021-03-01起）" in screen_text(app)


def test_compare_view_marks_changes_in_words_not_only_in_colour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under NO_COLOR, TERM=linux (no strike-through) or on a monochrome screen the compare
    view must still show what changed: `[-old-]` and `{+new+}`, as `gongbao diff` does."""
    from corpus.cli import main
    from tui.diff_screen import diff_text

    fixtures = Path(__file__).parent / "fixtures" / "formats"
    db = tmp_path / "store.json"
    files = [str(fixtures / "govdoc-cn_397.pdf"), str(fixtures / "govdoc-cn_397.txt")]
    assert main(["--db", str(db), "add", *files]) == 0
    capsys.readouterr()
    lib = Library.open(db, build=False)
    pdf, web = (d for d in lib.documents() if d.doc_number == "发改办财金规〔2019〕860号")
    text = diff_text(lib.diff(pdf.id, web.id), pdf.title, web.title).plain
    assert "（一）全面实施个人所得税申报信用承诺制{+。+}" in text
    assert "[-" not in text  # the web copy only adds 。
