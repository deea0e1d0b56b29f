"""Analysis benchmark: 时效性, 沿革, chains and the cite-check on the seeds and larger stores.

    python benchmarks/analysis.py                 # seeds, ×10, ×50
    python benchmarks/analysis.py --copies 1 20

The larger stores are SYNTHETIC: the seed documents repeated with new ids (so titles and
文号 repeat, which is the hard case for resolving), links extracted afresh. Times are wall
clock for one run of each step; the table is printed, nothing is asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.api import Library  # noqa: E402
from corpus.facts import Facts, stored  # noqa: E402
from corpus.links import extract_links  # noqa: E402
from corpus.status import status_of  # noqa: E402

DRAFT = (
    "根据《国务院关于推进中央与地方财政事权和支出责任划分改革的指导意见》（国发〔2016〕49号），"
    "结合《国务院关于落实〈政府工作报告〉重点工作分工的意见》（国发〔2021〕7号）要求，\n"
    "请参照《保险公司偿付能力管理规定》（保监会令2008年第1号）执行。\n"
)


def _timed(fn: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def measure(seed: Library, copies: int, draft: Path) -> dict[str, Any]:
    docs = []
    for k in range(copies):
        for d in seed.documents():
            if k == 0:
                docs.append(d)
                continue
            suffix = f"~{k}"
            docs.append(
                dataclasses.replace(
                    d,
                    id=d.id + suffix,
                    parent=d.parent + suffix if d.parent else None,
                    children=[c + suffix for c in d.children],
                )
            )
    t_links, links = _timed(lambda: extract_links(docs))
    data = {
        "issues": [i.to_dict() for i in seed.issues()],
        "documents": [d.to_dict() for d in docs],
        "links": links,
    }
    lib = Library(seed.path, data)
    t_facts, _ = _timed(lib.facts)
    t_status, _ = _timed(lambda: [lib.status(d.id) for d in docs])
    # what a built store does instead: facts kept per issue at build time, read back lazily
    t_stored, kept = _timed(lambda: stored(docs, links))
    index = {"version": kept["version"], "file": "rest", "issues": {i: i for i in kept["issues"]}}
    parts = {"rest": kept["rest"], **kept["issues"]}
    by_id = {d.id: d for d in docs}
    t_read, _ = _timed(
        lambda: [status_of(d, Facts.read(by_id, index, parts.get), None) for d in docs[:1]]
    )
    read = Facts.read(by_id, index, parts.get)
    t_status_stored, _ = _timed(lambda: [status_of(d, read) for d in docs])
    t_history, _ = _timed(lambda: [lib.history(d.id) for d in docs])
    root = lib.document("国发〔2016〕49号")
    assert root is not None
    t_chain, chain = _timed(lambda: lib.chain(root.id))
    t_check, findings = _timed(lambda: lib.check(draft))
    t_index, _ = _timed(lambda: lib.index)  # built in memory: synthetic stores have no index
    t_filter, found = _timed(lambda: lib.index.run("status:有效", limit=10).total)
    return {
        "docs": len(docs),
        "links (build)": t_links,
        "facts": t_facts,
        "status, all": t_status,
        "facts kept (build)": t_stored,
        "status, 1 (kept)": t_read,
        "status, all (kept)": t_status_stored,
        "history, all": t_history,
        "chain 国发49号": t_chain,
        "check draft": t_check,
        "search status:有效": t_filter,
        "_chain_steps": len(chain.links),
        "_findings": len(findings),
        "_in_force": found,
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 10, 50])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seed = Library.open(Path(tmp) / "store.json")
        draft = Path(tmp) / "draft.txt"
        draft.write_text(DRAFT, encoding="utf-8")
        rows = [measure(seed, n, draft) for n in args.copies]
    keys = [k for k in rows[0] if not k.startswith("_") and k != "docs"]
    print(f"{'step':<20}" + "".join(f"{r['docs']:>12} docs" for r in rows))
    for k in keys:
        print(f"{k:<20}" + "".join(f"{r[k] * 1000:>14.1f} ms"[:17].rjust(17) for r in rows))
    print(f"{'(chain steps)':<20}" + "".join(f"{r['_chain_steps']:>17}" for r in rows))
    print(f"{'(check findings)':<20}" + "".join(f"{r['_findings']:>17}" for r in rows))
    print(f"{'(status:有效 docs)':<20}" + "".join(f"{r['_in_force']:>17}" for r in rows))


if __name__ == "__main__":
    main()
