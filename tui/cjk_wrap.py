"""Chinese line breaking for the reader: Rich and Textual only break at spaces.

A run of Chinese has no spaces, so Rich treats a whole paragraph as one "word". Here a line
may break between any two CJK characters, never inside a Latin word or a number, and follows
the basic 禁则 (line-breaking rules) of Chinese typesetting: no line starts with closing
punctuation (。，、；：？！）》」” …) and none ends with opening punctuation (（《「“ …).

Widths are terminal cells as Rich counts them (CJK = 2), so what we measure is what Textual
draws. This module is pure: no Textual import, easy to unit-test and to benchmark.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import get_character_cell_size

#: Characters that must not begin a line (closing punctuation and marks that lean left).
NO_START = frozenset(
    "。，、；：？！）》」』”’】〕〗〉〙〛．｡,.;:?!)]}…‥％%‰℃°·・ー々〻ゝゞヽヾ～|"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
#: Characters that must not end a line (opening punctuation).
NO_END = frozenset("（《「『“‘【〔〖〈〘〚([{＄$£¥￥")
#: Characters that come in pairs (…… ——) which must not be split across lines.
NO_SPLIT_PAIRS = frozenset("…—―‥")


#: A 发文字号 (国办发〔2017〕6号, 川府发[2017]4号): read and copied as one unit, so never split.
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,6}[〔\[［][0-9０-９]{4}[〕\]］]第?[0-9０-９]{1,5}号")


def unbreakable(text: str) -> list[bool]:
    """`out[i]` is true when a line must not end just before `text[i]` (inside a 文号)."""
    out = [False] * (len(text) + 1)
    for m in _DOC_NUMBER.finditer(text):
        for i in range(m.start() + 1, m.end()):
            out[i] = True
    return out


@lru_cache(maxsize=8192)
def char_width(ch: str) -> int:
    """Terminal cells for one character, as Rich and Textual count them."""
    return get_character_cell_size(ch)


def cell_width(text: str) -> int:
    """Terminal cells for a string."""
    return sum(char_width(c) for c in text)


def _is_space(ch: str) -> bool:
    return ch == " " or ch == "\u3000" or ch == "\t"


def can_break_before(text: str, i: int) -> bool:
    """May a line end just before `text[i]` (0 < i < len(text))?"""
    a, b = text[i - 1], text[i]
    if b in NO_START or a in NO_END:
        return False
    if a == b and a in NO_SPLIT_PAIRS:
        return False
    if _is_space(a):
        return True
    if _is_space(b):
        return False
    # Between two narrow characters (a Latin word, a number) there is no break.
    return char_width(a) == 2 or char_width(b) == 2


def _forced_end(text: str, start: int, i: int) -> int:
    """Where to cut a line that has no legal break before `text[i]` overflows: pull back
    a character or two if that keeps the rules; otherwise cut where it overflows."""
    end = i
    while end > start + 1 and (text[end] in NO_START or text[end - 1] in NO_END):
        end -= 1
    if text[end] in NO_START or text[end - 1] in NO_END:
        return i
    return end


def wrap(
    text: str, width: int, first_indent: int = 0, rest_indent: int = 0
) -> list[tuple[int, int]]:
    """Break `text` into lines of at most `width` cells, as (start, end) offsets into it.

    The first line is `first_indent` cells narrower, the others `rest_indent`. Spaces at a
    break are dropped from both lines. A line is wider than allowed only when one character
    alone does not fit. An empty text gives one empty line.
    """
    n = len(text)
    if n == 0:
        return [(0, 0)]
    # Fill each line greedily by width, then look back for the last legal break: the rules
    # are checked once per line, not once per character (this is the re-wrap hot loop).
    widths = [char_width(c) for c in text]
    inside = unbreakable(text) if "号" in text else None
    lines: list[tuple[int, int]] = []
    start = 0
    indent = first_indent
    while start < n:
        avail = max(1, width - indent)
        col = 0
        i = start
        while i < n:
            w = widths[i]
            if col + w > avail and not _is_space(text[i]):
                break
            col += w
            i += 1
        if i >= n:
            end = nxt = n
        else:
            j = i
            while j > start and (
                not can_break_before(text, j) or (inside is not None and inside[j])
            ):
                j -= 1
            end = j if j > start else _forced_end(text, start, i)
            if end <= start:
                end = start + 1
            nxt = end
        while end > start and _is_space(text[end - 1]):
            end -= 1
        lines.append((start, end))
        while nxt < n and _is_space(text[nxt]):
            nxt += 1
        start = nxt
        indent = rest_indent
    return lines or [(0, 0)]


def wrap_text(text: str, width: int, first_indent: int = 0, rest_indent: int = 0) -> list[str]:
    """The lines themselves (without indents): handy for tests and plain-text export."""
    return [text[s:e] for s, e in wrap(text, width, first_indent, rest_indent)]
