"""Policy chains: where a document comes from and what became of it, as a dated timeline.

Upstream is what a document implements or forwards (根据《…》, the text a 转发 notice forwards,
the notice that 印发 it); downstream is what forwards, implements, amends or repeals it. Both
are read from the stored links (parents, citations, 废止 clauses) and the amendment facts, and
followed transitively, so 国发〔2016〕49号 leads to 川府发〔2017〕4号 and on to whatever
implements that.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from corpus.citations import Citation
from corpus.model import Document

if TYPE_CHECKING:
    from corpus.api import Library
    from corpus.status import Outside

#: Words before a citation that make it the basis the document implements.
_BASIS = re.compile(r"(?:根据|依据|依照|按照|遵照|贯彻落实|贯彻|落实|执行|实施)[^。；，]{0,6}$")
MAX_DEPTH = 4
_CONTEXT = 60


@dataclass
class Link:
    """One step of a chain: `relation` is 转发, 印发, 依据, 修改, 废止 or 引用, read as
    "`frm` <relation> `to`" (川府发〔2017〕4号 转发 国发〔2016〕49号)."""

    date: str
    relation: str
    direction: str  # "up" (where the document comes from) or "down" (what became of it)
    id: str | None
    doc_number: str
    title: str
    depth: int
    para: int = -1
    text: str = ""
    via: str = ""  # the id of the chain document this step hangs from

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "relation": self.relation,
            "direction": self.direction,
            "id": self.id,
            "doc_number": self.doc_number,
            "title": self.title,
            "in_store": self.id is not None,
            "depth": self.depth,
            "via": self.via,
            "para": self.para,
            "text": self.text,
        }


@dataclass
class Chain:
    """A document's chain: itself, then every step up and down, oldest first."""

    id: str
    title: str
    doc_number: str
    date: str
    links: list[Link] = field(default_factory=list)

    def timeline(self) -> list[Link]:
        here = Link(self.date, "本文", "self", self.id or None, self.doc_number, self.title, 0)

        def when(x: Link) -> str:  # undated steps last, but an undated self first
            return x.date or ("0000" if x.direction == "self" else "9999")

        return sorted([here, *self.links], key=lambda x: (when(x), x.depth))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id or None,
            "in_store": bool(self.id),
            "title": self.title,
            "doc_number": self.doc_number,
            "date": self.date,
            "upstream": [x.to_dict() for x in self.links if x.direction == "up"],
            "downstream": [x.to_dict() for x in self.links if x.direction == "down"],
            "timeline": [x.to_dict() for x in self.timeline()],
        }


