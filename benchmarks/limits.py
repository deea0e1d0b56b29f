"""Limits: time and peak memory of `gongbao add` on absurd files, against their size.

    python benchmarks/limits.py

Each row is one real `gongbao add` process on a store built from one small made-up issue:
a normal issue, text on a single line (1 MB, 8 MB — just under the 3,000,000-character
limit), and files over the limit (30 MB, 50 MB on one line), which are refused before any
stage runs. Peak memory is the child's max RSS (interpreter and jieba included), shown
also as a multiple of the input size.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_gazettes import CENTRAL, HEADED, write_issue  # noqa: E402

SENTENCE = "国务院办公厅关于进一步加强行政规范性文件管理工作的通知要求各地区各部门认真贯彻执行，"


def one_line(path: Path, megabytes: float) -> Path:
    unit = SENTENCE.encode("utf-8")
    n = int(megabytes * 1_000_000 / len(unit))
    body = "\n\n　　各省、自治区、直辖市人民政府：\n\n　　现将有关事项通知如下。\n".encode()
    path.write_bytes(unit * n + body)  # one enormous line (a "title"), then a short body
    return path


def measure(argv: list[str], env: dict[str, str]) -> tuple[int, float, float, str]:
    """Exit code, seconds, peak RSS in MB, last stderr line of one process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert p.stderr is not None
    err = p.stderr.read().decode(errors="replace").strip().splitlines()
    _pid, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, time.perf_counter() - t0, usage.ru_maxrss / 1024, err[-1] if err else ""


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="gongbao-limits-") as tmp:
        work = Path(tmp)
        seeds = work / "seeds"
        write_issue(seeds, "central.txt", CENTRAL)
        env = dict(os.environ, GONGBAO_HOME=str(work / "home"))
        cli = [sys.executable, "-m", "corpus.cli"]
        base = work / "base" / "store.json"
        subprocess.run(
            [*cli, "build", "--seeds", str(seeds), "--db", str(base)],
            env=env,
            check=True,
            capture_output=True,
        )
        cases = [
            ("normal issue", write_issue(work / "in", "headed.txt", HEADED)),
            ("1 MB, one line", one_line(work / "in" / "one1.txt", 1)),
            ("8 MB, one line", one_line(work / "in" / "one8.txt", 8)),
            ("30 MB, one line", one_line(work / "in" / "one30.txt", 30)),
            ("50 MB, one line", one_line(work / "in" / "one50.txt", 50)),
        ]
        print("| input | size MB | exit | seconds | peak RSS MB | RSS / size | result |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for label, path in cases:
            db = work / label.replace(" ", "_").replace(",", "") / "store.json"
            db.parent.mkdir(parents=True)
            for f in base.parent.iterdir():  # the same small store for every case
                target = db.parent / f.name
                if f.is_dir():
                    subprocess.run(["cp", "-r", str(f), str(target)], check=True)
                else:
                    target.write_bytes(f.read_bytes())
            size = path.stat().st_size / 1e6
            code, secs, rss, last = measure([*cli, "add", str(path), "--db", str(db)], env)
            result = "added" if code == 0 else last.replace(str(path), path.name)[:60]
            print(
                f"| {label} | {size:.1f} | {code} | {secs:.1f} | {rss:.0f} | "
                f"{rss / max(size, 0.001):.0f}× | {result} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
