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

from corpus.docnumber import SERIES, DocNumber
from corpus.docnumber import find as find_in
from corpus.model import Paragraph
from corpus.normalize import fold_width


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
    """The one spelling a cited number is stored and compared in (`DocNumber.key`).

    Orders and announcements keep their issuer and use the 年 form (中国人民银行令〔2010〕第2号
    → 中国人民银行令2010年第2号, 卫生部令第59号); other numbers use 〔〕 without 第
    (财税[2019]13号 → 财税〔2019〕13号).
    """
    prefix = re.sub(r"\s+", "", prefix)
    series = prefix.endswith(SERIES) or not year
    return DocNumber(prefix, int(year) if year else None, int(serial), series).key


def find_numbers(text: str) -> list[_Hit]:
    """Every 发文字号 and 令 number in `text`, left to right, with canonical values.

    A bare 〔2021〕第1号 or 第40号 is an order's own header, not a citation, and is skipped.
    """
    return [_Hit(f.start, f.end, f.number.key) for f in find_in(text)]


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
