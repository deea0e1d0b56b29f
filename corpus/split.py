"""Stage 4, split: cut an issue's paragraphs into documents, and say which issues which.

A gazette prints documents one after another; what marks a new one is its head:
- a 发文字号 line (`国办发〔2017〕6号`), under the issuer and title lines;
- an order's number (`第　40　号`, `〔2021〕第1号`) under `…委员会令`;
- a title over a bracketed date (`（2020年12月16日）`);
- a title right after the signature date of a notice or an order: the text it issues;
- a title over its revision history (`（1995年8月7日…公布；根据…修订）`);
- `《…》全文如下。`: the text a news item announces;
- a title after a news dateline (`（新华社北京…电）`), and an appointments list (`…任免人员`).
A 印发/转发 notice, an order or an amending decision is the parent of the texts that follow
it in this way; a forwarded text that carries its own 文号 is a child when the notice's title
names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.dates import DATE
from corpus.normalize import fold_width
from corpus.reflow import (
    ARTICLE,
    DATE_LINE,
    DOC_NUMBER_LINE,
    MARKER,
    ORDER_NUMBER_LINE,
    RawParagraph,
    looks_like_row,
)

BRACKET_DATE = re.compile(rf"^（{DATE}）$")
REVISION_NOTE = re.compile(r"^（.*(?:公布|发布|修订|修正|施行).*）$")
NEWS_DATELINE = re.compile(r"^（新华社.*电）$")
APPOINTMENTS = re.compile(r"(?:任免人员|任免名单|人事任免)$")
FULLTEXT = re.compile(r"《(?P<title>[^》]+)》全文如下[。：]$")
ORDER_ISSUER = re.compile(r"令$")
_TERMINAL_END = re.compile(r"[。；！？：，、][”’）》]*$")
ISSUING = re.compile(r"印发|转发|发布|公布")
AMENDING = re.compile(r"修改|修订|废止")

Anchor = str  # "number" | "order" | "dated" | "attached" | "revised" | "fulltext" | "news" | "appointments" | "fragment"


@dataclass
class DocPart:
    """One document's paragraphs, split into its head and its body."""

    anchor: Anchor
    head: list[RawParagraph] = field(default_factory=list)
    body: list[RawParagraph] = field(default_factory=list)
    parent: int | None = None  # index of the issuing document in the split's result
    fulltext_title: str = ""

    @property
    def paragraphs(self) -> list[RawParagraph]:
        return self.head + self.body


def is_title_like(p: RawParagraph) -> bool:
    """A head line: short, one or two lines, no sentence end, not a date or a heading."""
    t = p.text
    short = len(t) <= 60 and len(p.lines) <= 3
    return (
        0 < len(t)
        and (short or is_long_title(p))
        and not _TERMINAL_END.search(t)
        and not DATE_LINE.match(t)
        and not DOC_NUMBER_LINE.match(t)
        and not ORDER_NUMBER_LINE.match(t)
        and not MARKER.match(t)
        and not ARTICLE.match(t)
        and not NEWS_DATELINE.match(t)
        and not (looks_like_row(t) and not p.spaced)
    )


#: The words a document's title ends with (…的通知, …实施意见, …办法（试行）).
_TITLE_END = re.compile(
    r"(?:通知|意见|决定|办法|规定|方案|计划|细则|条例|规则|公告|通告|批复|报告|纲要|规划|决议|"
    r"命令|指引|指南|标准|清单|名单|函|复函|令|政策|措施|要点|制度|规范|目录|名录|章程|预案)(?:[（(][^）)]{1,12}[）)])?$"
)


def is_long_title(p: RawParagraph) -> bool:
    """A title too long for one display line (安徽省推进“三地一区”建设领导小组…实施意见的通知):
    up to 160 characters ending in a document's kind, on one line of the source, no sentence."""
    t = p.text
    return len(t) <= 160 and len(p.lines) == 1 and bool(_TITLE_END.search(t)) and "。" not in t


def _walk_back(paras: list[RawParagraph], i: int, limit: int = 5) -> int:
    """From the anchor at i, the first paragraph of the head above it (issuer, title)."""
    start = i
    while start > 0 and i - start < limit and is_title_like(paras[start - 1]):
        start -= 1
        if paras[start].first.page_start:
            break
    return start


