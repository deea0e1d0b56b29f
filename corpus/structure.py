"""Stage 5, structure: from split documents to `Issue` and `Document` records.

Per document: title, 发文字号, issuer, date, addressees, kind, section, parent; paragraphs with
their kind (heading and level, article, item, body, addressee, signature, date, note) and an
outline of headings. Per issue: the gazette's name, year and number where the text says it
(a running head such as `国务院公报２０２１１０` is 2021年第10期), else inferred from its
documents, and its sections in order of appearance.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from corpus.clean import RunningHead
from corpus.model import Document, Heading, Issue, Paragraph
from corpus.normalize import normalize_doc_number
from corpus.reflow import (
    ARTICLE,
    DATE_LINE,
    MARKER,
    ORDER_NUMBER_LINE,
    POINT,
    TABLE_ROW,
    RawParagraph,
)
from corpus.split import (
    BRACKET_DATE,
    NEWS_DATELINE,
    REVISION_NOTE,
    DocPart,
    head_title,
    is_issuer_line,
)

_NUM = "一二三四五六七八九十百零〇两"
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_KIND = re.compile(
    r"(通知|意见|决定|办法|规定|方案|计划|目录|细则|条例|规则|公告|通告|批复|报告|纲要|规划|决议|命令|指引|标准|清单|名单)$"
)
_TITLE_ISSUER = re.compile(r"^(?P<issuer>.+?)(?:关于|转发|印发)")
_ORG_END = re.compile(r"(?:国务院|中共中央|办公厅|人民政府|政府|部|委员会|委|局|署|银行|院|厅|会)$")

#: 文号 prefixes of the central government, and how provincial prefixes are read.
CENTRAL_PREFIX = {
    "国发": ("国务院", "国务院文件"),
    "国函": ("国务院", "国务院文件"),
    "国令": ("国务院", "国务院文件"),
    "国办发": ("国务院办公厅", "国务院办公厅文件"),
    "国办函": ("国务院办公厅", "国务院办公厅文件"),
    "国办发明电": ("国务院办公厅", "国务院办公厅文件"),
    "中发": ("中共中央 国务院", "中共中央 国务院文件"),
    "中办发": ("中共中央办公厅 国务院办公厅", "中共中央办公厅 国务院办公厅文件"),
}
#: Province abbreviations that open provincial 文号 (川府发, 粤办函 …) and their gazettes.
PROVINCES = {
    "川": "四川省",
    "粤": "广东省",
    "京": "北京市",
    "沪": "上海市",
    "津": "天津市",
    "渝": "重庆市",
    "冀": "河北省",
    "晋": "山西省",
    "蒙": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "黔": "贵州省",
    "滇": "云南省",
    "云": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "甘": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}
GAZETTE_SLUGS = {"国务院公报": "gwy", "中华人民共和国国务院公报": "gwy"}


@dataclass
class SourceInfo:
    """What structure needs to know about the file a set of documents came from."""

    name: str
    sha256: str
    heads: list[RunningHead]


def iso_date(text: str) -> str:
    """`2017年1月19日` → `2017-01-19`; "" when the text holds no full date."""
    m = _DATE.search(text)
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else ""


def _order_number(text: str) -> str:
    """An order's number as printed, without spaces: 第40号, 〔2021〕第1号, 2021年第1号."""
    return re.sub(r"[\s\u3000]+", "", text)


def document_kind(title: str, anchor: str) -> str:
    """通知, 意见, 令, 办法 …: from the title's last word (after any bracketed edition)."""
    if anchor == "order":
        return "令"
    if anchor == "appointments":
        return "任免"
    if anchor == "news":
        return "消息"
    bare = re.sub(r"（[^）]*）$", "", title)
    m = _KIND.search(bare)
    return m[1] if m else ""


def _issuer_from_number(number: str) -> tuple[str, str]:
    """(issuer, section) that a 文号's prefix implies, or ("", "")."""
    m = re.match(r"^([\u4e00-\u9fff]+)〔", number)
    if not m:
        return "", ""
    prefix = m[1]
    if prefix in CENTRAL_PREFIX:
        return CENTRAL_PREFIX[prefix]
    province = PROVINCES.get(prefix[0])
    if province:
        short = "省" if province.endswith("省") else ("市" if province.endswith("市") else "自治区")
        if "办" in prefix[1:]:
            return f"{province}人民政府办公厅", f"{short}政府办公厅文件"
        if "府" in prefix[1:]:
            return f"{province}人民政府", f"{short}政府文件"
    return "", ""


