"""Dates as documents print them: 2017年1月19日, ２０１７年…, 二○一二年一月九日 (○/〇/零).

The 成文日期 is the date line under the signature; a revised regulation's 题注
(`（2008年5月6日卫生部令第59号公布　根据…修订）`) gives the date it was first 公布, and a
`自2021年3月1日起施行` clause the date it takes effect. All are stored as ISO 8601.
"""

from __future__ import annotations

import re

from corpus.normalize import fold_width

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGIT.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_CN = "〇○零Ｏ一二三四五六七八九"
_TENS = "十"

#: A date: Arabic (either width) or Chinese numerals, spaces allowed between its parts.
DATE = (
    rf"(?P<y>\d{{4}}|[{_CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN}{_TENS}]{{1,2}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{_CN}{_TENS}]{{1,3}})\s*日"
)
_DATE_RE = re.compile(DATE)
#: A line that is only a date, perhaps in brackets: the 成文日期 under a signature.
DATE_LINE = re.compile(rf"^[（(]?\s*{DATE}\s*[）)]?$")
#: 公布/发布 in a 题注: the date in front of it is the document's first publication.
_PUBLISHED = re.compile(rf"{DATE}[^；;。）)]{{0,40}}?(?:公布|发布)")
#: 自2021年3月1日起施行: the date it takes effect.
_EFFECTIVE = re.compile(rf"自\s*{DATE}\s*起\s*(?:施行|实施|执行|生效)")


def _number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 三十一 → 31, 09 → 9, 二○一二 → 2012 (digit by digit)."""
    if text.isdigit():
        return int(text)
    if _TENS in text:
        head, _, tail = text.partition(_TENS)
        return (_CN_DIGIT.get(head, 1) if head else 1) * 10 + (
            _CN_DIGIT.get(tail, 0) if tail else 0
        )
    value = 0
    for ch in text:
        value = value * 10 + _CN_DIGIT[ch]
    return value


def _iso(m: re.Match[str]) -> str:
    y, mo, d = _number(m["y"]), _number(m["m"]), _number(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def iso_date(text: str) -> str:
    """The first full date in `text` as ISO (`2012-01-09`), or "" when it holds none."""
    for m in _DATE_RE.finditer(fold_width(text)):
        iso = _iso(m)
        if iso:
            return iso
    return ""


def is_date_line(text: str) -> bool:
    """A line that is nothing but a date (the 成文日期 under a signature)."""
    m = DATE_LINE.match(fold_width(text).strip())
    return bool(m and _iso(m))


def line_date(text: str) -> str:
    """The ISO date of a line that is nothing but a date (Arabic or Chinese numerals), else ""."""
    m = DATE_LINE.match(fold_width(text).strip())
    return _iso(m) if m else ""


def promulgated_date(note: str) -> str:
    """The date a 题注 says the text was first 公布/发布, or ""."""
    m = _PUBLISHED.search(fold_width(note))
    return _iso(m) if m else ""


def effective_date(text: str) -> str:
    """The date a `自…起施行` clause names, or "" (自公布之日起施行 names none)."""
    m = _EFFECTIVE.search(fold_width(text))
    return _iso(m) if m else ""
