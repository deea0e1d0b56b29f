"""Limits on what one source file may put in the store, so absurd input stays cheap.

A gazette issue is a few hundred thousand characters, its titles a line or two, its longest
paragraphs a few thousand characters. Text far outside that — a 50 MB file on one line, a
"title" of millions of characters — would take minutes and gigabytes to clean, segment and
index, and could not be drawn. So:

- a file with more than `MAX_CHARS` characters of text is refused with one line;
- a source line longer than `MAX_LINE` is split at sentence ends (。！？；) before cleaning;
- a paragraph longer than `MAX_PARAGRAPH` is split the same way into several paragraphs;
- a title longer than `MAX_TITLE` is cut (with …); the whole title is kept as the first
  paragraphs of the body, after a note saying so. Nothing the file says is dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from corpus.errors import InputError
from corpus.escape import escape
from corpus.model import Document, Heading, Paragraph

MAX_CHARS = 3_000_000  # ≈ 9 MB of UTF-8 Chinese: twenty times the largest issue
MAX_LINE = 4_000
MAX_PARAGRAPH = 8_000
MAX_TITLE = 200

_SENTENCE_END = re.compile(r"[。！？；!?;]")


def check_size(lines: list[str], name: str) -> None:
    """Refuse a file whose text is far larger than any gazette issue."""
    total = sum(map(len, lines))
    if total > MAX_CHARS:
        raise InputError(
            f"{escape(name)}: {total:,} characters of text, more than any gazette issue "
            f"(the limit is {MAX_CHARS:,}); split it into issues and add them one by one"
        )


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut after a sentence end where one
    falls in the second half of a piece, else at the limit."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = -1
        for m in _SENTENCE_END.finditer(text, start + limit // 2, end):
            cut = m.end()
        if cut <= start:
            cut = end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def split_long_lines(lines: list[str]) -> list[str]:
    """Source lines, each at most `MAX_LINE` characters (the list is copied only if needed)."""
    if all(len(line) <= MAX_LINE for line in lines):
        return lines
    out: list[str] = []
    for line in lines:
        out.extend(split_text(line, MAX_LINE))
    return out


def bound_documents(docs: list[Document]) -> list[Document]:
    """Documents with titles cut and paragraphs split to the limits (others unchanged)."""
    return [_bound(d) for d in docs]


def _bound(doc: Document) -> Document:
    long_title = len(doc.title) > MAX_TITLE
    if not long_title and all(len(p.text) <= MAX_PARAGRAPH for p in doc.paragraphs):
        return doc
    paragraphs: list[Paragraph] = []
    if long_title:
        paragraphs.append(
            Paragraph(
                "note",
                f"（标题过长，共 {len(doc.title):,} 字，标题栏只显示前 {MAX_TITLE} 字；"
                "完整标题见下文。）",
            )
        )
        paragraphs.extend(Paragraph("body", t) for t in split_text(doc.title, MAX_PARAGRAPH))
    new_index: list[int] = []
    for p in doc.paragraphs:
        new_index.append(len(paragraphs))
        pieces = split_text(p.text, MAX_PARAGRAPH)
        paragraphs.append(replace(p, text=pieces[0]))
        paragraphs.extend(Paragraph("body", t, p.level) for t in pieces[1:])
    outline = [
        Heading(
            h.level,
            h.text[:MAX_TITLE],
            new_index[h.para] if 0 <= h.para < len(new_index) else h.para,
        )
        for h in doc.outline
    ]
    title = doc.title[: MAX_TITLE - 1] + "…" if long_title else doc.title
    return replace(doc, title=title, paragraphs=paragraphs, outline=outline)


def overlong_head(head: list[Any]) -> bool:
    """Is a document head longer than any title could be (so it is text, not a title)?"""
    return sum(len(p.text) for p in head) > MAX_TITLE
