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

from corpus.facts import citable_number
from corpus.model import Document

if TYPE_CHECKING:
    from corpus.api import Library
    from corpus.status import Outside

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


def _context(doc: Document, para: int, start: int, end: int) -> str:
    text = doc.paragraphs[para].text if 0 <= para < len(doc.paragraphs) else ""
    lo = max(0, start - _CONTEXT // 3)
    return text[lo : end + _CONTEXT // 2].strip()


#: Words before a citation that make it what the document implements (beyond 根据/依据).
_IMPLEMENTS = re.compile(r"(?:贯彻落实|贯彻|落实|执行|实施)[^。；，]{0,4}$")


def _quoted(doc: Document, mention: tuple[int, int, int]) -> bool:
    """Inside “…”: new wording an amendment quotes, not what the document relies on."""
    para, start, _ = mention
    text = doc.paragraphs[para].text if 0 <= para < len(doc.paragraphs) else ""
    return text.count("“", 0, start) > text.count("”", 0, start)


def _implements(doc: Document, mention: tuple[int, int, int]) -> bool:
    para, start, _ = mention
    text = doc.paragraphs[para].text if 0 <= para < len(doc.paragraphs) else ""
    return bool(_IMPLEMENTS.search(text[max(0, start - 12) : start]))


#: A reference relation (`corpus.reflist`) → (direction, the word the chain shows).
#: Upstream is where a text comes from; downstream what became of it.
_STEP = {
    "forwards": ("up", "转发"),
    "issued_by": ("up", "印发"),
    "published_by": ("up", "发布"),
    "based_on": ("up", "依据"),
    "repeals": ("up", "废止"),
    "amends": ("up", "修改"),
    "forwarded_by": ("down", "转发"),
    "basis_for": ("down", "依据"),
    "amended_by": ("down", "修改"),
    "repealed_by": ("down", "废止"),
    "cited_by": ("down", "引用"),
    "issues": ("down", "印发"),
    "publishes": ("down", "发布"),
}


@dataclass
class _Step:
    direction: str
    relation: str
    doc: Document | None
    doc_number: str
    title: str
    para: int = -1
    text: str = ""


def _steps(lib: Library, doc: Document) -> list[_Step]:
    """The documents next to `doc` in a chain: its references (`corpus.reflist`, the same
    relations the references panel shows) with the amendment facts applied — a decision
    whose revision the text already carries (its 题注 names it, or it issues the text) is
    where the text comes from (修订), not a later change."""
    from corpus.reflist import entries

    refs = lib.refs(doc.id)
    note_ids = {e.id for e in lib.facts().note(doc.id) if e.id}
    changed_by = {c.source for c in lib.facts().changes_to(doc.id)}
    out: list[_Step] = []
    seen: set[str] = set()
    for e in entries(doc, refs, lib.document, lib.refs):
        other = lib.document(e.target) if e.target else None
        free = [m for m in e.mentions if not _quoted(doc, m)]
        relation = e.relation
        if relation == "cites" and any(_implements(doc, m) for m in free):
            relation = "based_on"  # 为贯彻落实《…》精神: what a policy implements
        if relation == "based_on" and e.mentions and not free:
            continue  # 根据《…》 inside the new wording an amendment quotes
        if relation not in _STEP:
            continue
        direction, word = _STEP[relation]
        if relation == "amended_by" and other is not None and other.id not in changed_by:
            if other.id == doc.parent or other.id in note_ids:
                direction, word = "up", "修订"
        if relation == "amends" and other is not None and other.parent == doc.id:
            direction, word = "down", "修订"  # the revised text a 修改 decision republishes
        para, text = -1, e.text
        if e.mentions:
            p, a, b = e.mentions[0]
            para, text = p, text or _context(doc, p, a, b)
        out.append(_Step(direction, word, other, e.doc_number, e.title, para, text))
        if other is not None:
            seen.add(other.id)
    for c in lib.facts().changes_to(doc.id):  # what only the facts know (a 题注 elsewhere)
        src = lib.document(c.source)
        if src is not None and src.id not in seen:
            seen.add(src.id)
            out.append(_Step("down", c.action, src, src.doc_number, src.title, c.para, c.text))
    return out


def chain_for(lib: Library, doc: Document, depth: int = MAX_DEPTH) -> Chain:
    """The chain of `doc`, followed up to `depth` steps each way: upstream only through
    upstream steps, downstream only through downstream ones."""
    chain = Chain(doc.id, doc.title, citable_number(doc, lib.facts().docs), doc.date)
    visited = {doc.id}
    for direction in ("up", "down"):
        frontier = [doc]
        for level in range(1, depth + 1):
            nxt: list[Document] = []
            for here in frontier:
                for step in _steps(lib, here):
                    if step.direction != direction:
                        continue
                    if step.doc is not None and step.doc.id in visited:
                        continue
                    if level > 1 and step.relation in ("废止", "修改", "引用"):
                        continue  # an ancestor's repeals and a descendant's mere mentions
                    d = step.doc
                    chain.links.append(
                        Link(
                            d.date if d else "",
                            step.relation,
                            direction,
                            d.id if d else None,
                            citable_number(d, lib.facts().docs) if d else step.doc_number,
                            d.title if d else step.title,
                            level,
                            step.para,
                            step.text,
                            here.id,
                        )
                    )
                    if d is not None:
                        visited.add(d.id)
                        nxt.append(d)
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
