"""Stage 7, store: a small TinyDB catalog plus TinyDB files per issue, each written atomically.

The catalog (the store path, `store.json`) holds only what opening the store needs: tables
`meta` (schema version, the sources' hashes, the search index's build token, and the name
of every other file of the store) and `issues`. Beside it, in `documents/`, each issue has
  - a catalog shard `<issue>.<hash>.cat.json`: its documents' fields but the text, so
    listing an issue or expanding it in the tree reads one small file;
  - a text shard `<issue>.<hash>.json`: their paragraphs and outlines, read when one of
    its documents is read;
  - a links shard `<issue>.<hash>.refs.json`: what each document cites (and the form names
    that resolve to nothing), what cites it, its parent and children, its 施行 date and
    repeal clauses, and the issue's check lines, so `refs` reads one file;
and the corpus has five look-ups: `numbers.<hash>.json` (发文字号 → document id, for
`show 国办发〔2017〕6号`), `vocab.<hash>.json` (the words query-split suggestions use),
`links.<hash>.json` (the links' version), and two an `add` reads instead of every shard:
`citables.<hash>.json` (what resolving a citation needs of each document) and
`waiting.<hash>.json` (the citations an added issue could answer differently, by issue). Each issue's facts
(`<issue>.facts.<hash>.json`: what 时效性 and 修订沿革 quote, `corpus.facts`) are beside
them too, so a document's status opens neither a text shard nor the links. A document id names its
issue (`<issue>-<hash>`, `corpus.structure`); the few that do not are listed in the meta.
So no command parses the whole corpus to answer about one document.

Files are content-addressed: a rebuild or an `add` writes only the files that changed, and
the catalog, written last, is the commit point (a crash before it leaves the previous
catalog pointing at the previous files, which are removed only after it).

TinyDB's default JSONStorage writes Chinese as \\u escapes (twice the size, slower to load)
and rewrites the file in place, so a crash mid-write leaves it broken. `AtomicJSONStorage`
writes real UTF-8 to a unique temporary file, fsyncs it and renames it over the store; a
build holds a lock so two processes never interleave. Every file is in TinyDB's layout
({table: {row id: row}}); reading parses it with orjson directly (several times faster).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from corpus.errors import StoreError

#: Bump when what the pipeline stores changes shape or meaning; stores built by another
#: version are rebuilt from the source list (`corpus.sourcelist`). 2: invisible characters
#: stripped, absurd titles and paragraphs bounded (`corpus.limits`). 3: the catalog holds
#: only meta and issues; documents' fields and links in per-issue shards, look-ups beside.
#: 4: the form names and check lines in the per-issue links shards, and two look-ups an
#: `add` reads instead of every shard: the citable documents and the waiting citations.
SCHEMA_VERSION = 4


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
#: What each document's row in its issue's catalog shard says about its links.
LINK_FIELDS = ("citations", "cited_by", "parent", "children", "effective", "repeals", "forms")


def shards_dir(path: Path) -> Path:
    """`documents/` beside the default `store.json`, `<name>.documents/` beside any other."""
    if path.name == "store.json":
        return path.with_name("documents")
    return path.with_name(f"{path.stem}.documents")


def _tables(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """TinyDB's JSON layout ({table: {doc_id: row}}) for rows inserted in order."""
    data = {name: {str(k): row for k, row in enumerate(rows, 1)} for name, rows in tables.items()}
    try:  # orjson: ten times faster on the large look-ups an add rewrites
        return orjson.dumps(data)
    except TypeError:  # a lone surrogate (below) or a key orjson does not take
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        # surrogateescape: a file name read under an ASCII locale goes back to its UTF-8 bytes
        return text.encode("utf-8", "surrogateescape")


def _write_shard(
    folder: Path, issue: str, rows: list[dict[str, Any]], kind: str = "", **more: Any
) -> str:
    """Write one TinyDB file (unless an identical one exists), named for what it holds and
    its content's hash; its file name. `kind` tells apart an issue's text shard (``""``)
    and its catalog shard (``"cat"``)."""
    data = _tables({"documents": rows, **more})
    digest = hashlib.sha256(data).hexdigest()[:16]
    suffix = f".{kind}" if kind else ""
    name = f"{_UNSAFE.sub('_', issue)[:80]}.{digest}{suffix}.json"
    target = folder / name
    if not target.is_file():
        if _WRITES is not None:
            _WRITES[1].append(_WRITES[0].submit(write_atomic, target, data))
        else:
            write_atomic(target, data)
    return name


