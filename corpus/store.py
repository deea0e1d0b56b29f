"""Stage 7, store: a TinyDB catalog plus one TinyDB file per issue, each written atomically.

The catalog (the store path, `store.json`) holds what opening the store needs: tables
`meta` (schema version, the sources' hashes, the search index's build token and which
shard holds each issue), `issues`, `documents` (every field but the paragraphs and the
outline), `index` (the corpus vocabulary for query suggestions) and `links` (citations).
Each issue's paragraphs and outlines live in a shard beside it (`documents/<issue>.<hash>.json`),
opened only when one of its documents is read; beside it, the issue's facts
(`<issue>.facts.<hash>.json`: what 时效性 and 修订沿革 quote, `corpus.facts`), so a
document's status never opens a shard. Shards are content-addressed: a rebuild or
an `add` rewrites only the issues that changed, and the catalog, written last, is the commit
point (a crash before it leaves the previous catalog pointing at the previous shards).

TinyDB's default JSONStorage writes Chinese as \\u escapes (twice the size, slower to load)
and rewrites the file in place, so a crash mid-write leaves it broken. `AtomicJSONStorage`
writes real UTF-8 to a unique temporary file, fsyncs it and renames it over the store; a
build holds a lock so two processes never interleave. Tables: `meta` (schema version and
the sources' hashes), `issues`, `documents`, `index` (search) and `links` (citations).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from corpus.errors import StoreError

#: Bump when what the pipeline stores changes shape or meaning; stores built by another
#: version are rebuilt from the source list (`corpus.sourcelist`). 2: invisible characters
#: stripped, absurd titles and paragraphs bounded (`corpus.limits`).
SCHEMA_VERSION = 2


class AtomicJSONStorage(Storage):
    """A TinyDB storage that writes UTF-8 JSON via temp file + fsync + rename."""

    def __init__(self, path: str, access_mode: str = "r+") -> None:
        self.path = Path(path)
        self.access_mode = access_mode

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            with self.path.open("rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            return None
        if not data.strip():
            return None
        return _loads(data)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.access_mode == "r":
            raise StoreError(f"{self.path}: store is open read-only")
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        # surrogateescape: a file name read under an ASCII locale is written as its bytes
        write_atomic(self.path, text.encode("utf-8", "surrogateescape"))

    def close(self) -> None:
        pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; a store is an ordinary file
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.filename is None:  # a full disk fails in write(): say which file it was
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


@contextlib.contextmanager
def lock(path: Path) -> Iterator[None]:
    """Hold the writer lock beside `path` (see `corpus.writelock`; re-entrant)."""
    from corpus.writelock import writer

    with writer(path):
        yield


#: Document fields kept in the issue shards, not the catalog: the bulk of the text.
HEAVY = ("paragraphs", "outline")
_UNSAFE = re.compile(r"[^\w.-]")


def shards_dir(path: Path) -> Path:
    """`documents/` beside the default `store.json`, `<name>.documents/` beside any other."""
    if path.name == "store.json":
        return path.with_name("documents")
    return path.with_name(f"{path.stem}.documents")


def _tables(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """TinyDB's JSON layout ({table: {doc_id: row}}) for rows inserted in order."""
    data = {name: {str(k): row for k, row in enumerate(rows, 1)} for name, rows in tables.items()}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # surrogateescape: a file name read under an ASCII locale goes back to its UTF-8 bytes
    return text.encode("utf-8", "surrogateescape")


def _write_shard(folder: Path, issue: str, rows: list[dict[str, Any]]) -> str:
    """Write one issue's heavy fields (unless an identical shard exists); its file name."""
    data = _tables({"documents": rows})
    digest = hashlib.sha256(data).hexdigest()[:16]
    name = f"{_UNSAFE.sub('_', issue)[:80]}.{digest}.json"
    target = folder / name
    if not target.is_file():
        write_atomic(target, data)
    return name


