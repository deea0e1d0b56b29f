"""Links between documents, built once at store-build time and read back by `Library.refs`.

`extract_links` finds every citation (`corpus.citations`), resolves it against the store
(`corpus.resolve`), reads 施行 and 废止 clauses (`corpus.relations`), checks the pipeline's
印发/转发 parent links against what the notices say, and inverts citations into cited-by.
The result is plain JSON, stored under the key "links"; `refs_for` turns it into a `Refs`.
`update_links` gives the same result for a store with new issues (`gongbao add`) from the
new text, every document's metadata and the links of the few issues involved: a stored
index of the citations an added issue could answer differently (`_signature`: unresolved,
or resolved outside their issue or by subject only) says which issues to look at; parents,
施行 and 废止 never leave an issue, so only the issues whose citations now resolve elsewhere
are read again. `add_links` does the same over links held whole in memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from corpus.citations import Citation, extract_citations, names_a_form
from corpus.errors import NotFound
from corpus.model import Document
from corpus.relations import Effective, Repeal, find_effective, find_repeals
from corpus.resolve import Citable, DocMeta, OldTarget, Resolver, again

#: Bump when the stored shape or the extraction rules change, so old stores are recomputed.
#: 3: "forms" keeps the dropped form-name citations, so `add_links` can re-resolve them.
LINKS_VERSION = 3

#: "现印发给你们", "现将《…》转发你们", "现予公布": the sentence names the text being issued.
_ISSUING = re.compile(
    r"(?:现予以?|现|予以?)(?:印发|转发|发布|公布)|(?:印发|转发)(?:给)?你们|(?:印发|转发)(?=了?《)"
)


@dataclass
class Refs:
    """Everything `gongbao refs` and the reader's references panel show for one document.

    `cites` are this document's own citations (offsets index its paragraphs);
    `child_cites` those of the texts it issues, as (child id, citation); `repeals` include
    the repeal clauses of issued texts (an order repeals what its regulation says it does).
    """

    id: str
    cites: list[Citation] = field(default_factory=list)
    cited_by: list[dict[str, str]] = field(default_factory=list)
    repeals: list[Repeal] = field(default_factory=list)
    effective: str = ""  # ISO date, or the clause's words where no date is known
    effective_text: str = ""
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    child_cites: list[tuple[str, Citation]] = field(default_factory=list)

    @property
    def unresolved(self) -> list[Citation]:
        return [c for c in self.cites if c.target is None]

    def to_dict(self) -> dict[str, Any]:
        """The fields `show --json` and `refs --json` print; parent/children are ids, as in
        `Document.summary`, so merging them into a document's JSON changes no types."""
        return {
            "cites": [c.to_dict() for c in self.cites],
            "cited_by": [dict(d) for d in self.cited_by],
            "repeals": [r.to_dict() for r in self.repeals],
            "effective": self.effective,
            "effective_text": self.effective_text,
            "parent": self.parent,
            "children": list(self.children),
            "child_cites": [{"doc": doc, **c.to_dict()} for doc, c in self.child_cites],
        }


def _resolved_citations(doc: Document, resolver: Resolver) -> tuple[list[Citation], list[Citation]]:
    """The document's citations with targets, and the names of forms and certificates that
    resolve to nothing (《医疗机构执业许可证》), which are no citation unless a document of
    that title is added later (kept apart for `add_links`). Its own number (an order's
    header) is dropped: no added document can outrank the citing one for it."""
    return resolve_found(doc, extract_citations(doc.paragraphs), resolver)


def resolve_found(
    doc: Citable, found: list[Citation], resolver: Resolver
) -> tuple[list[Citation], list[Citation]]:
    """`_resolved_citations` of citations already extracted from `doc`'s text (a bulk build's
    workers find them; resolving needs every document's metadata, so it waits for the end)."""
    out: list[Citation] = []
    forms: list[Citation] = []
    for c in found:
        c.target = resolver.resolve(c, doc)
        if c.target == doc.id and c.doc_number:
            continue
        if c.target is None and not c.doc_number and names_a_form(c.title):
            forms.append(c)
            continue
        out.append(c)
    return out, forms


