"""One type for a 发文字号 or 令 number: parse it, print it one way, and match it.

Structure (a document's own number), citations (numbers in the text), resolve (which
document a citation points to), search and query (a number typed as a query) and the API
(`show REF`) all read numbers through this module, so they agree on what a number is.

Two kinds of number:
- a 文号, `prefix〔year〕serial号`: 国办发〔2017〕6号, 发改办财金规〔2019〕860号, 穗府办规〔2021〕7号.
  Any organ prefix, any bracket (〔〕 [] () 【】 ［］ （） ﹝﹞ 〖〗), either width, spaces anywhere,
  a stray 第 (卫妇发〔1995〕第7号) — all print as `国办发〔2017〕6号`.
- a series number, counted per issuer: 令 (卫生部令第59号, 银保监会令2021年第1号,
  中国人民银行令〔2021〕第1号), 公告 and 通告, or bare as an order prints it under its title
  (第40号, 〔2021〕第1号, 2021年第1号). They print as `[prefix]YYYY年第N号` or `[prefix]第N号`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.normalize import fold_width

CJK = "\u4e00-\u9fff"
OPEN = "〔[［【(（〖﹝"
CLOSE = "〕]］】)）〗﹞"
_O = re.escape(OPEN)
_C = re.escape(CLOSE)
#: Series keywords: numbers that count per issuer, so the issuer stays part of them.
SERIES = ("令", "公告", "通告")
_YEARS = (1900, 2100)

#: The whole of a number, spaces removed: prefix, then the year in brackets or with 年, 第, serial.
_FULL = re.compile(
    rf"(?P<prefix>[{CJK}、]*?)"
    rf"(?:[{_O}](?P<byear>\d{{4}})[{_C}]|(?P<year>\d{{4}})年)?"
    rf"(?P<di>第)?(?P<serial>\d{{1,5}})号"
)
#: The numeric tail of a 文号 in running text: 〔2016〕49号, [2019] 第13号, (2016) 49 号.
_BRACKET_TAIL = re.compile(
    rf"[{_O}]\s*(?P<year>\d{{4}})\s*[{_C}]\s*(?P<di>第\s*)?(?P<serial>\d{{1,5}})\s*号"
)
#: The tail of a series number: 令2014年第15号, 令 第59号, 令〔2010〕第2号, 公告2021年第1号.
_SERIES_TAIL = re.compile(
    rf"(?P<kw>令|公告|通告)\s*(?:(?P<year>\d{{4}})\s*年\s*|[{_O}]\s*(?P<byear>\d{{4}})\s*[{_C}]\s*)?"
    rf"第\s*(?P<serial>\d{{1,5}})\s*号"
)
#: A bare order number: 第40号, 2021年第1号 (found only where asked for: `bare=True`).
_BARE_TAIL = re.compile(r"(?:(?P<year>\d{4})\s*年\s*)?第\s*(?P<serial>\d{1,5})\s*号")

#: Words that run into a number's prefix in running text (按照国发〔2016〕49号…) but are
#: never part of an issuer's abbreviation; stripped from the front, longest first.
_LEAD_WORDS = sorted(
    """现将 现 关于 结合 通过 附 据 根据 按照 依据 依照 参照 遵照 对照 比照 贯彻落实 贯彻 落实 执行 转发 印发 发布 公布 废止
    修改 修订 详见 参见 见 即 以及 和 及 与 或 并 由 以 为 在 于 将 把 同 原 暨 是 如 从""".split(),
    key=len,
    reverse=True,
)
_MAX_PREFIX = 24
_UNITS = "年月日号条款项次个期"
_BRACKET_PAIRS = (("〔", "〕"), ("[", "]"), ("（", "）"), ("(", ")"), ("［", "］"), ("【", "】"))


@dataclass(frozen=True)
class DocNumber:
    """A parsed number. `prefix` is everything before the year: 国办发, 卫生部令,
    国家发展改革委、商务部令, or "" for a bare order number; `series` says it counts per issuer."""

    prefix: str
    year: int | None
    serial: int
    series: bool = False

    @property
    def key(self) -> str:
        """The canonical spelling: what is stored, compared and shown."""
        if self.series:
            y = f"{self.year}年" if self.year else ""
            return f"{self.prefix}{y}第{self.serial}号"
        return f"{self.prefix}〔{self.year}〕{self.serial}号"

    def __str__(self) -> str:
        return self.key

    @property
    def kw(self) -> str:
        """令, 公告 or 通告 for a series number that names it; "" otherwise."""
        return next((k for k in SERIES if self.series and self.prefix.endswith(k)), "")

    @property
    def issuer(self) -> str:
        """The issuer part of the prefix: 卫生部 for 卫生部令第59号, 国办发 for a 文号."""
        return self.prefix.removesuffix(self.kw) if self.kw else self.prefix

    @property
    def tail(self) -> str:
        """A series number without its issuer: 2021年第1号, 第40号."""
        return DocNumber("", self.year, self.serial, True).key if self.series else self.key

    def with_issuer(self, issuer: str, kind: str = "", date: str = "") -> DocNumber:
        """A document's own bare order number (第40号) completed from its fields: the issuer's
        name and series (令 unless its kind says 公告/通告), the year of its date."""
        if not self.series or self.prefix:
            return self
        kw = kind if kind in ("公告", "通告") else "令"
        year = self.year or (int(date[:4]) if date[:4].isdigit() else None)
        return DocNumber(f"{issuer}{kw}" if issuer else "", year, self.serial, True)

    def forms(self) -> list[str]:
        """The ways this number is printed: every bracket, with and without 第. Search uses
        them to find the number in text as written."""
        out = [self.key]
        if self.year is None:
            return out
        p, y, n = self.prefix, self.year, self.serial
        for left, right in _BRACKET_PAIRS:
            out.append(f"{p}{left}{y}{right}{n}号")
            out.append(f"{p}{left}{y}{right}第{n}号")
        return list(dict.fromkeys(out))

    def matches(self, other: DocNumber) -> bool:
        """The same number? 文号 by key; series numbers by serial, year where both give one,
        series keyword, and issuer where both name one (卫健委 is 国家卫生健康委员会)."""
        if self.series != other.series:
            return False
        if not self.series:
            return self.key == other.key
        if self.serial != other.serial:
            return False
        if self.year and other.year and self.year != other.year:
            return False
        if self.kw and other.kw and self.kw != other.kw:
            return False
        if not self.issuer or not other.issuer:
            return True
        from corpus.issuers import same_issuer

        return same_issuer(self.issuer, other.issuer) or same_issuer(other.issuer, self.issuer)


def _valid_year(year: str | None) -> bool:
    return year is None or _YEARS[0] <= int(year) <= _YEARS[1]


def parse(text: str) -> DocNumber | None:
    """The number `text` is, whole (spaces, widths and brackets as printed), else None.

    A number in brackets, as a head prints it (`（皖政办秘〔2021〕82号）`), is a number too.
    """
    t = re.sub(r"\s+", "", fold_width(text))
    if len(t) > 2 and t[0] in "（(" and t[-1] in "）)":
        t = t[1:-1]
    m = _FULL.fullmatch(t)
    if not m:
        return None
    prefix = m["prefix"]
    year = m["byear"] or m["year"]
    if not _valid_year(year) or prefix.startswith("、") or prefix.endswith("、"):
        return None
    serial = int(m["serial"])
    if prefix.endswith(SERIES):
        return DocNumber(prefix, int(year) if year else None, serial, True)
    if not prefix:
        if not m["di"]:
            return None  # 〔2021〕1号 alone: neither a 文号 (no issuer) nor an order (no 第)
        return DocNumber("", int(year) if year else None, serial, True)
    if m["byear"]:
        return DocNumber(prefix, int(year), serial, False)  # type: ignore[arg-type]
    if m["di"]:
        return DocNumber(prefix, int(year) if year else None, serial, True)
    return None  # 国发2016年49号, 卫生部59号: not a form numbers are printed in


@dataclass(frozen=True)
class Found:
    """A number found in running text: characters [start, end) of the text as given."""

    start: int
    end: int
    number: DocNumber


def _prefix_start(text: str, end: int, floor: int, *, joint: bool) -> int:
    """Walk back from `end` over the issuer abbreviation in front of a number.

    CJK characters and single spaces between them (卫 妇 发) belong to it; with `joint`,
    so does 、 between issuers (国家发展改革委、商务部令). Stops at `floor` (the end of the
    previous number) and after `_MAX_PREFIX` characters.
    """
    i = end
    while i > floor and end - i < _MAX_PREFIX:
        ch = text[i - 1]
        if re.match(rf"[{CJK}]", ch):
            i -= 1
        elif ch in " \u3000\t" and i - 2 >= floor and re.match(rf"[{CJK}]", text[i - 2]):
            i -= 1
        elif joint and ch == "、" and i - 2 >= floor and re.match(rf"[{CJK}]", text[i - 2]):
            i -= 1
        else:
            break
    while i < end and (
        text[i] in " \u3000\t、" or (i > 0 and text[i - 1].isdigit() and text[i] in _UNITS)
    ):
        i += 1  # 2008年5月6日卫生部令…: the 日 closes a date, it is not the issuer's
    return i


def _trim_lead(text: str, start: int, end: int) -> int:
    """Move `start` past words such as 按照, 根据, 的 that precede an abbreviation."""
    seg = text[start:end]
    cut = max(seg.rfind("的"), seg.rfind("之"))
    if cut >= 0:
        start += cut + 1
    changed = True
    while changed:
        changed = False
        for word in _LEAD_WORDS:
            if text.startswith(word, start) and end - start > len(word):
                start += len(word)
                changed = True
                break
    return start


def find(text: str, *, bare: bool = False) -> list[Found]:
    """Every number in running `text`, left to right. Bare order numbers (第40号,
    〔2021〕第1号: an order's own head, no issuer) only with `bare`."""
    if "号" not in text:
        return []
    folded = fold_width(text)  # one character for one: offsets stay valid
    anchors: list[tuple[int, int, re.Match[str], str]] = []
    for m in _SERIES_TAIL.finditer(folded):
        anchors.append((m.start(), m.end(), m, "series"))
    taken = [(a, b) for a, b, _, _ in anchors]
    for m in _BRACKET_TAIL.finditer(folded):
        if not any(a <= m.start() < b for a, b in taken):
            anchors.append((m.start(), m.end(), m, "bracket"))
    if bare:
        taken = [(a, b) for a, b, _, _ in anchors]
        for m in _BARE_TAIL.finditer(folded):
            if not any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                anchors.append((m.start(), m.end(), m, "bare"))
    anchors.sort(key=lambda a: a[0])

    out: list[Found] = []
    floor = 0
    for a_start, a_end, m, how in anchors:
        if a_start < floor:
            continue
        kw = m["kw"] if how == "series" else ""
        p_end = a_start + len(kw)
        if how != "series":
            while p_end > floor and folded[p_end - 1] in " \u3000\t":
                p_end -= 1
        head_end = p_end - len(kw)
        p_start = _prefix_start(folded, head_end, floor, joint=bool(kw))
        p_start = _trim_lead(folded, p_start, head_end)
        prefix = re.sub(r"\s+", "", folded[p_start:p_end])
        year = m["year"] or (m.groupdict().get("byear"))
        if not _valid_year(year):
            continue
        y = int(year) if year else None
        serial = int(m["serial"])
        if how == "bare" or (how == "bracket" and head_end <= p_start):
            if not bare or (how == "bracket" and not m["di"]):
                continue
            out.append(Found(a_start, a_end, DocNumber("", y, serial, True)))
        elif how == "series":
            if head_end <= p_start:
                if not bare:
                    continue  # 令第1号 with nothing before: not a citation
                prefix = kw
            out.append(Found(p_start, a_end, DocNumber(prefix, y, serial, True)))
        else:  # 中国人民银行令〔2021〕1号 is still an order
            out.append(Found(p_start, a_end, DocNumber(prefix, y, serial, prefix.endswith(SERIES))))
        floor = a_end
    return out


def first(text: str) -> DocNumber | None:
    """`text` as a number when it is one, else the first number in it (bare ones included)."""
    n = parse(text)
    if n is not None:
        return n
    found = find(text, bare=True)
    return found[0].number if found else None


def canonical(text: str) -> str:
    """The canonical spelling of the number `text` holds, or ""."""
    n = first(text)
    return n.key if n else ""


def number_line(text: str) -> DocNumber | None:
    """A line that is nothing but a number (a document's head): the number, else None.
    Its prefix is an abbreviation, never a sentence: at most 16 characters, no 的/关于."""
    if "号" not in text or len(text) > 40:
        return None
    n = parse(text)
    if n is None or len(n.prefix) > 16 or re.search("的|关于|《", n.prefix):
        return None
    return n


def of_document(
    doc_number: str, issuer: str = "", kind: str = "", date: str = ""
) -> DocNumber | None:
    """A stored document's own number, a bare order number completed from its issuer."""
    n = first(doc_number) if doc_number else None
    return n.with_issuer(issuer, kind, date) if n else None
