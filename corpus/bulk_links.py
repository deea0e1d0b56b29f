"""The links and facts of a bulk build, with each issue's text read once, on both cores.

`corpus.links.extract_links` walks the whole corpus's text several times (citations, then
parents, 施行 dates, 废止 clauses), and the facts read it once more: at 100,000 documents,
whose text is in the shards and not in memory, that is every shard read five times. Here
the workers have already found each document's citations (`corpus.bulk`); resolving them
needs every document's metadata, so the main process does it; and the relations never
leave an issue, so each issue's are computed by a worker from its shard, read once,
with the paragraphs the facts quote. The result is `extract_links` and
`corpus.facts.stored` over the same documents.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corpus.bulk import Workers, _paragraph
from corpus.citations import Citation
from corpus.facts import DocText, collect, document_text
from corpus.links import Relations, links_data, relations_of, resolve_found
from corpus.model import Document
from corpus.resolve import Resolver


def links_and_facts(
    db: Path,
    docs: list[Document],
    found: dict[str, list[Citation]],
    shards: dict[str, str],
    pool: Workers,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(links, facts) of `docs` (in gazette order; each issue's text in its shard,
    `shards`), given the citations found in each (consumed: they become the resolved
    ones); the issues' relations are computed by `pool`."""
    resolver = Resolver(docs)
    citations: dict[str, list[Citation]] = {}
    forms: dict[str, list[Citation]] = {}
    for d in docs:
        citations[d.id], forms[d.id] = resolve_found(d, found.pop(d.id, []), resolver)
    issue_of = {d.id: d.issue for d in docs}
    by_issue: dict[str, list[Document]] = {}
    for d in docs:
        by_issue.setdefault(d.issue, []).append(d)

    def tasks() -> Iterator[tuple[Any, ...]]:
        for issue, group in by_issue.items():
            mine = {d.id: citations[d.id] for d in group}
            where = {d.id: d.issue for d in group}
            where.update(
                (c.target, issue_of[c.target]) for v in mine.values() for c in v if c.target
            )
            yield db, shards[issue], group, mine, where

    rel = Relations({}, [], {}, {})
    texts: dict[str, DocText] = {}
    # an issue's documents are consecutive, and results come in order: checks keep order
    for mine, quoted in pool.ordered(issue_relations, tasks()):
        rel.parents.update(mine.parents)
        rel.checks.extend(mine.checks)
        rel.effective.update(mine.effective)
        rel.repeals.update(mine.repeals)
        texts.update(quoted)
    links = links_data(docs, citations, forms, rel, resolver)
    return links, collect({d.id: d for d in docs}, links, texts).stored()


def issue_relations(
    db: Path,
    shard: str,
    group: list[Document],
    citations: dict[str, list[Citation]],
    issue_of: dict[str, str],
) -> tuple[Relations, dict[str, DocText]]:
    """One issue's relations (`corpus.links.relations_of`) and the paragraphs the facts
    quote from each of its documents (`corpus.facts.document_text`), its text read from
    its shard. `group`: the issue's documents (metadata: copies are given the text);
    `citations` theirs, resolved; `issue_of` the issue of each of them and their targets.
    Run in a worker."""
    from corpus import store

    rows = store.read_shard(db, shard)
    docs = []
    for d in group:
        doc = copy.copy(d)  # the caller's stays without text
        row = rows.get(d.id) or {}
        doc.__dict__["paragraphs"] = [_paragraph(r) for r in row.get("paragraphs", [])]
        docs.append(doc)
    rel = relations_of(docs, citations, issue_of)
    texts = {}
    for d in docs:
        e = rel.effective.get(d.id)
        texts[d.id] = document_text(d, citations[d.id], e.para if e else -1)
    return rel, texts
