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

from corpus import docnumber, issuers
from corpus.clean import RunningHead
from corpus.dates import iso_date, promulgated_date
from corpus.model import Document, Heading, Issue, Paragraph
from corpus.reflow import (
    ARTICLE,
    DATE_LINE,
    DOC_NUMBER_LINE,
    MARKER,
    ORDER_NUMBER_LINE,
    POINT,
    RawParagraph,
)
from corpus.relations import find_effective
from corpus.split import (
    BRACKET_DATE,
    NEWS_DATELINE,
    REVISION_NOTE,
    DocPart,
    head_issuer_line,
    head_title,
    is_issuer_line,
)

_NUM = "一二三四五六七八九十百零〇两"
_KIND = re.compile(
    r"(通知|意见|决定|办法|规定|方案|计划|目录|细则|条例|规则|公告|通告|批复|报告|纲要|规划|决议|命令|指引|标准|清单|名单)$"
)
_TITLE_ISSUER = re.compile(r"^(?P<issuer>.+?)(?:关于|转发|印发)")
_ORG_END = issuers.ORG_END

#: Kept for readers of this module: the data lives in `corpus.issuers`.
PROVINCES = issuers.PROVINCES
GAZETTE_SLUGS = {"国务院公报": "gwy", "中华人民共和国国务院公报": "gwy"}


@dataclass
class SourceInfo:
    """What structure needs to know about the file a set of documents came from."""

    name: str
    sha256: str
    heads: list[RunningHead]


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


def _issuer_from_number(
    number: str, places: dict[str, issuers.Jurisdiction] | None = None
) -> issuers.NumberIssuer:
    """What a 文号's prefix says of its issuer: jurisdiction, organ and section."""
    n = docnumber.parse(number)
    if n is None or n.series:
        return issuers.NumberIssuer(issuers.UNKNOWN)
    return issuers.issuer_of_prefix(n.prefix, places)