def find_starts(paras: list[RawParagraph]) -> dict[int, tuple[Anchor, int]]:
    """Where each document starts: {start index: (anchor kind, index of its key line)}."""
    starts: dict[int, tuple[Anchor, int]] = {}
    claimed: set[int] = set()  # paragraphs already part of some head

    def add(start: int, anchor: Anchor, key: int) -> None:
        if any(k in claimed for k in range(start, key + 1)) and start not in starts:
            return
        starts[start] = (anchor, key)
        claimed.update(range(start, key + 1))

    n = len(paras)
    for i, p in enumerate(paras):
        t = p.text
        if DOC_NUMBER_LINE.match(t) and i > 0 and is_title_like(paras[i - 1]):
            add(_walk_back(paras, i), "number", i)
        elif ORDER_NUMBER_LINE.match(t) and i > 0 and ORDER_ISSUER.search(paras[i - 1].text):
            start = i - 1
            while (
                start > 0
                and i - start < 4
                and is_title_like(paras[start - 1])
                and not paras[start].first.page_start
            ):
                if not re.search(
                    r"(?:部|委员会|银行|局|署|院|办公厅|政府|会)$", paras[start - 1].text
                ):
                    break
                start -= 1
            add(start, "order", i)
        elif (
            BRACKET_DATE.match(t) and i > 0 and is_title_like(paras[i - 1]) and i - 1 not in claimed
        ):
            add(_walk_back(paras, i), "dated", i)
        elif (
            APPOINTMENTS.search(t)
            and len(t) <= 30
            and i + 1 < n
            and DATE_LINE.match(paras[i + 1].text)
        ):
            add(i, "appointments", i)
    for i, p in enumerate(paras):
        t = p.text
        nxt = paras[i + 1] if i + 1 < n else None
        if nxt is None or i + 1 in starts or i + 1 in claimed:
            continue
        if DATE_LINE.match(t) and not BRACKET_DATE.match(t) and is_title_like(nxt):
            if i + 2 < n and DATE_LINE.match(paras[i + 2].text):
                continue  # a signature over a date: still the same document
            add(i + 1, "attached", i + 1)
        elif NEWS_DATELINE.match(t) and is_title_like(nxt):
            add(i + 1, "news", i + 1)
        elif FULLTEXT.search(t):
            add(i + 1, "fulltext", i + 1)
    for i, p in enumerate(paras):
        if (
            i + 1 < len(paras)
            and i not in claimed
            and is_title_like(p)
            and REVISION_NOTE.match(paras[i + 1].text)
            and i > 0
            and _TERMINAL_END.search(paras[i - 1].text)
        ):
            add(i, "revised", i)
    return starts


def _head_end(paras: list[RawParagraph], anchor: Anchor, start: int, key: int, end: int) -> int:
    """Index just past a document's head: title lines, number, date and issuer lines."""
    j = key if anchor == "dated" else key + 1  # a bracketed date stays in the body, as printed
    if anchor in ("attached", "revised", "news", "appointments"):
        j = start
        while (
            j < end
            and is_title_like(paras[j])
            and not is_issuer_line(paras[j].text)
            and j - start < 4
        ):
            j += 1
        j = max(j, start + 1)
    elif anchor == "fulltext":
        return start
    return j


_ORG = re.compile(r"(?:部|委|委员会|厅|局|署|办|院|行|会|联|总队|公司|政府|中心|办公室)$")


def is_issuer_line(text: str) -> bool:
    """A line of issuing bodies separated by spaces: `国家发展改革委 交通运输部 …`."""
    parts = [x for x in re.split(r"[ \u3000]+", text) if x]
    return len(parts) >= 2 and all(_ORG.search(x) for x in parts) and not _TERMINAL_END.search(text)


def split(paras: list[RawParagraph]) -> list[DocPart]:
    """Cut paragraphs into documents and link each issued text to its issuer."""
    starts = find_starts(paras)
    if not paras:
        return []
    if 0 not in starts:
        starts[0] = ("fragment", 0)
    order = sorted(starts)
    parts: list[DocPart] = []
    for k, start in enumerate(order):
        end = order[k + 1] if k + 1 < len(order) else len(paras)
        anchor, key = starts[start]
        h = _head_end(paras, anchor, start, key, end)
        part = DocPart(anchor=anchor, head=paras[start:h], body=paras[h:end])
        if anchor == "fulltext":
            m = FULLTEXT.search(paras[start - 1].text)
            part.fulltext_title = m["title"] if m else ""
        parts.append(part)
    _link_parents(parts)
    return _split_named_texts(parts)


def _title_key(text: str) -> str:
    """A title as compared with the notice that names it: widths, brackets, dashes and marks
    folded (行动计划(2021—2023年) and 行动计划（2021-2023年） are the same)."""
    t = fold_width(text)
    t = re.sub(r"[\s《》〈〉“”\"的]", "", t)
    return t.translate(str.maketrans("（）—–－~～", "()-----"))


