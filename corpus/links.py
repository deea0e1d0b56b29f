"""Links between documents, built once at store-build time and read back by `Library.refs`.

`extract_links` finds every citation (`corpus.citations`), resolves it against the store
(`corpus.resolve`), reads 施行 and 废止 clauses (`corpus.relations`), checks the pipeline's
印发/转发 parent links against what the notices say, and inverts citations into cited-by.
The result is plain JSON, stored under the key "links"; `refs_for` turns it into a `Refs`.
`add_links` gives the same result for a store with new issues from the stored links, the
catalog's metadata and the new text only (`gongbao add`): parents, 施行 and 废止 never
leave an issue, so only the issues whose citations now resolve elsewhere are read again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from corpus.citations import Citation, extract_citations, names_a_form
from corpus.errors import NotFound
from corpus.model import Document
from corpus.relations import Effective, Repeal, find_effective, find_repeals
from corpus.resolve import Citable, Resolver

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
    return links_data(docs, citations, forms, rel)


def links_data(
    docs: list[Any],
    citations: Mapping[str, list[Citation]],
    forms: Mapping[str, list[Citation]],
    rel: _Relations,
) -> dict[str, Any]:
    """The store's "links" from every document's resolved citations and forms (`docs` in
    gazette order, metadata only) and the relations of all of them."""
    return {
        "version": LINKS_VERSION,
        "citations": _citation_rows(citations),
        "forms": _citation_rows(forms),
        "cited_by": _cited_by(docs, citations),
        "parents": rel.parents,
        "effective": _effective_rows(rel.effective),
        "repeals": {k: [r.to_dict() for r in v] for k, v in rel.repeals.items()},
        "checks": rel.checks,
    }


def add_links(
    old: Mapping[str, Any],
    known: list[Citable],
    added: list[Document],
    read_issue: Callable[[str], list[Document]],
) -> dict[str, Any]:
    """The links of the store once `added` (whole new issues, after `known` in gazette order)
    joins it: the same as `extract_links` over all documents, reading only the added text.

    Only the added documents' citations are extracted; resolving needs every document's
    metadata (`known`: `DocMeta` rows), never its paragraphs. The older documents'
    citations are re-resolved from the stored records (number, title); where one now
    points elsewhere, the relations of its issue (parents, 施行, 废止), which depend on
    its targets, are read again from that issue's text (`read_issue`), the only older text
    ever read.
    """
    everyone: list[Citable] = [*known, *added]
    full = Resolver(everyone)
    fresh = Resolver(list(added))
    citations: dict[str, list[Citation]] = {}
    forms: dict[str, list[Citation]] = {}
    for d in added:
        citations[d.id], forms[d.id] = _resolved_citations(d, full)
    changed = _re_resolved(old, full, fresh)
    for did, (cits, still_forms) in changed.items():
        citations[did], forms[did] = cits, still_forms
    issue_of = {d.id: d.issue for d in everyone}
    touched = list(dict.fromkeys(issue_of[did] for did in changed))
    group: list[Document] = [d for issue in touched for d in read_issue(issue)]
    for d in group:
        if d.id not in citations:
            citations[d.id] = _stored(old, "citations", d.id)
    rel = _relations([*group, *added], citations, issue_of)
    position = {d.id: k for k, d in enumerate(everyone)}
    gone = set(touched)
    return {
        **old,
        "version": LINKS_VERSION,
        "citations": _merge_rows(old.get("citations", {}), citations),
        "forms": _merge_rows(old.get("forms", {}), forms),
        "cited_by": _merge_cited_by(old, changed, added, citations, position),
        "parents": _merge_issue_keys(old.get("parents", {}), rel.parents, gone, issue_of),
        "effective": _merge_issue_keys(
            old.get("effective", {}), _effective_rows(rel.effective), gone, issue_of
        ),
        "repeals": _merge_issue_keys(
            old.get("repeals", {}),
            {k: [r.to_dict() for r in v] for k, v in rel.repeals.items()},
            gone,
            issue_of,
        ),
        "checks": _merge_checks(old.get("checks", []), rel.checks, gone, issue_of, position),
    }


def _stored(old: Mapping[str, Any], key: str, doc_id: str) -> list[Citation]:
    return [Citation.from_dict(c) for c in old.get(key, {}).get(doc_id, [])]


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
                again = full.resolve_again(
                    row.get("doc_number") or "", row.get("title") or "", citing, before, fresh
                )
                if again == before:
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


def _merge_rows(
    old: Mapping[str, list[dict[str, Any]]], new: Mapping[str, list[Citation]]
) -> dict[str, list[dict[str, Any]]]:
    out = dict(old)
    for did, cits in new.items():
        if cits:
            out[did] = [c.to_dict() for c in cits]
        else:
            out.pop(did, None)
    return out


def _merge_cited_by(
    old: Mapping[str, Any],
    changed: Mapping[str, tuple[list[Citation], list[Citation]]],
    added: list[Document],
    citations: Mapping[str, list[Citation]],
    position: Mapping[str, int],
) -> dict[str, list[str]]:
    """The stored cited-by lists with the changed documents moved to their new targets
    (in gazette order) and the added documents' citations appended (they come last)."""
    out = {k: list(v) for k, v in old.get("cited_by", {}).items()}

    def targets(cits: Iterable[Citation], did: str) -> set[str]:
        return {c.target for c in cits if c.target and c.target != did}

    for did in changed:
        was = targets(_stored(old, "citations", did), did)
        now = targets(citations[did], did)
        for t in was - now:
            out[t].remove(did)
            if not out[t]:
                del out[t]
        for t in now - was:
            ids = out.setdefault(t, [])
            ids.append(did)
            ids.sort(key=position.__getitem__)
    for t, ids in _cited_by(added, citations).items():
        out.setdefault(t, []).extend(ids)
    return out


def _merge_issue_keys(
    old: Mapping[str, Any], new: Mapping[str, Any], gone: set[str], issue_of: Mapping[str, str]
) -> dict[str, Any]:
    """Entries keyed by document, those of the issues read again replaced by `new`."""
    out = {k: v for k, v in old.items() if issue_of.get(k) not in gone}
    out.update(new)
    return out


def _merge_checks(
    old: list[str],
    new: list[str],
    gone: set[str],
    issue_of: Mapping[str, str],
    position: Mapping[str, int],
) -> list[str]:
    """Check lines in gazette order of the document each starts with."""

    def doc_of(line: str) -> str:
        return line.split(" ", 1)[0]

    kept = [line for line in old if issue_of.get(doc_of(line)) not in gone]
    end = len(position)
    return sorted([*kept, *new], key=lambda line: position.get(doc_of(line), end))


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
