"""Stage 7, store: the corpus in one TinyDB file, written whole and atomically.

TinyDB's default JSONStorage writes Chinese as \\u escapes (twice the size, slower to load)
and rewrites the file in place, so a crash mid-write leaves it broken. `AtomicJSONStorage`
writes real UTF-8 to a unique temporary file, fsyncs it and renames it over the store; a
build holds a lock so two processes never interleave. Tables: `meta` (schema version and
the sources' hashes), `issues`, `documents`, `index` (search) and `links` (citations).
"""

from __future__ import annotations

import contextlib
import json
import os
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
        return json.loads(data)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.access_mode == "r":
            raise StoreError(f"{self.path}: store is open read-only")
        write_atomic(
            self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        )

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


def write(
    path: Path,
    *,
    meta: dict[str, Any],
    issues: list[dict[str, Any]],
    documents: list[dict[str, Any]],
    index: Any,
    links: Any,
) -> None:
    """Write a whole store in one atomic replace (bulk inserts, one flush)."""
    from tinydb.middlewares import CachingMiddleware
    from tinydb.storages import MemoryStorage

    mem = TinyDB(storage=CachingMiddleware(MemoryStorage))
    mem.table("meta").insert(dict(meta, schema=SCHEMA_VERSION, versions=component_versions()))
    mem.table("issues").insert_multiple(issues)
    mem.table("documents").insert_multiple(documents)
    mem.table("index").insert({"data": index})
    mem.table("links").insert({"data": links})
    mem.storage.flush()  # type: ignore[attr-defined]
    data = mem.storage.storage.read()  # type: ignore[attr-defined]
    AtomicJSONStorage(str(path)).write(data)


def component_versions() -> dict[str, int]:
    """The versions of everything a store holds: a store built by other versions is stale."""
    from corpus.index import INDEX_VERSION
    from corpus.links import LINKS_VERSION

    return {"schema": SCHEMA_VERSION, "index": INDEX_VERSION, "links": LINKS_VERSION}


def read_meta(path: Path) -> dict[str, Any] | None:
    """The store's meta record, or None when there is no store; StoreError if unreadable."""
    if not path.exists():
        return None
    try:
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


def load(path: Path) -> dict[str, Any]:
    """Everything in the store, for `corpus.api.Library`; a one-line error if unreadable."""
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
            links = db.table("links").all()
            return {
                "meta": dict(meta[0]),
                "issues": [dict(r) for r in db.table("issues").all()],
                "documents": [dict(r) for r in db.table("documents").all()],
                "index": index[0]["data"] if index else None,
                "links": links[0]["data"] if links else None,
            }
    except StoreError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(
            f"{path}: store is unreadable ({type(exc).__name__}); rebuild it with `gongbao build`"
        ) from None


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
