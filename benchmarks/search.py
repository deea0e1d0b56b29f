"""Search benchmark: the seeds and synthetic corpora of 1,000 and 10,000 documents.

    /tmp/gv/bin/python benchmarks/search.py            # seeds, 1000, 10000
    /tmp/gv/bin/python benchmarks/search.py --sizes seeds 1000 --runs 5

The synthetic corpora are SYNTHETIC: documents assembled from randomly drawn paragraphs of
the seed documents (fixed random seed), with generated titles, 文号 and dates, so their
vocabulary is the seeds' vocabulary. Each corpus is measured in a fresh subprocess so the
peak memory (max RSS) belongs to that corpus alone. Beside our latency, `rg` searches the
same text (one file per document: title, 文号, issuer, body) for the same queries; it is a
fresh process per query, so its times include process start-up.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.model import Document, Paragraph  # noqa: E402

#: The fixed query set: (label, query, the words rg must find, all of them, per document).
QUERIES: list[tuple[str, str, list[str]]] = [
    ("word", "脱贫", ["脱贫"]),
    ("word", "医疗保险", ["医疗保险"]),
    ("word", "乡村振兴", ["乡村振兴"]),
    ("two words", "生育保险 试点", ["生育保险", "试点"]),
    ("two words", "脱贫 衔接", ["脱贫", "衔接"]),
    ("phrase", '"巩固拓展脱贫攻坚成果"', ["巩固拓展脱贫攻坚成果"]),
    ("phrase", '"职工基本医疗保险"', ["职工基本医疗保险"]),
    ("文号", "国办发[2017]6号", ["国办发〔2017〕6号"]),
    ("文号", "国办发（２０１７）６号", ["国办发〔2017〕6号"]),
    ("rare", "邯郸市", ["邯郸市"]),
    ("rare", "摘帽", ["摘帽"]),
    ("common", "发展", ["发展"]),
    ("common", "工作", ["工作"]),
    ("common", "的", ["的"]),
    ("common x2", "发展 工作", ["发展", "工作"]),
    ("filter", "type:通知 发展", []),
]


def seed_documents() -> list[Document]:
    """The documents the real pipeline makes of the bundled seeds."""
    from corpus.api import Library

    tmp = Path(tempfile.mkdtemp(prefix="gb-bench-"))
    try:
        return Library.open(tmp / "store.json").documents()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def synthetic_documents(seeds: list[Document], n: int, seed: int = 0) -> list[Document]:
    """`n` SYNTHETIC documents made of randomly drawn seed paragraphs (see module doc)."""
    rng = random.Random(seed)
    pool = [p for d in seeds for p in d.paragraphs if p.text.strip()]
    sizes = [len(d.paragraphs) for d in seeds if d.paragraphs] or [10]
    kinds = ["通知", "意见", "决定", "办法", "规定", "方案", "批复"]
    issuers = sorted({d.issuer for d in seeds if d.issuer} or {"国务院办公厅"})
    prefixes = ["国发", "国办发", "国办函", "川府发", "川办发", "川府函"]
    docs = []
    for i in range(n):
        template = seeds[rng.randrange(len(seeds))]
        kind = rng.choice(kinds)
        count = max(3, min(rng.choice(sizes), 40))
        paras = [
            Paragraph(p.kind, p.text, p.level) for p in rng.sample(pool, min(count, len(pool)))
        ]
        year = rng.randrange(2000, 2025)
        docs.append(
            Document(
                id=f"syn-{i:05d}",
                issue=f"syn-{i // 40:04d}",
                order=i % 40,
                section=template.section or "国务院文件",
                title=f"关于{template.title[-20:].strip('的通知意见')}的{kind}（合成{i}）",
                doc_number=f"{rng.choice(prefixes)}〔{year}〕{i % 9000 + 1}号",
                issuer=rng.choice(issuers),
                kind=kind,
                date=f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                paragraphs=paras,
            )
        )
    # Keep the real 国办发〔2017〕6号 reachable in every corpus, as a 文号 query needs it.
    docs[n // 2] = next((d for d in seeds if d.doc_number == "国办发〔2017〕6号"), docs[n // 2])
    return docs


def measure(name: str, runs: int) -> dict[str, Any]:
    """Everything for one corpus; run in its own process."""
    from corpus.index import build_index
    from corpus.search import SearchIndex

    seeds = seed_documents()
    docs = seeds if name == "seeds" else synthetic_documents(seeds, int(name))
    t0 = time.perf_counter()
    index = build_index(docs)
    build_s = time.perf_counter() - t0
    tmp = Path(tempfile.mkdtemp(prefix="gb-bench-"))
    try:
        store = tmp / "store.json"
        _write_store(store, docs, index)
        index_bytes = len(json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode())
        store_bytes = store.stat().st_size
        del index
        t0 = time.perf_counter()
        data = _load_store(store)
        loaded = _documents(store, data)
        store_load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        ix = SearchIndex.from_data(data["index"], loaded)
        index_load_s = time.perf_counter() - t0
        del data
        gc.collect()
        gc.freeze()  # what a long-lived app should do after loading: no full-heap GC pauses
        ours, cold, totals = [], [], {}
        for _, q, _ in QUERIES:
            t0 = time.perf_counter()
            totals[q] = ix.run(q, limit=20).total
            cold.append(time.perf_counter() - t0)
        by_query: dict[str, list[float]] = {q: [] for _, q, _ in QUERIES}
        for _ in range(runs):
            for _, q, _ in QUERIES:
                t0 = time.perf_counter()
                ix.run(q, limit=20)
                by_query[q].append(time.perf_counter() - t0)
                ours.append(by_query[q][-1])
        rg = _rg_times(loaded, tmp, runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "corpus": name if name == "seeds" else f"synthetic {name}",
        "docs": len(docs),
        "chars": sum(len(d.text) for d in docs),
        "build_s": build_s,
        "store_mb": store_bytes / 1e6,
        "index_mb": index_bytes / 1e6,
        "store_load_s": store_load_s,
        "index_load_s": index_load_s,
        "p50_ms": _pct(ours, 50) * 1e3,
        "p95_ms": _pct(ours, 95) * 1e3,
        "cold_max_ms": max(cold) * 1e3,
        "rg_p50_ms": _pct(rg["times"], 50) * 1e3 if rg["times"] else float("nan"),
        "rg_p95_ms": _pct(rg["times"], 95) * 1e3 if rg["times"] else float("nan"),
        "agree": all(totals[q] == c for q, c in rg["counts"].items()),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "per_query": {q: [totals[q], statistics.median(by_query[q]) * 1e3] for _, q, _ in QUERIES},
    }


def _write_store(path: Path, docs: list[Document], index: dict[str, Any]) -> None:
    """Through the real store module when it is there (TinyDB, UTF-8 JSON)."""
    try:
        from corpus import store
    except ImportError:
        path.write_text(
            json.dumps(
                {"documents": [d.to_dict() for d in docs], "index": index},
                ensure_ascii=False,
                separators=(",", ":"),
            ),
            encoding="utf-8",
        )
        return
    store.write(
        path, meta={}, issues=[], documents=[d.to_dict() for d in docs], index=index, links=None
    )


def _documents(path: Path, data: dict[str, Any]) -> list[Document]:
    """The stored documents (read through the catalog and its per-issue shards)."""
    try:
        from corpus.api import Library

        return Library(path, data).documents()
    except ImportError:
        return [Document.from_dict(d) for d in data["documents"]]


def _load_store(path: Path) -> dict[str, Any]:
    try:
        from corpus import store
    except ImportError:
        return json.loads(path.read_text(encoding="utf-8"))
    return store.load(path)


def _rg_times(docs: list[Document], tmp: Path, runs: int) -> dict[str, Any]:
    """rg over one file per document; AND of several words chains `rg -l` over the hits."""
    rg = shutil.which("rg")
    if not rg:
        return {"times": [], "counts": {}}
    root = tmp / "docs"
    root.mkdir()
    for i, d in enumerate(docs):
        (root / f"{i:05d}.txt").write_text(
            "\n".join([d.title, d.doc_number, d.issuer, d.text]), encoding="utf-8"
        )
    times: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(runs):
        for _, q, words in QUERIES:
            if not words:
                continue
            t0 = time.perf_counter()
            files: list[str] = [str(root)]
            for w in words:
                out = subprocess.run(
                    [rg, "-l", "-F", "-i", "--", w, *files], capture_output=True, text=True
                ).stdout
                files = out.split()
                if not files:
                    break
            times.append(time.perf_counter() - t0)
            counts[q] = len(files)
    return {"times": times, "counts": counts}


def _pct(xs: list[float], p: int) -> float:
    if len(xs) < 2:
        return xs[0] if xs else float("nan")
    return statistics.quantiles(xs, n=100, method="inclusive")[p - 1]


def _table(rows: list[dict[str, Any]]) -> str:
    cols = [
        ("corpus", "corpus", "{}"),
        ("docs", "docs", "{:,}"),
        ("chars", "chars", "{:,}"),
        ("build_s", "build s", "{:.2f}"),
        ("store_mb", "store MB", "{:.1f}"),
        ("index_mb", "index MB", "{:.1f}"),
        ("store_load_s", "store load s", "{:.3f}"),
        ("index_load_s", "index load s", "{:.3f}"),
        ("p50_ms", "p50 ms", "{:.2f}"),
        ("p95_ms", "p95 ms", "{:.2f}"),
        ("cold_max_ms", "cold max ms", "{:.1f}"),
        ("peak_mb", "peak MB", "{:.0f}"),
        ("rg_p50_ms", "rg p50 ms", "{:.1f}"),
        ("rg_p95_ms", "rg p95 ms", "{:.1f}"),
        ("agree", "same docs as rg", "{}"),
    ]
    cells = [[h for _, h, _ in cols]] + [[f.format(r[k]) for k, _, f in cols] for r in rows]
    widths = [max(len(row[c]) for row in cells) for c in range(len(cols))]
    lines = ["  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", nargs="+", default=["seeds", "1000", "10000"])
    ap.add_argument("--runs", type=int, default=10, help="timed runs of the query set")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help="also print the raw measurements")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.runs), ensure_ascii=False))
        return 0
    rows = []
    for name in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", name, "--runs", str(args.runs)],
            capture_output=True,
            text=True,
        )
        if out.returncode:
            sys.stderr.write(out.stderr)
            return out.returncode
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(
        f"{len(QUERIES)} queries x {args.runs} warm runs (+1 cold), limit 20, gc.freeze() after "
        "load; synthetic corpora are generated from seed paragraphs (not real gazettes); "
        "rg = one process per query, one file per doc"
    )
    print(_table(rows))
    print("targets: p95 <= 5 ms on the seeds, <= 30 ms at 10,000 documents")
    print()
    print("per query: documents matched / median ms")
    head = ["kind", "query"] + [r["corpus"] for r in rows]
    body = [
        [kind, q] + [f"{r['per_query'][q][0]:>6} / {r['per_query'][q][1]:6.2f}" for r in rows]
        for kind, q, _ in QUERIES
    ]
    from corpus.snippet import columns

    widths = [max(columns(x[c]) for x in [head, *body]) for c in range(len(head))]
    for line in [head, ["-" * w for w in widths], *body]:
        print("  ".join(v + " " * (w - columns(v)) for v, w in zip(line, widths, strict=True)))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
