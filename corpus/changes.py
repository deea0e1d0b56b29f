"""Every change to the store, each one whole under the writer lock: add, remove, build, refresh.

Each function takes the lock (`corpus.writelock`), reads the source list (creating it from
an older store's record the first time), computes the new corpus in memory, then writes
the source list and the store, each atomically. The list is written first: if the process
dies between the two, the next command sees a store that does not match the list and
rebuilds it from the list, so nothing the user added is ever dropped.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from corpus import store
from corpus.errors import GongbaoError, InputError, NotFound, StoreError
from corpus.escape import escape
from corpus.sourcelist import ADDED, BUNDLED, SEED, SEEDS, Entry, SourceList, migrate, new_entry
from corpus.sourcelist import read_source as read_source
from corpus.sources import Source, bundled_sources
from corpus.writelock import writer

if TYPE_CHECKING:
    from corpus.background import Child

Say = Callable[[str], None]


def _quiet(_msg: str) -> None:
    pass


@dataclass(frozen=True)
class Added:
    """What `add` did with one file: `issue`/`docs` from processing it, or `duplicate`."""

    shown: str
    entry: Entry
    issue: object = None
    docs: tuple[object, ...] = ()
    duplicate: bool = False


def sweep_temporaries(db: Path) -> None:
    """Delete temp files a killed writer left (`kill -9` mid-write): only ours, and only
    under the writer lock, when no other writer can be using one. A bulk build writes issue
    shards and the search index for minutes, so a kill then leaves a temp shard in
    `documents/` or a half-built `.search.*.tmp` directory (or an old index set aside)."""
    import shutil

    from corpus.sourcelist import copies_dir, list_path
    from corpus.tantivy_index import index_dir

    index = index_dir(db).name
    ours = (f".{db.name}.", f".{list_path(db).name}.", f".{index}.")
    places: list[tuple[Path, tuple[str, ...]]] = [(db.parent, ours)]
    places.append((store.shards_dir(db), (".",)))
    copies = copies_dir(db)
    if copies.is_dir():
        places += [(d, (".",)) for d in copies.iterdir() if d.is_dir()]
    for directory, prefixes in places:
        with contextlib.suppress(OSError):
            for p in directory.iterdir():
                if not p.name.startswith(prefixes):
                    continue
                if p.name.endswith(".tmp") or p.name.startswith(f".{index}.old-"):
                    if p.is_dir() and not p.is_symlink():
                        shutil.rmtree(p, ignore_errors=True)
                    else:
                        with contextlib.suppress(OSError):
                            p.unlink()


def current_list(db: Path, say: Say = _quiet) -> SourceList:
    """The source list, made from the store's own record if there is none yet (call locked)."""
    sweep_temporaries(db)
    lst = SourceList.load(db)
    if lst is not None:
        return lst
    meta = _meta_or_none(db)
    lst, warnings = migrate(db, meta)
    for w in warnings:
        say(w)
    with contextlib.suppress(OSError):  # a read-only data directory: keep it in memory
        lst.save()
    return lst


def _undo(db: Path, before: SourceList) -> None:
    """After a failed change: the source list as it was (if the change had already saved
    its own, e.g. the disk filled while the store was written), and no copy it does not
    name. If even that cannot be written, the saved list and its copies stay together: the
    next command rebuilds the store from them."""
    try:
        on_disk = SourceList.load(db)
    except StoreError:
        return
    if on_disk is not None and on_disk.to_dict() != before.to_dict():
        try:
            before.save()
        except OSError:
            on_disk.drop_unused_copies()
            return
    before.drop_unused_copies()


def _check_store(db: Path) -> None:
    """StoreError if the file at `db` is there but is not a gongbao store: only an explicit
    `gongbao build` replaces it (setting it aside); add, remove and opening report it."""
    meta = store.read_meta(db)
    if meta is not None:
        store.check_meta(db, meta)


def _meta_or_none(db: Path) -> dict[str, object] | None:
    """The store's meta if it is a readable gongbao store, else None (it is rebuilt anyway)."""
    try:
        return store.read_meta(db)
    except StoreError:
        return None


def is_stale(db: Path, lst: SourceList) -> bool:
    """Does the store differ from what the list says it holds (or from this version)?

    StoreError if the file at `db` is not a gongbao store: it is reported, never replaced.
    """
    meta = store.read_meta(db)
    if meta is None:
        return True
    store.check_meta(db, meta)
    if (
        meta.get("schema") != store.SCHEMA_VERSION
        or meta.get("versions") != store.component_versions()
    ):
        return True
    recorded = sorted(s["sha256"] for s in meta["sources"])
    wanted = [e.sha256 for e in lst.entries if e.role == SEED] + [e.sha256 for e in lst.added()]
    if lst.base == BUNDLED:
        wanted += [s.sha256 for s in _bundled()]
    return recorded != sorted(wanted)


