"""What the store says happened to documents: who amends, repeals or supersedes what, and when.

Read from the stored links (citations, 废止 clauses, 施行 dates, parents) and from the few
paragraphs of each document the facts quote (`DocText`: its 题注, its date line, its 施行
clause, the clauses naming what it amends). Both are taken when the store is built or added
to and kept in a small file of their own (`stored`), so status and history at 100,000
documents never open an issue's shard nor the whole links file. Status (`corpus.status`),
history (`corpus.history`), chains and the cite-check all read these facts, so they agree
with each other.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from corpus import docnumber
from corpus.citations import Citation, title_key
from corpus.history import Event, Note, find_note, is_product_of, note_history, parse_note
from corpus.model import Document
from corpus.relations import Repeal
from corpus.resolve import Resolver, document_number

#: A 修改/修正/修订 decision (关于修改〈…〉等3件部门规章的决定, 关于修订…的通知).
_AMENDING_TITLE = re.compile(r"修改|修正|修订")
#: The citation opens an item of an amending decision: 一、《X》, （二）《X》, 1．《X》.
_ITEM_HEAD = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[．.、])?\s*$"
)
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")

#: Bump when what `Facts.stored` writes changes shape or meaning (old stores are rebuilt).
FACTS_VERSION = 1


@dataclass
class DocText:
    """The paragraphs of one document the facts quote, taken from that document alone when
    it is stored: its 题注 (`note`), its date line (`date`), its own 施行 clause and the
    clauses of an amending decision that name what it amends. Indexes are paragraph
    numbers; -1 when the document has none."""

    note: int = -1
    date: int = -1
    paras: dict[int, str] = field(default_factory=dict)
    #: the 题注's events when read back from a store (an `add` then need not parse it again)
    events: list[Event] | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.note >= 0:
            out["note"] = self.note
        if self.date >= 0:
            out["date"] = self.date
        if self.paras:
            out["paras"] = {str(k): v for k, v in self.paras.items()}
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocText:
        paras = {int(k): str(v) for k, v in (d.get("paras") or {}).items()}
        return cls(int(d.get("note", -1)), int(d.get("date", -1)), paras)


def document_text(doc: Document, cites: list[Citation], effective_para: int = -1) -> DocText:
    """What the facts will quote from `doc` (its citations and its own 施行 paragraph as the
    links found them); reads `doc.paragraphs`, so call it while the text is at hand."""
    paras = doc.paragraphs
    out = DocText()
    note = find_note(doc)
    if note is not None:
        out.note = note.para
        out.paras[note.para] = note.text
    for pi in range(len(paras) - 1, -1, -1):
        if paras[pi].kind == "date":
            out.date = pi
            out.paras[pi] = paras[pi].text
            break
    if 0 <= effective_para < len(paras):
        out.paras[effective_para] = paras[effective_para].text
    if _AMENDING_TITLE.search(doc.title):
        for c in cites:
            if not 0 <= c.para < len(paras) or not c.title and not c.doc_number:
                continue
            if _amends(paras[c.para].text, c):
                out.paras[c.para] = paras[c.para].text
    return out


def texts_of(
    docs: Iterable[Document], links: dict[str, Any], known: dict[str, DocText] | None = None
) -> dict[str, DocText]:
    """`DocText` for each document: from `known` (what a store already holds, by id), else
    read from its text now; an `add` passes the old store's, so only new documents are read."""
    known = known or {}
    citations = links.get("citations", {})
    effective = links.get("effective", {})
    out: dict[str, DocText] = {}
    for d in docs:
        if d.id in known:
            out[d.id] = known[d.id]
            continue
        cites = [Citation.from_dict(c) for c in citations.get(d.id, [])]
        out[d.id] = document_text(d, cites, int(effective.get(d.id, {}).get("para", -1)))
    return out


@dataclass
class Change:
    """A later document changing another: `action` 修改 or 废止 (`partial` for some articles).

    `target` is the store id of the changed document, or None when only its title/number are
    known; `source`/`para`/`text` are the evidence: the clause that says it.
    """

    action: str
    date: str
    source: str
    para: int
    text: str
    title: str = ""
    doc_number: str = ""
    target: str | None = None
    partial: bool = False
    by_title: str = ""
    by_number: str = ""


