"""Scale benchmark: the whole archive on one machine (issue 9's table).

    python benchmarks/scale.py                      # 1000 10000 100000 documents (slow: hours today)
    python benchmarks/scale.py --sizes 1000 --runs 3

For each size it writes SYNTHETIC gazette issues made of the seeds' own text
(`benchmarks/synth.py`), builds a store from them as a separate process, and measures, each as
a user meets it:

- build: whole `gongbao build` process, seconds and peak RSS;
- add one issue to that store: whole `gongbao add` process;
- CLI `search`, `show`, `refs`, `list --issue`: whole processes, median of --runs;
- in-process search over the query set of benchmarks/search.py: p50/p95, snippets included;
- the app in a pseudo-terminal: first paint, store loaded, and a search typed at first paint
  answered; its RSS (current and peak) just before quitting.

Goals (issue 9) are printed beside the figures. Each size is built in its own temp directory
and removed afterwards unless --keep is given.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import spawn_in_pty  # noqa: E402
from synth import DOCS_PER_ISSUE, write_corpus  # noqa: E402

CLI = [sys.executable, "-m", "corpus.cli"]
APP = [sys.executable, "-m", "tui"]
QUERY = "乡村振兴"


def run_process(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MB, exit code) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def median_process(cmd: list[str], env: dict[str, str], runs: int) -> float:
    return statistics.median(run_process(cmd, env)[0] for _ in range(runs))


def _rss(pid: int) -> tuple[int, int]:
    """(current, peak) resident set of a live process in MB, from /proc."""
    fields: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) // 1024
    except OSError:
        pass
    return fields.get("VmRSS", 0), fields.get("VmHWM", 0)


def time_app(db: Path, env: dict[str, str], cols: int = 100, rows: int = 30) -> dict[str, float]:
    """First paint, store loaded, search answered (typed at first paint), RSS, for one start."""
    start = time.perf_counter()
    proc, master = spawn_in_pty([*APP, "--db", str(db)], env, cols, rows, cwd=ROOT)
    out = b""
    res = {"first_paint": 0.0, "loaded": 0.0, "answered": 0.0, "rss": 0.0, "peak": 0.0}
    sent_at = 0
    deadline = start + float(os.environ.get("GB_SCALE_APP_TIMEOUT", "120"))
    try:
        while time.perf_counter() < deadline and not res["answered"]:
            ready, _, _ = select.select([master], [], [], 0.02)
            if not ready:
                continue
            try:
                out += os.read(master, 1 << 16)
            except OSError:
                break
            now = time.perf_counter() - start
            if not res["first_paint"] and b"search" in out:
                res["first_paint"] = now
                sent_at = len(out)
                os.write(master, b"s")
                time.sleep(0.05)
                os.write(master, QUERY.encode() + b"\r")
            if res["first_paint"] and not res["loaded"] and b"documents" in out:
                res["loaded"] = now
            if sent_at and re.search(rb"match|result", out[sent_at:]):
                res["answered"] = now
        res["rss"], res["peak"] = (float(x) for x in _rss(proc.pid))
        os.write(master, b"\x1bq")
        end = time.perf_counter() + 10
        while proc.poll() is None and time.perf_counter() < end:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
    return res


def in_process_search(db: Path, runs: int) -> tuple[float, float]:
    """p50/p95 ms of the benchmarks/search.py query set, in one process, store already open."""
    from search import QUERIES

    from corpus.api import Library

    lib = Library.open(db, build=False)
    lib.search("预热", limit=20)  # load the index once, as the app's first search does
    times = []
    for _ in range(runs):
        for _label, query, _words in QUERIES:
            t0 = time.perf_counter()
            lib.search(query, limit=20)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def measure(size: int, runs: int, keep: bool) -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp(prefix=f"gb-scale-{size}-"))
    try:
        env = dict(os.environ, GONGBAO_HOME=str(tmp / "home"), PYTHONPATH=str(ROOT))
        env.pop("GONGBAO_DB", None)
        corpus_dir = tmp / "issues"
        paths = write_corpus(corpus_dir, size)
        extra = write_corpus(tmp / "extra", DOCS_PER_ISSUE, start=len(paths))[0]
        db = tmp / "store.json"
        row: dict[str, float] = {"documents": float(len(paths) * DOCS_PER_ISSUE)}
        print(f"  {size}: building from {len(paths)} issues…", file=sys.stderr)
        row["build_s"], row["build_peak_mb"], code = run_process(
            [*CLI, "--db", str(db), "build", "--seeds", str(corpus_dir)], env
        )
        if code:
            raise SystemExit(f"build failed at {size} (exit {code})")
        row["store_mb"] = store_mb(db)
        print(f"  {size}: CLI and app…", file=sys.stderr)
        measure_reading(db, env, runs, row)
        print(f"  {size}: add one issue…", file=sys.stderr)
        row["add_s"], row["add_peak_mb"], code = run_process(
            [*CLI, "--db", str(db), "add", str(extra)], env
        )
        if code:
            row["add_s"] = float("nan")
        return row
    finally:
        if keep:
            print(f"  kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def store_mb(db: Path) -> float:
    """The store on disk: its catalog, the shards and look-ups, and the search index."""
    from corpus import store
    from corpus.tantivy_index import index_dir

    files = [db, *store.shards_dir(db).rglob("*"), *index_dir(db).rglob("*")]
    return sum(f.stat().st_size for f in files if f.is_file()) / 1e6


def measure_store(db: Path, runs: int) -> dict[str, float]:
    """The reading paths only (CLI, app, in-process search) of a store already built, e.g.
    one `benchmarks/grow.py` made 100,000 documents big; nothing in it is changed."""
    from corpus import store

    meta = store.read_catalog(db)["meta"]
    row: dict[str, float] = {"documents": float(meta.get("documents") or 0)}
    row["store_mb"] = store_mb(db)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("GONGBAO_DB", None)
    measure_reading(db, env, runs, row)
    return row


def measure_reading(db: Path, env: dict[str, str], runs: int, row: dict[str, float]) -> None:
    """CLI commands and the app as whole processes, and search in process, on `db`."""
    row["cli_search_s"] = median_process([*CLI, "--db", str(db), "search", QUERY], env, runs)
    row["cli_show_s"] = median_process(
        [*CLI, "--db", str(db), "show", "国发〔2021〕1006号"], env, runs
    )
    row["cli_refs_s"] = median_process(
        [*CLI, "--db", str(db), "refs", "国发〔2021〕1006号"], env, runs
    )
    row["cli_list_issue_s"] = median_process(
        [*CLI, "--db", str(db), "list", "--issue", "gwy-1954-01"], env, runs
    )
    apps = [time_app(db, env) for _ in range(runs)]
    for key in ("first_paint", "loaded", "answered", "rss", "peak"):
        row[f"app_{key}"] = statistics.median(a[key] for a in apps)
    row["search_p50_ms"], row["search_p95_ms"] = in_process_search(db, max(1, runs))


COLUMNS = [
    ("documents", "docs", "{:.0f}", ""),
    ("app_first_paint", "first paint s", "{:.2f}", "≤ 0.5"),
    ("app_answered", "search answered s", "{:.2f}", "≤ 1"),
    ("app_rss", "app RSS MB", "{:.0f}", "≤150@10k ≤400@100k"),
    ("app_peak", "app peak MB", "{:.0f}", ""),
    ("cli_search_s", "CLI search s", "{:.2f}", "≤ 0.3"),
    ("cli_show_s", "CLI show s", "{:.2f}", "≤ 0.3"),
    ("cli_refs_s", "CLI refs s", "{:.2f}", "≤ 0.3"),
    ("cli_list_issue_s", "CLI list --issue s", "{:.2f}", "≤ 0.3"),
    ("search_p50_ms", "search p50 ms", "{:.1f}", ""),
    ("search_p95_ms", "search p95 ms", "{:.1f}", "≤10@10k ≤30@100k"),
    ("add_s", "add one issue s", "{:.1f}", "≤ 5"),
    ("build_s", "build s", "{:.0f}", "≤600@100k"),
    ("build_peak_mb", "build peak MB", "{:.0f}", "≤ 2000"),
    ("store_mb", "store MB", "{:.0f}", ""),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep each size's temp directory")
    ap.add_argument(
        "--stores",
        type=Path,
        nargs="+",
        default=[],
        help="measure only the reading paths of these built stores (no build, no add)",
    )
    args = ap.parse_args(argv)
    if args.stores:
        rows = [measure_store(db, args.runs) for db in args.stores]
    else:
        rows = [measure(size, args.runs, args.keep) for size in args.sizes]
    nan = float("nan")
    for r in rows:
        for key, *_ in COLUMNS:
            r.setdefault(key, nan)
    print("| measure | goal | " + " | ".join(f"{int(r['documents'])}" for r in rows) + " |")
    print("|---|---|" + "---|" * len(rows))
    for key, label, fmt, goal in COLUMNS[1:]:
        print(f"| {label} | {goal} | " + " | ".join(fmt.format(r[key]) for r in rows) + " |")
    print(
        "\nSYNTHETIC corpora: copies of the 国务院公报 seed as further issues (benchmarks/synth.py)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
