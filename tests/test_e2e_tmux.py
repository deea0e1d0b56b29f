"""End to end: the real `gongbao` program in tmux, driven with keys, read with capture-pane.

Start it over a freshly built store, search for a term, open the first result, and check on
the real screen (with its escape codes) that the document's title and a highlighted match
are there; then quit and check the exit status. Skipped only when tmux is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")

TERM_QUERY = "脱贫"
_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def cells(line: str) -> list[tuple[str, str, bool]]:
    """Each character of a captured line with its background and reverse attribute, from
    the SGR codes (16-colour, 256-colour and true-colour forms alike)."""
    out: list[tuple[str, str, bool]] = []
    bg, reverse = "", False
    pos = 0
    for m in _SGR.finditer(line + "\x1b[m"):
        out.extend((ch, bg, reverse) for ch in line[pos : m.start()])
        pos = m.end()
        codes = (m.group(1) or "0").split(";")
        i = 0
        while i < len(codes):
            c = int(codes[i] or 0)
            if c == 0:
                bg, reverse = "", False
            elif c == 7:
                reverse = True
            elif c == 27:
                reverse = False
            elif 40 <= c <= 47 or 100 <= c <= 107:
                bg = str(c)
            elif c == 49:
                bg = ""
            elif c == 48 and i + 1 < len(codes):
                n = 3 if codes[i + 1] == "5" else 5
                bg = ";".join(codes[i : i + n])
                i += n - 1
            elif c in (38,) and i + 1 < len(codes):
                i += 2 if codes[i + 1] == "5" else 4
            i += 1
    return out


def highlighted_matches(screen: str, word: str) -> int:
    """How many times `word` is drawn with a background (or reverse video) that differs
    from the text around it on the same line."""
    found = 0
    for line in screen.splitlines():
        cs = cells(line)
        text = "".join(c for c, _, _ in cs)
        start = text.find(word)
        while start >= 0:
            inside = cs[start : start + len(word)]
            around = [
                c for i, c in enumerate(cs) if not start <= i < start + len(word) and c[0] != " "
            ]
            common = max(
                set((b, r) for _, b, r in around),
                key=[(b, r) for _, b, r in around].count,
                default=("", False),
            )
            if all((b, r) != common for _, b, r in inside):
                found += 1
            start = text.find(word, start + 1)
    return found


def gongbao_command() -> list[str]:
    exe = Path(sys.executable).with_name("gongbao")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("gongbao")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from corpus.cli import main; sys.exit(main())"]


class Tmux:
    """A private tmux server (its own socket), so tests never touch the user's sessions."""

    def __init__(self, tmp: Path, width: int, height: int) -> None:
        self.socket = f"gongbao-test-{os.getpid()}-{time.monotonic_ns()}"
        self.width, self.height = width, height
        self.tmp = tmp

    def tmux(self, *args: str) -> str:
        out = subprocess.run(
            [TMUX or "tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return out.stdout

    def start(self, command: str) -> None:
        self.tmux(
            "new-session", "-d", "-s", "e2e", "-x", str(self.width), "-y", str(self.height), command
        )

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "e2e", *(["-l"] if literal else []), *keys)

    def screen(self, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e", *(["-e"] if escapes else []))

    def wait_for(
        self, what: Callable[[str], bool], escapes: bool = False, limit: float = 60
    ) -> str:
        """Poll the screen until `what` holds; a generous limit, not a timing assertion."""
        end = time.monotonic() + limit
        text = ""
        while time.monotonic() < end:
            text = self.screen(escapes)
            if what(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"screen never matched; last screen:\n{text}")

    def kill(self) -> None:
        subprocess.run(
            [TMUX or "tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30
        )


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "store.json"
    env = dict(os.environ, GONGBAO_HOME=str(tmp_path / "home"))
    subprocess.run(
        [*gongbao_command(), "--db", str(db), "build"],
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )
    return db


@pytest.mark.parametrize(
    ("width", "height", "term"), [(100, 30, "xterm-256color"), (80, 24, "screen")]
)
def test_search_open_first_result_and_quit(
    tmp_path: Path, store: Path, width: int, height: int, term: str
) -> None:
    from corpus.api import Library

    first = Library.open(store, build=False).search(TERM_QUERY)[0]
    status = tmp_path / "exit-status"
    cmd = " ".join(f"'{c}'" for c in gongbao_command())
    command = (
        f"env GONGBAO_HOME='{tmp_path / 'home'}' TERM={term} LANG=C.UTF-8 {cmd} --db '{store}'; "
        f"echo $? > '{status}'"
    )
    t = Tmux(tmp_path, width, height)
    try:
        t.start(command)
        t.wait_for(lambda s: "documents" in s and "F1" in s)
        t.keys("s")
        time.sleep(0.5)  # let the search box take focus first (under load keys can overtake it)
        t.keys(TERM_QUERY, literal=True)
        t.keys("Enter")
        t.wait_for(lambda s: f"match '{TERM_QUERY}'" in s)
        t.keys("Enter")
        title = re.sub(r"\s", "", first.title)[:12]

        def flat(screen: str) -> str:  # the title is centred, maybe wrapped
            return re.sub(r"[\s│▕▏║]", "", screen)

        t.wait_for(lambda s: "match 1/" in s and title in flat(s))
        colored = t.screen(escapes=True)
        assert highlighted_matches(colored, TERM_QUERY) >= 1, "no highlighted match on screen"
        t.keys("q")
        for _ in range(300):
            if status.exists() and status.read_text().strip():
                break
            time.sleep(0.1)
        assert status.read_text().strip() == "0"
    finally:
        t.kill()
