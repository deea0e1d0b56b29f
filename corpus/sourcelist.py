"""The user's sources: a copy of every added file, and the list that says what the store holds.

An added gazette is the user's data, not a pointer to a file that may move, change or
vanish. `gongbao add` copies each file into the data directory, content-addressed as
`sources/<sha256>/<original name>` (the name is kept because readers and issue naming look
at it), and records it in `sources.json` beside the store (original path, name, hash, when
added). Every rebuild — `gongbao build`, a new gongbao version, a new index format — builds
from the bundled seeds (or the `build --seeds` directory's copies) plus these copies. The
original is never read again: a changed original is picked up only when it is added again.

The list is written atomically (temp file + rename) and only under the writer lock
(`corpus.writelock`), so two `add`s at once never lose each other's file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from corpus.errors import InputError, StoreError
from corpus.escape import escape
from corpus.sources import Source, bundled_sources

VERSION = 1
BUNDLED = "bundled"  # base: the seeds shipped with gongbao
SEEDS = "seeds"  # base: the copies of a `build --seeds DIR` directory

ADDED = "added"  # role of a file from `gongbao add`
SEED = "seed"  # role of a file from `gongbao build --seeds DIR`
_SHA256 = re.compile(r"[0-9a-f]{64}")  # a list of 4,000 entries is checked on every open


@dataclass(frozen=True)
class Entry:
    """One copied source file."""

    sha256: str
    name: str  # the original file name
    original: str  # the original path when it was added (may no longer exist)
    added: float  # when it was added (epoch seconds)
    role: str = ADDED

    @classmethod
    def from_dict(cls, d: Any) -> Entry:
        """Validated field by field: a damaged list is an error, never a silent loss."""
        if not isinstance(d, dict):
            raise ValueError("entry is not an object")
        sha = d.get("sha256")
        name = d.get("name")
        if not (isinstance(sha, str) and _SHA256.fullmatch(sha)):
            raise ValueError("bad sha256")
        if not isinstance(name, str) or not name or "/" in name or name in (".", ".."):
            raise ValueError("bad name")
        added = d.get("added", 0.0)
        role = d.get("role", ADDED)
        return cls(
            sha256=sha,
            name=name,
            original=str(d.get("original", "")),
            added=float(added) if isinstance(added, (int, float)) else 0.0,
            role=role if role in (ADDED, SEED) else ADDED,
        )


@dataclass
class SourceList:
    """What the store at `db` is built from: a base (bundled seeds or a seeds dir) + copies."""

    db: Path
    base: str = BUNDLED
    entries: list[Entry] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # keys a newer gongbao wrote

    # -- where things live -------------------------------------------------------------
    @property
    def root(self) -> Path:
        return self.db.parent

    @property
    def path(self) -> Path:
        return list_path(self.db)

    @property
    def copies(self) -> Path:
        return copies_dir(self.db)

    def copy_path(self, entry: Entry) -> Path:
        return self.copies / entry.sha256 / _on_disk(entry.name)

    # -- reading and writing -----------------------------------------------------------
    @classmethod
    def load(cls, db: Path) -> SourceList | None:
        """The list beside `db`, or None when there is none yet; StoreError if damaged."""
        path = list_path(db)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(
                f"{escape(path)}: cannot read the source list ({exc.strerror})"
            ) from None
        try:
            data = orjson.loads(raw)  # strict UTF-8, like decoding it first
            if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
                raise ValueError("not a source list")
            base = data.get("base", BUNDLED)
            if base not in (BUNDLED, SEEDS):
                raise ValueError("unknown base")
            entries = [Entry.from_dict(e) for e in data["sources"]]
        except (ValueError, TypeError, UnicodeDecodeError):
            raise StoreError(
                f"{escape(path)}: the source list is damaged; fix or move it away "
                "(the copies in sources/ are intact)"
            ) from None
        extra = {k: v for k, v in data.items() if k not in ("version", "base", "sources")}
        return cls(db, base, entries, extra)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "version": VERSION,
            "base": self.base,
            "sources": [asdict(e) for e in self.entries],
        }

    def save(self) -> None:
        from corpus.store import write_atomic

        # surrogateescape: a file name undecodable in this locale is kept as its bytes
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1)
        data = text.encode("utf-8", "surrogateescape")
        write_atomic(self.path, data)

    # -- queries -----------------------------------------------------------------------
    def find(self, sha256: str) -> Entry | None:
        return next((e for e in self.entries if e.sha256 == sha256), None)

    def added(self) -> list[Entry]:
        return [e for e in self.entries if e.role == ADDED]

    def to_build(self) -> list[Source]:
        """The sources a build reads: bundled seeds (if the base), seed copies, added copies."""
        out = bundled_sources() if self.base == BUNDLED else []
        ordered = [e for e in self.entries if e.role == SEED] + self.added()
        for e in ordered:
            out.append(Source("file", str(self.ensure_copy(e)), e.sha256))
        return out

    def ensure_copy(self, entry: Entry) -> Path:
        """The copy's path; a missing copy is restored from an unchanged original, else an error."""
        copy = self.copy_path(entry)
        if copy.is_file():
            return copy
        original = Path(entry.original)
        with contextlib.suppress(OSError):
            data = original.read_bytes()
            if hashlib.sha256(data).hexdigest() == entry.sha256:
                return self.store_copy(data, entry)
        raise StoreError(
            f"the copy of {escape(entry.name)} ({entry.sha256[:12]}) is missing from "
            f"{escape(self.copies)}; add the file again, or "
            f"`gongbao remove {entry.sha256[:12]}`"
        )

    # -- changes (call under the writer lock) ------------------------------------------
    def store_copy(self, data: bytes, entry: Entry) -> Path:
        """Write the copy (atomically; an existing identical copy is kept)."""
        from corpus.store import write_atomic

        copy = self.copy_path(entry)
        if not copy.is_file():
            write_atomic(copy, data)
            with contextlib.suppress(OSError):
                os.chmod(copy, 0o644)
        return copy

    def drop_unused_copies(self) -> None:
        """Delete copies no entry refers to (after a remove, or a failed add)."""
        sources = self.copies
        if not sources.is_dir():
            return
        keep = {e.sha256 for e in self.entries}
        for d in sources.iterdir():
            if d.is_dir() and d.name not in keep and len(d.name) == 64:
                for f in d.iterdir():
                    with contextlib.suppress(OSError):
                        f.unlink()
                with contextlib.suppress(OSError):
                    d.rmdir()

    def with_entries(self, entries: list[Entry], base: str | None = None) -> SourceList:
        return replace(self, entries=entries, base=base or self.base)