def _issued_in_text(doc: Document, cits: list[Citation], issue_of: Mapping[str, str]) -> list[str]:
    """Ids of the texts `doc` says it issues, in the same issue: the nearest resolved citation
    before 现印发/转发/予以公布 in its paragraph (《X》已经…通过。现予公布), or the one right
    after 印发/转发 (中共中央办公厅、国务院办公厅印发了《X》). Verbs inside titles do not count."""
    found: list[str] = []
    by_para: dict[int, list[Citation]] = {}
    for c in cits:
        by_para.setdefault(c.para, []).append(c)
    for pi, here in by_para.items():
        p = doc.paragraphs[pi]
        mine = [c for c in here if c.target and c.target != doc.id]
        titles = [(c.start, c.end) for c in here]
        for m in _ISSUING.finditer(p.text) if mine else ():
            if any(a <= m.start() < b for a, b in titles):
                continue
            before = [c for c in mine if c.end <= m.start()]
            after = [
                c for c in mine if c.start >= m.end() and not p.text[m.end() : c.start].strip("了 ")
            ]
            pick = after[0] if after else (before[-1] if before else None)
            if pick and issue_of[pick.target] == doc.issue and pick.target not in found:  # type: ignore[index]
                found.append(pick.target)  # type: ignore[arg-type]
    return found


def _family(doc: Document, parents: dict[str, str], kids: dict[str, list[str]]) -> set[str]:
    """The document, its parent and children: what a repeal clause never means."""
    ids = {doc.id, *doc.children, *kids.get(doc.id, [])}
    if parents.get(doc.id):
        ids.add(parents[doc.id])
    return ids


def _parents(
    docs: list[Document],
    citations: Mapping[str, list[Citation]],
    by_id: Mapping[str, Document],
    issue_of: Mapping[str, str],
) -> tuple[dict[str, str], list[str]]:
    """Child id → parent id: the pipeline's links, plus those only the text states; and
    one line for each disagreement between the two, for the build to report.

    Both kinds stay inside one issue, so `docs` may be any set of whole issues (`by_id`
    holds at least them); `issue_of` maps every citable id to its issue."""
    parents = {d.id: d.parent for d in docs if d.parent and d.parent in by_id}
    checks: list[str] = []
    for d in docs:
        issued = _issued_in_text(d, citations[d.id], issue_of)
        for child in issued:
            if child not in parents:
                parents[child] = d.id
                checks.append(f"{d.id} issues {child} (from its text; the pipeline set no parent)")
            elif parents[child] != d.id:
                checks.append(f"{d.id} says it issues {child}, whose parent is {parents[child]}")
        named = {c.target for c in citations[d.id]}
        for child in d.children:
            if child in by_id and child not in issued and child not in named:
                checks.append(f"{d.id} has child {child}, but its text does not name it")
    return parents, checks


def _effective(
    docs: list[Document],
    by_id: Mapping[str, Document],
    parents: dict[str, str],
    kids: dict[str, list[str]],
) -> dict[str, Effective]:
    """Each document's own 施行 clause; failing that, its parent's, or its only child's
    (a regulation takes effect when its order says; a notice when the text it issues says)."""
    own: dict[str, Effective] = {}
    for d in docs:
        e = find_effective(d, by_id.get(parents.get(d.id, "")))
        if e:
            own[d.id] = e
    effective = dict(own)
    for d in docs:
        if d.id in own:
            continue
        with_own = [k for k in kids.get(d.id, []) if k in own]
        source = (
            parents.get(d.id)
            if parents.get(d.id) in own
            else (with_own[0] if len(with_own) == 1 else None)
        )
        if source:
            e = own[source]
            effective[d.id] = Effective(e.date, e.text, -1)
    return effective


def _cited_by(
    docs: Iterable[Document], citations: Mapping[str, list[Citation]]
) -> dict[str, list[str]]:
    """Target id → ids of the documents citing it, in gazette order, each once."""
    cited_by: dict[str, dict[str, None]] = {}
    for d in docs:  # docs are in gazette order, and dicts keep insertion order
        for c in citations[d.id]:
            if c.target and c.target != d.id:
                cited_by.setdefault(c.target, {})[d.id] = None
    return {k: list(v) for k, v in cited_by.items()}


@dataclass
class _Relations:
    """What the text says about a set of whole issues, given their citations."""

    parents: dict[str, str]
    checks: list[str]
    effective: dict[str, Effective]
    repeals: dict[str, list[Repeal]]


