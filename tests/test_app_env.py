"""The browser in hostile terminals: NO_COLOR, TERM=dumb/linux/vt100, and every size from
20×5 up (below that, a message). Pilot tests drive the app headless; the TERM cases run
the real program in tmux.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from fake_gazettes import CENTRAL, write_issue
from test_e2e_tmux import Tmux, gongbao_command

from tui.app import GongbaoApp
from tui.fit import TooSmallScreen
from tui.testing import FakeLibrary, screen_text

#: A tour of the app: search, open a result, move, find, references, tree, help, bookmarks.
TOUR = [
    "s", "脱", "贫", "enter", "enter", "j", "space", "slash", "x", "enter", "escape",
    "r", "escape", "t", "question_mark", "escape", "m", "apostrophe", "escape", "t",
]  # fmt: skip


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path))
    return tmp_path


async def tour(app: GongbaoApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in TOUR:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.return_code is None  # still running: nothing crashed


async def test_no_color_opens_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = GongbaoApp(library=FakeLibrary())  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # newest first: past the 2021 issue to the 2017 one, its section, its document
        await pilot.press("down", "enter", "down", "enter", "down", "enter")
        await pilot.pause()
        assert app.main.reader.document is not None
        assert "国办发〔2017〕6号" in screen_text(app)
    await tour(GongbaoApp(library=FakeLibrary()), (60, 20))  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [(20, 5), (24, 12), (33, 7), (49, 15), (50, 5)])
async def test_every_size_from_20x5_survives_the_tour(size: tuple[int, int]) -> None:
    await tour(GongbaoApp(library=FakeLibrary()), size)  # type: ignore[arg-type]


async def test_below_20x5_a_message_then_the_app_again() -> None:
    app = GongbaoApp(library=FakeLibrary())  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s", "脱", "贫", "enter")
        await app.workers.wait_for_complete()
        for size in ((19, 24), (80, 4), (1, 1), (19, 5)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen)
            assert "too small" in screen_text(app) or size[0] < 20 and size[1] < 5
            if size[0] >= 10 and size[1] >= 2:  # room for both lines: it says what it needs
                assert "need 20×5" in screen_text(app), size
        await pilot.resize_terminal(20, 5)
        await pilot.pause()
        assert app.screen is app.main
        await pilot.press("enter")
        await pilot.pause()
        assert app.return_code is None


# -- the real program, in tmux ---------------------------------------------------------


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    write_issue(seeds, "central.txt", CENTRAL)
    db = tmp_path / "store.json"
    subprocess.run(
        [*gongbao_command(), "--db", str(db), "build", "--seeds", str(seeds)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return db


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run does)")
@pytest.mark.parametrize(
    ("term", "size"), [("dumb", (40, 12)), ("linux", (20, 5)), ("vt100", (30, 10))]
)
def test_plain_terminals_open_a_document_and_quit(
    tmp_path: Path, small_store: Path, term: str, size: tuple[int, int]
) -> None:
    status = tmp_path / "exit-status"
    cmd = " ".join(f"'{c}'" for c in gongbao_command())
    # Textual draws on stderr: leave it on the terminal, and read the screen after exit;
    # pytest exports COLUMNS/LINES, which Textual would take over the real size
    command = (
        f"env -u COLUMNS -u LINES GONGBAO_HOME='{tmp_path / 'home'}' TERM={term} NO_COLOR=1 LANG=C.UTF-8 "
        f"{cmd} --db '{small_store}'; echo $? > '{status}'; sleep 60"
    )
    t = Tmux(tmp_path, *size)
    try:
        t.start(command)
        t.tmux("resize-window", "-t", "e2e", "-x", str(size[0]), "-y", str(size[1]))
        t.wait_for(lambda s: "documents" in s)  # the store is loaded
        t.keys("s")
        time.sleep(0.5)  # let the search box take focus (not a timing assertion)
        t.keys("体育", literal=True)
        t.wait_for(lambda s: "体育" in s)
        t.keys("Enter")
        t.wait_for(lambda s: re.search(r"documents? match", s) is not None)  # the results
        t.keys("Enter")
        t.wait_for(lambda s: re.search(r"match \d+/\d+", s) is not None)  # open at a match
        t.keys("j")
        t.keys("q")
        for _ in range(300):
            if status.exists() and status.read_text().strip():
                break
            time.sleep(0.1)
        screen = t.screen()
        assert status.read_text().strip() == "0", screen
        assert "Traceback" not in screen and "Error" not in screen
    finally:
        t.kill()
    assert os.path.exists(small_store)
