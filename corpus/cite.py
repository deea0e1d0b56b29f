"""How to cite a document: the copy format a Chinese writer expects, and the formats
reference managers import (GB/T 7714-2015, BibTeX, CSL-JSON, RIS).

A citation fits the kind of document: a 文件 is cited 《标题》（文号）; a regulation published
by an order 《办法》（某部令第N号）; a text a notice 印发 carries that notice's 文号; a text with
no number at all its date. The command line (`gongbao cite`) and the browser (`y`) share
this module, so both give the same text. No Textual here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from corpus.model import Document, Issue

STYLES = ("plain", "gbt7714", "bibtex", "csl-json", "ris")
STYLE_NAMES = {
    "plain": "《标题》（文号）",
    "gbt7714": "GB/T 7714-2015",
    "bibtex": "BibTeX",
    "csl-json": "CSL-JSON (Zotero)",
    "ris": "RIS (Zotero, EndNote)",
}

Lookup = Callable[[str], Document | None]
IssueLookup = Callable[[str], Issue | None]

_PRC = "中华人民共和国"
#: Regulations: what an order publishes, cited by the order's number.
_REGULATION_KINDS = ("办法", "规定", "条例", "规则", "细则", "目录", "决定", "规章")


@dataclass(frozen=True)
class Record:
    """What every citation style needs to know about one document."""

    id: str
    title: str
    number: str  # the number it is cited by: its own 文号, its order's, or its notice's
    issuer: str  # issuers joined with 、, without 中华人民共和国
    date: str  # ISO 8601 or ""
    kind: str  # "order", "regulation" or "document"
    gazette: str
    year: int | None
    issue_number: int | None


def short_issuer(issuer: str) -> str:
    """国家卫生健康委员会 for 中华人民共和国国家卫生健康委员会; joint issuers joined with 、."""
    parts = [p.strip() for p in re.split(r"[、，,\s]+", issuer) if p.strip()]
    return "、".join(p.removeprefix(_PRC) or p for p in parts)


def order_number(order: Document) -> str:
    """An order's full number, issuer included: 国家卫生健康委员会令第6号,
    中国人民银行令〔2021〕第1号, 生态环境部、国家发展和改革委员会令第22号."""
    number = order.doc_number.strip()
    issuer = short_issuer(order.issuer)
    if not number:
        return short_issuer(order.title)
    if "令" in number:
        return number
    return f"{issuer}令{number}" if issuer else number


def is_order(doc: Document) -> bool:
    return doc.kind == "令"


def record(doc: Document, lookup: Lookup, issue_of: IssueLookup) -> Record:
    """The citation facts of `doc`: its number is its own 文号, else that of the nearest
    order or notice that issues it (a regulation is cited by its 令 number)."""
    number = "" if is_order(doc) else doc.doc_number
    kind = "order" if is_order(doc) else "document"
    issuer = doc.issuer
    seen = {doc.id}
    up = lookup(doc.parent) if doc.parent else None
    while up is not None and up.id not in seen:
        seen.add(up.id)
        issuer = issuer or up.issuer
        if is_order(up):
            kind = "regulation"
            if not number:
                number = order_number(up)
            break
        if not number and up.doc_number:
            number = up.doc_number
        up = lookup(up.parent) if up.parent else None
    if is_order(doc):
        number = order_number(doc)
    elif kind == "document" and doc.kind in _REGULATION_KINDS and not doc.doc_number:
        kind = "regulation" if number else kind
    issue = issue_of(doc.issue)
    return Record(
        id=doc.id,
        title=doc.title.strip(),
        number=number,
        issuer=short_issuer(issuer),
        date=doc.date,
        kind=kind,
        gazette=issue.gazette if issue else "",
        year=issue.year if issue else None,
        issue_number=issue.number if issue else None,
    )


def chinese_date(iso: str) -> str:
    """2017-01-19 → 2017年1月19日."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})$", iso)
    return f"{int(m[1])}年{int(m[2])}月{int(m[3])}日" if m else iso


def _quoted(title: str) -> str:
    """《title》, inner 《》 turned into 〈〉 as Chinese typesetting nests them; never 《《…》》."""
    inner = title.strip()
    if inner.startswith("《") and inner.endswith("》") and inner.count("《") == 1:
        inner = inner[1:-1]
    inner = inner.replace("《", "〈").replace("》", "〉")
    return f"《{inner}》"


def plain(r: Record) -> str:
    """《标题》（文号）; an order as its number and date; no number: （日期）."""
    if r.kind == "order":
        return f"{r.number}（{chinese_date(r.date)}）" if r.date else r.number
    if r.number:
        return f"{_quoted(r.title)}（{r.number}）"
    if r.date:
        return f"{_quoted(r.title)}（{r.issuer + '，' if r.issuer else ''}{chinese_date(r.date)}）"
    return _quoted(r.title)


