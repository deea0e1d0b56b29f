"""Character-level normalisation shared by the pipeline, search and citation links.

The seeds print digits and Latin letters full-width (２０１７, ＰＰＰ). gongbao shows and stores
them half-width (2017, PPP), as current 公文 typesetting does, and folds every query the same
way, so `2017` and `２０１７` are the same search. Chinese punctuation stays full-width.
"""

from __future__ import annotations

import re

from corpus.escape import strip_invisible

_FULLWIDTH_ALNUM = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH_ALNUM["％"] = "%"  # a percent sign goes with its (half-width) digits
_FOLD_TABLE = str.maketrans(_FULLWIDTH_ALNUM)


def fold_width(text: str) -> str:
    """Full-width digits and Latin letters to ASCII; everything else unchanged."""
    return text.translate(_FOLD_TABLE)


def strip_controls(text: str) -> str:
    """Remove control, bidi and invisible format characters (see `corpus.escape`)."""
    return strip_invisible(text)


def fold_query(text: str) -> str:
    """How search compares text: width-folded, lower-cased Latin, no control characters."""
    return strip_controls(fold_width(text)).lower()


#: 国办发〔2017〕6号, 川办函[2017]12号, 国发 (2016) 49号 …: prefix, year, serial.
DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12}?[发函字令])\s*[〔\[［【(（〖]\s*(?P<year>\d{4})\s*[〕\]］】)）〗]\s*第?\s*(?P<serial>\d{1,4})\s*号"
)
#: Numbers whose prefix has no 发/函/字/令 suffix: 财税〔2019〕13号, 国办发明电〔2020〕1号.
#: Tried after DOC_NUMBER and only without 第, so 〔2021〕第1号 stays an order number.
OTHER_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12})\s*[〔\[［【(（〖]\s*(?P<year>\d{4})\s*[〕\]］】)）〗]\s*(?P<serial>\d{1,4})\s*号"
)
#: 令 numbers: 第40号, 〔2021〕第1号, 2021年第1号, 令2014年第15号.
ORDER_NUMBER = re.compile(
    r"(?:[〔\[［(（]\s*(?P<byear>\d{4})\s*[〕\]］)）]|(?P<year>\d{4})\s*年)?\s*第\s*(?P<serial>\d{1,4})\s*号"
)


def normalize_doc_number(text: str) -> str:
    """The canonical form of a 发文字号, or "" when `text` holds none.

    `国办发[2017]6号`, `国办发〔２０１７〕６号`, `国办发(2017)6号` and `国办发 〔2017〕 6 号` all
    become `国办发〔2017〕6号`, `财税[2019]13号` becomes `财税〔2019〕13号`; order numbers become
    `第40号`, `〔2021〕第1号` → `2021年第1号`.
    """
    t = fold_width(text).strip()
    t = re.sub(r"\s+", "", t)
    m = DOC_NUMBER.search(t)
    if m:
        return f"{m['prefix']}〔{m['year']}〕{int(m['serial'])}号"
    m = OTHER_NUMBER.search(t)
    if m:
        return f"{m['prefix']}〔{m['year']}〕{int(m['serial'])}号"
    m = ORDER_NUMBER.search(t)
    if m:
        year = m["year"] or m["byear"]
        head = t[: m.start()]
        serial = int(m["serial"])
        prefix = head if head.endswith("令") else ""
        return f"{prefix}{year}年第{serial}号" if year else f"{prefix}第{serial}号"
    return ""


def order_key(text: str) -> tuple[str, int | None, int] | None:
    """(issuer abbreviation, year, serial) of an order reference, or None.

    `卫健委令第6号` → ("卫健委", None, 6); `银保监会令2021年第1号` → ("银保监会", 2021, 1);
    `〔2021〕第1号` → ("", 2021, 1); `第 ４０ 号` → ("", None, 40).
    """
    t = re.sub(r"[\s\u3000]+", "", fold_width(text))
    m = re.fullmatch(
        r"(?:(?P<prefix>[\u4e00-\u9fff]*?)令)?(?:[〔\[［(（](?P<byear>\d{4})[〕\]］)）]|(?P<year>\d{4})年)?第(?P<serial>\d{1,4})号",
        t,
    )
    if not m:
        return None
    year = m["year"] or m["byear"]
    return (m["prefix"] or "", int(year) if year else None, int(m["serial"]))


def abbreviates(short: str, full: str) -> bool:
    """Is `short` an abbreviation of `full` (its characters in order)? 卫健委 ⊑ 国家卫生健康委员会."""
    it = iter(full)
    return all(ch in it for ch in short)
