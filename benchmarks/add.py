"""Adding one issue to a big store, stage by stage (issue 9: ≤ 5 s at 10k and 100k documents).

    python benchmarks/add.py STORE_DIR [FILE] [--runs 3]

STORE_DIR holds a built store (`store.json` and its shards, e.g. one `benchmarks/scale.py
--keep` or `gongbao build` made); it is copied to a temp directory for every run and never
changed. FILE (default: the next SYNTHETIC issue, `benchmarks/synth.py`) is added to the
copy twice over: once as a whole `gongbao add` process (wall seconds, CPU seconds, peak RSS),
once in this process with the stage timings of `corpus.pipeline.add_to_store` (catalog,
links, facts, waiting for jieba's words, store, index; wall seconds) and the CPU seconds of this
process and of its jieba child: on a loaded machine, CPU is what an idle one would wait.
Prints a table, medians of --runs.
"""

from __future__ import annotations

import argparse
import os
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

from synth import DOCS_PER_ISSUE, write_corpus  # noqa: E402

STAGES = (
    "catalog",
    "links",
    "facts",
    "vocabulary",
    "store",
    "index",
    "total",
    "CPU, this process",
    "CPU, its children (jieba)",
)


def copy_store(src: Path, work: Path) -> Path:
    """A writable copy of the store in `src` (its sources and search index included)."""
    dst = work / "db"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.lock"))
    return dst / "store.json"


def whole_process(db: Path, file: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """(wall s, CPU s of it and its children, peak RSS MB) of `gongbao add FILE`."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "corpus.cli", "--db", str(db), "add", str(file)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"add failed: {err.decode(errors='replace')[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def in_process(db: Path, file: Path) -> dict[str, float]:
    """The stage timings of one add, in this process (None: it fell back to a rebuild)."""
    from corpus import pipeline
    from corpus.changes import add_files

    seen: dict[str, float] = {}
    original = pipeline.add_to_store

    def timed(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)  # type: ignore[arg-type]
        if result is None:
            raise SystemExit("the store could not take the issue in place (it rebuilt)")
        seen.update(result)
        return result

    pipeline.add_to_store = timed  # type: ignore[assignment]
    cpu, children = time.process_time(), _children_cpu()
    try:
        add_files(db, [str(file)])
    finally:
        pipeline.add_to_store = original
    seen["CPU, this process"] = time.process_time() - cpu
    seen["CPU, its children (jieba)"] = _children_cpu() - children
    return seen


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path, help="directory holding a built store.json")
    ap.add_argument("file", type=Path, nargs="?", help="the file to add (default: synthetic)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    if not (args.store / "store.json").is_file():
        print(f"{args.store}: no store.json here", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="gb-add-") as tmp:
        work = Path(tmp)
        file = args.file or write_corpus(work / "extra", DOCS_PER_ISSUE, start=9999)[0]
        env = dict(os.environ, GONGBAO_HOME=str(work / "home"), PYTHONPATH=str(ROOT))
        os.environ["GONGBAO_HOME"] = str(work / "home")
        rows: dict[str, list[float]] = {}
        for k in range(args.runs):
            run = work / f"run{k}"
            run.mkdir()
            wall, cpu, peak = whole_process(copy_store(args.store, run / "a"), file, env)
            for key, value in (("process wall s", wall), ("process CPU s", cpu), ("peak MB", peak)):
                rows.setdefault(key, []).append(value)
            stages = in_process(copy_store(args.store, run / "b"), file)
            for stage in STAGES:
                rows.setdefault(f"in process: {stage} s", []).append(stages.get(stage, 0.0))
            print(f"  run {k + 1}: {wall:.2f} s", file=sys.stderr)
            shutil.rmtree(run)
    print(f"| add {file.name} to {args.store} | median of {args.runs} |")
    print("|---|---|")
    for key, values in rows.items():
        print(f"| {key} | {statistics.median(values):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
