"""Grow a built store K times over, to measure the reading paths at 100,000 documents
without waiting for a 100,000-document build.

Each copy of every issue gets a new id (`<issue>r<k>`, its documents' ids follow), its
own text, catalog and links shards, and its documents go into the search index; links
point within the copy. The source list is the original's, so the grown store opens
without a rebuild. Only for benchmarks: a real build of the same size is what
`benchmarks/build.py` measures.

    python benchmarks/grow.py /tmp/p10k/db/store.json /tmp/p100k/db/store.json --copies 10
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import store  # noqa: E402
from corpus.api import Library  # noqa: E402
from corpus.model import Document  # noqa: E402
from corpus.tantivy_index import TantivyBackend, index_dir, install_dir  # noqa: E402


def _remap(doc_id: str | None, issues: set[str], suffix: str) -> str | None:
    """A document id in copy `suffix`: its issue id with the suffix, the rest as it was."""
    if not doc_id or not suffix:
        return doc_id
    issue = store.issue_of_id(doc_id, issues)
    return f"{issue}{suffix}{doc_id[len(issue) :]}" if issue else doc_id


def _links(links: dict[str, Any], issues: set[str], suffix: str) -> dict[str, Any]:
    """The links of one copy: every id in them moved to the copy."""

    def m(i: str | None) -> str | None:
        return _remap(i, issues, suffix)

    def targeted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [dict(r, target=m(r.get("target"))) for r in rows]

    return {
        "citations": {m(k): targeted(v) for k, v in links.get("citations", {}).items()},
        "cited_by": {m(k): [m(i) for i in v] for k, v in links.get("cited_by", {}).items()},
        "parents": {m(k): m(v) for k, v in links.get("parents", {}).items()},
        "effective": {m(k): v for k, v in links.get("effective", {}).items()},
        "repeals": {m(k): targeted(v) for k, v in links.get("repeals", {}).items()},
    }


def _moved(value: Any, ids: set[str], issues: set[str], suffix: str) -> Any:
    """`value` (JSON) with every document id and issue id in it, keys too, moved to a copy."""

    def m(x: Any) -> Any:
        if isinstance(x, str):
            if x in ids:
                return _remap(x, issues, suffix)
            return x + suffix if x in issues else x
        if isinstance(x, dict):
            return {m(k): m(v) for k, v in x.items()}
        if isinstance(x, list):
            return [m(v) for v in x]
        return x

    return m(value) if suffix else value


def add_facts(src: Path, dst: Path, copies: int) -> None:
    """Write the grown store's facts files (`corpus.facts.stored`): the source store's facts,
    computed once, moved to each copy; the catalog is rewritten last to name them."""
    from corpus.facts import stored

    lib = Library.open(src, build=False)
    docs = lib.documents()
    ids = {d.id for d in docs}
    issues = {i.id for i in lib.issues()}
    facts = stored(docs, lib.links_data())
    folder = store.shards_dir(dst)
    parts: dict[str, str] = {}
    rest: list[Any] = []
    for k in range(copies):
        suffix = f"r{k}" if k else ""
        moved = _moved(facts, ids, issues, suffix)
        for issue, records in moved["issues"].items():
            parts[issue] = store._write_shard(folder, f"{issue}.facts", [{"data": records}])
        rest.extend(moved["rest"]["changes"])
    rest_name = store._write_shard(folder, "facts", [{"data": {"changes": rest}}])
    data = store._loads(dst.read_bytes())
    meta = next(iter(data["meta"].values()))
    meta["facts"] = {"version": facts["version"], "file": rest_name, "issues": parts}
    meta["versions"] = store.component_versions()
    store.write_atomic(
        dst, store._tables({"meta": [meta], "issues": list(data["issues"].values())})
    )


def grow(src: Path, dst: Path, copies: int) -> None:
    lib = Library.open(src, build=False)
    catalog = store.read_catalog(src)
    issues = lib.issues()
    ids = {i.id for i in issues}
    src_links = lib.links_data()
    dst.parent.mkdir(parents=True, exist_ok=True)
    for name in ("sources.json", "sources"):
        here = src.parent / name
        if here.is_dir():
            shutil.copytree(here, dst.parent / name, dirs_exist_ok=True)
        elif here.is_file():
            shutil.copy2(here, dst.parent / name)
    folder = store.shards_dir(dst)
    token = uuid.uuid4().hex
    built = index_dir(dst).with_name(f".grow-{token}")
    backend = TantivyBackend.create(built)
    out_issues: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    kept: dict[str, str] = {}
    links: dict[str, Any] = {"version": src_links.get("version"), "checks": []}
    for name in ("citations", "cited_by", "parents", "effective", "repeals"):
        links[name] = {}
    order = 0
    t0 = time.perf_counter()
    for k in range(copies):
        suffix = f"r{k}" if k else ""
        for issue in issues:
            new_issue = dataclasses.replace(issue, id=issue.id + suffix)
            if k:
                new_issue.name = f"{issue.name}（副本{k}）"
            out_issues.append(new_issue.to_dict())
            docs = []
            for d in lib.documents(issue.id):
                new = Document(**{f.name: getattr(d, f.name) for f in dataclasses.fields(d)})
                new.id = _remap(d.id, ids, suffix) or d.id
                new.issue = new_issue.id
                new.parent = _remap(d.parent, ids, suffix)
                new.children = [_remap(c, ids, suffix) or c for c in d.children]
                docs.append(new)
            text = [{"id": d.id, **{h: d.to_dict()[h] for h in store.HEAVY}} for d in docs]
            kept[new_issue.id] = store._write_shard(folder, new_issue.id, text)
            rows.extend(
                {k2: v for k2, v in d.to_dict().items() if k2 not in store.HEAVY} for d in docs
            )
            backend.add(new_issue.id, list(enumerate(docs, order)))
            order += len(docs)
        for name, table in _links(src_links, ids, suffix).items():
            links[name].update(table)
        print(
            f"copy {k + 1}/{copies}: {order} documents, {time.perf_counter() - t0:.0f} s",
            flush=True,
        )
    backend.set_token(token)
    backend.commit()
    store.write(
        dst,
        meta={"sources": catalog["meta"]["sources"], "built": time.time(), "search": token},
        issues=out_issues,
        documents=rows,
        index=store.read_single(src, catalog["meta"]["files"]["vocab"]),
        links=links,
        kept_shards=kept,
    )
    install_dir(dst, built)
    add_facts(src, dst, copies)
    print(f"grew {src} into {dst}: {len(out_issues)} issues, {order} documents", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path, help="a built store.json")
    ap.add_argument("dst", type=Path, help="where to write the grown store.json")
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument(
        "--facts-only",
        action="store_true",
        help="only (re)write the facts of a store grown before (from the same src, copies)",
    )
    args = ap.parse_args()
    if args.facts_only:
        add_facts(args.src, args.dst, args.copies)
    else:
        grow(args.src, args.dst, args.copies)


if __name__ == "__main__":
    main()
