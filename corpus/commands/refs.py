"""`gongbao refs REF`: what a document cites, what cites it, what it issues and repeals."""

from __future__ import annotations

import argparse
import json
from collections import OrderedDict
from collections.abc import Callable
from itertools import groupby
from typing import TYPE_CHECKING

from corpus.api import NotFound

if TYPE_CHECKING:
    from corpus.api import Citation, Document, LibraryAPI, RefEntry, Refs

Lookup = Callable[[str], "Document | None"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `refs` subcommand."""
    p = subparsers.add_parser(
        "refs",
        help="show a document's citations, cited-by, issued texts, repeals and effective date",
        description="References of one document: cites, cited by, issued by / issues, "
        "repeals, effective date. REF is a document id or a 发文字号 in any common form.",
    )
    p.add_argument(
        "ref", metavar="REF", help="document id or 发文字号 (国发〔2016〕49号, 国发[2016]49号 …)"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the references of REF; an unknown REF is one line on stderr (via `corpus.cli`)."""
    from corpus.api import citation_relation, entries
    from corpus.commands.common import open_library, safe

    lib = open_library(args)
    doc = lib.document(args.ref)
    if doc is None:
        return _run_unresolved(lib, args)
    refs = lib.refs(doc.id)
    found = entries(doc, refs, lib.document, lib.refs)
    if args.json:
        out = {"id": doc.id, "title": doc.title, "doc_number": doc.doc_number, **refs.to_dict()}
        for c, item in zip(refs.cites, out["cites"], strict=True):
            item["relation"] = citation_relation(doc, c)
        out["entries"] = [e.to_dict() for e in found]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print("\n".join(safe(line) for line in render(doc, refs, lib.document, found)))
    return 0


def _run_unresolved(lib: LibraryAPI, args: argparse.Namespace) -> int:
    """REF is not in the store: if documents cite it, say which (that is what a user who
    followed an unresolved citation wants to know); otherwise it is not found."""
    from corpus.api import brief, find_numbers
    from corpus.commands.common import safe

    numbers = find_numbers(args.ref)
    if not numbers:
        raise NotFound(
            f"no document matches {safe(args.ref)!r} (try `gongbao list` or `gongbao search`)"
        )
    number = numbers[0].value
    citing = [
        d for d in lib.documents() if any(c.doc_number == number for c in lib.refs(d.id).cites)
    ]
    if not citing:
        raise NotFound(f"no document matches {safe(args.ref)!r}, and none cites it")
    if args.json:
        out = {"id": None, "doc_number": number, "cited_by": [brief(d) for d in citing]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(safe(f"{number}: not in the store; cited by ({len(citing)}):"))
        for d in citing:
            print(safe(f"  {_name(d, d.id)}"))
    return 0


def _name(doc: Document | None, fallback: str) -> str:
    if doc is None:
        return fallback
    return f"{doc.doc_number}  {doc.title}".strip() + f"  [{doc.id}]"


def _grouped(cites: list[Citation]) -> OrderedDict[tuple[str | None, str, str], list[Citation]]:
    """Repeated citations of one thing (《指导意见》 five times) shown once with a count."""
    groups: OrderedDict[tuple[str | None, str, str], list[Citation]] = OrderedDict()
    for c in cites:
        key = (c.target, c.doc_number, c.title) if c.target is None else (c.target, "", "")
        groups.setdefault(key, []).append(c)
    return groups


def _cite_lines(cites: list[Citation], lookup: Lookup, where: str = "") -> list[str]:
    lines = []
    for (target, _, _), group in _grouped(cites).items():
        c = group[0]
        times = f" ×{len(group)}" if len(group) > 1 else ""
        at = f"{where}¶{c.para}"
        if target:
            lines.append(f"  {at}  → {_name(lookup(target), target)}{times}")
        else:
            label = " ".join(x for x in (f"《{c.title}》" if c.title else "", c.doc_number) if x)
            lines.append(f"  {at}  {label}  (not in the store){times}")
    return lines


def render(
    doc: Document, refs: Refs, lookup: Lookup, found: list[RefEntry] | None = None
) -> list[str]:
    """The text `gongbao refs` prints, one item a line: first the related documents grouped
    by relation (印发, 转发, 依据, 废止 …), each once; then the detail of each kind."""
    out = [_name(doc, doc.id)]
    for _rel, group in groupby(found or [], key=lambda e: e.relation):
        items = list(group)
        out.append(f"{items[0].zh} {items[0].en} ({len(items)}):")
        for e in items:
            meta = "  ".join(x for x in (e.doc_number, e.date) if x)
            where = f"  [{e.target}]" if e.target else "  (not in the store)"
            times = f"  ¶{e.mentions[0][0]}" if e.mentions else ""
            times += f" ×{len(e.mentions)}" if len(e.mentions) > 1 else ""
            out.append(f"  {meta + '  ' if meta else ''}{e.title}{where}{times}")
    eff = refs.effective
    if eff:
        words = (
            f"  ({refs.effective_text})"
            if refs.effective_text and refs.effective_text != eff
            else ""
        )
        out.append(f"effective: {eff}{words}")
    else:
        out.append("effective: —")
    if refs.child_cites:
        out.append("the texts it issues cite:")
        for kid in refs.children:
            out.extend(_cite_lines([c for k, c in refs.child_cites if k == kid], lookup, f"{kid} "))
    if refs.repeals:
        out.append("repeal clauses:")
    for r in refs.repeals:
        what = " ".join(x for x in (f"《{r.title}》" if r.title else "", r.doc_number) if x)
        where = _name(lookup(r.target), r.target) if r.target else "not in the store"
        out.append(f"  {what}  from {r.when or '—'}  → {where}")
        out.append(f"    “{r.text}”")
    return out
