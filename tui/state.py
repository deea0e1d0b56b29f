"""Bookmarks, history and reading positions, in their own file beside (never inside) the store.

Rebuilding the store must not lose them, and two instances open at once (two SSH sessions)
must not lose each other's bookmarks. So every save takes an exclusive lock, re-reads the
file, merges this instance's changes into what is on disk (bookmarks by id, deletions as
tombstones, positions newest-wins), writes a unique temp file, fsyncs it and renames it over
the old one. A crash mid-write leaves the old file intact.

The file is the user's and may have been edited by hand, damaged, or written by a newer
gongbao. Every field is checked on load and on merge (`_parse`): an entry of the wrong type
or out of range is left out, the original file is kept as a dated backup, and one warning
says so; nothing crashes. Keys this version does not know are kept and written back. A file
from a newer version, or a data directory that cannot be written, makes the state
read-only: bookmarks are shown, never rewritten. A bookmark that was on disk and is gone
from it (deleted by hand, or by another instance) stays deleted.
"""

from __future__ import annotations

import contextlib
import json
import math
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
MAX_INT = 10**9  # paragraph and offset numbers beyond this are damage (-1: the header)
MAX_TIME = 10**11  # seconds since 1970: ~year 5000


class BadField(ValueError):
    """One field of the state file has the wrong type or an impossible value."""


def _int(value: Any, default: int | None = None) -> int:
    if value is None and default is not None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not -MAX_INT <= value <= MAX_INT:
        raise BadField(f"not a count: {value!r:.40}")
    return value