def _relations(
    docs: list[Document],
    citations: Mapping[str, list[Citation]],
    issue_of: Mapping[str, str],
) -> _Relations:
    """Parents, 施行 dates and 废止 clauses of `docs` (whole issues: none of these links
    leaves an issue), read from their text and their resolved citations."""
    by_id = {d.id: d for d in docs}
    parents, checks = _parents(docs, citations, by_id, issue_of)
    kids: dict[str, list[str]] = {}
    for child, parent in parents.items():
        kids.setdefault(parent, []).append(child)
    effective = _effective(docs, by_id, parents, kids)
    repeals: dict[str, list[Repeal]] = {}
    for d in docs:
        e = effective.get(d.id)
        found = find_repeals(d, citations[d.id], e.value if e else "", _family(d, parents, kids))
        if found:
            repeals[d.id] = found
    return _Relations(parents, checks, effective, repeals)


#: The relations of a set of whole issues (public for a build that computes them per issue).
Relations = _Relations


def relations_of(
    docs: list[Document], citations: Mapping[str, list[Citation]], issue_of: Mapping[str, str]
) -> Relations:
    """Parents, 施行 dates and 废止 clauses of `docs`, whole issues (see `_relations`): a bulk
    build reads one issue's text at a time and computes its relations then."""
    return _relations(docs, citations, issue_of)


def _citation_rows(citations: Mapping[str, list[Citation]]) -> dict[str, list[dict[str, Any]]]:
    return {k: [c.to_dict() for c in v] for k, v in citations.items() if v}


def _effective_rows(effective: Mapping[str, Effective]) -> dict[str, dict[str, Any]]:
    return {k: {"date": e.date, "text": e.text, "para": e.para} for k, e in effective.items()}


def extract_links(docs: list[Document]) -> dict[str, Any]:
    """All links of a corpus, as JSON-serialisable data for the store's "links" key."""
    resolver = Resolver(docs)
    citations: dict[str, list[Citation]] = {}
    forms: dict[str, list[Citation]] = {}
    for d in docs:
        citations[d.id], forms[d.id] = _resolved_citations(d, resolver)
    rel = _relations(docs, citations, {d.id: d.issue for d in docs})
    return links_data(docs, citations, forms, rel, resolver)


def links_data(
    docs: list[Any],
    citations: Mapping[str, list[Citation]],
    forms: Mapping[str, list[Citation]],
    rel: _Relations,
    resolver: Resolver,
) -> dict[str, Any]:
    """The store's "links" from every document's resolved citations and forms (`docs` in
    gazette order, metadata only, `resolver` over them) and the relations of all of them."""
    waiting: dict[Signature, list[str]] = {}
    for d in docs:
        _wait(waiting, d, [*citations[d.id], *forms[d.id]], resolver)
    return {
        "version": LINKS_VERSION,
        "citations": _citation_rows(citations),
        "forms": _citation_rows(forms),
        "cited_by": _cited_by(docs, citations),
        "parents": rel.parents,
        "effective": _effective_rows(rel.effective),
        "repeals": {k: [r.to_dict() for r in v] for k, v in rel.repeals.items()},
        "checks": rel.checks,
        "waiting": _named(waiting),
    }


#: `_signature`: number, title, the citing document's date, the old target's rank and tier.
Signature = tuple[str, str, str, "tuple[bool, str, bool, bool] | None"]


def _named(waiting: Mapping[Signature, list[str]]) -> dict[str, list[str]]:
    """The index as stored: each signature spelled as a JSON list, in their sorted order
    (however the index was put together, the same index is the same file)."""
    named = {json.dumps(sig, ensure_ascii=False): issues for sig, issues in waiting.items()}
    return {sig: named[sig] for sig in sorted(named)}


def _signature(c: Citation, citing: Citable, resolver: Resolver) -> Signature | None:
    """What decides whether an added issue can change citation `c` of `citing` (see
    `resolve.again`), as a JSON string: the cited number (or title), the citing
    document's date and its old target's rank (same issue, date) and tier (holds the number,
    holds the title exactly). None when no added issue can: a citation without number or
    title, or one answered inside its own issue by number or exact title."""
    number, title = c.doc_number, c.title if not c.doc_number else ""
    if not number and not title:
        return None
    if number and c.target is not None and resolver.by_id[c.target].issue == citing.issue:
        return None  # (checked first: `old_target` scans the number's documents)
    old = resolver.old_target(number, title, c.target)
    if old is not None and old.issue == citing.issue and (number or old.titled):
        return None
    rank = None if old is None else (old.issue == citing.issue, old.date, old.own, old.titled)
    return (number, title, citing.date, rank)