def write(
    path: Path,
    *,
    meta: dict[str, Any],
    issues: list[dict[str, Any]],
    documents: list[dict[str, Any]],
    index: Any,
    links: Any,
    kept_shards: dict[str, str] | None = None,
    facts: Any = None,
) -> None:
    """Write the store: each issue's shard, then the catalog in one atomic replace.

    `kept_shards` (issue id → shard file) names issues whose shard is already written
    (their `documents` rows may lack the heavy fields); the others are written now.
    `facts` (`corpus.facts.stored`), when given, go in small files of their own, one per
    issue, so the status and history of a document are read without the links or a shard.
    """
    kept = dict(kept_shards or {})
    folder = shards_dir(path)
    heavy: dict[str, list[dict[str, Any]]] = {}
    catalog: list[dict[str, Any]] = []
    for d in documents:
        catalog.append({k: v for k, v in d.items() if k not in HEAVY})
        if d.get("issue") not in kept:
            row = {"id": d.get("id"), **{k: d.get(k, []) for k in HEAVY}}
            heavy.setdefault(str(d.get("issue")), []).append(row)
    shards = {i: kept[i] for i in kept}
    for issue, rows in heavy.items():
        shards[issue] = _write_shard(folder, issue, rows)
    links_file = _write_shard(folder, "links", [{"data": links}])
    links_row: dict[str, Any] = {"file": links_file}
    written = {*shards.values(), links_file}
    if facts is not None:
        parts = {
            issue: _write_shard(folder, f"{issue}.facts", [{"data": records}])
            for issue, records in facts["issues"].items()
        }
        rest = _write_shard(folder, "facts", [{"data": facts["rest"]}])
        links_row["facts"] = {"version": facts["version"], "file": rest, "issues": parts}
        written |= {rest, *parts.values()}
    full = dict(meta, schema=SCHEMA_VERSION, versions=component_versions(), shards=shards)
    data = _tables(
        {
            "meta": [full],
            "issues": issues,
            "documents": catalog,
            "index": [{"data": index}],
            "links": [links_row],
        }
    )
    write_atomic(path, data)
    _drop_unused_shards(folder, written)


def _drop_unused_shards(folder: Path, keep: set[str]) -> None:
    """Shards no catalog names any more (a removed or rebuilt issue)."""
    if not folder.is_dir():
        return
    for f in folder.iterdir():
        if f.suffix == ".json" and f.name not in keep:
            with contextlib.suppress(OSError):
                f.unlink()


def read_links(path: Path, name: str) -> Any:
    """The links (citations, cited-by, relations), kept in their own file beside the catalog
    since only `refs` and the references panel read them."""
    return _read_data(path, name)


def _read_data(path: Path, name: str) -> Any:
    """The one "data" row of a file beside the catalog (links, facts)."""
    shard = shards_dir(path) / name
    try:
        return next(iter(_loads(shard.read_bytes())["documents"].values()))["data"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, StopIteration) as exc:
        raise StoreError(
            f"{shard}: part of the store is unreadable ({type(exc).__name__}); "
            "run `gongbao build` to rebuild it"
        ) from None


def read_facts(path: Path, name: str) -> Any:
    """One part of the stored facts (`corpus.facts.stored`): what status and history read,
    in files of their own so they open neither the shards nor the links."""
    return _read_data(path, name)


def read_shard(path: Path, name: str) -> dict[str, dict[str, Any]]:
    """One issue's heavy fields by document id; StoreError if the shard is gone or broken."""
    shard = shards_dir(path) / name
    try:
        data = _loads(shard.read_bytes())
        rows = data["documents"].values()
        return {r["id"]: r for r in rows}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(
            f"{shard}: part of the store is unreadable ({type(exc).__name__}); "
            "it may have changed while open (reopen it), or run `gongbao build`"
        ) from None


def _loads(data: bytes) -> Any:
    """JSON → Python, with orjson when it is installed (several times faster on big stores)."""
    try:
        orjson = importlib.import_module("orjson")
    except ImportError:
        return json.loads(data)
    return orjson.loads(data)


def component_versions() -> dict[str, int]:
    """The versions of everything a store holds: a store built by other versions is stale."""
    from corpus.facts import FACTS_VERSION
    from corpus.index import INDEX_VERSION
    from corpus.links import LINKS_VERSION

    return {
        "schema": SCHEMA_VERSION,
        "index": INDEX_VERSION,
        "links": LINKS_VERSION,
        "facts": FACTS_VERSION,
    }


_META_START = re.compile(rb'\A\s*\{\s*"meta"\s*:\s*')