#: Reads one part of the stored facts by name (`corpus.store.read_facts` for one store).
Reader = Callable[[str], Any]
#: In `Facts._loaded` (beside issue ids): every part has been read (`Facts.complete`).
_WHOLE = "\0whole"


@dataclass
class Facts:
    """Every change the store knows of, indexed by the changed document.

    Collected (`collect`), every field is whole. Read from a store (`Facts.read`), each
    issue's part is read when one of its documents is first asked about, so answering for
    one document reads a few kilobytes: use the accessors (`changes_to`, `note`,
    `effective`, `para_text`, `date_line`, `changes_outside`); `complete()` reads the rest
    into `changes`, `notes` and `texts`.
    """

    docs: dict[str, Document]
    links: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    notes: dict[str, list[Event]] = field(default_factory=dict)
    texts: dict[str, DocText] = field(default_factory=dict)
    _by_target: dict[str, list[Change]] | None = field(default=None, repr=False)
    _indexed: int = field(default=-1, repr=False)
    _read: Reader | None = field(default=None, repr=False)
    _parts: dict[str, str] = field(default_factory=dict, repr=False)  # issue → part name
    _rest: str = field(default="", repr=False)  # the part with changes to no store document
    _loaded: set[str] = field(default_factory=set, repr=False)
    _rest_changes: list[Change] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    #: ids of the changes `collect` found last (a revised text's earlier versions): each
    #: document's list keeps them after the others, and the stored record counts them
    _late: set[int] = field(default_factory=set, repr=False, compare=False)

    @classmethod
    def read(cls, docs: dict[str, Document], index: dict[str, Any], read: Reader) -> Facts:
        """Facts over the documents of an opened store, read part by part from what
        `store.write` wrote for `stored` (`index` names the parts)."""
        facts = cls(docs, {"effective": {}}, _by_target={}, _read=read)
        facts._parts = dict(index.get("issues") or {})
        facts._rest = str(index.get("file") or "")
        return facts

    def _need(self, doc_id: str) -> None:
        """Read the part of the issue `doc_id` is in, once (a read store only)."""
        doc = self.docs.get(doc_id) if self._read is not None else None
        if doc is None or doc.issue in self._loaded:
            return
        with self._lock:  # the app asks from its search worker and from the screen at once
            if doc.issue not in self._loaded:
                self._load(doc.issue)

    def _load(self, issue: str) -> None:
        name = self._parts.get(issue)
        records: dict[str, Any] = self._read(name) if self._read and name else {}
        effective = self.links["effective"]
        assert self._by_target is not None
        for doc_id, rec in records.items():
            self.texts[doc_id] = DocText.from_dict(rec.get("text") or {})
            if rec.get("note"):
                self.notes[doc_id] = [Event(**e) for e in rec["note"]]
            if rec.get("effective"):
                effective[doc_id] = rec["effective"]
            if rec.get("changes"):
                mine = [Change(**c) for c in rec["changes"]]
                self._by_target[doc_id] = mine
                self.changes.extend(mine)
        self._indexed = len(self.changes)
        self._loaded.add(issue)  # last: another thread sees it loaded only when it is

    def complete(self) -> Facts:
        """Read every part not read yet (a read store); `changes`, `notes`, `texts` whole."""
        if self._read is not None:
            rest = self._outside()
            with self._lock:
                if _WHOLE not in self._loaded:
                    for issue in {d.issue for d in self.docs.values()} - self._loaded:
                        self._load(issue)
                    self.changes.extend(rest)  # parts hold changes to store documents only
                    self._loaded.add(_WHOLE)
        return self

    def _outside(self) -> list[Change]:
        if self._read is None:
            return [c for c in self.changes if c.target is None or c.target not in self.docs]
        with self._lock:
            if "" not in self._loaded:
                rest = self._read(self._rest) if self._rest else {}
                self._rest_changes = [Change(**c) for c in (rest or {}).get("changes", [])]
                self._loaded.add("")
        return list(self._rest_changes)

    def citations(self, doc_id: str) -> list[Citation]:
        return [Citation.from_dict(c) for c in self.links.get("citations", {}).get(doc_id, [])]

    def effective(self, doc_id: str) -> dict[str, Any]:
        self._need(doc_id)
        out: dict[str, Any] = self.links.get("effective", {}).get(doc_id, {})
        return out

    def note(self, doc_id: str) -> list[Event]:
        """The events of a document's 题注 ([] without one)."""
        self._need(doc_id)
        return self.notes.get(doc_id, [])

    def changes_to(self, doc_id: str) -> list[Change]:
        """The changes to one document, from an index built on first use."""
        if self._read is not None:
            self._need(doc_id)
            if doc_id not in self.docs:
                return [c for c in self._outside() if c.target == doc_id]
        elif self._by_target is None or self._indexed != len(self.changes):
            self._by_target = {}
            for c in self.changes:
                if c.target is not None:
                    self._by_target.setdefault(c.target, []).append(c)
            self._indexed = len(self.changes)
        assert self._by_target is not None
        return list(self._by_target.get(doc_id, []))

    def changes_outside(self) -> list[Change]:
        """The changes to documents not in the store (known by title or number only)."""
        return [c for c in self._outside() if c.target is None]

    def para_text(self, doc_id: str, para: int) -> str | None:
        """A paragraph the facts quote (see `DocText`), or None when it was not kept."""
        self._need(doc_id)
        text = self.texts.get(doc_id)
        return text.paras.get(para) if text is not None else None

    def date_line(self, doc_id: str) -> tuple[int, str] | None:
        """The last date line of a document (its 成文日期): paragraph number and text."""
        self._need(doc_id)
        text = self.texts.get(doc_id)
        if text is None or text.date < 0 or text.date not in text.paras:
            return None
        return text.date, text.paras[text.date]

    def stored(self) -> dict[str, Any]:
        """Collected facts as JSON, one part per issue (each document's `DocText`, 题注 events,
        施行 date and the changes to it) plus the changes to documents not in the store:
        all `status`, `history` and `outside` read, without citations or whole texts.
        `store.write` writes each part to its own file."""
        issues: dict[str, dict[str, Any]] = {}
        for doc_id, doc in self.docs.items():
            issues.setdefault(doc.issue, {})[doc_id] = self.record(doc_id)
        outside = self._outside()
        return {"version": FACTS_VERSION, "issues": issues, "rest": self._listed(outside)}

    def record(self, doc_id: str, mine: list[Change] | None = None) -> dict[str, Any]:
        """One document's stored record (see `stored`); `mine`: its changes, if not those
        collected."""
        rec: dict[str, Any] = {"text": self.texts.get(doc_id, DocText()).to_dict()}
        if self.notes.get(doc_id):
            rec["note"] = [dict(vars(e)) for e in self.notes[doc_id]]
        effective = self.links.get("effective", {})
        if effective.get(doc_id):
            rec["effective"] = effective[doc_id]
        rec.update(self._listed(self.changes_to(doc_id) if mine is None else mine, "changes"))
        return rec

    def _listed(self, changes: list[Change], empty: str = "") -> dict[str, Any]:
        """Changes as stored: {"changes": [...], "late": how many of them `collect` found
        last}; `empty` names the keys kept for no changes ("changes": none of them)."""
        out: dict[str, Any] = {}
        if changes or empty != "changes":
            out["changes"] = [dict(vars(c)) for c in changes]
        late = sum(1 for c in changes if id(c) in self._late)
        if late:
            out["late"] = late
        return out