def _classify(
    paras: list[RawParagraph], has_articles: bool
) -> tuple[list[Paragraph], list[Heading]]:
    """Kinds, levels and outline for a document's body paragraphs."""
    out: list[Paragraph] = []
    outline: list[Heading] = []
    texts = [p.text for p in paras]
    signatures = _signature_lines(texts)
    for i, t in enumerate(texts):
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        kind, level, label = (
            ("signature", 0, "") if i in signatures else _paragraph_kind(t, nxt, i, has_articles)
        )
        if kind == "body" and POINT.match(t):
            t = re.sub(r"^(\d{1,3})", r"\1．", t)
            label = t[:24]
            level = 3
        out.append(Paragraph(kind=kind, text=t, level=level if kind == "heading" else 0))
        if label:
            outline.append(Heading(level=level, text=label, para=len(out) - 1))
    return out, outline


def _signature_lines(texts: list[str]) -> set[int]:
    """The short lines right above a date line: the issuer, or officials with their names."""
    out: set[int] = set()
    for i, t in enumerate(texts):
        if not DATE_LINE.match(t):
            continue
        j = i - 1
        while j >= 0 and i - j <= 3 and _signs(texts[j]):
            out.add(j)
            j -= 1
    return out


def _signs(t: str) -> bool:
    """A signature line: an issuing body, or an official's post and name (`主任　何立峰`)."""
    if (
        len(t) > 30
        or re.search(r"[。；，：、]$", t)
        or MARKER.match(t)
        or ARTICLE.match(t)
        or DATE_LINE.match(t)
    ):
        return False
    parts = t.split("\u3000")
    return len(parts) == 1 or (len(parts) == 2 and 2 <= len(parts[1]) <= 4)


def _runin_label(t: str) -> str:
    """The run-in head of a paragraph: `（一）指导思想。…` → `（一）指导思想`."""
    m = re.match(r"^(.{2,40}?)[。：]", t)
    return m[1] if m else t[:24]


#: `第九十九条规定：…`, `第一百一十八条第一款规定：…`: an article quoted, not an article.
_QUOTED_ARTICLE = re.compile(rf"^第[{_NUM}\d]+条(?:第[{_NUM}\d]+[款项])*(?:的)?规定")


def _paragraph_kind(t: str, nxt: str, i: int, has_articles: bool) -> tuple[str, int, str]:
    """(kind, heading level, outline label or "") for one paragraph."""
    if DATE_LINE.match(t):
        return "date", 0, ""
    if NEWS_DATELINE.match(t) or REVISION_NOTE.match(t) or BRACKET_DATE.match(t):
        return "note", 0, ""
    if (
        i <= 1
        and t.endswith("：")
        and "。" not in t
        and len(t) <= 150
        and not MARKER.match(t)
        and "《" not in t  # a preamble (为落实《…》…提出以下意见：) addresses no one
    ):
        return "addressee", 0, ""
    standalone = len(t) <= 40 and not re.search(r"[。；][^。；]", t) and not t.endswith("；")
    m = re.match(rf"^第[{_NUM}\d]+([章节条])(?!第[{_NUM}\d]+[款项])", t)  # not 第三十一条第一款
    if m and m[1] == "条" and _QUOTED_ARTICLE.match(t):
        m = None  # `第九十九条规定：…` quotes an article; it is no article itself
    if m:
        if m[1] == "章":
            return "heading", 1, t
        if m[1] == "节":
            return "heading", 2, t
        return "article", 3, re.split(r"[\s\u3000]", t, maxsplit=1)[0]
    if re.match(rf"^[{_NUM}]+、", t):
        return ("heading", 1, t) if standalone else ("body", 1, _runin_label(t))
    if re.match(rf"^（[{_NUM}]+）", t):
        if has_articles:
            return "item", 0, ""
        return ("heading", 2, t) if standalone else ("body", 2, _runin_label(t))
    if re.match(r"^\d{1,3}[．.]", t) or re.match(r"^（\d{1,3}）", t):
        level = 3 if t[0] != "（" else 4
        if "。" not in t[:-1]:
            return "item", 0, ""
        return "body", level, _runin_label(t)
    return "body", 0, ""


def _section_of(span: tuple[int, int], heads: list[RunningHead]) -> str:
    """The section a running head inside the span names, if any."""
    for h in heads:
        if h.section and span[0] <= h.line <= span[1]:
            return h.section
    return ""


def _doc_id(issue_id: str, key: str) -> str:
    return f"{issue_id}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"