def _wait(
    waiting: dict[Signature, list[str]],
    doc: Citable,
    cits: Iterable[Citation],
    resolver: Resolver,
) -> None:
    """Note the issue of `doc` under the signature of each of its citations that an added
    issue could change (issues in gazette order, each once)."""
    for c in cits:
        sig = _signature(c, doc, resolver)
        if sig is not None:
            issues = waiting.setdefault(sig, [])
            if not issues or issues[-1] != doc.issue:
                issues.append(doc.issue)


def _moves(sig: str, fresh: Resolver) -> bool:
    """Would the citations of signature `sig` resolve elsewhere with `fresh`'s documents?"""
    number, title, date, rank = json.loads(sig)
    citing = DocMeta("\0citing", "\0citing", "", date=date)
    old = None
    if rank is not None:
        same, old_date, own, titled = rank
        old = OldTarget("\0old", "\0citing" if same else "\0other", old_date, own, titled)
    return again(number, title, citing, old, fresh) != (old.id if old else None)


#: What a store holds of one issue's links (`store.write`'s links shard): each document's
#: row (citations, forms, cited_by, parent, children, effective, repeals, as present) by
#: id, and the issue's check lines.
IssueRefs = tuple[dict[str, dict[str, Any]], list[str]]
#: The order of a links row's fields (`corpus.store.LINK_FIELDS`).
ROW_FIELDS = ("citations", "cited_by", "parent", "children", "effective", "repeals", "forms")


@dataclass
class LinkUpdate:
    """What an added issue changes in the stored links: the whole new rows and check lines
    of every issue whose links changed (the added ones included), and the new index of
    waiting citations; every other issue's links stay as they are."""

    rows: dict[str, dict[str, dict[str, Any]]]
    checks: dict[str, list[str]]
    waiting: dict[str, list[str]]
    touched: list[str]  # older issues whose text was read again (their relations changed)


class _IssueOf(Mapping[str, str]):
    """Document id → issue, for every document a resolver holds."""

    def __init__(self, resolver: Resolver) -> None:
        self._by_id = resolver.by_id

    def __getitem__(self, key: str) -> str:
        return str(self._by_id[key].issue)

    def __iter__(self) -> Any:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)


