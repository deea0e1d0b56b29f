"""Stage 1, read: bytes of a source file → decoded text (and, for gazette text, raw lines).

Chinese text files come as UTF-8 (with or without BOM), UTF-16 with a BOM, GB18030/GBK or
Big5. GB18030 decodes almost any byte string, so a legacy encoding is chosen by how much
of the decoded text is common Chinese: text that is common in neither GB nor Big5 terms is
refused (one line) instead of stored as mojibake. Anything else — binary, empty,
undecodable — is refused with a one-line error naming the file, so a build never stores
garbage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.errors import InputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Share of Chinese characters that must be common for a legacy decoding to be believed.
COMMON_SHARE = 0.75


@dataclass(frozen=True)
class RawText:
    """A source file's decoded lines, with what identifies it."""

    name: str
    sha256: str
    lines: list[str]
    encoding: str


@lru_cache(maxsize=1)
def _common_gb() -> frozenset[str]:
    """GB2312 level 1: the 3,755 most used simplified characters (row 16–55)."""
    out = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(out)


@lru_cache(maxsize=1)
def _common_big5() -> frozenset[str]:
    """Big5 常用字: the 5,401 frequent traditional characters (0xA440–0xC67E)."""
    out = set()
    for hi in range(0xA4, 0xC7):
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                out.add(bytes((hi, lo)).decode("big5"))
            except UnicodeDecodeError:
                continue
    return frozenset(out)


def _common_share(text: str, common: frozenset[str]) -> tuple[float, int]:
    """(share of CJK characters in `common`, number of CJK characters) over a sample."""
    han = [ch for ch in text[:20000] if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"]
    if not han:
        return 1.0, 0
    return sum(1 for ch in han if ch in common) / len(han), len(han)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode `data` as UTF-8/UTF-16 (by BOM), UTF-8, GB18030 or Big5; return (text, encoding)."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: starts with a {enc} byte-order mark but is not {enc} text"
                ) from None
            if not text.lstrip("\ufeff").strip():
                raise InputError(f"{name}: file is empty")
            return text.lstrip("\ufeff"), "utf-16" if enc == "utf-16" else enc
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: not a text file (binary data)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_like_text(text):
            return text, "utf-8"
        raise InputError(f"{name}: not a text file (control characters)")
    return _decode_legacy(data, name)


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """GB18030 or Big5, whichever reads as common Chinese; refuse text that is neither."""
    candidates: list[tuple[float, str, str]] = []
    for enc, common in (("gb18030", _common_gb()), ("big5", _common_big5())):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _looks_like_text(text):
            continue
        share, n = _common_share(text, common)
        if n == 0 and enc == "big5":
            continue  # no Chinese at all: GB18030 (a superset of ASCII) says the same
        candidates.append((share, enc, text))
    if not candidates:
        raise InputError(f"{name}: not UTF-8, UTF-16, GB18030 or Big5 text")
    share, enc, text = max(candidates, key=lambda c: (c[0], c[1] == "gb18030"))
    if share < COMMON_SHARE:
        raise InputError(
            f"{name}: text decodes to garbage in every known encoding "
            f"(best {enc}: {share:.0%} common characters); save it as UTF-8"
        )
    return text, enc


def _looks_like_text(text: str) -> bool:
    """Reject decodings full of control characters (binary that happened to decode)."""
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad <= len(sample) // 100


def read_bytes(path: Path) -> bytes:
    """A source file's bytes, or a one-line error naming it."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def split_lines(text: str) -> list[str]:
    """Line endings normalised, form feeds taken as line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return text.split("\n")


def raw_text(data: bytes, name: str, label: str) -> RawText:
    """Decoded lines of `data` (already read); `label` names the file in errors."""
    text, enc = decode(data, label)
    return RawText(
        name=name, sha256=hashlib.sha256(data).hexdigest(), lines=split_lines(text), encoding=enc
    )


def read_file(path: Path) -> RawText:
    """Read one gazette text file into lines (line endings normalised, form feeds dropped)."""
    return raw_text(read_bytes(path), path.name, str(path))
