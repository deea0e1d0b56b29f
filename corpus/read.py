"""Stage 1, read: bytes of a gazette text file → a list of raw lines.

Chinese text files come as UTF-8 (with or without BOM) or GB18030/GBK. Anything else —
binary, empty, undecodable — is refused with a one-line error naming the file, so a build
never stores garbage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import InputError

_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class RawText:
    """A source file's decoded lines, with what identifies it."""

    name: str
    sha256: str
    lines: list[str]
    encoding: str


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode `data` as UTF-8 (BOM optional) or GB18030; return (text, encoding)."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: not a text file (binary data)")
    for enc in _ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, enc
    raise InputError(f"{name}: not UTF-8 or GB18030 text")


def _looks_like_text(text: str) -> bool:
    """Reject decodings full of control characters (binary that happened to decode)."""
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad <= len(sample) // 100


def read_file(path: Path) -> RawText:
    """Read one gazette text file into lines (line endings normalised, form feeds dropped)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    text, enc = decode(data, str(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return RawText(
        name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        lines=text.split("\n"),
        encoding=enc,
    )
