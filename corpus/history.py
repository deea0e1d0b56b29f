"""修订沿革: a document's history, read from its 题注 and from the documents in the store.

A revised regulation carries its history in a note under its title —
（2008年5月6日卫生部令第59号公布；根据2021年1月8日《…的决定》修订） — and later documents in
the store amend or repeal it. `history_for` merges both into dated events, each naming what
did it (a title or a 文号) and, when that is in the store, its id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from corpus.citations import Citation, find_numbers, find_titles, title_key
from corpus.model import Document
from corpus.normalize import fold_width

if TYPE_CHECKING:
    from corpus.facts import Facts

ACTIONS = ("公布", "修订", "修正", "修改", "废止", "施行")
#: Verbs a 题注 uses, mapped onto the actions above (通过/发布/颁布/印发 publish a text).
_VERBS = {
    "公布": "公布",
    "发布": "公布",
    "颁布": "公布",
    "印发": "公布",
    "通过": "公布",
    "修订": "修订",
    "修正": "修正",
    "修改": "修改",
    "废止": "废止",
    "施行": "施行",
}
_DATE = r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
#: One event of a 题注: [根据] date, who or what, [第N次] verb.
_EVENT = re.compile(
    rf"(?:根据)?\s*{_DATE}(?P<by>.*?)(?:第[一二三四五六七八九十\d]+次)?\s*"
    rf"(?P<verb>{'|'.join(_VERBS)})$"
)
#: Where one event of a note ends and the next begins: ；, or whitespace before 根据/a date.
_SPLIT = re.compile(r"[；;]|[\s\u3000]+(?=根据|\d{4}\s*年)")


@dataclass
class Event:
    """One step of a document's history; `id` is set when what did it is in the store."""

    date: str  # ISO 8601
    action: str  # one of ACTIONS
    by: str  # the title (without 《》) or 文号 of what did it
    id: str | None = None
    doc_number: str = ""
    para: int = -1  # the paragraph of the evidence: the 题注 or the amending clause
    source: str = ""  # id of the document whose paragraph `para` is
    text: str = ""  # the clause's words where they say more than `by` (自2008年5月12日起施行)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": self.date, "action": self.action, "by": self.by}
        if self.id:
            out["id"] = self.id
        if self.doc_number:
            out["doc_number"] = self.doc_number
        if self.text:
            out["text"] = self.text
        return out


@dataclass
class Note:
    """A parsed 题注: the paragraph it is in and its events in order."""

    para: int
    text: str
    events: list[Event] = field(default_factory=list)


def _iso(y: str, m: str, d: str) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def _inner(text: str) -> str | None:
    """The text inside a note's outer brackets, or None when the paragraph is not one."""
    t = text.strip()
    if len(t) < 4 or t[0] not in "（(" or t[-1] not in "）)":
        return None
    return t[1:-1]


def parse_note(text: str) -> list[Event]:
    """The events of one 题注's text (with or without its brackets); [] when it is none.

    Every part must read as date + what + verb, so an ordinary bracketed sentence is never
    mistaken for a history.
    """
    inner = _inner(fold_width(text))
    if inner is None:
        inner = fold_width(text).strip()
    events: list[Event] = []
    for part in _SPLIT.split(inner):
        part = part.strip(" \u3000，,。")
        if not part:
            continue
        m = _EVENT.match(part)
        if not m:
            return []
        by = m["by"].strip(" \u3000")
        titles = find_titles(by)
        numbers = find_numbers(by)
        number = numbers[0].value if numbers else ""
        name = titles[0].value if titles else (number or by)
        events.append(
            Event(_iso(m["y"], m["m"], m["d"]), _VERBS[m["verb"]], name, doc_number=number)
        )
    return events


def find_note(doc: Document) -> Note | None:
    """The 题注 among the first paragraphs of `doc`, if it has one."""
    for pi, p in enumerate(doc.paragraphs[:4]):
        if _inner(p.text) is None:
            continue
        events = parse_note(p.text)
        if events:
            return Note(pi, p.text, events)
    return None


def _target_of(event: Event, cites: list[Citation], para: int) -> str | None:
    """The store id the note's own citation of `event.by` resolved to, if any."""
    key = title_key(event.by)
    for c in cites:
        if c.para != para or not c.target:
            continue
        if (c.title and title_key(c.title) == key) or (
            event.doc_number and c.doc_number == event.doc_number
        ):
            return c.target
    return None


def note_history(doc: Document, cites: list[Citation], note: Note | None = None) -> list[Event]:
    """The events of `doc`'s 题注 (`note` when already found, so the text is not read
    again), with store ids from its resolved citations."""
    note = note if note is not None else find_note(doc)
    if note is None:
        return []
    for e in note.events:
        e.id = _target_of(e, cites, note.para)
        e.para, e.source = note.para, doc.id
    return note.events


def is_product_of(doc: Document, amender: Document, note: list[Event]) -> bool:
    """Is `doc` the text as amended by `amender` (so the amendment is in it, not after it)?

    True when the note names `amender` (by id, title or number), when `amender` issues `doc`
    (a 修改决定 followed by the revised text), or when `doc` is dated after `amender`.
    """
    key = title_key(amender.title)
    for e in note:
        if e.id == amender.id or title_key(e.by) == key:
            return True
        if amender.doc_number and e.doc_number and e.doc_number == amender.doc_number:
            return True
    if doc.parent == amender.id:
        return True
    return bool(doc.date and amender.date and doc.date > amender.date)


def history_for(doc: Document, facts: Facts) -> list[Event]:
    """The whole history of a store document, oldest first: its 题注 (or, without one, its
    own publication), its 施行 date, and every later amendment or repeal in the store."""
    from corpus.facts import citable_number

    events = [Event(**vars(e)) for e in facts.note(doc.id)]
    if not events and doc.date:
        parent = facts.docs.get(doc.parent or "")
        number = citable_number(doc, facts.docs) or (
            citable_number(parent, facts.docs) if parent else ""
        )
        by = f"{parent.title}" if parent and not doc.doc_number else (number or doc.issuer)
        events.append(
            Event(
                doc.date, "公布", by, parent.id if parent and not doc.doc_number else doc.id, number
            )
        )
    eff = facts.effective(doc.id)
    if eff.get("date") and not any(e.action == "施行" for e in events):
        holder = _clause_holder(doc, eff, facts)
        events.append(
            Event(
                str(eff["date"]),
                "施行",
                holder.title,
                holder.id,
                citable_number(holder, facts.docs),
                text=str(eff.get("text", "")),
            )
        )
    for c in facts.changes_to(doc.id):
        action = "废止" if c.action == "废止" else "修改"
        events.append(Event(c.date, action, c.by_title, c.source, c.by_number, c.para, c.source))
    events.sort(key=lambda e: e.date)
    return events


def _clause_holder(doc: Document, eff: dict[str, Any], facts: Facts) -> Document:
    """The document whose 施行 clause this is: its own, or (inherited) its parent's or child's."""
    if int(eff.get("para", -1)) >= 0:
        return doc
    for rid in (doc.parent or "", *doc.children):
        theirs = facts.effective(rid)
        if (
            rid in facts.docs
            and int(theirs.get("para", -1)) >= 0
            and theirs.get("text") == eff.get("text")
        ):
            return facts.docs[rid]
    return doc