def structure(parts: list[DocPart], src: SourceInfo) -> tuple[Issue, list[Document]]:
    """Turn one file's split documents into an Issue and its Documents."""
    docs: list[Document] = []
    spans: list[tuple[int, int]] = []
    for order, part in enumerate(parts):
        doc = _document(part, order)
        paras = part.paragraphs
        spans.append((paras[0].span[0], paras[-1].span[1]) if paras else (0, 0))
        doc.lines = spans[-1]
        doc.source = src.name
        docs.append(doc)

    # parents, children, and what children inherit
    for doc, part in zip(docs, parts, strict=False):
        if part.parent is not None:
            parent = docs[part.parent]
            doc.parent = str(part.parent)
            parent.children.append(str(docs.index(doc)))
            if not doc.issuer:
                doc.issuer = parent.issuer
            if not doc.date:
                doc.date = parent.date
    for doc, part in zip(docs, parts, strict=False):  # a news item is dated by its dateline
        if part.anchor == "news" and not doc.date:
            for child in docs:
                if child.parent == str(docs.index(doc)):
                    doc.date = _dateline_date(child)
            if doc.date:
                for child in docs:
                    if child.parent == str(docs.index(doc)) and not child.date:
                        child.date = doc.date

    issue = _issue(docs, src)
    _assign_sections(docs, parts, spans, src.heads, issue)
    issue.sections = list(dict.fromkeys(d.section for d in docs if d.section))

    # stable ids: the issue plus the document's number or title
    ids = []
    for doc in docs:
        key = f"{doc.doc_number}|{doc.issuer}|{doc.title}" if doc.doc_number else doc.title
        ids.append(_doc_id(issue.id, key))
    for doc, new_id in zip(docs, ids, strict=False):
        doc.id = new_id
        doc.issue = issue.id
        doc.parent = ids[int(doc.parent)] if doc.parent is not None else None
        doc.children = [ids[int(c)] for c in doc.children]
    return issue, docs


def _dateline_date(doc: Document) -> str:
    for p in reversed(doc.paragraphs):
        if NEWS_DATELINE.match(p.text):
            return iso_date(p.text)
    return ""


def _document(part: DocPart, order: int) -> Document:
    title = _clean_title(head_title(part))
    number = ""
    issuer = ""
    date = ""
    for p in part.head:
        t = p.text
        if ORDER_NUMBER_LINE.match(t) and part.anchor == "order":
            number = _order_number(t)
        elif re.match(r"^[\u4e00-\u9fff]{1,10}〔\d{4}〕\d{1,4}号$", t):
            number = normalize_doc_number(t)
        elif BRACKET_DATE.match(t):
            date = iso_date(t)
    if part.anchor == "order":
        names = [p.text for p in part.head if not ORDER_NUMBER_LINE.match(p.text)]
        joined = " ".join(names).replace(" 令", "令")
        issuer = "、".join(n.removesuffix("令") for n in names if n != "令")
        title = f"{joined}（{number}）" if number.startswith("第") else f"{joined}{number}"
    # issuer lines under an attached text's title (民政厅　省扶贫移民局…): kept as printed
    n_issuer = 0
    while (
        part.anchor == "attached"
        and n_issuer < len(part.body)
        and is_issuer_line(part.body[n_issuer].text)
    ):
        n_issuer += 1
    if n_issuer:
        lines = [p.text for p in part.body[:n_issuer]]
        issuer = "、".join(re.split(r"[ \u3000]+", " ".join(lines)))
    has_articles = any(
        ARTICLE.match(p.text) and "条" in p.text[:8] and not _QUOTED_ARTICLE.match(p.text)
        for p in part.body
    )
    paragraphs, outline = _classify(part.body, has_articles)
    for para in paragraphs[:n_issuer]:
        para.kind = "note"
    # a revision note under the title is part of the body, shown as printed
    if not issuer:
        m = _TITLE_ISSUER.match(title)
        if m and _ORG_END.search(m["issuer"]):
            issuer = m["issuer"]
    if not issuer and part.anchor == "appointments":
        issuer = re.sub(r"^中华人民共和国|任免(人员|名单)?$|人事任免$", "", title)
    if not issuer and part.anchor == "news":
        m = re.match(r"^(.+?)印发", title)
        issuer = m[1] if m else ""
    if not issuer and number:
        issuer = _issuer_from_number(number)[0]
    if not issuer:
        sig = [p.text for p in paragraphs if p.kind == "signature"]
        if sig and not TABLE_ROW.search(sig[-1]):
            issuer = sig[-1]
    if not date and paragraphs and BRACKET_DATE.match(paragraphs[0].text):
        date = iso_date(paragraphs[0].text)
    if not date:
        dates = [iso_date(p.text) for p in paragraphs if p.kind == "date"]
        date = dates[0] if dates else ""
    addressees: list[str] = []
    for para in paragraphs[:2]:
        if para.kind == "addressee":
            addressees = [a for a in re.split(r"[，,]", para.text.rstrip("：:")) if a]
            break
    return Document(
        id=str(order),
        issue="",
        order=order,
        section="",
        title=title,
        doc_number=number,
        issuer=issuer,
        date=date,
        kind=document_kind(title, part.anchor),
        addressees=addressees,
        paragraphs=paragraphs,
        outline=outline,
    )