#: While `parallel_shard_writes` runs: its thread pool and the writes handed to it.
_WRITES: tuple[ThreadPoolExecutor, list[Future[None]]] | None = None


@contextlib.contextmanager
def parallel_shard_writes(threads: int = 8) -> Iterator[None]:
    """Inside the block, shards are written by a pool of threads: a build writes thousands,
    and each waits on two fsyncs, not on the CPU. `write` waits for them all before it
    writes the catalog (the commit point), so the catalog never names a file not yet
    durable; a failed write fails `write`."""
    global _WRITES
    if _WRITES is not None:  # already inside one
        yield
        return
    with ThreadPoolExecutor(threads, thread_name_prefix="gongbao-write") as pool:
        _WRITES = (pool, [])
        try:
            yield
            _shards_written()
        finally:
            _WRITES = None


def _shards_written() -> None:
    """Wait for the shard writes handed to the pool so far (the first failure is raised)."""
    if _WRITES is None:
        return
    pending = _WRITES[1]
    for done in pending:
        done.result()
    pending.clear()


def _link_rows(links: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Each document's own part of the links (what it cites, what cites it, its parent and
    children, its 施行 date and repeal clauses), so `refs` reads one issue's shard."""
    if not isinstance(links, dict):
        return {}
    position = {i: k for k, i in enumerate(ids)}
    parents: dict[str, str] = links.get("parents") or {}
    kids: dict[str, list[str]] = {}
    for child, parent in parents.items():
        if child in position:
            kids.setdefault(parent, []).append(child)
    for found in kids.values():
        found.sort(key=position.__getitem__)
    rows: dict[str, dict[str, Any]] = {}
    tables = {
        "citations": links.get("citations") or {},
        "cited_by": links.get("cited_by") or {},
        "parent": parents,
        "children": kids,
        "effective": links.get("effective") or {},
        "repeals": links.get("repeals") or {},
        "forms": links.get("forms") or {},
    }
    for name, table in tables.items():
        for doc_id, value in table.items():
            rows.setdefault(doc_id, {})[name] = value
    return rows


def _write_refs(
    folder: Path, issue: str, rows: list[dict[str, Any]], checks: list[str]
) -> str | None:
    """One issue's links shard: its documents' rows and its check lines (None: no links)."""
    if not rows and not checks:
        return None
    return _write_shard(folder, issue, rows, "refs", checks=[{"line": ln} for ln in checks])


def _checks_by_issue(links: Any, issue_of: dict[str, str]) -> dict[str, list[str]]:
    """The links' check lines by the issue of the document each starts with."""
    out: dict[str, list[str]] = {}
    lines = links.get("checks") if isinstance(links, dict) else None
    for line in lines if isinstance(lines, list) else []:
        issue = issue_of.get(str(line).split(" ", 1)[0])
        if issue is not None:
            out.setdefault(issue, []).append(line)
    return out


