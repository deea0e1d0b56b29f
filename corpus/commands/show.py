"""`gongbao show REF [--json]`: one document, read like the printed page or as JSON."""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING, Any

from corpus.api import NotFound
from corpus.commands.common import open_library, safe

if TYPE_CHECKING:
    from corpus.api import Document, Event, LibraryAPI, Outside, Status

INDENT = "\u3000\u3000"  # the first-line indent of Chinese print


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "show",
        help="show one document by id or 发文字号",
        description="Show one document. REF is a document id (see `gongbao list`) or a 发文字号 "
        "in any common form: 国办发〔2017〕6号, 国办发[2017]6号, 国办发(2017)6号, full-width "
        "digits, spaces; orders as 卫健委令第6号 or 银保监会令2021年第1号.",
    )
    p.add_argument("ref", metavar="REF", help="document id or 发文字号")
    p.add_argument(
        "--json",
        action="store_true",
        help="print JSON with paragraphs, outline, text and references",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lib = open_library(args)
    doc = lib.document(args.ref)
    if doc is None:
        outside = lib.outside(args.ref)
        if outside is not None:
            return show_outside(lib, outside, as_json=args.json)
        raise NotFound(
            f"no document matches {safe(args.ref)!r} (try `gongbao list` or `gongbao search`)"
        )
    if args.json:
        print(json.dumps(as_json(lib, doc), ensure_ascii=False, indent=2))
    else:
        print(render(lib, doc))
    return 0


def as_json(lib: LibraryAPI, doc: Document) -> dict[str, Any]:
    """The document with its body, outline, whole text and references."""
    out = doc.to_dict()
    issue = lib.issue(doc.issue)
    out["issue_name"] = issue.name if issue else ""
    out["text"] = doc.text
    refs = lib.refs(doc.id).to_dict()
    for key in ("cites", "cited_by", "repeals", "effective"):
        out[key] = refs.get(key)
    # the 施行 date: the references' reading where it is a date, else the document's own field
    if doc.effective and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(out["effective"] or "")):
        out["effective"] = doc.effective
    out["in_store"] = True
    out["status"] = lib.status(doc.id).to_dict()
    out["history"] = [e.to_dict() for e in lib.history(doc.id)]
    return out


def show_outside(lib: LibraryAPI, outside: Outside, *, as_json: bool) -> int:
    """A document the store only knows of (repealed or amended by one it has): its status
    and where that comes from, clearly marked as not in the store."""
    if as_json:
        print(json.dumps(outside.to_dict(), ensure_ascii=False, indent=2))
        return 0
    name = " ".join(
        x for x in (f"《{outside.title}》" if outside.title else "", outside.doc_number) if x
    )
    lines = [safe(name), "[not in the store] 本库未收录此文件；以下据收录文件所述", ""]
    lines.extend(status_lines(outside.status))
    if outside.current:
        cur = lib.document(outside.current)
        if cur is not None:
            lines.append(f"现行文本: {safe(cur.title)}  [{cur.id}]")
    print("\n".join(lines))
    return 0


def status_lines(status: Status) -> list[str]:
    """时效性 and its evidence as plain lines: what `show` and `check` print."""
    since = f"（{status.since}起）" if status.since else ""
    out = [f"时效性: {status.value}{since}"]
    for e in status.evidence:
        where = f"{e.id}" if e.id else e.doc_number
        para = f" ¶{e.para}" if e.para >= 0 else ""
        note = f"（{e.note}）" if e.note else ""
        out.append(safe(f"  据 {e.title or where} [{where}{para}]: “{e.text}”{note}"))
    return out


def history_lines(events: list[Event]) -> list[str]:
    """The 沿革 section: one dated line an event."""
    out = []
    for e in events:
        at = f"  [{e.id}]" if e.id else ""
        out.append(safe(f"  {e.date}  {e.action}  {e.text or e.by}{at}"))
    return out


def citation(lib: LibraryAPI, doc: Document) -> str:
    """How to cite it: 《title》（文号，issuer，date）."""
    parts = [x for x in (doc.doc_number, doc.issuer, doc.date) if x]
    return f"《{doc.title}》（{'，'.join(parts)}）" if parts else f"《{doc.title}》"


def render(lib: LibraryAPI, doc: Document) -> str:
    """Plain text that reads like the document: header, then paragraphs as in print."""
    issue = lib.issue(doc.issue)
    lines = [safe(doc.title)]
    if doc.doc_number:
        lines.append(safe(doc.doc_number))
    meta = [x for x in (doc.issuer, doc.date, doc.section, issue.name if issue else "") if x]
    lines.append(safe(" · ".join(meta)))
    if doc.parent:
        parent = lib.document(doc.parent)
        if parent:
            lines.append(f"随 {safe(parent.title)} 发布  [{parent.id}]")
    lines.append(f"id: {doc.id}")
    lines.extend(status_lines(lib.status(doc.id)))
    events = lib.history(doc.id)
    if len(events) > 1:
        lines.append("沿革:")
        lines.extend(history_lines(events))
    lines.append("")
    for p in doc.paragraphs:
        text = safe(p.text)
        if p.kind in ("addressee", "note"):
            lines.append(text)
        elif p.kind in ("signature", "date"):
            lines.append(INDENT * 6 + text)
        else:
            lines.append(INDENT + text)
    if doc.children:
        lines.append("")
        lines.append("附：")
        for cid in doc.children:
            child = lib.document(cid)
            if child:
                lines.append(f"  {safe(child.title)}  [{child.id}]")
    return "\n".join(lines)