def stored_texts(parts: list[Any]) -> dict[str, DocText]:
    """The `DocText` of each document in the issue parts of stored facts, by id."""
    out: dict[str, DocText] = {}
    for records in parts:
        for doc_id, rec in (records if isinstance(records, dict) else {}).items():
            text = out[doc_id] = DocText.from_dict(rec.get("text") or {})
            if text.note >= 0 and rec.get("note"):
                text.events = [Event(**dict(e, id=None, para=-1, source="")) for e in rec["note"]]
    return out


def stored(
    docs: list[Document], links: dict[str, Any], known: dict[str, DocText] | None = None
) -> dict[str, Any]:
    """The facts of a store being written (see `Facts.stored`): `collect` over `docs`,
    reading the text only of documents `known` (the texts already stored, by id) lacks."""
    return collect({d.id: d for d in docs}, links, texts_of(docs, links, known)).stored()


def _in_quotes(text: str, pos: int) -> bool:
    """Is `pos` inside “…” (the new wording an amendment quotes, not a document it amends)?"""
    return text.count("“", 0, pos) > text.count("”", 0, pos)


def _amends(text: str, c: Citation) -> bool:
    """Does citation `c` of an amending decision name a text the decision amends?"""
    if _in_quotes(text, c.start):
        return False
    if _ITEM_HEAD.match(text[: c.start]):
        return True
    before = text[max(0, c.start - 2) : c.start]
    after = text[c.end : c.end + 30]
    return before.endswith(("将", "对")) and bool(re.search("修改|修正|删除|增加", after))


