"""Ingest benchmark: documents per second for each format `gongbao add` reads.

    python benchmarks/ingest.py            # every file in tests/fixtures/formats and the seeds
    python benchmarks/ingest.py -n 5 --dir DIR

Each file goes through `corpus.pipeline.process_file` (read → … → structure, no index or
store) `-n` times; the table shows, per format, the files and documents read, the median
seconds per pass over those files, documents per second and the read stage's share (the
reader itself: PDF geometry, HTML parsing, Word unpacking …).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.pipeline import process_file  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=3, help="passes over every file (default 3)")
    ap.add_argument("--dir", type=Path, default=ROOT / "tests" / "fixtures" / "formats")
    args = ap.parse_args()
    # every fixture, the real documents in more/ too (their SOURCES.md is no fixture)
    files = sorted(p for p in args.dir.rglob("*") if p.is_file() and p.name != "SOURCES.md")
    files += sorted((ROOT / "seeds").glob("*.txt"))
    per_format: dict[str, list[Path]] = defaultdict(list)
    docs: dict[Path, int] = {}
    for path in files:
        issue, d, _ = process_file(path)  # warm-up, and which format it is
        per_format[d[0].format if d else "?"].append(path)
        docs[path] = len(d)
    print(f"{'format':<10} {'files':>5} {'docs':>5} {'s/pass':>8} {'docs/s':>8} {'read %':>7}")
    for fmt in sorted(per_format):
        paths = per_format[fmt]
        runs: list[float] = []
        reads: list[float] = []
        for _ in range(args.n):
            timings: dict[str, float] = {}
            t0 = time.perf_counter()
            for path in paths:
                process_file(path, timings)
            runs.append(time.perf_counter() - t0)
            reads.append(timings.get("read", 0.0))
        secs = statistics.median(runs)
        n = sum(docs[p] for p in paths)
        share = 100 * statistics.median(reads) / secs if secs else 0.0
        print(f"{fmt:<10} {len(paths):>5} {n:>5} {secs:>8.4f} {n / secs:>8.1f} {share:>6.0f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
