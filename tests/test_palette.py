"""The command palette's "open a document" over a made-up archive of 2,000 documents: it
lists the best matches only (the palette redraws its whole list per hit), and the best
match for a typed 文号 is that document."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_archive import archive
from textual.command import CommandList, CommandPalette

from tui.app import GongbaoApp
from tui.commands import MAX_HITS


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def _typed(pilot: object, app: GongbaoApp, text: str) -> CommandList:
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(*text)  # type: ignore[attr-defined]
    for _ in range(20):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    assert isinstance(app.screen, CommandPalette)
    return app.screen.query_one(CommandList)


async def test_a_common_word_lists_at_most_the_best_documents() -> None:
    lib = archive(2000)  # 2,000 titles with 通知 in them
    app = GongbaoApp(library=lib)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        listed = await _typed(pilot, app, "工作的通知")
        prompts = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        opens = [p for p in prompts if p.startswith("Open: ") and "通知" in p]
        assert 0 < len(opens) <= MAX_HITS < 1500


async def test_a_typed_number_opens_its_document() -> None:
    lib = archive(2000)
    doc = lib.document("gwy-1957-01-0")
    assert doc is not None and doc.doc_number == "国办发〔1957〕1656号"
    app = GongbaoApp(library=lib)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _typed(pilot, app, "1656号")
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.reader.document is not None
        assert app.main.reader.document.id == "gwy-1957-01-0"


async def test_the_catalog_is_read_off_the_event_loop() -> None:
    """Listing every document reads every issue's catalog (seconds at 100,000 documents):
    the palette asks for them from a thread, so the loop (and `q`) never waits."""
    import threading

    lib = archive(200)
    callers: list[threading.Thread] = []
    every = lib.documents

    def documents(issue: str | None = None) -> list:  # noqa: ANN401
        if issue is None:
            callers.append(threading.current_thread())
        return every(issue)

    lib.documents = documents  # type: ignore[method-assign]
    app = GongbaoApp(library=lib)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        listed = await _typed(pilot, app, "通知")
        assert listed.option_count > 0
        assert callers and threading.main_thread() not in callers
