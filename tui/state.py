"""Bookmarks, history and reading positions, in their own file beside (never inside) the store.

Rebuilding the store must not lose them, and two instances open at once (two SSH sessions)
must not lose each other's bookmarks. So every save takes an exclusive lock, re-reads the
file, merges this instance's changes into what is on disk (bookmarks by id, deletions as
tombstones, positions newest-wins), writes a unique temp file, fsyncs it and renames it over
the old one. A crash mid-write leaves the old file intact.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl; run unlocked there
    fcntl = None  # type: ignore[assignment]

VERSION = 1
MAX_HISTORY = 200
MAX_TOMBSTONES = 1000
MAX_POSITIONS = 500


@dataclass
class Location:
    """A place in the corpus: a document and a paragraph offset in it."""

    doc: str
    para: int = 0
    offset: int = 0

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Location:
        return cls(doc=str(d["doc"]), para=int(d.get("para", 0)), offset=int(d.get("offset", 0)))


@dataclass
class Bookmark:
    """A named place; `id` is unique across instances so merges never collide."""

    doc: str
    para: int
    offset: int
    title: str
    note: str = ""  # the heading being read when it was made
    created: float = field(default_factory=time.time)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    name: str = ""  # what the user called it (optional)

    @property
    def location(self) -> Location:
        return Location(self.doc, self.para, self.offset)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Bookmark:
        return cls(
            doc=str(d["doc"]),
            para=int(d.get("para", 0)),
            offset=int(d.get("offset", 0)),
            title=str(d.get("title", "")),
            note=str(d.get("note", "")),
            created=float(d.get("created", 0.0)),
            id=str(d["id"]),
            name=str(d.get("name", "")),
        )


class History:
    """Back/forward between documents and positions, like a web browser."""

    def __init__(self, entries: list[Location] | None = None, index: int = -1) -> None:
        self.entries: list[Location] = entries or []
        self.index = min(index, len(self.entries) - 1) if self.entries else -1

    @property
    def current(self) -> Location | None:
        return self.entries[self.index] if 0 <= self.index < len(self.entries) else None

    def visit(self, loc: Location) -> None:
        """A new place: drop what was forward of here, as browsers do."""
        del self.entries[self.index + 1 :]
        if self.entries and self.entries[-1] == loc:
            return
        self.entries.append(loc)
        if len(self.entries) > MAX_HISTORY:
            del self.entries[: len(self.entries) - MAX_HISTORY]
        self.index = len(self.entries) - 1

    def update_current(self, loc: Location) -> None:
        """Remember where the reader got to, so back returns there and not to the top."""
        if self.current is not None and self.current.doc == loc.doc:
            self.entries[self.index] = loc

    def back(self) -> Location | None:
        if self.index <= 0:
            return None
        self.index -= 1
        return self.entries[self.index]

    def forward(self) -> Location | None:
        if self.index >= len(self.entries) - 1:
            return None
        self.index += 1
        return self.entries[self.index]

    def to_dict(self) -> dict[str, Any]:
        return {"entries": [asdict(e) for e in self.entries], "index": self.index}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> History:
        entries = [Location.from_dict(e) for e in d.get("entries", [])]
        return cls(entries, int(d.get("index", len(entries) - 1)))


class StateFile:
    """The browser's state, loaded once and saved (merged) after each change that matters."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bookmarks: list[Bookmark] = []
        self.deleted: set[str] = set()
        self.positions: dict[str, dict[str, Any]] = {}
        self.last: Location | None = None
        self.history = History()
        self.warning = ""  # a one-line message for the user, e.g. a corrupt file set aside
        self.dirty = False  # a position changed since the last save
        self._lock_path = path.with_name(path.name + ".lock")

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> StateFile:
        state = cls(path)
        with state._locked():
            data = state._read()
        state.bookmarks = [Bookmark.from_dict(b) for b in data.get("bookmarks", [])]
        state.deleted = set(data.get("deleted", []))
        state.positions = dict(data.get("positions", {}))
        last = data.get("last")
        state.last = Location.from_dict(last) if last else None
        state.history = History.from_dict(data.get("history", {}))
        return state

    def _read(self) -> dict[str, Any]:
        """The file's contents; a damaged file is set aside (not deleted) and reported."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as err:
            self.warning = f"cannot read {self.path}: {err.strerror}"
            return {}
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("not an object")
            for b in data.get("bookmarks", []):
                Bookmark.from_dict(b)
            return data
        except (ValueError, KeyError, TypeError):
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
            self.warning = f"state file was damaged; kept a copy at {aside}"
            return {}

    # -- changes -------------------------------------------------------------------------
    def add_bookmark(self, bookmark: Bookmark) -> None:
        self.bookmarks.append(bookmark)
        self.save()

    def delete_bookmark(self, bookmark_id: str) -> None:
        self.bookmarks = [b for b in self.bookmarks if b.id != bookmark_id]
        self.deleted.add(bookmark_id)
        self.save()

    def remember(self, loc: Location) -> None:
        """The reading position in a document (in memory; saved with the next save)."""
        if self.last != loc:
            self.dirty = True
        self.last = loc
        self.positions[loc.doc] = {"para": loc.para, "offset": loc.offset, "at": time.time()}

    def position(self, doc_id: str) -> Location | None:
        p = self.positions.get(doc_id)
        return Location(doc_id, int(p.get("para", 0)), int(p.get("offset", 0))) if p else None

    def refresh(self) -> None:
        """Pick up bookmarks another instance saved since we loaded."""
        with self._locked():
            self._merge(self._read())

    # -- saving --------------------------------------------------------------------------
    def save(self) -> None:
        """Lock, re-read, merge, write to a temp file, fsync, rename."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            self._merge(self._read())
            self._write(self.to_dict())
        self.dirty = False

    def _merge(self, disk: dict[str, Any]) -> None:
        self.deleted |= set(disk.get("deleted", []))
        mine = {b.id: b for b in self.bookmarks}
        for raw in disk.get("bookmarks", []):
            b = Bookmark.from_dict(raw)
            mine.setdefault(b.id, b)
        self.bookmarks = sorted(
            (b for b in mine.values() if b.id not in self.deleted), key=lambda b: b.created
        )
        for doc, pos in disk.get("positions", {}).items():
            if doc not in self.positions or pos.get("at", 0) > self.positions[doc].get("at", 0):
                self.positions[doc] = pos
        if self.last is None and disk.get("last"):
            self.last = Location.from_dict(disk["last"])
        if not self.history.entries and disk.get("history"):
            self.history = History.from_dict(disk["history"])

    def to_dict(self) -> dict[str, Any]:
        positions = sorted(self.positions.items(), key=lambda kv: kv[1].get("at", 0))
        return {
            "version": VERSION,
            "bookmarks": [asdict(b) for b in self.bookmarks],
            "deleted": sorted(self.deleted)[-MAX_TOMBSTONES:],
            "positions": dict(positions[-MAX_POSITIONS:]),
            "last": asdict(self.last) if self.last else None,
            "history": self.history.to_dict(),
        }

    def _write(self, data: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """An exclusive lock on a side file (the state file itself is replaced on save)."""
        if fcntl is None:
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self._lock_path, "a+") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