def _bundled() -> list[Source]:
    return bundled_sources()


def ensure_store(db: Path, say: Say = _quiet) -> bool:
    """Build the store from the source list when it is missing or stale; True if built."""
    from corpus import reindex

    lst = SourceList.load(db)
    if lst is not None and not is_stale(db, lst):
        if reindex.outdated(db):  # the store is good, its search index another version's
            with writer(db, say):
                if reindex.outdated(db):
                    reindex.reindex(db, say)
        return False
    with writer(db, say):
        _check_store(db)
        lst = current_list(db, say)
        if not is_stale(db, lst):
            if reindex.outdated(db):
                reindex.reindex(db, say)
            return False
        _build(db, lst, say)
        return True


@contextlib.contextmanager
def _naming_originals(lst: SourceList, entries: list[Entry]) -> Iterator[None]:
    """Errors name the file the user gave, not its copy in the data directory."""
    try:
        yield
    except GongbaoError as err:
        message = str(err)
        for e in entries:
            copy = str(lst.copy_path(e))
            if copy in message:
                message = message.replace(copy, escape(e.original))
        if message == str(err):
            raise
        raise type(err)(message) from None


def _build(
    db: Path, lst: SourceList, say: Say, before_write: Callable[[], None] | None = None
) -> dict[str, float]:
    from corpus.pipeline import build_store

    sources = lst.to_build()
    if not sources:
        raise InputError(
            "there are no sources left to build from (`gongbao build` restores the seeds)"
        )
    with _naming_originals(lst, lst.entries):
        return build_store(db, sources, progress=say, before_write=before_write)


def warm_up() -> Child[set[str]]:
    """A child process loading jieba's dictionary while the files to add are read; hand it
    to `add_files` (and close it when done)."""
    from corpus.background import Child
    from corpus.vocabulary import warm

    return Child(warm)


def add_files(
    db: Path,
    files: list[str],
    say: Say = _quiet,
    each: Callable[[Added], None] | None = None,
    ready: Mapping[str, tuple[object, Sequence[object], str]] | None = None,
    words: Child[set[str]] | None = None,
) -> list[Added]:
    """Copy each file into the data directory and rebuild with it; nothing changes on failure.

    Every file is read and processed before anything is written; a bad file stops the
    whole add with a one-line error naming it, and its copy is removed again. `ready`
    holds files the caller already processed (name → issue, documents, SHA-256): one whose
    content is still the same is not processed again; `words` a `warm_up` child.
    """
    from corpus.pipeline import process_file

    with writer(db, say):
        _check_store(db)
        lst = current_list(db, say)
        known = {e.sha256 for e in lst.entries} | {s.sha256 for s in _bundled_sources(lst)}
        results: list[Added] = []
        new: list[Entry] = []
        after = lst
        try:
            for shown in files:
                path = Path(shown).expanduser()
                data = read_source(path, shown)
                entry = new_entry(path, data)
                if entry.sha256 in known:
                    result = Added(shown, entry, duplicate=True)
                else:
                    copy = lst.store_copy(data, entry)
                    new.append(entry)
                    done = (ready or {}).get(shown)
                    if done is not None and done[2] == entry.sha256:
                        issue, docs = done[0], done[1]
                    else:
                        with _naming_originals(lst, [entry]):  # fails before the store changes
                            issue, docs, _sha = process_file(copy)
                    known.add(entry.sha256)
                    result = Added(shown, entry, issue, tuple(docs))
                del data
                results.append(result)
                if each is not None:
                    each(result)
            if new:
                # adding a changed file again replaces the copy taken from the same path
                again = {e.original for e in new}
                kept = [e for e in lst.entries if not (e.role == ADDED and e.original in again)]
                after = lst.with_entries(kept + new)
                fresh = [r for r in results if not r.duplicate]
                if len(kept) < len(lst.entries) or not _add_in_place(
                    db, lst, after, fresh, say, words
                ):
                    _build(db, after, say, before_write=after.save)
        except BaseException:
            _undo(db, lst)  # the copies of this failed add go, nothing else
            raise
        after.drop_unused_copies()  # copies replaced by a newer version of the same file
        return results