def number_table(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """发文字号 → document id, for `show 国办发〔2017〕6号` without reading every document:
    `keys` by canonical key (the first in gazette order wins), `orders` (numbers counted per
    issuer: 第40号) as [prefix, year, serial, id] to be matched in order."""
    from corpus import docnumber

    keys: dict[str, str] = {}
    orders: list[list[Any]] = []
    for d in documents:
        if not d.get("doc_number"):
            continue
        own = docnumber.of_document(d["doc_number"], d.get("issuer", ""), d.get("kind", ""))
        if own is None:
            continue
        if own.series:
            orders.append([own.prefix, own.year, own.serial, d["id"]])
        else:
            keys.setdefault(own.key, d["id"])
    return {"keys": keys, "orders": orders}


def issue_of_id(doc_id: str, issues: set[str] | dict[str, Any]) -> str | None:
    """The issue a document id names: ids are `<issue id>-<hash>` (`corpus.structure`)."""
    head = doc_id
    while "-" in head:
        head = head.rsplit("-", 1)[0]
        if head in issues:
            return head
    return None


def write_issue_shard(path: Path, issue: str, documents: list[dict[str, Any]]) -> str:
    """Write one issue's shard ahead of `write` (which then gets it in `kept_shards`): a bulk
    build writes each issue as it is processed, so no paragraphs wait in memory for the
    rest. Returns the shard's file name; the catalog written last still commits the build."""
    rows = [{"id": d.get("id"), **{k: d.get(k, []) for k in HEAVY}} for d in documents]
    return _write_shard(shards_dir(path), issue, rows)


def write_catalog_shard(path: Path, issue: str, rows: list[dict[str, Any]]) -> str:
    """Write one issue's catalog shard (its documents' rows without the text, in order)
    ahead of `write`, which finds the same file written and leaves it: a bulk build's
    workers write it beside the text shard, so the build's last step does not."""
    return _write_shard(shards_dir(path), issue, rows, "cat")


def _write_facts(folder: Path, facts: dict[str, Any], kept: dict[str, str]) -> dict[str, Any]:
    """Each issue's facts file (beside the `kept` ones, by issue) and the rest's: their index."""
    parts = dict(kept)
    for issue, records in facts["issues"].items():
        parts[issue] = _write_shard(folder, f"{issue}.facts", [{"data": records}])
    rest = _write_shard(folder, "facts", [{"data": facts["rest"]}])
    return {"version": facts["version"], "file": rest, "issues": parts}


def _catalog_meta(
    meta: dict[str, Any],
    shards: dict[str, str],
    catalogs: dict[str, str],
    refs: dict[str, str],
    files: dict[str, str],
    strays: dict[str, str],
    documents: int,
    facts: dict[str, Any] | None,
) -> dict[str, Any]:
    """The catalog's meta row: the names of every file written, and what to check them by."""
    return dict(
        meta,
        schema=SCHEMA_VERSION,
        versions=component_versions(),
        shards=shards,
        catalogs=catalogs,
        refs=refs,
        files=files,
        strays=strays,
        documents=documents,
        facts=facts,
    )


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
    """Write the store: each issue's shards and the look-ups, then the catalog, last, in one
    atomic replace (the commit point).

    Per issue: a text shard (paragraphs and outlines) and a catalog shard (every other
    field, and each document's links); beside them the 发文字号 look-up, the vocabulary and
    the corpus-wide part of the links. The catalog itself holds the meta record (which
    files are the store's) and the issues: opening the store reads nothing else.
    `kept_shards` (issue id → text shard) names issues whose text shard is already written
    (their `documents` rows may lack the heavy fields); the others are written now.
    `facts` (`corpus.facts.stored`), when given, go in small files of their own, one per
    issue, so the status and history of a document are read without the links or a shard.
    """
    kept = dict(kept_shards or {})
    folder = shards_dir(path)
    heavy: dict[str, list[dict[str, Any]]] = {}
    light: dict[str, list[dict[str, Any]]] = {}
    for d in documents:
        issue = str(d.get("issue"))
        light.setdefault(issue, []).append({k: v for k, v in d.items() if k not in HEAVY})
        if issue not in kept:
            row = {"id": d.get("id"), **{k: d.get(k, []) for k in HEAVY}}
            heavy.setdefault(issue, []).append(row)
    shards = {i: kept[i] for i in kept}
    for issue, rows in heavy.items():
        shards[issue] = _write_shard(folder, issue, rows)
    link_rows = _link_rows(links, [str(d.get("id")) for d in documents])
    checks = _checks_by_issue(links, {str(d.get("id")): str(d.get("issue")) for d in documents})
    known = {str(i.get("id")) for i in issues if isinstance(i, dict)} | set(light)
    strays: dict[str, str] = {}
    catalogs: dict[str, str] = {}
    refs: dict[str, str] = {}
    for issue, rows in light.items():
        catalogs[issue] = _write_shard(folder, issue, rows, "cat")
        mine = [{"id": r.get("id"), **link_rows[r["id"]]} for r in rows if r.get("id") in link_rows]
        name = _write_refs(folder, issue, mine, checks.get(issue, []))
        if name:
            refs[issue] = name
        for r in rows:
            if issue_of_id(str(r.get("id")), known) != issue:
                strays[str(r.get("id"))] = issue
    files = {
        "numbers": _write_shard(folder, "numbers", [number_table(documents)]),
        "vocab": _write_shard(folder, "vocab", [{"data": index}]),
        "links": _write_shard(folder, "links", [{"data": _links_global(links)}]),
        "citables": _write_citables(folder, citable_rows(documents)),
    }
    if isinstance(links, dict) and isinstance(links.get("waiting"), dict):
        files["waiting"] = _write_shard(folder, "waiting", [{"data": links["waiting"]}])
    # `corpus.facts.stored`: what status and history read, per issue
    facts_index = _write_facts(folder, facts, {}) if facts is not None else None
    full = _catalog_meta(meta, shards, catalogs, refs, files, strays, len(documents), facts_index)
    _shards_written()  # every file the catalog names is on disk before it is
    write_atomic(path, _tables({"meta": [full], "issues": issues}))
    used = {*shards.values(), *catalogs.values(), *refs.values(), *files.values()}
    if facts_index is not None:
        used |= {facts_index["file"], *facts_index["issues"].values()}
    _drop_unused_shards(folder, used)


def _links_global(links: Any) -> Any:
    """The part of the links that belongs to no one document (version, build checks)."""
    if not isinstance(links, dict):
        return links
    per_issue = ("citations", "cited_by", "parents", "effective", "repeals", "forms", "checks")
    return {k: v for k, v in links.items() if k not in per_issue and k != "waiting"}


def _drop_unused_shards(folder: Path, keep: set[str]) -> None:
    """Shards no catalog names any more (a removed or rebuilt issue)."""
    if not folder.is_dir():
        return
    for f in folder.iterdir():
        if f.suffix == ".json" and f.name not in keep:
            with contextlib.suppress(OSError):
                f.unlink()


def _damaged(part: Path, exc: BaseException) -> StoreError:
    return StoreError(
        f"{part}: part of the store is unreadable ({type(exc).__name__}); "
        "it may have changed while open (reopen it), or run `gongbao build`"
    )


def read_tables(path: Path, name: str) -> dict[str, list[dict[str, Any]]]:
    """One of the store's files beside the catalog, as table → rows (in order); StoreError
    if it is gone or broken."""
    part = shards_dir(path) / name
    try:
        data = _loads(part.read_bytes())
        out = {t: list(rows.values()) for t, rows in data.items()}
        if not all(isinstance(r, dict) for rows in out.values() for r in rows):
            raise TypeError("a row is not an object")
        return out
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _damaged(part, exc) from None


def read_single(path: Path, name: str) -> Any:
    """The one value a look-up file (numbers, vocabulary, links) holds."""
    rows = read_tables(path, name).get("documents") or [{}]
    if "data" in rows[0]:
        return rows[0]["data"]
    return rows[0]


def read_facts(path: Path, name: str) -> Any:
    """One part of the stored facts (`corpus.facts.stored`): what status and history read,
    in files of their own so they open neither the shards nor the links."""
    return read_single(path, name)


def read_shard(path: Path, name: str) -> dict[str, dict[str, Any]]:
    """One issue's heavy fields by document id; StoreError if the shard is gone or broken."""
    rows = read_tables(path, name).get("documents", [])
    try:
        return {r["id"]: r for r in rows}
    except KeyError as exc:
        raise _damaged(shards_dir(path) / name, exc) from None


#: The catalog `read_meta` parsed last, with the identity of the file it came from: opening
#: a store checks its meta, then reads its catalog, and at 100,000 documents parsing the
#: catalog twice is a tenth of a `gongbao search`. Handed over once, never shared.
_parsed: tuple[Path, tuple[int, int, int], Any] | None = None


def _identity(path: Path) -> tuple[int, int, int]:
    """What changes when the file is written (every write is a new file renamed in place)."""
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, st.st_size


def _parse_catalog(path: Path, keep: bool) -> Any:
    """The parsed catalog file: the one `read_meta` just parsed if the file is the same,
    else read now (and kept for the `read_catalog` to follow when `keep`)."""
    global _parsed
    found, _parsed = _parsed, None
    ident = _identity(path)
    if found is not None and found[0] == path and found[1] == ident:
        return found[2]
    data = _loads(path.read_bytes())
    if keep:
        _parsed = (path, ident, data)
    return data


def read_catalog(path: Path) -> dict[str, Any]:
    """The catalog: the meta record and the issues, all that opening the store reads; a
    one-line StoreError if it is missing, from another version, or unreadable."""
    if not path.exists():
        raise StoreError(f"{path}: no store here (run `gongbao build`)")
    try:
        data = _parse_catalog(path, keep=False)
        meta = list(data["meta"].values())
        if not meta or not isinstance(meta[0], dict) or meta[0].get("schema") != SCHEMA_VERSION:
            raise StoreError(
                f"{path}: store is from another version of gongbao (run `gongbao build`)"
            )
        issues = [dict(r) for r in data.get("issues", {}).values()]
        files = meta[0].get("files")
        if not isinstance(files, dict) or not isinstance(meta[0].get("catalogs"), dict):
            raise KeyError("files")
    except StoreError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(
            f"{path}: store is unreadable ({type(exc).__name__}); rebuild it with `gongbao build`"
        ) from None
    return {"meta": dict(meta[0]), "issues": issues}


def read_links(path: Path, catalog: dict[str, Any]) -> Any:
    """Every link of the store put back together (citations, cited-by, parents, 施行,
    repeals): what the analyses over the whole corpus read. Opens every catalog shard."""
    meta = catalog["meta"]
    found = read_single(path, meta["files"]["links"])
    if not isinstance(found, dict):
        return found
    out: dict[str, Any] = dict(found)
    tables = ("citations", "cited_by", "parents", "effective", "repeals", "forms")
    fields = ("citations", "cited_by", "parent", "effective", "repeals", "forms")
    for name in tables:
        out[name] = {}
    out["checks"] = []
    for issue in catalog["issues"]:
        refs = (meta.get("refs") or {}).get(issue.get("id"))
        if not refs:
            continue
        part = read_tables(path, refs)
        for row in part.get("documents", []):
            for key, field in zip(tables, fields, strict=True):
                if field in row:
                    out[key][row["id"]] = row[field]
        out["checks"].extend(r["line"] for r in part.get("checks", []))
    if "waiting" in meta["files"]:
        out["waiting"] = read_single(path, meta["files"]["waiting"])
    return out


def read_refs(path: Path, name: str | None) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """One issue's links shard: each document's row by id, and the issue's check lines."""
    if not name:
        return {}, []
    part = read_tables(path, name)
    rows = {r["id"]: {k: v for k, v in r.items() if k != "id"} for r in part["documents"]}
    return rows, [str(r["line"]) for r in part.get("checks", [])]


def citable_rows(documents: list[dict[str, Any]]) -> list[list[Any]]:
    """What resolving a citation needs of each document (`corpus.resolve.DocMeta`), with
    its own number already parsed and its title's key: an `add` resolves the new
    documents' citations against every stored one from this one file."""
    from corpus import docnumber
    from corpus.citations import title_key

    keys: dict[str, str] = {}
    out: list[list[Any]] = []
    for d in documents:
        number, issuer, kind, date = (
            str(d.get(k) or "") for k in ("doc_number", "issuer", "kind", "date")
        )
        own = docnumber.of_document(number, issuer, kind, date) if number else None
        title = str(d.get("title") or "")
        if title not in keys:
            keys[title] = title_key(title)
        parsed = [own.prefix, own.year, own.serial, own.series] if own else None
        out.append(
            [d.get("id"), d.get("issue"), title, number, issuer, kind, date, parsed, keys[title]]
        )
    return out


def _write_citables(folder: Path, rows: list[list[Any]]) -> str:
    return _write_shard(folder, "citables", [{"data": rows}])


def _loads(data: bytes) -> Any:
    """JSON → Python with orjson (about three times faster than `json` on a shard)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        # orjson refuses lone surrogates, which a file name read under an ASCII locale
        # is written with (surrogateescape): `json` reads them back
        return json.loads(data.decode("utf-8", "surrogateescape"))


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


def _meta_only(path: Path) -> dict[str, Any] | None:
    """The meta record, or None when the file does not look like a whole catalog; the full
    read (through TinyDB) then decides. The catalog is small: parsing it whole is quick."""
    try:
        data = _parse_catalog(path, keep=True)
    except ValueError:
        return None
    table = data.get("meta") if isinstance(data, dict) else None
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
    """Everything the store holds but the text, for a whole-corpus job (an `add`, tests): the
    meta, the issues, every document's catalog row, the vocabulary and (unless `links` is
    false) the links. `corpus.api.Library` reads the same files lazily instead."""
    catalog = read_catalog(path)
    meta = catalog["meta"]
    documents: list[dict[str, Any]] = []
    for issue in catalog["issues"]:
        name = meta["catalogs"].get(issue.get("id"))
        if name:
            documents.extend(dict(r) for r in read_tables(path, name).get("documents", []))
    return {
        "meta": meta,
        "issues": catalog["issues"],
        "documents": documents,
        "index": read_single(path, meta["files"]["vocab"]),
        "links": read_links(path, catalog) if links else None,
        "shards": dict(meta.get("shards") or {}),
        "facts": meta.get("facts"),
    }


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


class Store(Protocol):
    """What `corpus.api.Library` reads from a store, and all it reads: the catalog, then
    files by the names the catalog gives. `ShardedStore` is the TinyDB files on disk; a
    store kept elsewhere (a database, an institution's service: docs/scaling.md) gives the
    same rows under the same names, and the Library, the CLI and the app do not change."""

    path: Path

    def catalog(self) -> dict[str, Any]:
        """The meta record and the issues (`read_catalog`)."""
        ...

    def tables(self, name: str) -> dict[str, list[dict[str, Any]]]:
        """One named file as table → rows: an issue's catalog rows or references."""
        ...

    def single(self, name: str) -> Any:
        """The one value a look-up file holds (文号 numbers, vocabulary, links' version)."""
        ...

    def shard(self, name: str) -> dict[str, dict[str, Any]]:
        """One issue's text (paragraphs and outlines) by document id."""
        ...

    def facts(self, name: str) -> Any:
        """One part of the stored 时效性 facts."""
        ...

    def links(self, catalog: dict[str, Any]) -> Any:
        """Every link put back together, for analyses over the whole corpus."""
        ...


class ShardedStore:
    """The store as this module writes it: a catalog TinyDB beside one TinyDB file per issue
    and part (the module's functions, looked up at each call)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def catalog(self) -> dict[str, Any]:
        return read_catalog(self.path)

    def tables(self, name: str) -> dict[str, list[dict[str, Any]]]:
        return read_tables(self.path, name)

    def single(self, name: str) -> Any:
        return read_single(self.path, name)

    def shard(self, name: str) -> dict[str, dict[str, Any]]:
        return read_shard(self.path, name)

    def facts(self, name: str) -> Any:
        return read_facts(self.path, name)

    def links(self, catalog: dict[str, Any]) -> Any:
        return read_links(self.path, catalog)


def write_added(
    path: Path,
    *,
    meta: dict[str, Any],
    issues: list[dict[str, Any]],
    documents: list[dict[str, Any]],
    refs: dict[str, tuple[dict[str, dict[str, Any]], list[str]]],
    look_ups: dict[str, Any],
    facts: dict[str, Any] | None,
) -> None:
    """Write what an `add` changed, then the catalog (the commit point), as `write` does for
    a whole store: the added issues' shards (`documents`, rows with their text), the links
    shards of the issues in `refs` (issue → rows, check lines), the look-ups in `look_ups`
    (numbers, vocab, links, citables, waiting: the values), and the facts parts in `facts`
    (`version`, `rest`, and `issues`: the parts that changed). Every other file the
    catalog's `meta` names is kept as it is, unread."""
    folder = shards_dir(path)
    shards = dict(meta.get("shards") or {})
    catalogs = dict(meta.get("catalogs") or {})
    refs_files = dict(meta.get("refs") or {})
    strays = dict(meta.get("strays") or {})
    heavy: dict[str, list[dict[str, Any]]] = {}
    light: dict[str, list[dict[str, Any]]] = {}
    for d in documents:
        issue = str(d.get("issue"))
        light.setdefault(issue, []).append({k: v for k, v in d.items() if k not in HEAVY})
        heavy.setdefault(issue, []).append({"id": d.get("id"), **{k: d.get(k, []) for k in HEAVY}})
    known = {str(i.get("id")) for i in issues if isinstance(i, dict)}
    for issue, rows in light.items():
        shards[issue] = _write_shard(folder, issue, heavy[issue])
        catalogs[issue] = _write_shard(folder, issue, rows, "cat")
        for r in rows:
            if issue_of_id(str(r.get("id")), known) != issue:
                strays[str(r.get("id"))] = issue
    for issue, (links, checks) in refs.items():
        listed = [{"id": did, **row} for did, row in links.items()]
        name = _write_refs(folder, issue, listed, checks)
        if name:
            refs_files[issue] = name
        else:
            refs_files.pop(issue, None)
    files = dict(meta.get("files") or {})
    for key, value in look_ups.items():
        if key == "citables":
            files[key] = _write_citables(folder, value)
        elif key == "numbers":
            files[key] = _write_shard(folder, key, [value])
        else:
            files[key] = _write_shard(folder, key, [{"data": value}])
    facts_index = meta.get("facts")
    if facts is not None:
        kept = dict((facts_index or {}).get("issues") or {})
        facts_index = _write_facts(folder, facts, kept)
    count = int(meta.get("documents") or 0) + len(documents)
    full = _catalog_meta(meta, shards, catalogs, refs_files, files, strays, count, facts_index)
    write_atomic(path, _tables({"meta": [full], "issues": issues}))
    used = {*shards.values(), *catalogs.values(), *refs_files.values(), *files.values()}
    if isinstance(facts_index, dict):
        used |= {facts_index["file"], *facts_index["issues"].values()}
    _drop_unused_shards(folder, used)
