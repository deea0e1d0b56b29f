"""PDF files, read by geometry: each character's box gives lines, furniture and paragraphs.

pypdfium2 (PDFium) gives every character with its box, fast. From those:
- lines: characters grouped by their vertical centre, left to right;
- furniture: page numbers (`— 1 —`) and running heads are lines in the top or bottom band
  whose text (digits aside) recurs on other pages or is a bare number; margin text stands
  outside the body column;
- paragraphs: a line opens one when it is indented from the column's left edge (a first
  line or a centred title), when the line before ended short of the right edge, or when
  the type size changes; lines of a centred title of one size join.
A PDF with no text layer (a scan) is refused with one line: it needs OCR first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from corpus.errors import InputError
from corpus.formats.base import DocMeta, SourceDoc

_PAGE_NUMBER = re.compile(r"^[—\-－–~～·\s]*(?:第\s*)?\d{1,4}(?:\s*页)?[—\-－–~～·\s]*$")
BAND = 0.1  # top and bottom tenth of a page: where running heads and folios sit


@dataclass
class PdfLine:
    """One visual line: its text and box (PDF units, y upwards) and type size."""

    page: int
    text: str
    x0: float
    x1: float
    y: float  # vertical centre
    size: float
    page_height: float
    chars: list[tuple[str, float, float]] = field(default_factory=list)


@dataclass
class _Row:
    """Characters that share a line: the box of its tallest character, and the characters."""

    bottom: float
    top: float
    chars: list[tuple[str, float, float, float, float]]


def sniff(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]


def _page_lines(page: object, no: int) -> list[PdfLine]:
    tp = page.get_textpage()  # type: ignore[attr-defined]
    _w, height = page.get_size()  # type: ignore[attr-defined]
    n = tp.count_chars()
    text = tp.get_text_range() if n else ""
    boxes: list[tuple[str, float, float, float, float]] = []
    for i in range(n):
        ch = text[i] if i < len(text) else ""
        if not ch or ch.isspace():
            continue
        left, bottom, right, top = tp.get_charbox(i)
        if top - bottom <= 0:
            continue
        boxes.append((ch, left, bottom, right, top))
    rows: list[_Row] = []
    for box in sorted(boxes, key=lambda b: -(b[2] + b[4]) / 2):
        bottom, top = box[2], box[4]
        for row in rows:
            overlap = min(top, row.top) - max(bottom, row.bottom)
            if overlap > 0.5 * min(top - bottom, row.top - row.bottom):
                row.chars.append(box)  # small punctuation (、。) sits low inside its line
                if top - bottom > row.top - row.bottom:
                    row.bottom, row.top = bottom, top
                break
        else:
            rows.append(_Row(bottom, top, [box]))
    out: list[PdfLine] = []
    for row in rows:
        cs = sorted(row.chars, key=lambda b: b[1])
        size = median(b[4] - b[2] for b in cs)
        parts: list[str] = []
        for k, b in enumerate(cs):
            if (
                k
                and b[0].isascii()
                and cs[k - 1][0].isascii()
                and b[1] - cs[k - 1][3] > size * 0.25
            ):
                parts.append(" ")
            parts.append(b[0])
        line_text = "".join(parts).replace("\u00ad", "-").replace("\ufffe", "-")
        out.append(
            PdfLine(
                page=no,
                text=line_text,
                x0=cs[0][1],
                x1=cs[-1][3],
                y=(row.bottom + row.top) / 2,
                size=size,
                page_height=height,
            )
        )
    out.sort(key=lambda ln: -ln.y)
    return out


def _furniture(lines: list[PdfLine], pages: int) -> set[int]:
    """Indexes of page numbers and running heads (by band and recurrence)."""

    def in_band(ln: PdfLine) -> bool:
        return ln.y > ln.page_height * (1 - BAND) or ln.y < ln.page_height * BAND

    key = [re.sub(r"\d+", "#", re.sub(r"\s+", "", ln.text)) for ln in lines]
    pages_of: dict[str, set[int]] = {}
    for ln, k in zip(lines, key, strict=True):
        if in_band(ln):
            pages_of.setdefault(k, set()).add(ln.page)
    out: set[int] = set()
    for i, ln in enumerate(lines):
        if not in_band(ln):
            continue
        if _PAGE_NUMBER.match(ln.text) or (
            pages >= 3 and len(pages_of[key[i]]) >= max(2, pages // 3)
        ):
            out.add(i)
    return out


def paragraphs(lines: list[PdfLine]) -> list[str]:
    """Join a document's body lines into paragraphs by indent, line end and type size."""
    if not lines:
        return []
    lefts = Counter(round(ln.x0) for ln in lines if len(ln.text) > 10)
    left = float(lefts.most_common(1)[0][0]) if lefts else min(ln.x0 for ln in lines)
    wide = sorted(ln.x1 for ln in lines if len(ln.text) > 10) or [max(ln.x1 for ln in lines)]
    right = wide[int(len(wide) * 0.9) - 1 if len(wide) > 1 else 0]
    body = median(ln.size for ln in lines)
    out: list[str] = []
    prev: PdfLine | None = None
    for ln in lines:
        if ln.x1 < left - body * 1.5 or ln.x0 > right + body * 0.5:
            continue  # margin text outside the column
        if prev is None:
            brk = True
        else:
            em = max(min(prev.size, ln.size), 1.0)
            indented = ln.x0 > left + em * 1.2
            prev_short = prev.x1 < right - em * 1.5
            resized = abs(ln.size - prev.size) > em * 0.25
            centred_pair = (
                not resized
                and prev.x0 > left + em * 1.2
                and ln.x0 > left + em * 1.2
                and abs((prev.x0 + prev.x1) - (ln.x0 + ln.x1)) < em * 3
                and prev.x1 < right - em
                and ln.size > body * 1.15
            )
            brk = not centred_pair and (indented or prev_short or resized)
        if brk:
            out.append(ln.text)
        else:
            out[-1] += (
                ""
                if not (
                    out[-1][-1:].isascii()
                    and out[-1][-1:].isalpha()
                    and ln.text[:1].isascii()
                    and ln.text[:1].isalpha()
                )
                else " "
            ) + ln.text
        prev = ln
    return out


def read(data: bytes, name: str) -> list[SourceDoc]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: not a readable PDF ({exc})") from None
    try:
        lines: list[PdfLine] = []
        for no in range(len(pdf)):
            lines.extend(_page_lines(pdf[no], no))
        pages = len(pdf)
    finally:
        pdf.close()
    if not any(ln.text.strip() for ln in lines):
        raise InputError(f"{name}: PDF has no text layer (scanned pages); it needs OCR first")
    drop = _furniture(lines, pages)
    body = [ln for i, ln in enumerate(lines) if i not in drop]
    return [SourceDoc(meta=DocMeta(), paragraphs=paragraphs(body))]
