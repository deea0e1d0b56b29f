"""Which gazette files a store is built from, and whether any of them changed since.

A store records its sources: the bundled seeds by name (so a reinstall elsewhere still
matches) and added files by absolute path, each with its SHA-256. When a recorded file's
hash changes, or the bundled seeds change with a new version, the store is rebuilt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.paths import bundled_seeds


@dataclass(frozen=True)
class Source:
    """A gazette text file the store is built from."""

    kind: str  # "bundled" | "file"
    ref: str  # seed file name, or absolute path
    sha256: str = ""

    @property
    def path(self) -> Path:
        if self.kind == "bundled":
            for p in bundled_seeds():
                if p.name == self.ref:
                    return p
            return Path(self.ref)
        return Path(self.ref)

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "ref": self.ref, "sha256": self.sha256}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Source:
        return cls(kind=d["kind"], ref=d["ref"], sha256=d.get("sha256", ""))


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bundled_sources() -> list[Source]:
    return [Source("bundled", p.name, file_hash(p)) for p in bundled_seeds()]


def directory_sources(directory: Path) -> list[Source]:
    """Every source file in `directory` a reader exists for (gazette text, PDF, HTML, Word,
    Markdown, database exports), hidden files left out, in name order."""
    from corpus.formats import SUPPORTED_SUFFIXES

    files = sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SUPPORTED_SUFFIXES
    )
    return [Source("file", str(p.resolve())) for p in files]


def sources_changed(recorded: list[dict[str, Any]]) -> bool:
    """Has any recorded source changed (or have the bundled seeds been replaced)?"""
    sources = [Source.from_dict(d) for d in recorded]
    if not sources:
        return True
    bundled_now = {s.ref: s.sha256 for s in bundled_sources()}
    bundled_then = {s.ref: s.sha256 for s in sources if s.kind == "bundled"}
    if bundled_then and bundled_then != bundled_now:
        return True
    for s in sources:
        if s.kind == "file":
            p = Path(s.ref)
            if p.exists() and file_hash(p) != s.sha256:
                return True
    return False
