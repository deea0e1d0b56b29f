"""How fast the browser starts and opens documents.

1. Process start to first paint, in a real pseudo-terminal: spawn `gongbao --db STORE`,
   time until the first full frame (the search box is drawn) is written, then until the store
   is loaded (the status line counts the documents); quit with `q`. Target: first paint
   ≤ 0.25 s.
2. Opening the largest seed document (headless `App.run_test`): lay out, wrap and draw the
   first screen; then a re-wrap at another width; also for a synthetic 100,000-character
   document.

Usage: python benchmarks/startup.py [--db STORE] [--runs N] [--size 100x30]
(builds a store in a temporary directory when --db is not given).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path


def gongbao_command() -> list[str]:
    exe = Path(sys.executable).with_name("gongbao")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("gongbao")
    return [found] if found else [sys.executable, "-m", "corpus.cli"]


def spawn_in_pty(
    command: list[str], env: dict[str, str], cols: int, rows: int, cwd: Path | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """Start `command` in a pseudo-terminal of `cols`×`rows`: (process, the pty's master fd)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=dict(env, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows)),
        cwd=cwd,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    return proc, master


def time_first_paint(
    db: Path, home: Path, cols: int, rows: int, command: list[str]
) -> tuple[float, float]:
    """(seconds to first frame, seconds to store loaded) for one start in a pty."""
    start = time.perf_counter()
    proc, master = spawn_in_pty(
        [*command, "--db", str(db)], dict(os.environ, GONGBAO_HOME=str(home)), cols, rows
    )
    out = b""
    first = loaded = 0.0
    deadline = start + 30
    try:
        while time.perf_counter() < deadline and not loaded:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            out += chunk
            now = time.perf_counter() - start
            if not first and b"search the corpus" in out:  # the first full frame
                first = now
            if first and b"documents" in out:
                loaded = now
        os.write(master, b"q")
        end = time.perf_counter() + 10
        while proc.poll() is None and time.perf_counter() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
    return first, loaded


async def time_open(db: Path, home: Path) -> dict[str, float | str | int]:
    """Open the largest document and a synthetic 100,000-character one, headless."""
    os.environ["GONGBAO_HOME"] = str(home)
    from corpus.api import Library
    from corpus.model import Document, Paragraph
    from tui.app import GongbaoApp

    lib = Library.open(db, build=False)
    docs = lib.documents()
    largest = max(docs, key=lambda d: sum(len(p.text) for p in d.paragraphs))
    chars = sum(len(p.text) for p in largest.paragraphs)
    results: dict[str, float | str | int] = {"largest": largest.title, "largest_chars": chars}

    app = GongbaoApp(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        t0 = time.perf_counter()
        app.main.open_document(largest.id)
        await pilot.pause()
        results["open_largest_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        results["rewrap_largest_s"] = time.perf_counter() - t0
        # Paging: scroll a page and draw every row of it (the pilot's own per-key overhead,
        # ~50 ms even for an unbound key, would swamp this, so call the action directly).
        reader = app.main.reader
        t0 = time.perf_counter()
        for _ in range(20):
            reader.action_page_down()
            for y in range(reader.size.height):
                reader.render_line(y)
        results["page_down_ms"] = (time.perf_counter() - t0) / 20 * 1000

        # A synthetic 100,000-character document made of real paragraphs.
        paras: list[Paragraph] = []
        while sum(len(p.text) for p in paras) < 100_000:
            paras.extend(p for d in docs for p in d.paragraphs)
        big = Document(
            id="synthetic-100k",
            issue=largest.issue,
            order=0,
            section="",
            title="100,000 字测试文件",
            paragraphs=paras,
        )
        results["synthetic_chars"] = sum(len(p.text) for p in paras)
        t0 = time.perf_counter()
        reader.show(big)
        await pilot.pause()
        results["open_100k_s"] = time.perf_counter() - t0
        results["open_100k_lines"] = len(reader.all_lines())
        t0 = time.perf_counter()
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        results["rewrap_100k_s"] = time.perf_counter() - t0
        await pilot.press("q")
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--size", default="100x30")
    args = ap.parse_args()
    cols, rows = (int(x) for x in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        db = args.db
        if db is None:
            db = Path(tmp) / "store.json"
            subprocess.run(
                [*gongbao_command(), "--db", str(db), "build"],
                check=True,
                capture_output=True,
                env=dict(os.environ, GONGBAO_HOME=str(home)),
            )
        commands = {
            "gongbao": gongbao_command(),
            "python -m tui (browser only, no CLI parser)": [sys.executable, "-m", "tui"],
        }
        for label, command in commands.items():
            firsts, loads = [], []
            for _ in range(args.runs):
                first, loaded = time_first_paint(db, home, cols, rows, command)
                firsts.append(first)
                loads.append(loaded)
            print(
                f"{label}: first paint ({cols}x{rows}, {args.runs} runs): "
                f"median {statistics.median(firsts):.3f} s, min {min(firsts):.3f} s, "
                f"max {max(firsts):.3f} s (target ≤ 0.25 s); store loaded and tree shown: "
                f"median {statistics.median(loads):.3f} s"
            )
        res = asyncio.run(time_open(db, home))
        print(f"largest seed document: {res['largest']} ({res['largest_chars']} characters)")
        print(
            f"  open + first screen: {res['open_largest_s']:.3f} s; "
            f"re-wrap on resize: {res['rewrap_largest_s']:.3f} s; "
            f"page down + draw: {res['page_down_ms']:.1f} ms"
        )
        print(
            f"synthetic document ({res['synthetic_chars']} characters, {res['open_100k_lines']} lines): "
            f"open {res['open_100k_s']:.3f} s; re-wrap {res['rewrap_100k_s']:.3f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
