"""How a document is laid out for the reader, independent of Textual.

A document becomes blocks (the header's title and metadata lines, then one block per
paragraph, with blank spacer blocks), each with its print indents and alignment; wrapping
blocks at a width gives lines as offsets into the paragraph text, so search hits and
citation spans (offsets into `doc.paragraphs[i].text`) map straight onto screen lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from corpus.api import Document, blank
from tui.cjk_wrap import cell_width, wrap

_SPACES = str.maketrans({"\t": " ", "\n": " ", "\r": " "})
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇\d]+[编章节](?:\s|$)")
_ARTICLE_LABEL = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")

INDENT = 4  # two CJK characters, as paragraphs are indented in print


def safe(text: str) -> str:
    """Text that is safe to draw: tabs become spaces, control and bidi characters become
    U+FFFD, one for one, so offsets into the original text still hold."""
    return blank(text.translate(_SPACES), "\ufffd")


@dataclass(frozen=True)
class Block:
    """A run of text laid out as one unit: a paragraph, or a line of the header."""

    kind: str  # title, meta, blank, or a Paragraph kind
    text: str
    para: int = -1  # index into doc.paragraphs; -1 for header and spacer blocks
    level: int = 0
    first_indent: int = 0
    rest_indent: int = 0
    align: str = "left"  # left, center, right
    label: int = 0  # length of a bold label at the start (第一条)


@dataclass(frozen=True)
class Line:
    """One screen line: a slice of a block, and its left padding in cells."""

    block: int
    start: int
    end: int
    pad: int


def header_blocks(doc: Document, issue_name: str) -> list[Block]:
    """Title, then 文号 · issuer · date, then section · issue: the reader's header."""
    blocks = [Block("title", safe(doc.title), align="center")]
    meta = " · ".join(x for x in (doc.doc_number, doc.issuer, doc.date) if x)
    if meta:
        blocks.append(Block("meta", safe(meta), align="center"))
    where = " · ".join(x for x in (doc.section, issue_name) if x)
    if where:
        blocks.append(Block("meta", safe(where), align="center"))
    blocks.append(Block("rule", ""))
    return blocks


def paragraph_block(i: int, kind: str, text: str, level: int) -> Block:
    """A paragraph with its print layout: indented two characters, chapters centred,
    signature and date set to the right."""
    text = safe(text.strip(" \u3000"))
    if kind == "heading":
        if _CHAPTER.match(text):
            return Block(kind, text, i, level, align="center")
        return Block(kind, text, i, level, INDENT, 0)
    if kind in ("signature", "date"):
        return Block(kind, text, i, level, align="right")
    if kind == "addressee":
        return Block(kind, text, i, level)
    label = 0
    if kind == "article":
        m = _ARTICLE_LABEL.match(text)
        label = m.end() if m else 0
    return Block(kind, text, i, level, INDENT, 0, label=label)


def document_blocks(doc: Document, issue_name: str = "") -> list[Block]:
    """All blocks of a document; a blank line before headings of the top two levels and
    before the signature, so structure shows without wasting rows on a 24-line terminal."""
    blocks = header_blocks(doc, issue_name)
    run_in = {h.para: h.text for h in doc.outline}
    for i, p in enumerate(doc.paragraphs):
        b = paragraph_block(i, p.kind, p.text, p.level)
        head = run_in.get(i)
        if head and p.kind != "heading" and b.text.startswith(head) and not b.label:
            # A run-in heading, （一）指导思想。全面贯彻…: its words are set bold, as in print.
            end = len(head) + (1 if b.text[len(head) : len(head) + 1] in ("。", "．", ".") else 0)
            b = replace(b, label=end)
        if (p.kind == "heading" and p.level <= 2) or (
            p.kind == "signature" and i and doc.paragraphs[i - 1].kind != "signature"
        ):
            if blocks[-1].kind not in ("blank", "rule"):
                blocks.append(Block("blank", ""))
        blocks.append(b)
    return blocks


def _balanced(text: str, width: int, count: int) -> list[tuple[int, int]]:
    """The narrowest wrap with the same number of lines, so a centred title does not end
    in one orphaned character (…的通 / 知)."""
    best = wrap(text, width)
    lo = max(4, cell_width(text) // count)
    for w in range(width - 1, lo - 1, -1):
        spans = wrap(text, w)
        if len(spans) > count:
            break
        best = spans
    return best


class Layout:
    """Blocks wrapped at one width, with lookups from (paragraph, offset) to line."""

    def __init__(self, blocks: list[Block], width: int) -> None:
        self.blocks = blocks
        self.width = max(4, width)
        self.lines: list[Line] = []
        self.block_first_line: list[int] = []
        self.para_block: dict[int, int] = {}
        for bi, block in enumerate(blocks):
            self.block_first_line.append(len(self.lines))
            if block.para >= 0:
                self.para_block[block.para] = bi
            self.lines.extend(self._wrap_block(bi, block))

    def _wrap_block(self, bi: int, block: Block) -> list[Line]:
        w = self.width
        if block.align == "left":
            return [
                Line(bi, s, e, block.first_indent if n == 0 else block.rest_indent)
                for n, (s, e) in enumerate(
                    wrap(block.text, w, block.first_indent, block.rest_indent)
                )
            ]
        right_margin = INDENT if block.align == "right" and w >= 30 else 0
        spans = wrap(block.text, w - right_margin)
        if block.kind == "title" and len(spans) > 1:
            spans = _balanced(block.text, w, len(spans))
        out = []
        for s, e in spans:
            used = cell_width(block.text[s:e])
            free = max(0, w - right_margin - used)
            out.append(Line(bi, s, e, free if block.align == "right" else free // 2))
        return out

    def __len__(self) -> int:
        return len(self.lines)

    def line_of(self, para: int, offset: int = 0) -> int:
        """The line showing `offset` of paragraph `para` (or the nearest one we have)."""
        bi = self.para_block.get(para)
        if bi is None:
            if para < 0 or not self.para_block:
                return 0
            later = [b for p, b in self.para_block.items() if p > para]
            bi = min(later) if later else max(self.para_block.values())
        first = self.block_first_line[bi]
        last = self.block_first_line[bi + 1] if bi + 1 < len(self.blocks) else len(self.lines)
        starts = [self.lines[i].start for i in range(first, last)]
        return first + max(0, bisect_right(starts, offset) - 1)

    def anchor(self, line: int) -> tuple[int, int]:
        """(paragraph, offset) of a line, to find the same place after a re-wrap.
        Header and spacer lines anchor to the next paragraph's start, or to the top."""
        if not self.lines:
            return (-1, 0)
        line = max(0, min(line, len(self.lines) - 1))
        ln = self.lines[line]
        block = self.blocks[ln.block]
        if block.para >= 0:
            return (block.para, ln.start)
        if all(b.para < 0 for b in self.blocks[: ln.block + 1]):
            return (-1, 0)
        for b in self.blocks[ln.block :]:
            if b.para >= 0:
                return (b.para, 0)
        return (-1, 0)