def list_path(db: Path) -> Path:
    """`sources.json` beside the default `store.json`; `<name>.sources.json` beside any other."""
    if db.name == "store.json":
        return db.with_name("sources.json")
    return db.with_name(f"{db.stem}.sources.json")


def copies_dir(db: Path) -> Path:
    """`sources/` beside the default store, `<name>.sources/` beside any other (never shared)."""
    if db.name == "store.json":
        return db.with_name("sources")
    return db.with_name(f"{db.stem}.sources")


def as_text(name: str) -> str:
    """A file name as the text it spells (UTF-8), whatever this locale's file system encoding:
    under `LC_ALL=C` Python gives 国.txt as surrogate escapes, which JSON cannot hold."""
    try:
        return os.fsencode(name).decode("utf-8", "surrogateescape")
    except UnicodeError:  # already text this locale cannot spell: it is what we want
        return name


def _on_disk(name: str) -> str:
    """The inverse of `_as_text`: the name as this locale's file functions want it."""
    try:
        return os.fsdecode(name.encode("utf-8", "surrogateescape"))
    except UnicodeError:
        return name


def new_entry(path: Path, data: bytes, role: str = ADDED) -> Entry:
    """The record of a file about to be copied in."""
    return Entry(
        sha256=hashlib.sha256(data).hexdigest(),
        name=as_text(path.name),
        original=as_text(str(path.absolute())),
        added=time.time(),
        role=role,
    )


def read_source(path: Path, shown: str) -> bytes:
    """A file's bytes, or a one-line InputError naming it as the user typed it."""
    if path.is_dir():
        raise InputError(f"{escape(shown)}: is a directory, not a gazette file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{escape(shown)}: no such file") from None
    except OSError as exc:
        raise InputError(f"{escape(shown)}: cannot read ({exc.strerror or exc})") from None


def migrate(db: Path, meta: dict[str, Any] | None) -> tuple[SourceList, list[str]]:
    """The list for a store made before source lists existed, from its recorded sources.

    Files it recorded by path are copied in if they still exist; returns the list and one
    warning per file that could not be kept.
    """
    lst = SourceList(db)
    warnings: list[str] = []
    recorded = meta.get("sources") if meta else None
    if not isinstance(recorded, list) or not recorded:
        return lst, warnings
    if not any(isinstance(s, dict) and s.get("kind") == "bundled" for s in recorded):
        lst.base = SEEDS
    entries: list[Entry] = []
    for s in recorded:
        if not isinstance(s, dict) or s.get("kind") != "file" or not isinstance(s.get("ref"), str):
            continue
        path = Path(s["ref"])
        try:
            data = path.read_bytes()
        except OSError:
            warnings.append(f"{escape(path)} is gone; its issue is not kept")
            continue
        entry = new_entry(path, data)
        if entry.sha256 != s.get("sha256"):
            warnings.append(f"{escape(path)} changed since it was added; keeping it as it is now")
        if any(e.sha256 == entry.sha256 for e in entries):
            continue
        lst.store_copy(data, entry)
        entries.append(entry)
    lst.entries = entries
    return lst, warnings