def _context(doc: Document, c: Citation) -> str:
    text = doc.paragraphs[c.para].text if 0 <= c.para < len(doc.paragraphs) else ""
    lo = max(0, c.start - _CONTEXT // 3)
    return text[lo : c.end + _CONTEXT // 2].strip()


def _forwards(parent: Document, child: Document) -> bool:
    """Does `parent` forward `child` (转发: an earlier text, often with its own 文号) rather
    than issue it (印发: a text that first appears with the notice)?"""
    if "转发" in parent.title:
        return True
    return bool(child.doc_number and child.doc_number != parent.doc_number)


def _upstream(lib: Library, doc: Document) -> list[tuple[str, Document | None, Citation | None]]:
    """(relation, document or None, citation) for what `doc` implements or forwards."""
    out: list[tuple[str, Document | None, Citation | None]] = []
    refs = lib.refs(doc.id)
    for kid in refs.children:
        child = lib.document(kid)
        if child is not None and _forwards(doc, child):
            out.append(("转发", child, None))
    if refs.parent:
        parent = lib.document(refs.parent)
        if parent is not None and not _forwards(parent, doc):
            revised = [
                e.action
                for e in lib.facts().notes.get(doc.id, [])
                if e.id == parent.id and e.action in ("修订", "修正", "修改")
            ]
            out.append((revised[0] if revised else "印发", parent, None))
    seen = {d.id for _, d, _ in out if d is not None}
    for c in refs.cites:
        text = doc.paragraphs[c.para].text if 0 <= c.para < len(doc.paragraphs) else ""
        if not _BASIS.search(text[max(0, c.start - 12) : c.start]) or _in_quotes(text, c.start):
            continue
        target = lib.document(c.target) if c.target else None
        key = target.id if target else f"{c.doc_number}|{c.title}"
        if key in seen or (target is not None and target.id == doc.id):
            continue
        seen.add(key)
        out.append(("依据", target, c))
    for r in lib.facts().changes:
        if r.action != "废止" or r.source != doc.id:
            continue
        target = lib.document(r.target) if r.target else None
        cit = Citation(r.para, 0, 0, r.text, doc_number=r.doc_number, title=r.title)
        out.append(("废止", target, cit))
    return out


def _in_quotes(text: str, pos: int) -> bool:
    """Inside “…”: new wording an amendment quotes, not what the document itself relies on."""
    return text.count("“", 0, pos) > text.count("”", 0, pos)


def _downstream(lib: Library, doc: Document) -> list[tuple[str, Document, int, str]]:
    """(relation, document, para, text) for what forwards, issues, implements, amends or
    repeals `doc`."""
    out: list[tuple[str, Document, int, str]] = []
    refs = lib.refs(doc.id)
    seen: set[str] = set()
    if refs.parent:
        parent = lib.document(refs.parent)
        if parent is not None and _forwards(parent, doc):
            out.append(("转发", parent, -1, ""))
            seen.add(parent.id)
    for change in lib.facts().changes_to(doc.id):
        src = lib.document(change.source)
        if src is not None and src.id not in seen:
            out.append((change.action, src, change.para, change.text))
            seen.add(src.id)
    for kid in refs.children:
        seen.add(kid)  # the text a notice issues is the notice's own content, not a reaction
    for cited in refs.cited_by:
        other = lib.document(cited["id"])
        if other is None or other.id in seen or other.id == refs.parent:
            continue
        seen.add(other.id)
        relation, para, text = "引用", -1, ""
        for c in lib.refs(other.id).cites:
            if c.target != doc.id:
                continue
            para, text = c.para, _context(other, c)
            body = other.paragraphs[c.para].text if 0 <= c.para < len(other.paragraphs) else ""
            if _BASIS.search(body[max(0, c.start - 12) : c.start]):
                relation = "依据"
                break
        out.append((relation, other, para, text))
    return out


def chain_for(lib: Library, doc: Document, depth: int = MAX_DEPTH) -> Chain:
    """The chain of `doc`, followed up to `depth` steps each way."""
    chain = Chain(doc.id, doc.title, doc.doc_number, doc.date)
    visited = {doc.id}
    frontier = [doc]
    for level in range(1, depth + 1):
        nxt: list[Document] = []
        for here in frontier:
            for relation, up, c in _upstream(lib, here):
                if up is not None and up.id in visited:
                    continue
                if level > 1 and relation == "废止":
                    continue  # what an ancestor repealed is its history, not this text's source
                link = Link(
                    up.date if up else "",
                    relation,
                    "up",
                    up.id if up else None,
                    up.doc_number if up else (c.doc_number if c else ""),
                    up.title if up else (c.title if c else ""),
                    level,
                    c.para if c else -1,
                    (c.text if relation == "废止" else _context(here, c)) if c else "",
                    here.id,
                )
                chain.links.append(link)
                if up is not None:
                    visited.add(up.id)
                    nxt.append(up)
        frontier = nxt
    frontier = [doc]
    for level in range(1, depth + 1):
        nxt = []
        for here in frontier:
            for relation, down, para, text in _downstream(lib, here):
                if down.id in visited:
                    continue
                visited.add(down.id)
                chain.links.append(
                    Link(
                        down.date,
                        relation,
                        "down",
                        down.id,
                        down.doc_number,
                        down.title,
                        level,
                        para,
                        text,
                        here.id,
                    )
                )
                nxt.append(down)
        frontier = nxt
    return chain


def chain_outside(lib: Library, outside: Outside) -> Chain:
    """The chain of a document the store lacks but knows the fate of: what repealed or
    amended it (downstream), as far as the store goes from there."""
    chain = Chain("", outside.title, outside.doc_number, "")
    relation = "废止" if outside.status.value in ("已废止", "部分失效") else "修改"
    seen: set[str] = set()
    for ev in outside.status.evidence:
        src = lib.document(ev.id) if ev.id else None
        if src is None or src.id in seen:
            continue
        seen.add(src.id)
        # a revised text's 题注 is the evidence: the decision it names did the revising
        changer = _titled(lib, ev.by) if ev.by else None
        if ev.by and (changer is None or changer.id not in seen):
            if changer is not None:
                seen.add(changer.id)
                step = Link(
                    changer.date, "修订", "down", changer.id, changer.doc_number, changer.title, 1
                )
            else:  # the decision is named, but it is not in the store
                title = ev.by.split("》")[0].lstrip("《")
                step = Link(outside.status.since, "修订", "down", None, "", title, 1)
            chain.links.append(step)
            then = "印发" if changer is not None and src.parent == changer.id else "现行文本"
            chain.links.append(
                Link(
                    src.date,
                    then,
                    "down",
                    src.id,
                    src.doc_number,
                    src.title,
                    2,
                    ev.para,
                    ev.text,
                    step.id or "",
                )
            )
        else:
            chain.links.append(
                Link(
                    src.date,
                    relation,
                    "down",
                    src.id,
                    src.doc_number,
                    src.title,
                    1,
                    ev.para,
                    ev.text,
                )
            )
        for link in chain_for(lib, src, MAX_DEPTH - 1).links:
            if link.direction == "down" and link.id not in seen:
                seen.add(link.id or "")
                chain.links.append(dataclasses.replace(link, depth=link.depth + 1))
    return chain


def _titled(lib: Library, by: str) -> Document | None:
    """The store document a title (《…》, maybe with its number) names, if exactly known."""
    from corpus.citations import find_titles, title_key

    titles = find_titles(by)
    key = title_key(titles[0].value) if titles else title_key(by)
    found = lib.resolver().by_title.get(key, [])
    return found[0] if len(found) == 1 else None