def _date_of(doc: Document, links: dict[str, Any]) -> str:
    eff: dict[str, Any] = links.get("effective", {}).get(doc.id, {})
    return str(eff.get("date") or doc.date)


def _amendments(
    doc: Document, cites: list[Citation], links: dict[str, Any], kept: DocText
) -> list[Change]:
    """The texts an amending decision amends, one Change per distinct text."""
    if not _AMENDING_TITLE.search(doc.title):
        return []
    out: list[Change] = []
    seen: set[tuple[str | None, str]] = set()
    for c in cites:
        text = kept.paras.get(c.para)  # `document_text` kept every amending clause
        if text is None or not c.title and not c.doc_number or not _amends(text, c):
            continue
        key = (c.target, c.target and "" or title_key(c.title) + c.doc_number)
        if key in seen or c.target == doc.id:
            continue
        seen.add(key)
        out.append(
            Change(
                "修改",
                _date_of(doc, links),
                doc.id,
                c.para,
                text,
                c.title,
                c.doc_number,
                c.target,
                by_title=doc.title,
                by_number=doc.doc_number,
            )
        )
    return out


def _repeal_change(r: Repeal, docs: dict[str, Document]) -> Change:
    source = docs.get(r.source)
    title = r.title
    partial = bool(re.search(re.escape(title) + r"》?[^，。；]*" + _ARTICLE.pattern, r.text))
    return Change(
        "废止",
        r.when or (source.date if source else ""),
        r.source,
        r.para,
        r.text,
        title,
        r.doc_number,
        r.target,
        partial=partial,
        by_title=source.title if source else "",
        by_number=source.doc_number if source else "",
    )


def _superseded_versions(doc: Document, note: list[Event], kept: DocText) -> list[Change]:
    """A revised regulation's 题注 says the text first published as N was later amended:
    version N is 已修改 from the first amendment on (卫生部令第59号 → 2021-01-08)."""
    out: list[Change] = []
    published = [e for e in note if e.action == "公布" and e.doc_number]
    for p in published:
        later = [e for e in note if e.action in ("修订", "修正", "修改") and e.date > p.date]
        if not later:
            continue
        first = later[0]
        out.append(
            Change(
                "修改",
                first.date,
                doc.id,
                first.para,
                kept.paras.get(first.para, ""),
                doc.title,
                p.doc_number,
                None,
                by_title=first.by,
                by_number=first.doc_number,
            )
        )
    return out


def collect(
    docs: dict[str, Document],
    links: dict[str, Any],
    texts: dict[str, DocText] | None = None,
    resolver: Resolver | None = None,
) -> Facts:
    """All the facts of one store. With `texts` (see `texts_of`) no document's text is
    read; without, each document's is read now. `resolver`: over every document of the
    store, when `docs` are only some of them (`update_stored`)."""
    if texts is None:
        texts = texts_of(docs.values(), links)
    facts = Facts(docs, links, texts=texts)
    repeals = links.get("repeals", {})
    none = DocText()
    for d in docs.values():
        kept = texts.get(d.id, none)
        amending = bool(_AMENDING_TITLE.search(d.title))
        if kept.note < 0 and not amending:
            cites: list[Citation] = []
        else:
            cites = facts.citations(d.id)
        if kept.note >= 0 and kept.note in kept.paras:
            text = kept.paras[kept.note]
            events = [Event(**vars(e)) for e in kept.events or []] or parse_note(text)
            note = note_history(d, cites, Note(kept.note, text, events))
            if note:
                facts.notes[d.id] = note
        facts.changes.extend(_amendments(d, cites, links, kept))
        facts.changes.extend(
            _repeal_change(Repeal.from_dict(r), docs) for r in repeals.get(d.id, [])
        )
    # An amendment the text already carries is part of its history, not a change to it.
    facts.changes = [
        c
        for c in facts.changes
        if not (
            c.target in docs
            and c.action == "修改"
            and is_product_of(docs[c.target], docs[c.source], facts.notes.get(c.target, []))
        )
    ]
    for d in docs.values():
        for v in _superseded_versions(d, facts.notes.get(d.id, []), texts.get(d.id, none)):
            if resolver is None:
                resolver = Resolver(list(docs.values()), titles=False)
            found = [x for x in resolver.by_cited_number(v.doc_number) if x.id != d.id]
            v.target = found[0].id if found else None
            facts.changes.append(v)
            facts._late.add(id(v))
    return facts