def _meta_only(path: Path) -> dict[str, Any] | None:
    """The meta record read without parsing the rest of the catalog (it comes first), or
    None when the file does not look whole; the full read then decides."""
    data = path.read_bytes()
    m = _META_START.match(data)
    if not m or not data.rstrip().endswith(b"}"):
        return None
    try:
        table, _end = json.JSONDecoder().raw_decode(data.decode("utf-8"), m.end())
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(table, dict) or not all(isinstance(r, dict) for r in table.values()):
        return None
    rows = list(table.values())
    return dict(rows[0]) if rows else {}


def read_meta(path: Path) -> dict[str, Any] | None:
    """The store's meta record, or None when there is no store; StoreError if unreadable."""
    if not path.exists():
        return None
    try:
        fast = _meta_only(path)
        if fast is not None:
            return fast
        with TinyDB(str(path), storage=AtomicJSONStorage, access_mode="r") as db:
            rows = db.table("meta").all()
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(
            f"{path}: store is unreadable ({type(exc).__name__}); rebuild it with `gongbao build`"
        ) from None
    return dict(rows[0]) if rows else {}


def check_meta(path: Path, meta: dict[str, Any]) -> None:
    """StoreError unless `meta` is a gongbao store's: a file of another shape is reported,
    never silently replaced (it may be something else the user pointed `--db` at)."""
    from corpus.escape import escape

    if not meta or not isinstance(meta.get("schema"), int):
        empty = path.exists() and not path.read_bytes().strip()
        what = "the file is empty" if empty else "no gongbao meta record"
        raise StoreError(
            f"{escape(path)}: not a gongbao store ({what}); move it away, or run "
            "`gongbao build` to replace it (the old file is kept beside it)"
        )
    if meta["schema"] != SCHEMA_VERSION:
        return  # another version's store: rebuilt from the source list
    sources = meta.get("sources")
    if not isinstance(sources, list) or not all(
        isinstance(s, dict) and isinstance(s.get("sha256"), str) for s in sources
    ):
        raise StoreError(
            f"{escape(path)}: store is damaged (meta.sources); run `gongbao build` to "
            "rebuild it from your sources"
        )


def load(path: Path, *, links: bool = True) -> dict[str, Any]:
    """Everything in the catalog, for `corpus.api.Library`; a one-line error if unreadable.

    `links=False` leaves the links unread (`links_file` names them, for `read_links`)."""
    if not path.exists():
        raise StoreError(f"{path}: no store here (run `gongbao build`)")
    from tinydb.middlewares import CachingMiddleware

    try:
        # the cache parses the file once for all tables (plain TinyDB re-reads it per table)
        with TinyDB(str(path), storage=CachingMiddleware(AtomicJSONStorage), access_mode="r") as db:
            meta = db.table("meta").all()
            if not meta or meta[0].get("schema") != SCHEMA_VERSION:
                raise StoreError(
                    f"{path}: store is from another version of gongbao (run `gongbao build`)"
                )
            index = db.table("index").all()
            row = dict(db.table("links").all()[0]) if db.table("links").all() else {}
            out: dict[str, Any] = {
                "meta": dict(meta[0]),
                "issues": [dict(r) for r in db.table("issues").all()],
                "documents": [dict(r) for r in db.table("documents").all()],
                "index": index[0]["data"] if index else None,
                "links": row.get("data"),
                "links_file": row.get("file"),
                "facts": row.get("facts"),
                "shards": dict(meta[0].get("shards") or {}),
            }
    except StoreError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(
            f"{path}: store is unreadable ({type(exc).__name__}); rebuild it with `gongbao build`"
        ) from None
    if links and out["links_file"]:
        out["links"] = read_links(path, out["links_file"])
    return out


def needs_rebuild(path: Path) -> bool:
    """True when the store is missing, from another schema, or its sources have changed.

    An unreadable store is not silently replaced (it may list issues the user added):
    that raises StoreError and the user rebuilds it on purpose.
    """
    meta = read_meta(path)
    if meta is None or meta.get("schema") != SCHEMA_VERSION:
        return True
    if meta.get("versions") != component_versions():
        return True
    from corpus.sources import sources_changed

    return sources_changed(meta.get("sources", []))
