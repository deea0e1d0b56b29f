"""Finding citations in document text: 发文字号, 令 numbers and titles in 《》.

Gazette texts cite other documents in a handful of shapes: a 发文字号 (国发〔2016〕49号,
财税[2019]13号, 卫 妇 发〔1995〕第7号), an order number (卫生部令第59号, 国家发展和改革委员会令
2014年第15号, 中国人民银行令〔2010〕第2号), a title in 《》, or a title followed by its number in
brackets. This module only finds them and says where they are; `corpus.resolve` decides what
they point to. Offsets are into the paragraph text as stored, so the browser can underline them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from corpus.model import Paragraph
from corpus.normalize import fold_width

_CJK = "\u4e00-\u9fff"
_OPEN = "〔[［【(（〖"
_CLOSE = "〕]］】)）〗"

#: The numeric tail of a 发文字号: 〔2016〕49号, [2019] 第13号, (2016) 49 号.
_BRACKET_TAIL = re.compile(
    rf"[{re.escape(_OPEN)}]\s*(?P<year>\d{{4}})\s*[{re.escape(_CLOSE)}]\s*(?:第\s*)?(?P<serial>\d{{1,5}})\s*号"
)
#: The tail of an order or announcement number: 令2014年第15号, 令 第59号, 令〔2010〕第2号,
#: 公告2021年第1号. Such numbers count per issuer, so the issuer stays part of them.
_SERIES = ("令", "公告", "通告")
_ORDER_TAIL = re.compile(
    rf"(?P<kw>令|公告|通告)\s*(?:(?P<year>\d{{4}})\s*年\s*|[{re.escape(_OPEN)}]\s*(?P<byear>\d{{4}})\s*[{re.escape(_CLOSE)}]\s*)?第\s*(?P<serial>\d{{1,5}})\s*号"
)

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


@dataclass
class Citation:
    """One citation in a document: where it is, what it says, and what it resolves to.

    `para`/`start`/`end` index `Document.paragraphs[para].text`; `doc_number` is the cited
    number in canonical form (国发〔2016〕49号, 卫生部令第59号) or ""; `title` the cited title
    without 《》 (for an alias such as 《指导意见》, the full title it stands for) or "";
    `target` the id of the cited document in the store, or None when it is not there.
    """

    para: int
    start: int
    end: int
    text: str
    doc_number: str = ""
    title: str = ""
    target: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "para": self.para,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "doc_number": self.doc_number,
            "title": self.title,
            "target": self.target,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Citation:
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    value: str  # canonical number, or title text


def canonical_number(prefix: str, year: str | None, serial: str) -> str:
    """The one spelling a cited number is stored and compared in.

    Orders and announcements keep their issuer and use the 年 form (中国人民银行令〔2010〕第2号
    → 中国人民银行令2010年第2号, 卫生部令第59号); other numbers use 〔〕 without 第
    (财税[2019]13号 → 财税〔2019〕13号).
    """
    prefix = re.sub(r"\s+", "", prefix)
    n = int(serial)
    if prefix.endswith(_SERIES):
        return f"{prefix}{year}年第{n}号" if year else f"{prefix}第{n}号"
    return f"{prefix}〔{year}〕{n}号"


def _prefix_start(text: str, end: int, floor: int, *, joint: bool) -> int:
    """Walk back from `end` over the issuer abbreviation in front of a number.

    CJK characters and single spaces between them (卫 妇 发) belong to it; with `joint`,
    so does 、 between issuers (国家发展改革委、商务部令). Stops at `floor` (the end of the
    previous number) and after `_MAX_PREFIX` characters.
    """
    i = end
    while i > floor and end - i < _MAX_PREFIX:
        ch = text[i - 1]
        if re.match(rf"[{_CJK}]", ch):
            i -= 1
        elif ch in " \u3000\t" and i - 2 >= floor and re.match(rf"[{_CJK}]", text[i - 2]):
            i -= 1
        elif joint and ch == "、" and i - 2 >= floor and re.match(rf"[{_CJK}]", text[i - 2]):
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
            if text.startswith(word, start) and end - start > len(word) + 1:
                start += len(word)
                changed = True
                break
    return start


def find_numbers(text: str) -> list[_Hit]:
    """Every 发文字号 and 令 number in `text`, left to right, with canonical values."""
    if "号" not in text:
        return []
    folded = fold_width(text)  # one character for one: offsets stay valid
    anchors: list[tuple[int, int, re.Match[str], bool]] = []
    for m in _ORDER_TAIL.finditer(folded):
        anchors.append((m.start(), m.end(), m, True))
    taken = [(a, b) for a, b, _, _ in anchors]
    for m in _BRACKET_TAIL.finditer(folded):
        if not any(a <= m.start() < b for a, b in taken):
            anchors.append((m.start(), m.end(), m, False))
    anchors.sort(key=lambda a: a[0])

    hits: list[_Hit] = []
    floor = 0
    for a_start, a_end, m, is_order_tail in anchors:
        if is_order_tail:
            p_end = a_start + len(m["kw"])  # the prefix includes 令/公告
        else:
            p_end = a_start
            while p_end > floor and folded[p_end - 1] in " \u3000\t":
                p_end -= 1
        kw_len = len(m["kw"]) if is_order_tail else 0
        p_start = _prefix_start(
            folded, p_end - kw_len, floor, joint=folded[:p_end].endswith(_SERIES)
        )
        p_start = _trim_lead(folded, p_start, p_end - kw_len)
        prefix = folded[p_start:p_end]
        if p_end - kw_len <= p_start:
            continue  # a bare 〔2021〕第1号 or 第40号: an order's own header, not a citation
        year = m.group("year") or (m.groupdict().get("byear"))
        if year and not 1949 <= int(year) <= 2100:
            continue
        value = canonical_number(prefix, year, m.group("serial"))
        hits.append(_Hit(p_start, a_end, value))
        floor = a_end
    return hits


_TITLE_MARKS = re.compile("[《》]")


def find_titles(text: str) -> list[_Hit]:
    """Every top-level 《…》 in `text` (nested 〈〉 and 《》 stay inside the title)."""
    hits: list[_Hit] = []
    if "《" not in text:
        return hits
    depth = 0
    start = -1
    for mark in _TITLE_MARKS.finditer(text):
        i, ch = mark.start(), mark.group()
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                title = re.sub(r"\s+", "", text[start + 1 : i])
                if title:
                    hits.append(_Hit(start, i + 1, title))
    return hits


#: 《医疗机构执业许可证》, 《职业病诊断就诊登记表》: forms, certificates, tables, registers.
_FORM_END = re.compile(
    r"(?:证|表|册|单|簿|卡|证书|证明|(?:登记|承诺|申请|告知|决定|意见|通知|证明|责任|委托)书|登记表|台账)$"
)


def names_a_form(title: str) -> bool:
    """Does a 《…》 name a form, certificate, table or register rather than a document?
    Such a title is no citation unless it resolves to a document or carries a 文号."""
    t = title_key(title)
    return bool(_FORM_END.search(t)) and not t.endswith(("保证", "论证", "认证", "验证"))


_NUMBER_AFTER_TITLE = re.compile(r"\s*[(（]\s*")
#: 本《办法》, 该《规定》, 上述《意见》: a short title standing for one named before.
_BACK_REFERENCE = re.compile(r"(?:本|该|上述|前述)$")
_ALIAS_BEFORE = re.compile(r"(?:以下简称|以下称|下称|简称)(?:为)?\s*$")


def _ending_with(earlier: list[Citation], short: str) -> Citation | None:
    """The latest citation whose full title ends with a short one (护士执业注册管理办法 ← 办法)."""
    key = title_key(short)
    for c in reversed(earlier):
        full = title_key(c.title)
        if c.title and full != key and full.endswith(key):
            return c
    return None


def title_key(title: str) -> str:
    """How titles are compared: no spaces or 《》〈〉 marks, one kind of bracket, half-width."""
    t = fold_width(title)
    t = re.sub(r"[\s《》〈〉<>“”\"'‘’]", "", t)
    return t.replace("(", "（").replace(")", "）")


def extract_citations(paragraphs: list[Paragraph]) -> list[Citation]:
    """The citations of one document, in reading order, not yet resolved.

    A title directly followed by its number in brackets (《…》（国发〔2016〕49号）) is one
    citation carrying both. An alias defined as （以下简称《指导意见》） is not a citation
    itself, but later uses of 《指导意见》 carry the full title and number it stands for, as
    本《办法》/该《办法》 carry those of the last cited …办法 (本《办法》 with none names the
    document itself and is dropped).
    """
    out: list[Citation] = []
    aliases: dict[str, tuple[str, str]] = {}
    amended: list[Citation] = []
    for pi, para in enumerate(paragraphs):
        text = para.text
        numbers = find_numbers(text)
        used: set[int] = set()
        found: list[Citation] = []
        for t in find_titles(text):
            if _ALIAS_BEFORE.search(text[max(0, t.start - 8) : t.start]):
                prior = [c for c in found if c.end <= t.start]
                if prior:
                    aliases[title_key(t.value)] = (prior[-1].title, prior[-1].doc_number)
                    continue
            cit = Citation(pi, t.start, t.end, text[t.start : t.end], title=t.value)
            gap = _NUMBER_AFTER_TITLE.match(text, t.end)
            if gap:
                for k, n in enumerate(numbers):
                    if n.start == gap.end() and k not in used:
                        used.add(k)
                        cit.end, cit.doc_number = n.end, n.value
                        cit.text = text[cit.start : cit.end]
                        break
            if not cit.doc_number and title_key(t.value) in aliases:
                cit.title, cit.doc_number = aliases[title_key(t.value)]
            elif not cit.doc_number and _BACK_REFERENCE.search(text[max(0, t.start - 2) : t.start]):
                earlier = _ending_with(amended, t.value) or _ending_with([*out, *found], t.value)
                if earlier is not None:
                    cit.title, cit.doc_number = earlier.title, earlier.doc_number
                elif text[t.start - 1] == "本":
                    continue  # 本《办法》 with nothing before it: the document itself
            found.append(cit)
            if para.kind == "heading" or text[max(0, t.start - 1) : t.start] == "对":
                amended.append(
                    cit
                )  # 对《X》作如下修改, 一、《X》: what 本《办法》 means from here on
        for k, n in enumerate(numbers):
            if k not in used:
                found.append(
                    Citation(pi, n.start, n.end, text[n.start : n.end], doc_number=n.value)
                )
        found.sort(key=lambda c: c.start)
        out.extend(found)
    return out
