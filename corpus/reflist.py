"""A document's references as a person reads them: one entry per other document, named for
what the relation is — 印发, 转发, 发布, 依据, 废止, 修改, 引用 — or its inverse.

`corpus.links` finds the raw material (citations with offsets, parents, repeals, cited-by);
this module turns it into entries: each target once, with all its mentions; no entry for the
document itself; an order's regulation listed as what it 发布s, not as a citation. The browser's
references panel, `gongbao refs` and `refs --json` all show these entries. No Textual here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from corpus.citations import Citation, names_a_form, title_key
from corpus.cite import is_order, order_number
from corpus.export import issue_relation
from corpus.links import Refs
from corpus.model import Document

Lookup = Callable[[str], Document | None]
RefsOf = Callable[[str], Refs | None]

#: relation → (Chinese, English, inverse relation). Order is the order entries are shown in.
RELATIONS: dict[str, tuple[str, str, str]] = {
    "issued_by": ("印发于", "issued by", "issues"),
    "forwarded_by": ("转发于", "forwarded by", "forwards"),
    "published_by": ("发布于", "published by", "publishes"),
    "amended_by": ("被修改", "amended by", "amends"),
    "issues": ("印发", "issues", "issued_by"),
    "forwards": ("转发", "forwards", "forwarded_by"),
    "publishes": ("发布", "publishes", "published_by"),
    "amends": ("修改", "amends", "amended_by"),
    "based_on": ("依据", "based on", "basis_for"),
    "repeals": ("废止", "repeals", "repealed_by"),
    "cites": ("引用", "cites", "cited_by"),
    "basis_for": ("被依据", "basis for", "based_on"),
    "repealed_by": ("被废止", "repealed by", "repeals"),
    "cited_by": ("被引用", "cited by", "cites"),
}
_ISSUING = {"印发": "issues", "转发": "forwards", "发布": "publishes", "修改": "amends"}
_RANK = {"repeals": 0, "amends": 1, "based_on": 2, "cites": 3}

_CLAUSE_END = "，。；：,;:\n"
_BASIS = re.compile(r"(?:根据|依据|依照|按照|遵照)")
_AMEND_BEFORE = re.compile(r"(?:修改|修订|对)$")
_AMEND_AFTER = re.compile(r"^[^，。；]{0,12}?(?:作如下修改|的修改|修改为|作出修改)")
_BRACKETED = re.compile(r"《[^》]*》|[（(][^）)]*[）)]|〔[^〕]*〕")


@dataclass
class RefEntry:
    """One related document: how it relates, who it is, and where this text names it."""

    relation: str  # a key of RELATIONS
    target: str | None  # document id, or None when it is not in the store
    title: str
    doc_number: str
    date: str = ""
    mentions: list[tuple[int, int, int]] = field(default_factory=list)  # (para, start, end)
    source: str = ""  # the document whose paragraphs `mentions` index
    text: str = ""  # the clause, for repeals

    @property
    def zh(self) -> str:
        return RELATIONS[self.relation][0]

    @property
    def en(self) -> str:
        return RELATIONS[self.relation][1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "relation": self.relation,
            "relation_zh": self.zh,
            "target": self.target,
            "title": self.title,
            "doc_number": self.doc_number,
            "date": self.date,
            "mentions": [{"para": p, "start": s, "end": e} for p, s, e in self.mentions],
            "source": self.source,
            **({"text": self.text} if self.text else {}),
        }


def citation_relation(doc: Document, c: Citation) -> str:
    """What a citation does, read from its clause: 根据《X》 → based_on; 对《X》作如下修改,
    关于修改《X》 or a heading of a 修改 decision → amends; otherwise cites."""
    text = doc.paragraphs[c.para].text if 0 <= c.para < len(doc.paragraphs) else ""
    lo = max(text.rfind(ch, 0, c.start) for ch in _CLAUSE_END) + 1
    before = text[lo : c.start]
    if _AMEND_BEFORE.search(before) and (
        before.endswith(("修改", "修订")) or _AMEND_AFTER.match(text[c.end :])
    ):
        return "amends"
    if doc.paragraphs[c.para].kind == "heading" and "修改" in doc.title:
        return "amends"
    verbs = list(_BASIS.finditer(before))
    if verbs:
        m = verbs[-1]
        rest = _BRACKETED.sub("", before[m.end() :])
        if len(rest.strip(" 和及与、以等")) <= 2:
            return "based_on"
    return "cites"


def _number(doc: Document) -> str:
    """An order is known by its full number (国家卫生健康委员会令第6号), not 第6号 alone."""
    return order_number(doc) if is_order(doc) else doc.doc_number


def _key(target: str | None, doc_number: str, title: str) -> tuple[str, str]:
    if target:
        return ("id", target)
    return (doc_number, title_key(title) if not doc_number else "")


def entries(
    doc: Document, refs: Refs, lookup: Lookup, refs_of: RefsOf | None = None
) -> list[RefEntry]:
    """Every document related to `doc`, each once, in RELATIONS order (then text order)."""
    out: dict[tuple[str, str], RefEntry] = {}
    own = title_key(doc.title)

    def named(target: str | None, doc_number: str, title: str) -> RefEntry:
        key = _key(target, doc_number, title)
        entry = out.get(key)
        if entry is None:
            other = lookup(target) if target else None
            entry = RefEntry(
                relation="cites",
                target=target,
                title=other.title if other is not None else title,
                doc_number=_number(other) if other is not None else doc_number,
                date=other.date if other is not None else "",
                source=doc.id,
            )
            out[key] = entry
        return entry

    parent = lookup(refs.parent) if refs.parent else None
    if parent is not None:
        rel = _ISSUING[issue_relation(parent, doc)]
        named(parent.id, "", "").relation = RELATIONS[rel][2]
    for kid in refs.children:
        child = lookup(kid)
        if child is not None:
            named(child.id, "", "").relation = _ISSUING[issue_relation(doc, child)]
    for r in refs.repeals:
        if r.target == doc.id:
            continue
        e = named(r.target, r.doc_number or "", r.title or r.text)
        e.relation, e.text = "repeals", r.text
    for c in refs.cites:
        if c.target == doc.id:
            continue
        key = _key(c.target, c.doc_number, c.title)
        if key not in out and not c.target and not c.doc_number:
            if title_key(c.title) == own or names_a_form(c.title):
                continue  # its own title, or a form: unless a repeal named it above
        e = named(c.target, c.doc_number, c.title)
        e.mentions.append((c.para, c.start, c.end))
        if e.relation in _RANK:
            rel = citation_relation(doc, c)
            if _RANK[rel] < _RANK[e.relation]:
                e.relation = rel
    for d in refs.cited_by:
        cid = d.get("id") if isinstance(d, dict) else None
        if not cid or _key(cid, "", "") in out:
            continue
        citer = lookup(cid)
        theirs = refs_of(cid) if refs_of is not None else None
        rel = "cited_by"
        if citer is not None and theirs is not None:
            found = [c for c in theirs.cites if c.target == doc.id]
            ranks = [citation_relation(citer, c) for c in found]
            if any(r.target == doc.id for r in theirs.repeals):
                ranks.append("repeals")
            if ranks:
                rel = RELATIONS[min(ranks, key=_RANK.__getitem__)][2]
        named(cid, "", "").relation = rel
    order = list(RELATIONS)
    return sorted(out.values(), key=lambda e: order.index(e.relation))
