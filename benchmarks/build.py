"""Build benchmark: the store from the bundled seeds, stage by stage.

    /tmp/gv/bin/python benchmarks/build.py             # 3 builds
    /tmp/gv/bin/python benchmarks/build.py -n 5 --seeds DIR

Each build runs in a fresh temp directory through `corpus.pipeline.build_store`, which times
its stages: read → clean → reflow → split → structure per file (with each issue's jieba
words, the citations found in its text, and its shards), then index, links and store over
the whole corpus. With six files or more the per-file stages run in two worker processes:
their times are summed over both, so the stages add up to more than the wall-clock total
("links" is the main process's wall time: resolving, and the workers' per-issue relations). The table shows each stage's median
(and fastest) time over the builds; the first build also pays for loading jieba's
dictionary in the index stage, which the median mostly hides and `max` shows. Peak memory
is measured twice: the process's max RSS (everything, interpreter and imports included),
and Python's own peak allocation during one extra build under tracemalloc (which slows the
code, so that build is not timed).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.api import Library  # noqa: E402
from corpus.pipeline import build_store  # noqa: E402
from corpus.sources import Source, bundled_sources, directory_sources  # noqa: E402

STAGES = (
    "read",
    "clean",
    "reflow",
    "split",
    "structure",
    "vocabulary",
    "citations",
    "index",
    "links",
    "store",
)


def build_once(sources: list[Source], db: Path) -> tuple[dict[str, float], dict[str, int]]:
    """One whole build into `db` by the real pipeline; (seconds per stage, counts)."""
    timings = build_store(db, sources)
    lib = Library.open(db, build=False)
    docs = lib.documents()
    counts = {
        "issues": len(lib.issues()),
        "documents": len(docs),
        "paragraphs": sum(len(d.paragraphs) for d in docs),
        "store_bytes": db.stat().st_size,
    }
    return {k: timings.get(k, 0.0) for k in STAGES}, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "-n", "--runs", type=int, default=3, help="number of timed builds (default 3)"
    )
    parser.add_argument(
        "--seeds", metavar="DIR", help="directory of .txt gazettes (default: the bundled seeds)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sources = directory_sources(Path(args.seeds)) if args.seeds else bundled_sources()
    if not sources:
        parser.error(f"{args.seeds}: no .txt files")

    runs: list[dict[str, float]] = []
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="gongbao-bench-") as tmp:
        for k in range(args.runs):
            timings, counts = build_once(sources, Path(tmp) / f"run{k}" / "store.json")
            runs.append(timings)
        maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        tracemalloc.start()
        build_once(sources, Path(tmp) / "traced" / "store.json")
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    totals = [sum(r.values()) for r in runs]
    total_median = statistics.median(totals)
    print(
        f"gongbao build benchmark: {len(sources)} file(s), {args.runs} build(s), Python {sys.version.split()[0]}"
    )
    print()
    print(f"{'stage':<10} {'median s':>9} {'min s':>9} {'max s':>9} {'share':>7}")
    print("-" * 48)
    for stage in STAGES:
        values = [r[stage] for r in runs]
        med = statistics.median(values)
        share = med / total_median if total_median else 0.0
        print(f"{stage:<10} {med:>9.3f} {min(values):>9.3f} {max(values):>9.3f} {share:>6.1%}")
    print("-" * 48)
    print(f"{'total':<10} {total_median:>9.3f} {min(totals):>9.3f} {max(totals):>9.3f}")
    print()
    print(f"{'issues':<24} {counts['issues']:>12,}")
    print(f"{'documents':<24} {counts['documents']:>12,}")
    print(f"{'paragraphs':<24} {counts['paragraphs']:>12,}")
    print(f"{'store size (bytes)':<24} {counts['store_bytes']:>12,}")
    print(f"{'peak RSS (MiB)':<24} {maxrss_kib / 1024:>12.1f}")
    print(f"{'peak traced alloc (MiB)':<24} {traced_peak / 2**20:>12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