def _clean_title(title: str) -> str:
    """Join the head's lines into one title; a title is never empty."""
    title = re.sub(r"\s+(?=[《“])", "", title).strip()
    return title or "（无标题）"


def _issue(docs: list[Document], src: SourceInfo) -> Issue:
    """The issue's gazette, year and number: from a running head, else from its documents."""
    named = [h for h in src.heads if h.gazette]
    if named:
        h = named[0]
        gazette, year, number = h.gazette, h.year, h.number
        inferred = f"刊名、年份和期号取自页眉“{h.gazette}{h.year}{h.number or ''}”（第{h.line}行）"
    else:
        gazette, year, number = _infer_gazette(docs), None, None
        years = sorted(d.date[:4] for d in docs if d.date)
        year = int(years[-1]) if years else None
        inferred = (
            "原文无刊名、期号页眉：刊名据本地文件的发文字号推断，"
            f"年份取最晚发文日期（{max((d.date for d in docs if d.date), default='无')}），期号不详"
        )
    slug = GAZETTE_SLUGS.get(gazette) or _gazette_slug(gazette)
    if year and number:
        issue_id = f"{slug}-{year}-{number:02d}"
        name = f"{gazette} {year}年第{number}期"
    else:
        # no number to name it by: a key from its documents, the same whatever the file's
        # encoding or line endings
        key = "|".join(d.doc_number or d.title for d in docs)
        issue_id = f"{slug}-{year or 'x'}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"
        name = f"{gazette} {year}年（期号不详）" if year else f"{gazette}（期号不详）"
    return Issue(
        id=issue_id,
        gazette=gazette,
        year=year,
        number=number,
        name=name,
        source=src.name,
        sha256=src.sha256,
        inferred=inferred,
    )


def _gazette_slug(gazette: str) -> str:
    for abbr, province in PROVINCES.items():
        if gazette.startswith(province):
            return {"川": "sc", "粤": "gd", "京": "bj", "沪": "sh"}.get(
                abbr, "p" + str(ord(abbr) % 1000)
            )
    return "gz"


def _infer_gazette(docs: list[Document]) -> str:
    """A provincial issue prints its own government's documents: name it after them."""
    for d in docs:
        m = re.match(r"^([\u4e00-\u9fff])[府办]", d.doc_number)
        if m and m[1] in PROVINCES:
            return f"{PROVINCES[m[1]]}人民政府公报"
    return "国务院公报"


def _assign_sections(
    docs: list[Document],
    parts: list[DocPart],
    spans: list[tuple[int, int]],
    heads: list[RunningHead],
    issue: Issue,
) -> None:
    """Sections from running heads where the pages carry them, else from 文号 and issuer.

    A notice and the texts it issues are printed together, so a running head inside any of
    them names the section of the whole family.
    """
    provincial = issue.gazette != "国务院公报"

    def root(i: int) -> int:
        while docs[i].parent is not None:
            i = int(docs[i].parent)  # type: ignore[arg-type]
        return i

    family_section: dict[int, str] = {}
    for i in range(len(docs)):
        sec = _section_of(spans[i], heads)
        if sec:
            family_section.setdefault(root(i), sec)
    for i, d in enumerate(docs):
        top = root(i)
        d.section = family_section.get(top) or _section_by_rule(
            docs[top], parts[top].anchor, provincial
        )


def _section_by_rule(doc: Document, anchor: str, provincial: bool) -> str:
    if anchor == "appointments":
        return "人事任免"
    issuer_section = _issuer_from_number(doc.doc_number)[1] if doc.doc_number else ""
    local = (
        bool(re.match(r"^[\u4e00-\u9fff][府办]", doc.doc_number)) and doc.doc_number[0] in PROVINCES
    )
    central = not local
    if provincial and central:
        return "上级文件"
    if issuer_section:
        return issuer_section
    if anchor == "order":
        return "部门文件"
    issuer = doc.issuer.replace(" ", "")
    if issuer.startswith("中共中央办公厅") and "国务院办公厅" in issuer:
        return "中共中央办公厅 国务院办公厅文件"
    if issuer.startswith("中共中央") and "国务院" in issuer:
        return "中共中央 国务院文件"
    if issuer == "国务院":
        return "国务院文件"
    if issuer == "国务院办公厅":
        return "国务院办公厅文件"
    return "其他"