def update_links(
    refs_of: Callable[[str], IssueRefs],
    waiting: Mapping[str, list[str]],
    full: Resolver,
    added: list[Document],
    read_issue: Callable[[str], list[Document]],
) -> LinkUpdate:
    """The links of the store once `added` (whole new issues, last in gazette order) joins
    it, as the rows of the issues that change: exactly what `extract_links` over every
    document gives, reading only the added text, the links rows of the issues involved
    (`refs_of`) and the text of the older issues whose citations now resolve elsewhere
    (`read_issue`). `full` resolves over every document, the added ones last; `waiting`
    is the stored index of the citations an added issue could change (`_signature`):
    only the issues under a signature the added documents answer are looked at."""
    fresh = Resolver(list(added))
    citations: dict[str, list[Citation]] = {}
    forms: dict[str, list[Citation]] = {}
    for d in added:
        citations[d.id], forms[d.id] = _resolved_citations(d, full)
    cache: dict[str, IssueRefs] = {}

    def refs(issue: str) -> IssueRefs:
        if issue not in cache:
            cache[issue] = refs_of(issue)
        return cache[issue]

    issue_of = _IssueOf(full)
    moved = [sig for sig in waiting if _moves(sig, fresh)]
    looked = list(dict.fromkeys(i for sig in moved for i in waiting[sig]))
    old: dict[str, dict[str, list[dict[str, Any]]]] = {"citations": {}, "forms": {}}
    for issue in looked:
        for did, row in refs(issue)[0].items():
            for key in ("citations", "forms"):
                if row.get(key):
                    old[key][did] = row[key]
    changed = _re_resolved(old, full, fresh)
    for did, (cits, still_forms) in changed.items():
        citations[did], forms[did] = cits, still_forms
    touched = list(dict.fromkeys(issue_of[did] for did in changed))
    group: list[Document] = [d for issue in touched for d in read_issue(issue)]
    for d in group:
        if d.id not in citations:
            row = refs(d.issue)[0].get(d.id, {})
            citations[d.id] = [Citation.from_dict(c) for c in row.get("citations", [])]
            forms[d.id] = [Citation.from_dict(c) for c in row.get("forms", [])]
    rel = _relations([*group, *added], citations, issue_of)
    position: dict[str, int] = {}

    def at(doc_id: str) -> int:
        if not position:
            position.update((d.id, k) for k, d in enumerate(full.docs))
        return position[doc_id]

    cited: dict[str, list[str]] = {}

    def cited_by(target: str) -> list[str]:
        if target not in cited:
            row = refs(issue_of[target])[0].get(target, {})
            cited[target] = list(row.get("cited_by", []))
        return cited[target]

    def targets(cits: Iterable[Citation], did: str) -> set[str]:
        return {c.target for c in cits if c.target and c.target != did}

    for did in changed:
        row = refs(issue_of[did])[0].get(did, {})
        was = targets((Citation.from_dict(c) for c in row.get("citations", [])), did)
        now = targets(citations[did], did)
        for t in was - now:
            cited_by(t).remove(did)
        for t in now - was:
            ids = cited_by(t)
            ids.append(did)
            ids.sort(key=at)
    for t, ids in _cited_by(added, citations).items():
        cited_by(t).extend(ids)
    new_issues = list(dict.fromkeys(d.issue for d in added))
    redone = {*touched, *new_issues}
    affected = list(dict.fromkeys([*touched, *(issue_of[t] for t in cited), *new_issues]))
    kids: dict[str, list[str]] = {}
    for child, parent in rel.parents.items():
        kids.setdefault(parent, []).append(child)
    for found in kids.values():
        found.sort(key=at)
    fresh_fields: dict[str, Mapping[str, Any]] = {
        "parent": rel.parents,
        "children": kids,
        "effective": _effective_rows(rel.effective),
        "repeals": {k: [r.to_dict() for r in v] for k, v in rel.repeals.items()},
    }
    rows: dict[str, dict[str, dict[str, Any]]] = {}
    checks: dict[str, list[str]] = {}
    for issue in affected:
        before, lines = refs(issue) if issue not in new_issues else ({}, [])
        mine = {did: dict(row) for did, row in before.items()}
        if issue in redone:
            for row in mine.values():
                for key in fresh_fields:
                    row.pop(key, None)
            lines = []
        rows[issue] = mine
        checks[issue] = list(lines)
    for key, table in fresh_fields.items():
        for did, value in table.items():
            rows[issue_of[did]].setdefault(did, {})[key] = value
    for did in citations:
        row = rows[issue_of[did]].setdefault(did, {})
        for key, cits in (("citations", citations[did]), ("forms", forms.get(did, []))):
            if cits:
                row[key] = [c.to_dict() for c in cits]
            else:
                row.pop(key, None)
    for t, ids in cited.items():
        row = rows[issue_of[t]].setdefault(t, {})
        if ids:
            row["cited_by"] = ids
        else:
            row.pop("cited_by", None)
    for line in rel.checks:
        checks[issue_of[line.split(" ", 1)[0]]].append(line)
    for issue in affected:
        ordered = sorted(rows[issue].items(), key=lambda item: at(item[0]))
        rows[issue] = {
            did: {k: row[k] for k in ROW_FIELDS if k in row} for did, row in ordered if row
        }
    return LinkUpdate(rows, checks, _rewait(waiting, redone, full, citations, forms), touched)


def _rewait(
    waiting: Mapping[str, list[str]],
    redone: set[str],
    full: Resolver,
    citations: Mapping[str, list[Citation]],
    forms: Mapping[str, list[Citation]],
) -> dict[str, list[str]]:
    """The index of waiting citations with the issues in `redone` (added, or read again)
    noted anew from their documents' citations, every list in gazette order."""
    out = {
        sig: [i for i in issues if i not in redone] if redone.intersection(issues) else issues
        for sig, issues in waiting.items()
    }
    noted: dict[Signature, list[str]] = {}
    for d in full.docs:
        if d.issue in redone and d.id in citations:
            _wait(noted, d, [*citations[d.id], *forms.get(d.id, [])], full)
    fresh = _named(noted)
    order: dict[str, int] = {}
    for d in full.docs:
        order.setdefault(d.issue, len(order))
    for sig, issues in fresh.items():
        into = out[sig] = list(out.get(sig, []))  # never the caller's list
        in_order = not into or order[into[-1]] < order[issues[0]]  # the usual add: at the end
        into.extend(issues)
        if not in_order:
            into.sort(key=order.__getitem__)
    return {sig: out[sig] for sig in sorted(out) if out[sig]}  # in one order, as a build's