def number_matches(ref_number: str, number: str) -> bool:
    """Does a cited `number` name what the user typed (`ref_number`)? Orders compare by
    issuer, year and serial (保监会令2008年第1号 is 中国保险监督管理委员会令2008年第1号)."""
    if ref_number == number:
        return True
    a, b = docnumber.first(ref_number), docnumber.first(number)
    return bool(a and b and a.matches(b) and (a.issuer and b.issuer or not a.series))


def citable_number(doc: Document, docs: dict[str, Document]) -> str:
    """The number to cite a document by: its own 文号, or for an order (numbered 第7号 or
    2021年第1号 in its header) and the regulation it publishes, the issuer's order number
    (国家卫生健康委员会令第7号, 中国银行保险监督管理委员会令2021年第1号)."""
    if doc.doc_number and doc.kind != "令":
        return doc.doc_number
    order = doc if doc.kind == "令" else docs.get(doc.parent or "")
    if order is None or order.kind != "令" or not order.doc_number:
        return doc.doc_number
    number = document_number(order)
    if number[:1].isdigit() or number.startswith("第"):
        issuer = order.issuer.split("、")[0].removeprefix("中华人民共和国").strip()
        number = f"{issuer}令{number}" if issuer else number
    return number


def update_stored(
    sources: list[Document],
    added: set[str],
    doc_of: Callable[[str], Document | None],
    row_of: Callable[[str], dict[str, Any]],
    old_row_of: Callable[[str], dict[str, Any]],
    part_of: Callable[[str], dict[str, Any]],
    rest: dict[str, Any],
    resolver: Resolver,
) -> dict[str, Any]:
    """The stored facts (`stored`) that change when an `add` joins the store, without
    collecting them over every document: `{"version", "issues": the parts that change,
    whole, "rest"}`.

    `sources` are the documents whose links were made or read again (the added ones, ids
    `added`, and the older issues `corpus.links.update_links` read again), whole, in
    gazette order. Only their changes are new; a record of another document changes only
    where they amend or repeal it (its other changes are kept, in gazette order of their
    sources), and a revised text's earlier version known only by number may now be an
    added document. `doc_of` gives any store document's fields, `row_of` its links row
    after the add and `old_row_of` before, `part_of` an issue's stored part (by the issue
    id), `rest` the stored changes to no store document; `resolver` holds every document,
    in gazette order (the added last)."""
    position = {d.id: k for k, d in enumerate(resolver.docs)}

    def at(change: dict[str, Any]) -> int:
        return position[change["source"]]

    mine = {d.id for d in sources}
    docs: dict[str, Document] = {d.id: d for d in sources}
    links: dict[str, Any] = {"citations": {}, "repeals": {}, "effective": {}}
    texts: dict[str, DocText] = {}
    parts: dict[str, dict[str, Any]] = {}

    new_issues = {d.issue for d in sources if d.id in added}

    def part(issue: str) -> dict[str, Any]:
        if issue not in parts:
            parts[issue] = {} if issue in new_issues else dict(part_of(issue))
        return parts[issue]

    def linked(doc_id: str) -> None:
        row = row_of(doc_id)
        for key, name in (
            ("citations", "citations"),
            ("repeals", "repeals"),
            ("effective", "effective"),
        ):
            if row.get(name):
                links[key][doc_id] = row[name]

    def take(doc_id: str | None) -> None:
        if not doc_id or doc_id in docs:
            return
        doc = doc_of(doc_id)
        if doc is None:
            return
        docs[doc_id] = doc
        linked(doc_id)
        rec = part(doc.issue).get(doc_id)
        if rec is not None:
            texts.update(stored_texts([{doc_id: rec}]))

    for d in sources:
        linked(d.id)
    texts.update(texts_of(sources, links))
    affected: set[str] = set(mine)
    for d in sources:
        row = row_of(d.id)
        for c in row.get("citations", []):
            take(c.get("target"))
        for r in row.get("repeals", []):
            take(r.get("target"))
        if d.id in added:
            continue
        before = old_row_of(d.id)  # a document read again: where its changes were
        for c in [*before.get("citations", []), *before.get("repeals", [])]:
            take(c.get("target"))
            if c.get("target"):
                affected.add(c["target"])
        old = part(d.issue).get(d.id, {})
        for source in row.get("cited_by", []):
            take(source)
        for c in old.get("changes", []):
            take(c.get("source"))
        for e in old.get("note", []):
            if e.get("action") == "公布" and e.get("doc_number"):
                found = [x for x in resolver.by_cited_number(e["doc_number"]) if x.id != d.id]
                if found:
                    affected.add(found[0].id)
    ordered = dict(sorted(docs.items(), key=lambda item: position[item[0]]))
    facts = collect(ordered, links, texts, resolver)
    ours = [c for c in facts.changes if c.source in mine]
    affected.update(c.target for c in ours if c.target)
    late_rest = rest.get("changes", [])[len(rest.get("changes", [])) - int(rest.get("late", 0)) :]
    main_rest = rest.get("changes", [])[: len(rest.get("changes", [])) - int(rest.get("late", 0))]
    fresh = Resolver([resolver.by_id[i] for i in added], titles=False)
    retarget: dict[str, list[dict[str, Any]]] = {}
    kept_late: list[dict[str, Any]] = []
    for c in late_rest:
        if c["source"] in mine:
            continue
        found = [x for x in fresh.by_cited_number(c.get("doc_number") or "") if x.id != c["source"]]
        if c.get("target") is None and found:
            retarget.setdefault(found[0].id, []).append(dict(c, target=found[0].id))
        else:
            kept_late.append(c)

    def split(changes: list[Change]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return (
            [dict(vars(c)) for c in changes if id(c) not in facts._late],
            [dict(vars(c)) for c in changes if id(c) in facts._late],
        )

    def listed(main: list[dict[str, Any]], late: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {"changes": sorted(main, key=at) + sorted(late, key=at)}
        if late:
            out["late"] = len(late)
        return out

    out: dict[str, dict[str, Any]] = {}
    for target in sorted(affected, key=position.__getitem__):
        doc = docs.get(target) or doc_of(target)
        if doc is None:
            continue
        if target in mine:
            main, late = split(facts.changes_to(target))
            late += retarget.get(target, [])
            rec = facts.record(target, [])
        else:
            rec = dict(part(doc.issue).get(target) or {})
            stored_changes = rec.pop("changes", [])
            count = len(stored_changes) - int(rec.pop("late", 0))
            main = [c for c in stored_changes[:count] if c["source"] not in mine]
            late = [c for c in stored_changes[count:] if c["source"] not in mine]
            new_main, new_late = split([c for c in facts.changes_to(target) if c.source in mine])
            main += new_main
            late += new_late
        if main or late:
            rec.update(listed(main, late))
        out.setdefault(doc.issue, {})[target] = rec
    issues: dict[str, dict[str, Any]] = {}
    for issue, records in out.items():
        whole = dict(part(issue))
        whole.update(records)
        if issue in new_issues:
            order = [d.id for d in sources if d.issue == issue]
            whole = {i: whole[i] for i in order}
        issues[issue] = whole
    main_new, late_new = split([c for c in facts.changes if c.source in mine and c.target is None])
    kept_main = [c for c in main_rest if c["source"] not in mine]
    return {
        "version": FACTS_VERSION,
        "issues": issues,
        "rest": listed(kept_main + main_new, kept_late + late_new),
    }