def _classify(
    paras: list[RawParagraph], has_articles: bool
) -> tuple[list[Paragraph], list[Heading]]:
    """Kinds, levels and outline for a document's body paragraphs."""
    out: list[Paragraph] = []
    outline: list[Heading] = []
    texts = [piece for p in paras for piece in split_glued_heading(p.text)]
    signatures = _signature_lines(texts)
    contents = table_of_contents(texts)
    depth = 1 if any(_heading_number(t)[0] == "编" for t in texts) else 0
    for i, t in enumerate(texts):
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        if i in contents:
            out.append(Paragraph(kind="note", text=t))  # 目录: listed, not the outline
            continue
        kind, level, label = (
            ("signature", 0, "")
            if i in signatures
            else _paragraph_kind(t, nxt, i, has_articles, depth)
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
        # up to three lines of anything that signs; further up, only bodies (a joint
        # document's signers stand one a line, seven or more of them)
        while j >= 0 and _signs(texts[j]) and (i - j <= 3 or _is_body(texts[j])):
            out.add(j)
            j -= 1
    return out


def _is_body(t: str) -> bool:
    """A line naming one or more issuing bodies, nothing else."""
    return all(_ORG_END.search(w) for w in re.split(r"[ \u3000]+", t) if w) and len(t) <= 48


def _signs(t: str) -> bool:
    """A signature line: an issuing body, or an official's post and name (`主任　何立峰`)."""
    if (
        (len(t) > 30 and not (len(t) <= 48 and _ORG_END.search(t)))
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


_HEADING_NUMBER = re.compile(rf"^第[{_NUM}\d]+([编章节条])")
#: What follows 第X章 or 第X条 when it is cited inside a sentence, not a heading:
#: 第四章第八节的规定, 第十四条规定的, 第三条、第五条.
_CITED_AFTER = (
    "第",
    "的",
    "规定",
    "之",
    "中",
    "和",
    "及",
    "至",
    "所",
    "、",
    "，",
    "款",
    "项",
    "或",
)


def _heading_number(t: str) -> tuple[str, str]:
    """(编/章/节/条, the rest) when `t` opens as a heading or an article; ("", "") otherwise.

    `第四章第八节的规定…` inside a sentence is no heading: a heading's number is followed by a
    space, by nothing, or (编/章/节) by a short title without punctuation.
    """
    m = _HEADING_NUMBER.match(t)
    if not m:
        return "", ""
    rest = t[m.end() :]
    if not rest or rest[0] in " \u3000":
        return m[1], rest
    if rest.startswith(_CITED_AFTER):
        return "", ""
    if m[1] == "条":
        return m[1], rest
    if len(rest) <= 30 and not re.search(r"[。；，：、！？]", rest):
        return m[1], rest
    return "", ""


_GLUED = re.compile(
    rf"^(?P<before>.*[。；！？][”’）》]*)(?P<heading>(?:第[{_NUM}\d]+[编章节][\s\u3000]|[{_NUM}]+、)[^。；，：！？]{{1,30}})$"
)


def split_glued_heading(text: str) -> list[str]:
    """A heading that a copy glued to the end of the paragraph before stands on its own:
    `…请认真贯彻执行。第二章　总则` → two paragraphs."""
    m = _GLUED.match(text)
    if not m or len(m["before"]) < 4:
        return [text]
    return [m["before"], m["heading"]]


_TOC_ENTRY = re.compile(rf"^(?:第[{_NUM}\d]+[编章节]|[{_NUM}]+、|附[\s\u3000]*则|附件)")


def table_of_contents(texts: list[str]) -> set[int]:
    """The paragraphs of a 目录 block: the `目录` line and the entries listed under it, up to
    the first entry that comes round again as the real heading."""
    for i, t in enumerate(texts):
        if re.sub(r"[\s\u3000]", "", t) != "目录":
            continue
        block = {i}
        first = ""
        for j in range(i + 1, len(texts)):
            entry = texts[j]
            key = re.sub(r"[\s\u3000]", "", entry)
            if len(entry) > 40 or "。" in entry or not _TOC_ENTRY.match(entry):
                break
            if first and key == first:
                break
            first = first or key
            block.add(j)
        return block if len(block) > 1 else set()
    return set()


def _paragraph_kind(
    t: str, nxt: str, i: int, has_articles: bool, depth: int = 0
) -> tuple[str, int, str]:
    """(kind, heading level, outline label or "") for one paragraph; `depth` is 1 where the
    document has 编 above its 章."""
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
        and not ARTICLE.match(t)  # 第二条 具备下列条件之一的…：  lists, it addresses no one
        and "《" not in t  # a preamble (为落实《…》…提出以下意见：) addresses no one
    ):
        return "addressee", 0, ""
    standalone = len(t) <= 40 and not re.search(r"[。；][^。；]", t) and not t.endswith("；")
    unit, rest = _heading_number(t)
    if unit == "编":
        return "heading", 1, t
    if unit == "章":
        return "heading", 1 + depth, t
    if unit == "节":
        return "heading", 2 + depth, t
    if unit == "条":
        return "article", 3 + depth, t[: len(t) - len(rest)]
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

    places = _issuers_and_places(docs, parts)
    issue = _issue(docs, src)
    _assign_sections(docs, parts, spans, src.heads, issue, places)
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


def _issuers_and_places(
    docs: list[Document], parts: list[DocPart]
) -> dict[str, issuers.Jurisdiction]:
    """Issuers, jurisdictions and 公布 dates that need the whole file.

    A city's 文号 abbreviation (穗 in 穗府办规) is learnt from documents that both carry such
    a number and name their issuer; documents of the same file that only carry the number
    then get their issuer and jurisdiction from it. Attached texts inherit from their parent.
    """
    places: dict[str, issuers.Jurisdiction] = {}
    for d in docs:
        n = docnumber.parse(d.doc_number) if d.doc_number else None
        if n is not None and not n.series and d.issuer:
            learnt = issuers.learn_place(n.prefix, d.issuers[0] if d.issuers else d.issuer)
            if learnt:
                places.setdefault(*learnt)
    for d, part in zip(docs, parts, strict=False):
        parent = docs[int(d.parent)] if d.parent is not None else None
        info = _issuer_from_number(d.doc_number, places) if d.doc_number else None
        if not d.issuer and info is not None and info.organ:
            d.issuer = info.organ
        if not d.issuers and d.issuer:
            d.issuers = issuers.split_issuers(d.issuer)
        if parent is not None and not d.issuers:
            d.issuers = list(parent.issuers)
        where = info.jurisdiction if info is not None else issuers.UNKNOWN
        if not where.level and d.issuers:
            where = issuers.jurisdiction_of_issuer(d.issuers[0])
        if not where.level and parent is not None:
            d.jurisdiction = parent.jurisdiction
        else:
            d.jurisdiction = where.name
        # an order is published on its date, and so is the text it publishes
        if not d.promulgated and part.anchor == "order":
            d.promulgated = d.date
        if not d.promulgated and parent is not None and parent.kind == "令":
            d.promulgated = parent.promulgated
    _effective_dates(docs)
    return places


def _effective_dates(docs: list[Document]) -> None:
    """施行 dates, by the same rule the references use (`corpus.relations`): the document's
    own 自…起施行 clause, else its parent's, else its only child's; ISO dates only."""
    parent_of = {i: int(d.parent) for i, d in enumerate(docs) if d.parent is not None}
    own: dict[int, str] = {}
    for i, d in enumerate(docs):
        found = find_effective(d, docs[parent_of[i]] if i in parent_of else None)
        if found is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.date):
            own[i] = found.date
    for i, d in enumerate(docs):
        kids = [k for k, p in parent_of.items() if p == i and k in own]
        d.effective = (
            own.get(i) or own.get(parent_of.get(i, -1)) or (own[kids[0]] if len(kids) == 1 else "")
        )


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
        elif (own := DOC_NUMBER_LINE.match(t)) is not None:
            number = own.key
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
    has_articles = any(_heading_number(p.text)[0] == "条" for p in part.body)
    paragraphs, outline = _classify(part.body, has_articles)
    for para in paragraphs[:n_issuer]:
        para.kind = "note"
    # a revision note under the title is part of the body, shown as printed
    if not issuer:  # a web copy's head: the title, then the issuer on a line of its own
        title_so_far = ""
        for p in part.head:
            if title_so_far and head_issuer_line(p.text) and p.text not in title:
                issuer = p.text
                break
            title_so_far += p.text
    if not issuer:
        m = _TITLE_ISSUER.match(title)
        if m and _ORG_END.search(m["issuer"]):
            issuer = m["issuer"]
    if not issuer and part.anchor == "appointments":
        issuer = re.sub(r"^中华人民共和国|任免(人员|名单)?$|人事任免$", "", title)
    if not issuer and part.anchor == "news":
        m = re.match(r"^(.+?)印发", title)
        issuer = m[1] if m else ""
    # the signature: every body that signs, lead first (joint documents sign one a line)
    signers = [
        name
        for p in paragraphs
        if p.kind == "signature" and _is_body(p.text)
        for name in issuers.split_issuers(p.text)
    ]
    if not issuer and signers:
        issuer = "、".join(signers) if len(signers) > 1 else signers[0]
    if not issuer and number:  # the text names no issuer: what its 文号 says
        issuer = _issuer_from_number(number).organ
    names = issuers.split_issuers(issuer)
    if len(signers) > 1 and (not names or names[0] in signers):
        names = signers
    # a 题注 under the title: (2008年5月6日卫生部令第59号公布　根据…修订)
    promulgated = next(
        (promulgated_date(p.text) for p in paragraphs[:3] if REVISION_NOTE.match(p.text)), ""
    )
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
        issuers=names,
        promulgated=promulgated,
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
    places: dict[str, issuers.Jurisdiction],
) -> None:
    """Sections from running heads where the pages carry them, else from 文号 and issuer.

    A notice and the texts it issues are printed together, so a running head inside any of
    them names the section of the whole family.
    """
    home = issuers.jurisdiction_of_issuer(issue.gazette.removesuffix("公报"))

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
            docs[top], parts[top].anchor, home, places
        )