def add_links(
    old: Mapping[str, Any],
    known: list[Citable],
    added: list[Document],
    read_issue: Callable[[str], list[Document]],
) -> dict[str, Any]:
    """The links of the store once `added` (whole new issues, after `known` in gazette order)
    joins it: the same as `extract_links` over all documents, reading only the added text
    (`update_links` over links held whole in memory, put back together)."""
    everyone: list[Citable] = [*known, *added]
    full = Resolver(everyone)
    refs_of, waiting = held_links(old, known, full)
    update = update_links(refs_of, waiting, full, added, read_issue)
    issue_of = {d.id: d.issue for d in everyone}
    return merge_update(old, update, issue_of, [d.id for d in everyone])


def held_links(
    old: Mapping[str, Any], known: list[Citable], full: Resolver
) -> tuple[Callable[[str], IssueRefs], dict[str, list[str]]]:
    """Whole links in memory (`extract_links`'s shape) as `update_links` reads a store's:
    each issue's rows and check lines, and the waiting citations (made now if missing)."""
    issue_of = {d.id: d.issue for d in full.docs}
    by_issue: dict[str, dict[str, dict[str, Any]]] = {}
    lines: dict[str, list[str]] = {}
    for key, field_name in zip(
        ("citations", "cited_by", "parents", "effective", "repeals", "forms"),
        ("citations", "cited_by", "parent", "effective", "repeals", "forms"),
        strict=True,
    ):
        for did, value in old.get(key, {}).items():
            by_issue.setdefault(issue_of[did], {}).setdefault(did, {})[field_name] = value
    for child, parent in old.get("parents", {}).items():
        row = by_issue.setdefault(issue_of[parent], {}).setdefault(parent, {})
        row.setdefault("children", []).append(child)
    for line in old.get("checks", []):
        lines.setdefault(issue_of[line.split(" ", 1)[0]], []).append(line)

    def refs_of(issue: str) -> IssueRefs:
        return by_issue.get(issue, {}), lines.get(issue, [])

    waiting = old.get("waiting")
    if not isinstance(waiting, dict):
        noted: dict[Signature, list[str]] = {}
        for d in known:
            row = by_issue.get(d.issue, {}).get(d.id, {})
            both = [*row.get("citations", []), *row.get("forms", [])]
            _wait(noted, d, [Citation.from_dict(c) for c in both], full)
        waiting = _named(noted)
    return refs_of, waiting


def merge_update(
    old: Mapping[str, Any], update: LinkUpdate, issue_of: Mapping[str, str], order: list[str]
) -> dict[str, Any]:
    """The whole links (`extract_links`'s shape) with `update`'s issues replaced."""
    gone = set(update.rows)
    out: dict[str, Any] = {"version": LINKS_VERSION}
    for key, field_name in zip(
        ("citations", "forms", "cited_by", "parents", "effective", "repeals"),
        ("citations", "forms", "cited_by", "parent", "effective", "repeals"),
        strict=True,
    ):
        table = {k: v for k, v in old.get(key, {}).items() if issue_of.get(k) not in gone}
        for rows in update.rows.values():
            for did, row in rows.items():
                if field_name in row:
                    table[did] = row[field_name]
        out[key] = table
    position = {did: k for k, did in enumerate(order)}
    end = len(position)
    kept = [ln for ln in old.get("checks", []) if issue_of.get(ln.split(" ", 1)[0]) not in gone]
    new = [ln for lines in update.checks.values() for ln in lines]
    out["checks"] = sorted([*kept, *new], key=lambda ln: position.get(ln.split(" ", 1)[0], end))
    out["waiting"] = update.waiting
    return out


