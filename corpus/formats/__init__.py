"""Readers for the forms users hold documents in; `read_source` picks one by content.

Each reader turns a file into an `Extract` (see `base`): raw lines for the fixed-width
gazette text the seeds are, or source documents with their fields for every structured
form. `detect` says which reader; the pipeline then runs the usual stages.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from corpus.formats import detect, markdown, pdf, pkulaw, sqldump, webpage, webtext, word
from corpus.formats.base import Extract
from corpus.read import decode, read_bytes, split_lines

#: What `gongbao add` says each format is.
FORMAT_NAMES = {
    "fixed": "fixed-width gazette text",
    "webtext": "web-copied text",
    "pkulaw": "北大法宝 export",
    "markdown": "Markdown",
    "html": "HTML page",
    "docx": "Word document",
    "pdf": "PDF",
    "sqldump": "SQL dump",
}

#: File names a directory of sources (`gongbao build --seeds DIR`) is read for: every form a
#: reader exists for. What each file is, is still decided from its content, as in `add`.
SUPPORTED_SUFFIXES = frozenset(
    {
        ".txt",
        ".text",
        ".pdf",
        ".htm",
        ".html",
        ".shtml",
        ".xhtml",
        ".docx",
        ".md",
        ".markdown",
        ".sql",
    }
)


def read_source(path: Path) -> Extract:
    """Read any supported file; a one-line InputError for what cannot be read."""
    data = read_bytes(path)
    return read_data(data, path.name, str(path), path.suffix.lower())


def read_data(data: bytes, name: str, label: str, suffix: str = "") -> Extract:
    """`read_source` on bytes already read (`label` names the file in errors)."""
    sha = hashlib.sha256(data).hexdigest()
    kind = detect.binary_format(data)
    if kind == "pdf":
        return Extract("pdf", name, sha, docs=pdf.read(data, label))
    if kind == "docx":
        return Extract("docx", name, sha, docs=word.read(data, label))
    text, enc = decode(data, label)
    widths: dict[str, float] = {}
    kind = detect.text_format(text, suffix, widths)
    lines = split_lines(text)
    if kind == "fixed":
        return Extract("fixed", name, sha, lines=lines, encoding=enc, widths=widths)
    if kind == "sqldump":
        docs, site = sqldump.read(text, label)
        return Extract("sqldump", name, sha, docs=docs, site=site, encoding=enc)
    if kind == "html":
        return Extract("html", name, sha, docs=webpage.read(text), encoding=enc)
    if kind == "pkulaw":
        return Extract("pkulaw", name, sha, docs=pkulaw.read(lines), site="北大法宝", encoding=enc)
    if kind == "markdown":
        return Extract("markdown", name, sha, docs=markdown.read(text), encoding=enc)
    return Extract("webtext", name, sha, docs=[webtext.read(lines)], encoding=enc)


__all__ = ["FORMAT_NAMES", "SUPPORTED_SUFFIXES", "Extract", "read_data", "read_source"]