def _section_by_rule(
    doc: Document,
    anchor: str,
    home: issuers.Jurisdiction,
    places: dict[str, issuers.Jurisdiction],
) -> str:
    """The section a document without a running head belongs in, from its 文号 and issuer.

    In a provincial (or city) gazette, only documents of a higher level are 上级文件 — the
    central government's, or for a city the province's; the gazette's own government's
    documents go by their 文号 (省政府文件, 省政府办公厅文件), its departments' in 部门文件.
    """
    if anchor == "appointments":
        return "人事任免"
    info = _issuer_from_number(doc.doc_number, places) if doc.doc_number else None
    level = _LEVELS.get(_doc_level(doc, info), 0)
    if home.level in ("province", "city"):
        if level and level < _LEVELS[home.level]:
            return "上级文件"
        if info is not None and info.section:
            if doc.issuer.endswith("办公室"):  # a city's or prefecture's general office
                return info.section.replace("办公厅", "办公室")
            return info.section
        if anchor == "order" or level:
            return "部门文件"
        return "其他"
    if info is not None and info.section:
        return info.section
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


_LEVELS = {"central": 1, "province": 2, "city": 3}


def _doc_level(doc: Document, info: issuers.NumberIssuer | None) -> str:
    """central / province / city for a document: from its 文号, else its issuer's name."""
    if info is not None and info.jurisdiction.level:
        return info.jurisdiction.level
    return issuers.jurisdiction_of_issuer(doc.issuers[0] if doc.issuers else doc.issuer).level
