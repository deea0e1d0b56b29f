"""What the browser does while the store is still loading (big stores take a while)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import GongbaoApp
from tui.testing import FakeLibrary, screen_text


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path))
    return tmp_path


async def test_search_typed_before_the_store_loads_is_answered_when_it_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # hold the store back: loading starts only when the test says so
    monkeypatch.setattr(GongbaoApp, "_start_loading", lambda self: None)
    app = GongbaoApp(db_path=Path("unused.json"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s", *"脱贫", "enter")
        await pilot.pause()
        assert "searching: 脱贫" in screen_text(app)
        assert app.main.views.current != "results"
        app.library = FakeLibrary()
        app.main.library_ready()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.views.current == "results"
        assert "生育保险和职工基本医疗保险合并实施试点方案" in screen_text(app)