def _re_resolved(
    old: Mapping[str, Any], full: Resolver, fresh: Resolver
) -> dict[str, tuple[list[Citation], list[Citation]]]:
    """Older documents whose stored citations (or form names) resolve differently with
    the added documents in the store: doc id → (citations, form names still unresolved)."""
    changed: dict[str, tuple[list[Citation], list[Citation]]] = {}
    for key in ("citations", "forms"):
        for did, rows in old.get(key, {}).items():
            if did in changed:
                continue
            citing = full.by_id[did]
            for row in rows:
                before = row.get("target")
                now = full.resolve_again(
                    row.get("doc_number") or "", row.get("title") or "", citing, before, fresh
                )
                if now == before:
                    continue
                if did not in changed:
                    changed[did] = (_stored(old, "citations", did), _stored(old, "forms", did))
                break
    for did, (cits, forms) in changed.items():
        citing = full.by_id[did]
        for c in [*cits, *forms]:
            c.target = full.resolve_again(c.doc_number, c.title, citing, c.target, fresh)
        cits.extend(c for c in forms if c.target is not None)
        cits.sort(key=lambda c: (c.para, c.start))
        forms[:] = [c for c in forms if c.target is None]
    return changed


def _stored(old: Mapping[str, Any], key: str, doc_id: str) -> list[Citation]:
    return [Citation.from_dict(c) for c in old.get(key, {}).get(doc_id, [])]


_computed: tuple[dict[str, Document], dict[str, Any]] | None = None


def _links_or_compute(
    links_data: dict[str, Any] | None, docs_by_id: dict[str, Document]
) -> dict[str, Any]:
    """Stored links, or links computed now for a store built before they existed."""
    global _computed
    if links_data and links_data.get("version") == LINKS_VERSION:
        return links_data
    if _computed is None or _computed[0] is not docs_by_id:
        _computed = (docs_by_id, extract_links(list(docs_by_id.values())))
    return _computed[1]


_kids_cache: tuple[dict[str, Any], dict[str, Document], dict[str, list[str]]] | None = None


def _children_index(data: dict[str, Any], docs_by_id: dict[str, Document]) -> dict[str, list[str]]:
    """Parent id → child ids in gazette order, built once per opened store (not per call)."""
    global _kids_cache
    if _kids_cache is None or _kids_cache[0] is not data or _kids_cache[1] is not docs_by_id:
        position = {k: i for i, k in enumerate(docs_by_id)}
        kids: dict[str, list[str]] = {}
        for child, parent in data.get("parents", {}).items():
            if child in docs_by_id:
                kids.setdefault(parent, []).append(child)
        for ids in kids.values():
            ids.sort(key=position.__getitem__)
        _kids_cache = (data, docs_by_id, kids)
    return _kids_cache[2]


def brief(doc: Document) -> dict[str, str]:
    """How another document is named in a list of references."""
    return {"id": doc.id, "title": doc.title, "doc_number": doc.doc_number}


def refs_for(
    links_data: dict[str, Any] | None, doc_id: str, docs_by_id: dict[str, Document]
) -> Refs:
    """The references of one document; raises NotFound for an unknown id."""
    if doc_id not in docs_by_id:
        raise NotFound(f"no document {doc_id}")
    data = _links_or_compute(links_data, docs_by_id)
    parents: dict[str, str] = data.get("parents", {})
    children = _children_index(data, docs_by_id).get(doc_id, [])

    def cites_of(did: str) -> list[Citation]:
        return [Citation.from_dict(c) for c in data.get("citations", {}).get(did, [])]

    repeals = [Repeal.from_dict(r) for r in data.get("repeals", {}).get(doc_id, [])]
    for kid in children:
        repeals.extend(Repeal.from_dict(r) for r in data.get("repeals", {}).get(kid, []))
    eff = data.get("effective", {}).get(doc_id, {})
    return Refs(
        id=doc_id,
        cites=cites_of(doc_id),
        cited_by=[
            brief(docs_by_id[i])
            for i in data.get("cited_by", {}).get(doc_id, [])
            if i in docs_by_id
        ],
        repeals=repeals,
        effective=eff.get("date") or eff.get("text", ""),
        effective_text=eff.get("text", ""),
        parent=parents.get(doc_id),
        children=children,
        child_cites=[(kid, c) for kid in children for c in cites_of(kid)],
    )