def _gazette_part(r: Record) -> str:
    if not r.gazette:
        return ""
    if r.year and r.issue_number:
        return f"{r.gazette}, {r.year}({r.issue_number})"
    if r.year:
        return f"{r.gazette}, {r.year}"
    return r.gazette


def gbt7714(r: Record) -> str:
    """GB/T 7714-2015: 责任者. 题名: 其他题名信息[J]. 刊名, 年(期).  The 文号 is the
    其他题名信息; the gazette is the serial it appeared in; the date where the issue is unknown."""
    author = r.issuer or r.gazette or "佚名"
    title = r.title.replace("《", "〈").replace("》", "〉")
    if r.kind == "order" and r.number:
        title = r.number  # an order's heading is its number: cite it in its usual form
    elif r.number:
        title = f"{title}: {r.number}"
    where = _gazette_part(r)
    if where:
        out = f"{author}. {title}[J]. {where}"
        if not r.issue_number and r.date:
            out += f". ({r.date})"
        return out + "."
    return f"{author}. {title}[Z]. {r.date or ''}".rstrip() + "."


def _bib_escape(text: str) -> str:
    return re.sub(r"([{}%&$#_\\])", r"\\\1", text)


def bib_key(r: Record) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "", r.id.replace("-", "_")) or "gongbao"


def bibtex(r: Record) -> str:
    """@article in the gazette; the author in double braces, as an institution."""
    fields: list[tuple[str, str]] = [
        ("author", f"{{{_bib_escape(r.issuer)}}}" if r.issuer else ""),
        ("title", _bib_escape(r.title)),
        ("journal", _bib_escape(r.gazette)),
        ("year", str(r.year or (r.date[:4] if r.date else ""))),
        ("number", str(r.issue_number or "")),
        ("date", r.date),
        ("note", _bib_escape(r.number)),
        ("language", "chinese"),
    ]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v)
    return f"@article{{{bib_key(r)},\n{body}\n}}"


def csl(r: Record) -> dict[str, object]:
    """One CSL-JSON item: legislation for orders and regulations (Zotero: Statute),
    a document otherwise; the issuer an institutional (literal) author."""
    item: dict[str, object] = {
        "id": r.id,
        "type": "legislation" if r.kind in ("order", "regulation") else "document",
        "title": r.title,
        "language": "zh-CN",
    }
    if r.issuer:
        item["author"] = [{"literal": r.issuer}]
        item["authority"] = r.issuer
    if r.number:
        item["number"] = r.number
    if r.gazette:
        item["container-title"] = r.gazette
    if r.issue_number:
        item["issue"] = str(r.issue_number)
    if r.date:
        item["issued"] = {"date-parts": [[int(x) for x in r.date.split("-")]]}
    elif r.year:
        item["issued"] = {"date-parts": [[r.year]]}
    return item


def ris(r: Record) -> str:
    """One RIS record: STAT (Zotero: Statute) for orders and regulations, GOVDOC otherwise."""
    lines = [("TY", "STAT" if r.kind in ("order", "regulation") else "GOVDOC")]
    lines.append(("TI", r.title))
    if r.issuer:
        lines.extend(("AU", a) for a in r.issuer.split("、"))
    if r.date:
        lines.append(("DA", r.date.replace("-", "/")))
        lines.append(("PY", r.date[:4]))
    elif r.year:
        lines.append(("PY", str(r.year)))
    if r.gazette:
        lines.append(("T2", r.gazette))
    if r.issue_number:
        lines.append(("IS", str(r.issue_number)))
    if r.number:
        lines.append(("M1", r.number))
    lines.append(("LA", "zh-CN"))
    lines.append(("ID", r.id))
    lines.append(("ER", ""))
    return "\n".join(f"{k}  - {v}" for k, v in lines)


def format_records(records: list[Record], style: str) -> str:
    """The records in one style, ready to print or save (ends without a newline)."""
    if style == "plain":
        return "\n".join(plain(r) for r in records)
    if style == "gbt7714":
        if len(records) == 1:
            return gbt7714(records[0])
        return "\n".join(f"[{i}] {gbt7714(r)}" for i, r in enumerate(records, 1))
    if style == "bibtex":
        return "\n\n".join(bibtex(r) for r in records)
    if style == "csl-json":
        return json.dumps([csl(r) for r in records], ensure_ascii=False, indent=2)
    if style == "ris":
        return "\n\n".join(ris(r) for r in records)
    raise ValueError(f"unknown citation style {style!r} (one of: {', '.join(STYLES)})")


def cite(doc: Document, lookup: Lookup, issue_of: IssueLookup, style: str = "plain") -> str:
    """One document's citation in `style`."""
    return format_records([record(doc, lookup, issue_of)], style)