def _add_in_place(
    db: Path,
    before: SourceList,
    after: SourceList,
    fresh: list[Added],
    say: Say,
    words: Child[set[str]] | None = None,
) -> bool:
    """Add the processed files to the current store without rebuilding it; False when the
    store must be rebuilt instead (missing, stale, damaged, or an issue already in it)."""
    from corpus.model import Document, Issue
    from corpus.pipeline import add_to_store
    from corpus.sourcelist import as_text

    try:
        if is_stale(db, before):
            return False
    except StoreError:
        return False
    added: list[tuple[Source, Issue, list[Document]]] = []
    for r in fresh:
        assert isinstance(r.issue, Issue)
        docs = [d for d in r.docs if isinstance(d, Document)]
        ref = as_text(str(after.copy_path(r.entry)))  # text, not an ASCII locale's escapes
        added.append((Source("file", ref, r.entry.sha256), r.issue, docs))
    with _naming_originals(after, after.entries):
        return add_to_store(db, added, say, before_write=after.save, words=words) is not None


def _bundled_sources(lst: SourceList) -> list[Source]:
    return _bundled() if lst.base == BUNDLED else []


def build(
    db: Path, seed_files: list[Path] | None, say: Say = _quiet
) -> tuple[dict[str, float], int]:
    """Rebuild from the bundled seeds (or `seed_files`, copied in) plus every added file.

    Returns the stage timings and how many added files were kept. A damaged store is set
    aside (renamed, not deleted) before it is replaced.
    """
    with writer(db, say):
        lst = current_list(db, say)
        kept = [e for e in lst.entries if e.role == ADDED]
        if seed_files is None:
            after = lst.with_entries(kept, base=BUNDLED)
        else:
            seeds: list[Entry] = []
            for path in seed_files:
                data = read_source(path, str(path))
                entry = new_entry(path, data, role=SEED)
                if any(e.sha256 == entry.sha256 for e in seeds):
                    continue
                lst.store_copy(data, entry)
                seeds.append(entry)
            seed_shas = {e.sha256 for e in seeds}
            after = lst.with_entries(
                seeds + [e for e in kept if e.sha256 not in seed_shas], base=SEEDS
            )
        try:
            timings = _build(db, after, say, before_write=lambda: _replace(db, after, say))
        except BaseException:
            _undo(db, lst)
            raise
        after.drop_unused_copies()
        return timings, len(after.added())


def _replace(db: Path, lst: SourceList, say: Say) -> None:
    """Before a build overwrites the store: save the list, set a damaged store aside."""
    lst.save()
    try:
        meta = store.read_meta(db)
        if meta is not None:
            store.check_meta(db, meta)
    except StoreError:
        aside = db.with_name(f"{db.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        db.replace(aside)
        say(f"the old store was damaged; kept it as {escape(aside)}")


def remove(db: Path, ref: str, say: Say = _quiet) -> Entry:
    """Take one added file out (by hash prefix, file name or original path) and rebuild."""
    with writer(db, say):
        _check_store(db)
        lst = current_list(db, say)
        entry = match(lst, ref)
        after = lst.with_entries([e for e in lst.entries if e is not entry])
        try:
            _build(db, after, say, before_write=after.save)
        except BaseException:
            _undo(db, lst)
            raise
        after.drop_unused_copies()
        return entry


def match(lst: SourceList, ref: str) -> Entry:
    """The one entry `ref` names; NotFound or InputError (ambiguous) otherwise."""
    from corpus.sourcelist import as_text

    ref = ref.strip()
    low = ref.lower()
    names = {ref, as_text(ref)}
    if ref:
        names.add(as_text(str(Path(ref).expanduser().absolute())))
    hits = [
        e
        for e in lst.entries
        if (len(low) >= 4 and e.sha256.startswith(low)) or e.name in names or e.original in names
    ]
    if not hits:
        bundled = [
            s
            for s in _bundled_sources(lst)
            if s.ref == Path(ref).name or (len(low) >= 4 and s.sha256.startswith(low))
        ]
        if bundled:
            raise InputError(
                f"{escape(ref)} is a bundled seed; `gongbao build --seeds DIR` builds without them"
            )
        raise NotFound(f"no source matches {escape(ref)!r} (see `gongbao sources`)")
    if len(hits) > 1:
        raise InputError(
            f"{escape(ref)!r} matches {len(hits)} sources; give more of the hash (see `gongbao sources`)"
        )
    return hits[0]


__all__ = ["Added", "ADDED", "SEED", "SEEDS", "add_files", "build", "ensure_store", "remove"]
