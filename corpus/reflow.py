"""Stage 3, reflow: join the fixed-width lines of a page into paragraphs.

The PDF's lines are cut at the column width and the paragraph indent is lost, so a break is
inferred from what is left:
- the next line opens a new unit (一、 （一） 1． 第X章 第X条, a kept indent, a date line,
  a 文号, a letter-spaced display line, a 新华社 dateline);
- this line ends short of the column: far short for a paragraph's first line (which is short
  by its lost indent anyway), or short and ending a sentence for any other line;
- this line is full and ends a sentence, and the next is as short as a first line would be.
The column width is measured locally, since a gazette mixes one- and two-column pages.
Page breaks (already stripped of furniture by `clean`) join like any other line break.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field

from corpus.clean import Line
from corpus.dates import is_date_line
from corpus.docnumber import DocNumber, number_line

_NUM = "一二三四五六七八九十百零〇两"
UNIT_START = re.compile(
    rf"^(?:[{_NUM}]+、"  # 一、
    rf"|（[{_NUM}]+）(?![项款条目])"  # （一）, not （四）项
    r"|\d{1,3}(?:．|\.(?![\d%％]))"  # 1． 1. (an ASCII point before a digit is a decimal)
    r"|（\d{1,3}）"  # （1）
    rf"|第[{_NUM}\d]+[章节](?:[\s\u3000]|$)"  # 第一章　总则
    rf"|第[{_NUM}\d]+条[\s\u3000]"  # 第一条　…
    r"|———"  # ———坚持…
    r"|（新华社"  # news dateline
    r"|附件[\d：:]?"
    r")"
)
MARKER = re.compile(
    rf"^(?:[{_NUM}]+、|（[{_NUM}]+）(?![项款条目])|\d{{1,3}}(?:．|\.(?![\d%％]))|（\d{{1,3}}）)"
)
#: A numbered point whose dot the extraction lost: `１在以习近平同志为核心…` after a full stop.
POINT = re.compile(
    r"^\d{1,3}(?=[\u4e00-\u9fff])(?![年月日号个万亿元件条款项次名家岁天倍期批类届级米吨%])"
)


class _DateLine:
    """A line that is only a date (Arabic or 二○一二年一月九日), read by `corpus.dates`."""

    def match(self, text: str) -> bool:
        return is_date_line(text)


DATE_LINE = _DateLine()


class NumberLine:
    """A line that is nothing but a number, read by `corpus.docnumber`: `match(text)` gives
    the number or None, like a compiled pattern, so callers test lines one way."""

    def __init__(self, *, series: bool) -> None:
        self.series = series

    def match(self, text: str) -> DocNumber | None:
        n = number_line(text)
        if n is None or n.series != self.series or (self.series and n.prefix):
            return None
        return n


#: A 文号 line under a title (国办发〔2017〕6号, （皖政办秘〔2021〕82号）, any bracket or width).
DOC_NUMBER_LINE = NumberLine(series=False)
#: An order's own number under `…令`: 第40号, 〔2021〕第1号, 2021年第1号.
ORDER_NUMBER_LINE = NumberLine(series=True)
#: A tabular row: words separated by an ideographic space (`牛一兵　中央网信办副主任`).
TABLE_ROW = re.compile(r"[^\s\u3000]\u3000+[^\s\u3000]")
ARTICLE = re.compile(rf"^第[{_NUM}\d]+[章节条]")
_TERMINAL = re.compile(r"[。；！？：;:][”’）》」]*$")

#: How far short of the column a line must end to be a paragraph's last line.
FIRST_LINE_SLACK = 3.5  # a first line is short by its lost 2-em indent, plus compression
LAST_LINE_SLACK = 1.25  # any other line, when it also ends a sentence
FIRST_LINE_RANGE = (1.75, 3.5)  # how much shorter than the column a first line is
HEADING_SLACK = 6.0  # a numbered line this far short of the column is a heading on its own


@dataclass
class RawParagraph:
    """A paragraph as reflow found it: its text and the lines it came from."""

    text: str
    lines: list[Line] = field(default_factory=list)

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def spaced(self) -> bool:
        return self.lines[0].spaced

    @property
    def span(self) -> tuple[int, int]:
        return (self.lines[0].no, self.lines[-1].no)


def column_widths(lines: list[Line], radius: int = 15) -> list[float]:
    """The column width around each line: the upper quartile of nearby line widths (those
    of 4 ems or more; the widest of them where there are fewer than 4)."""
    widths = [ln.width for ln in lines]
    n = len(widths)
    out: list[float] = []
    # the window's widths kept sorted as it slides: one in, one out per line
    window = sorted(w for w in widths[: radius + 1] if w >= 4)
    for i in range(n):
        if i:
            gone, new = i - radius - 1, i + radius
            if gone >= 0 and widths[gone] >= 4:
                del window[bisect_left(window, widths[gone])]
            if new < n and widths[new] >= 4:
                insort(window, widths[new])
        if len(window) < 4:
            out.append(window[-1] if window else widths[i])
            continue
        out.append(_upper_quartile_sorted(window))
    return out


def upper_quartile(data: list[float]) -> float:
    """`statistics.quantiles(data, n=4)[2]` (the exclusive method), for 4 values or more:
    the same arithmetic without the general function's overhead (run for every line)."""
    return _upper_quartile_sorted(sorted(data))


