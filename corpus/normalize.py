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
_FOLDED = re.compile("[" + "".join(sorted(_FULLWIDTH_ALNUM)) + "]")


def fold_width(text: str) -> str:
    """Full-width digits and Latin letters to ASCII; everything else unchanged.
    (Most text has none: a search in C is much cheaper than translating it.)"""
    if not _FOLDED.search(text):
        return text
    return text.translate(_FOLD_TABLE)


def strip_controls(text: str) -> str:
    """Remove control, bidi and invisible format characters (see `corpus.escape`)."""
    return strip_invisible(text)


def fold_query(text: str) -> str:
    """How search compares text: width-folded, lower-cased Latin, no control characters."""
    return strip_controls(fold_width(text)).lower()


def normalize_doc_number(text: str) -> str:
    """The canonical form of a 发文字号, or "" when `text` holds none (see `corpus.docnumber`).

    `国办发[2017]6号`, `国办发〔２０１７〕６号`, `国办发(2017)6号` and `国办发 〔2017〕 6 号` all
    become `国办发〔2017〕6号`, `财税[2019]13号` becomes `财税〔2019〕13号`; order numbers become
    `第40号`, `〔2021〕第1号` → `2021年第1号`.
    """
    from corpus.docnumber import canonical

    return canonical(text)


def order_key(text: str) -> tuple[str, int | None, int] | None:
    """(issuer abbreviation, year, serial) of an order reference, or None.

    `卫健委令第6号` → ("卫健委", None, 6); `银保监会令2021年第1号` → ("银保监会", 2021, 1);
    `〔2021〕第1号` → ("", 2021, 1); `第 ４０ 号` → ("", None, 40).
    """
    from corpus.docnumber import parse

    n = parse(text)
    if n is None or not n.series or n.kw not in ("", "令"):
        return None
    return (n.issuer, n.year, n.serial)


def abbreviates(short: str, full: str) -> bool:
    """Is `short` an abbreviation of `full` (its characters in order)? 卫健委 ⊑ 国家卫生健康委员会."""
    it = iter(full)
    return all(ch in it for ch in short)
