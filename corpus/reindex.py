"""Index a store's documents again, and only that, when its search index is outdated.

A new gongbao may keep its search index differently (`TANTIVY_VERSION`): the documents,
links and facts of the store are still good, so opening it re-indexes them from the issue
shards — one issue at a time, never the whole corpus in memory — instead of rebuilding
everything from the sources, and says so. The new index gets the store's own build token,
so the store itself is not written. Call under the writer lock (`corpus.writelock`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from corpus import store
from corpus.model import Document
from corpus.tantivy_index import META_FILE, TANTIVY_VERSION, build_dir, index_dir, install_dir

_HEAD = re.compile(rb'\{\s*"version"\s*:\s*(\d+)')


def index_version(db: Path) -> int | None:
    """The version of the search index beside `db` (None: there is none). Reads the first
    bytes of its small JSON file only: every command asks, so it must cost a stat's worth."""
    try:
        with (index_dir(db) / META_FILE).open("rb") as f:
            head = f.read(64)
    except OSError:
        return None
    m = _HEAD.match(head)
    if m:
        return int(m.group(1))
    try:
        found = store._loads((index_dir(db) / META_FILE).read_bytes())
    except (OSError, ValueError):
        return None
    version = found.get("version") if isinstance(found, dict) else None
    return version if isinstance(version, int) else None


def outdated(db: Path) -> bool:
    """Whether the store at `db` has a search index of another version than this code's
    (a store without one — never built, or lost — is left to `corpus.api.Library`)."""
    version = index_version(db)
    return version is not None and version != TANTIVY_VERSION


def reindex(db: Path, say: Callable[[str], None]) -> int:
    """Build the search index of the store at `db` again from its shards; how many documents."""
    catalog = store.read_catalog(db)
    meta: dict[str, Any] = catalog["meta"]
    count = meta.get("documents")
    say(f"检索索引来自旧版本，重建索引（{count if isinstance(count, int) else '全部'} 篇）")
    done = [0]
    built = build_dir(db, str(meta.get("search") or ""), _issues(db, catalog, done, say))
    install_dir(db, built)
    return done[0]


def _issues(
    db: Path, catalog: dict[str, Any], done: list[int], say: Callable[[str], None]
) -> Iterator[tuple[str, list[tuple[int, Document]]]]:
    """Each issue's documents in gazette order (numbered as the build numbered them), read
    from its catalog and text shards, in the order `corpus.api.Library.documents` gives."""
    meta = catalog["meta"]
    catalogs: dict[str, str] = meta.get("catalogs") or {}
    shards: dict[str, str] = meta.get("shards") or {}
    issues = [i["id"] for i in catalog["issues"]]
    order = [*issues, *(i for i in catalogs if i not in set(issues))]
    for n, issue in enumerate(order, 1):
        rows = (
            store.read_tables(db, catalogs[issue]).get("documents", []) if issue in catalogs else []
        )
        heavy = store.read_shard(db, shards[issue]) if issue in shards else {}
        docs = []
        for row in rows:
            docs.append((done[0], Document.from_dict({**row, **heavy.get(row["id"], {})})))
            done[0] += 1
        by_source: dict[str, list[tuple[int, Document]]] = {}
        for k, d in docs:
            by_source.setdefault(d.issue, []).append((k, d))
        yield from by_source.items()
        if n % 500 == 0:
            say(f"  {n}/{len(order)} 期")