def _time(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadField(f"not a time: {value!r:.40}")
    if not math.isfinite(value) or not 0 <= value <= MAX_TIME:
        raise BadField(f"time out of range: {value!r:.40}")
    return float(value)


def _str(value: Any, default: str | None = None) -> str:
    if value is None and default is not None:
        return default
    if not isinstance(value, str):
        raise BadField(f"not text: {value!r:.40}")
    return value


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadField(f"not an object: {value!r:.40}")
    return value


@dataclass
class Location:
    """A place in the corpus: a document and a paragraph offset in it."""

    doc: str
    para: int = 0
    offset: int = 0

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Location:
        """Checked field by field; BadField if any is of the wrong type or out of range."""
        d = _object(d)
        doc = _str(d.get("doc"))
        if not doc:
            raise BadField("no document")
        raw_para = d.get("para")
        # -1 is the document's header (the top, above the first paragraph): the reader
        # saves it for every document opened at the top, so it must read back.
        para = -1 if raw_para == -1 and not isinstance(raw_para, bool) else _int(raw_para, 0)
        return cls(doc=doc, para=para, offset=_int(d.get("offset"), 0))


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
        """Checked field by field; BadField if any is of the wrong type or out of range."""
        loc = Location.from_dict(d)
        bid = _str(d.get("id"))
        if not bid:
            raise BadField("no id")
        return cls(
            doc=loc.doc,
            para=loc.para,
            offset=loc.offset,
            title=_str(d.get("title"), ""),
            note=_str(d.get("note"), ""),
            created=_time(d.get("created", 0.0)),
            id=bid,
            name=_str(d.get("name"), ""),
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
        """Checked: BadField if the history or any of its entries is damaged."""
        d = _object(d)
        raw = d.get("entries", [])
        if not isinstance(raw, list):
            raise BadField("entries is not a list")
        entries = [Location.from_dict(e) for e in raw[-MAX_HISTORY:]]
        index = d.get("index", len(entries) - 1)
        if isinstance(index, bool) or not isinstance(index, int):
            raise BadField("index is not a number")
        return cls(entries, max(-1, index))


@dataclass
class Parsed:
    """What a state file holds, each part checked; `rejected` counts what was left out."""

    bookmarks: list[Bookmark] = field(default_factory=list)
    deleted: set[str] = field(default_factory=set)
    positions: dict[str, dict[str, Any]] = field(default_factory=dict)
    last: Location | None = None
    history: History | None = None
    version: int = VERSION
    extra: dict[str, Any] = field(default_factory=dict)  # keys this version does not know
    bookmark_extra: dict[str, dict[str, Any]] = field(default_factory=dict)
    rejected: int = 0


_KNOWN = {"version", "bookmarks", "deleted", "positions", "last", "history"}
_BOOKMARK_FIELDS = {"doc", "para", "offset", "title", "note", "created", "id", "name"}


def _parse(data: Any) -> Parsed:
    """Every field of a state file checked on its own: one bad entry never costs the rest."""
    out = Parsed()
    if not isinstance(data, dict):
        out.rejected = 1
        return out
    out.extra = {k: v for k, v in data.items() if k not in _KNOWN}
    version = data.get("version", VERSION)
    out.version = version if isinstance(version, int) and not isinstance(version, bool) else 0
    raw = data.get("bookmarks", [])
    if isinstance(raw, list):
        for b in raw:
            try:
                bm = Bookmark.from_dict(b)
            except BadField:
                out.rejected += 1
                continue
            out.bookmarks.append(bm)
            more = {k: v for k, v in b.items() if k not in _BOOKMARK_FIELDS}
            if more:
                out.bookmark_extra[bm.id] = more
    else:
        out.rejected += 1
    raw = data.get("deleted", [])
    if isinstance(raw, list):
        good = {d for d in raw if isinstance(d, str)}
        out.rejected += len(raw) - len(good)
        out.deleted = good
    else:
        out.rejected += 1
    raw = data.get("positions", {})
    if isinstance(raw, dict):
        for doc, pos in raw.items():
            try:
                loc = Location.from_dict({"doc": doc, **_object(pos)})
                at = _time(pos.get("at", 0.0))
            except BadField:
                out.rejected += 1
                continue
            out.positions[doc] = {"para": loc.para, "offset": loc.offset, "at": at}
    else:
        out.rejected += 1
    if data.get("last") is not None:
        try:
            out.last = Location.from_dict(data["last"])
        except BadField:
            out.rejected += 1
    if data.get("history") is not None:
        try:
            out.history = History.from_dict(data["history"])
        except BadField:
            out.rejected += 1
    return out


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
        self.read_only = False  # a newer version's file, or a directory we cannot write
        self._lock_path = path.with_name(path.name + ".lock")
        self._on_disk: set[str] = set()  # bookmark ids the file held when last read
        self._extra: dict[str, Any] = {}
        self._bookmark_extra: dict[str, dict[str, Any]] = {}

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> StateFile:
        state = cls(path)
        with state._locked():
            parsed = state._read()
        state.bookmarks = parsed.bookmarks
        state.deleted = parsed.deleted
        state.positions = parsed.positions
        state.last = parsed.last
        state.history = parsed.history or History()
        state._on_disk = {b.id for b in parsed.bookmarks}
        state._extra = parsed.extra
        state._bookmark_extra = parsed.bookmark_extra
        if not _writable(path.parent):
            state.read_only = True
        if state.read_only and not state.warning:
            state._say(f"{_shown(path.parent)} is read-only: bookmarks are shown but not saved")
        return state

    def _say(self, message: str) -> None:
        self.warning = f"{self.warning}; {message}" if self.warning else message

    def _read(self) -> Parsed:
        """The file's contents, checked; damaged parts are set aside (not deleted) and reported."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Parsed()
        except OSError as err:
            self.read_only = True
            self._say(f"cannot read {_shown(self.path)}: {err.strerror}; bookmarks are not saved")
            return Parsed()
        try:
            parsed = _parse(json.loads(raw.decode("utf-8")))
        except (ValueError, UnicodeDecodeError, RecursionError):
            parsed = Parsed(rejected=1)
            parsed.version = VERSION
            whole = True
        else:
            whole = False
        if parsed.version > VERSION:
            self.read_only = True
            self._say(
                f"{_shown(self.path)} was written by a newer gongbao (version {parsed.version}): "
                "bookmarks are shown but not saved"
            )
        if parsed.rejected:
            aside = self._set_aside(raw, move=whole)
            what = "was damaged" if whole else f"had {parsed.rejected} damaged entries"
            self._say(f"the state file {what}; kept the original at {_shown(aside)}")
        return parsed

    def _set_aside(self, raw: bytes, move: bool) -> Path:
        """A dated copy of the original file (once per distinct content)."""
        import hashlib

        tag = hashlib.sha256(raw).hexdigest()[:8]
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kind = "corrupt" if move else "damaged"
        existing = list(self.path.parent.glob(f"{self.path.name}.{kind}-*-{tag}"))
        if existing:
            return existing[0]
        aside = self.path.with_name(f"{self.path.name}.{kind}-{stamp}-{tag}")
        try:
            if move:
                os.replace(self.path, aside)
            else:
                aside.write_bytes(raw)
        except OSError:
            self.read_only = True  # cannot keep a copy: do not overwrite the original either
        return aside

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
        """Lock, re-read, merge, write to a temp file, fsync, rename (not when read-only)."""
        if self.read_only:
            self.dirty = False
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            disk = self._read()
            self._merge(disk)
            if self.read_only:  # the file turned out newer, or could not be set aside
                return
            self._write(self.to_dict())
            self._on_disk = {b.id for b in self.bookmarks}
        self.dirty = False

    def _merge(self, disk: Parsed) -> None:
        self.deleted |= disk.deleted
        on_disk = {b.id for b in disk.bookmarks}
        # on disk when we last read it, gone now: deleted by hand or by another instance
        self.deleted |= self._on_disk - on_disk
        self._on_disk = on_disk
        mine = {b.id: b for b in self.bookmarks}
        for b in disk.bookmarks:
            mine.setdefault(b.id, b)
        self.bookmarks = sorted(
            (b for b in mine.values() if b.id not in self.deleted), key=lambda b: b.created
        )
        for doc, pos in disk.positions.items():
            if doc not in self.positions or pos.get("at", 0) > self.positions[doc].get("at", 0):
                self.positions[doc] = pos
        if self.last is None and disk.last is not None:
            self.last = disk.last
        if not self.history.entries and disk.history is not None:
            self.history = disk.history
        self._extra = {**self._extra, **disk.extra}
        self._bookmark_extra = {**self._bookmark_extra, **disk.bookmark_extra}

    def to_dict(self) -> dict[str, Any]:
        positions = sorted(self.positions.items(), key=lambda kv: kv[1].get("at", 0))
        return {
            **self._extra,
            "version": VERSION,
            "bookmarks": [
                {**self._bookmark_extra.get(b.id, {}), **asdict(b)} for b in self.bookmarks
            ],
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
            os.fchmod(fd, 0o644)
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
        """An exclusive lock on a side file (the state file itself is replaced on save).

        A directory where the lock cannot be created is read-only: read without a lock."""
        if fcntl is None:
            yield
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = open(self._lock_path, "a+")  # noqa: SIM115 - closed below
        except OSError:
            self.read_only = True
            yield
            return
        with lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _writable(directory: Path) -> bool:
    return os.access(directory, os.W_OK) if directory.exists() else True


def _shown(path: Path) -> str:
    from corpus.api import escape

    return escape(path)