def _split_named_texts(parts: list[DocPart]) -> list[DocPart]:
    """A 印发 notice that issues two texts names both in its title; web copies and database
    exports print the second right after the first, with no date between. A title-like
    paragraph after a sentence's end that the notice's title names starts that next text."""
    out: list[DocPart] = []
    remap: dict[int, int] = {}
    for k, part in enumerate(parts):
        remap[k] = len(out)
        if part.parent is None or not ISSUING.search(head_title(parts[part.parent])):
            out.append(part)
            continue
        named = _title_key(head_title(parts[part.parent]))
        own = _title_key(head_title(part))
        piece = part
        j = 1
        while j < len(piece.body):
            p = piece.body[j]
            key = _title_key(p.text)
            if (
                len(key) >= 6
                and key != own
                and key in named
                and is_title_like(p)
                and _TITLE_END.search(p.text)  # a text's title, not a signing body
                and _TERMINAL_END.search(piece.body[j - 1].text)
            ):
                out.append(
                    DocPart(
                        anchor=piece.anchor,
                        head=piece.head,
                        body=piece.body[:j],
                        parent=piece.parent,
                        fulltext_title=piece.fulltext_title,
                    )
                )
                piece = DocPart(
                    anchor="attached", head=[p], body=piece.body[j + 1 :], parent=part.parent
                )
                own = key
                j = 1
                continue
            j += 1
        out.append(piece)
    for part in out:
        if part.parent is not None:
            part.parent = remap[part.parent]
    return out


def head_title(part: DocPart) -> str:
    """The title as the head prints it (issuer line and title lines joined)."""
    if part.anchor == "fulltext":
        return part.fulltext_title
    lines: list[str] = []
    for p in part.head:
        t = p.text
        if (
            DOC_NUMBER_LINE.match(t)
            or ORDER_NUMBER_LINE.match(t)
            or BRACKET_DATE.match(t)
            or is_issuer_line(t)
        ):
            continue
        so_far = "".join(lines)
        if so_far and _TITLE_END.search(so_far):
            if head_issuer_line(t) or _title_key(t) == _title_key(so_far):
                continue  # the issuer under a complete title, or the title printed twice
        lines.append(t)
    return "".join(lines)


_BODY_NAME = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|委员会|部|委|局|署|厅|院|银行|总队|中心|小组|会)$"
)


def head_issuer_line(text: str) -> bool:
    """A head line that only names a body (新疆维吾尔自治区克孜勒苏柯尔克孜自治州人民政府办公室)."""
    return (
        len(text) <= 40
        and bool(_BODY_NAME.search(text))
        and not re.search(r"关于|印发|转发|[，。；：《》]", text)
    )


def _core(title: str) -> str:
    """A title without its issuer and 关于, to compare a notice's title with its child's."""
    t = re.sub(r"^.*?(?:关于|转发|印发)", "", title)
    return re.sub(r"[的《》〈〉“”\s]", "", t)


def _names(parent_title: str, child_title: str) -> bool:
    """Does the 印发/转发 notice's title name the child (allowing small differences)?"""
    a, b = (
        _core(parent_title),
        re.sub(r"[的《》〈〉“”\s]", "", re.sub(r"^.*?关于", "", child_title)),
    )
    if not b:
        return False
    if b in a:
        return True
    common = sum(1 for ch in set(b) if ch in a)
    return common >= 0.8 * len(set(b))


def _link_parents(parts: list[DocPart]) -> None:
    for k, part in enumerate(parts):
        if k == 0:
            continue
        prev = parts[k - 1]
        prev_title = head_title(prev)
        top = prev if prev.parent is None else parts[prev.parent]
        top_k = k - 1 if prev.parent is None else prev.parent
        if part.anchor == "fulltext":
            part.parent = k - 1
        elif part.anchor == "attached":
            if prev.anchor == "order" or ISSUING.search(prev_title) or AMENDING.search(prev_title):
                part.parent = k - 1
            elif prev.parent is not None:
                part.parent = prev.parent
            else:
                part.parent = k - 1
        elif part.anchor == "revised":
            if AMENDING.search(prev_title) and prev.parent is not None:
                part.parent = k - 1
            elif prev.parent is not None and AMENDING.search(head_title(top)):
                part.parent = top_k
            elif prev.parent is not None:
                part.parent = prev.parent
        elif part.anchor in ("number", "dated") and prev.parent is None:
            if ISSUING.search(prev_title) and _names(prev_title, head_title(part)):
                part.parent = k - 1


def link_parents(parts: list[DocPart]) -> None:
    """Link issued texts to their issuer afresh: a structured source's reader gives the
    first part its head (title, 文号) only after `split` has run over the body."""
    for part in parts:
        part.parent = None
    _link_parents(parts)
