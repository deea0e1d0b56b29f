"""Dates as documents print them at the foot: `2018年12月21日` or `二〇〇四年四月二十七日`.

Older documents (and many web copies of them) date the signature in Chinese numerals,
with 〇, ○ or 零 for zero. `signed_date` reads either form from a line that is nothing but
a date, so a document's own date can be checked against what a site's table says.
"""

from __future__ import annotations

import re

_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN = "〇○零ＯO一二三四五六七八九十"
_LINE = re.compile(
    rf"^[（(]?(?P<y>[\d{_CN}]{{4}})年(?P<m>[\d{_CN}]{{1,3}})月(?P<d>[\d{_CN}]{{1,3}})日[）)]?$"
)


def _number(text: str) -> int | None:
    """`二十七` → 27, `十` → 10, `2004`/`二〇〇四` → 2004."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _DIGIT.get(tens, -1) if tens else 1
        o = _DIGIT.get(ones, -1) if ones else 0
        return None if t < 0 or o < 0 else t * 10 + o
    digits = [_DIGIT.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def signed_date(text: str) -> str:
    """The ISO date a date-only line gives, in Arabic or Chinese numerals, else ""."""
    m = _LINE.match(text.strip(" \u3000"))
    if not m:
        return ""
    y, mo, d = _number(m["y"]), _number(m["m"]), _number(m["d"])
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"