def _upper_quartile_sorted(data: list[float]) -> float:
    ld = len(data)
    j = min(3 * (ld + 1) // 4, ld - 1)
    delta = 3 * (ld + 1) - j * 4
    return (data[j - 1] * (4 - delta) + data[j] * delta) / 4


def opens_unit(line: Line) -> bool:
    """Does this line start a paragraph whatever came before it?"""
    t = line.text
    return bool(line.indent or line.spaced or UNIT_START.match(t) or closes_unit(line))


def closes_unit(line: Line) -> bool:
    """Does this line stand alone whatever follows (a date, a 文号, a display line, a row)?"""
    t = line.text
    if line.spaced or t.startswith("（新华社") or DATE_LINE.match(t):
        return True
    # DOC_NUMBER_LINE or ORDER_NUMBER_LINE, with the line read once
    n = number_line(t)
    return n is not None and (not n.series or not n.prefix)


@dataclass
class _Lines:
    """The lines being reflowed, with what is asked of each again and again, computed once."""

    lines: list[Line]
    cols: list[float]  # `column_widths`
    opens: list[bool]  # `opens_unit`
    closes: list[bool]  # `closes_unit`
    rows: list[bool]  # `is_row`

    @classmethod
    def of(cls, lines: list[Line]) -> _Lines:
        closes = [closes_unit(ln) for ln in lines]
        opens = [
            c or bool(ln.indent or ln.spaced or UNIT_START.match(ln.text))
            for ln, c in zip(lines, closes, strict=True)
        ]
        return cls(lines, column_widths(lines), opens, closes, [is_row(ln) for ln in lines])


def is_row(line: Line) -> bool:
    """A tabular row (`牛一兵　中央网信办副主任`): it stands alone unless it wraps."""
    return looks_like_row(line.text) and not ARTICLE.match(line.text) and not line.indent


def looks_like_row(text: str) -> bool:
    """Short fields apart by ideographic spaces; `中共中央　国务院关于…` is a title, not a row."""
    if not TABLE_ROW.search(text) or "关于" in text or "《" in text:
        return False
    return all(len(field) <= 14 for field in text.split("\u3000"))


def _join(a: str, b: str) -> str:
    """Join two wrapped lines: no space in Chinese, one between Latin words."""
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return f"{a} {b}"
    return a + b


def _open_note(text: str) -> bool:
    """A bracketed note (revision history) still open: it goes on whatever the layout."""
    return text.startswith("（") and text.count("（") > text.count("）")


def reflow(lines: list[Line]) -> list[RawParagraph]:
    """Group cleaned lines into paragraphs."""
    lay = _Lines.of(lines)
    cols = lay.cols
    paras: list[RawParagraph] = []
    cur: RawParagraph | None = None
    head_zone = True  # at a document's head: short lines (issuer, title) stand alone
    for i, line in enumerate(lines):
        if cur is None:
            brk = True
        elif _open_note(cur.text) and len(cur.lines) < 8 and not lay.closes[i]:
            brk = False
        elif head_zone and _is_head_line(cur.lines[-1], cols[i - 1]) and len(cur.lines) == 1:
            brk = True
        else:
            brk = _breaks_before(lay, i, len(cur.lines))
        if brk:
            cur = RawParagraph(text=line.text, lines=[line])
            paras.append(cur)
        else:
            assert cur is not None  # brk is always true while there is no paragraph yet
            cur.text = _join(cur.text, line.text)
            cur.lines.append(line)
        if lay.closes[i]:
            head_zone = True
        elif (
            line.indent
            or cols[i] - line.width <= FIRST_LINE_RANGE[0]
            or _TERMINAL.search(line.text)
        ):
            head_zone = False
    return paras


def _is_head_line(line: Line, col: float) -> bool:
    """A short line without final punctuation at a document's head: an issuer or title line."""
    return (
        col - line.width > FIRST_LINE_RANGE[0]
        and not _TERMINAL.search(line.text)
        and not line.indent
        and not MARKER.match(line.text)
    )


def _ends_sentence(text: str) -> bool:
    """Ends like a paragraph's last line: a full stop, or a bracket closing an earlier one."""
    if _TERMINAL.search(text):
        return True
    return text.endswith(("）", ")")) and text.count("（") + text.count("(") < text.count(
        "）"
    ) + text.count(")")


_NOTE_WORDS = re.compile(r"公布|发布|修订|修正|施行|新华社|\d{4}年\d{1,2}月\d{1,2}日）$")


def _is_head_run(lay: _Lines, i: int) -> bool:
    """After a sentence's end, is line i the first of a document head (issuer, title)?

    A short line that ends no sentence, followed by another such line or by a date, a
    number or a revision note, is no paragraph's last line. (One such line alone may be
    the tail of a catalogue item, which ends without punctuation.)
    """
    lines, cols = lay.lines, lay.cols
    b = lines[i]
    if cols[i] - b.width <= FIRST_LINE_SLACK or _ends_sentence(b.text) or lay.opens[i]:
        return False
    if i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    if lay.closes[i + 1] or _open_note(nxt.text):
        return True
    return (
        cols[i + 1] - nxt.width > FIRST_LINE_SLACK
        and not _ends_sentence(nxt.text)
        and not lay.opens[i + 1]
    )


def _breaks_before(lay: _Lines, i: int, run: int) -> bool:
    """Is there a paragraph break between line i-1 (the `run`-th of its paragraph) and i?"""
    lines, cols = lay.lines, lay.cols
    a, b = lines[i - 1], lines[i]
    if lay.opens[i] or lay.closes[i - 1] or a.text.endswith("："):
        return True
    col = cols[i - 1]
    short = 0.0 if a.justified else col - a.width
    if lay.rows[i]:
        return True
    if lay.rows[i - 1]:  # a row goes on only when it fills the line and the next is no row
        return short > LAST_LINE_SLACK
    terminal = bool(_TERMINAL.search(a.text))
    if POINT.match(b.text) and (terminal or a.text.endswith("）")):
        return True
    if terminal and _is_head_run(lay, i):
        return True
    if not terminal and b.text.startswith("（") and not _NOTE_WORDS.search(b.text):
        # a bracketed qualification goes with what it qualifies: `20．内燃机…制造` /
        # `（《产业结构调整指导目录》限制类、淘汰类项目除外）`
        return False
    if run == 1 and (MARKER.match(a.text) or POINT.match(a.text)) and not terminal:
        # A numbered heading, or the run-in head of a paragraph, that wraps: it goes on
        # unless it is a short heading followed by a full line of body text.
        b_short = cols[i] - b.width > FIRST_LINE_SLACK
        return short > HEADING_SLACK and not b_short
    if short > FIRST_LINE_SLACK:
        return True
    if run > 1 and terminal and short > LAST_LINE_SLACK:
        return True
    if terminal and i + 1 < len(lines):
        b_gap = cols[i] - b.width
        lo, hi = FIRST_LINE_RANGE
        b_continues = not lay.opens[i + 1] and not _TERMINAL.search(b.text)
        if lo <= b_gap <= hi and b_continues:
            return True
    return False
