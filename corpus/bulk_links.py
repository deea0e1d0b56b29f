"""The links and facts of a bulk build, with each issue's text read once.

`corpus.links.extract_links` walks the whole corpus's text several times (citations, then
parents, 施行 dates, 废止 clauses), and the facts read it once more: at 100,000 documents,
whose text is in the shards and not in memory, that is every shard read five times. Here
the workers have already found each document's citations (`corpus.bulk`); resolving them
needs only metadata; and the relations never leave an issue, so they are computed one
issue at a time, with the quoted paragraphs the facts keep, while that issue's shard is
read. The result is `extract_links` and `corpus.facts.stored` over the same documents.
"""

from __future__ import annotations

from typing import Any

from corpus.bulk import ShardText
from corpus.citations import Citation
from corpus.facts import DocText, collect, document_text
from corpus.links import Relations, links_data, relations_of, resolve_found
from corpus.model import Document
from corpus.resolve import Resolver


def links_and_facts(
    docs: list[Document], found: dict[str, list[Citation]], text: ShardText
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(links, facts) of `docs` (in gazette order, their text in `text`'s shards), given the
    citations found in each (consumed: they become the resolved ones)."""
    resolver = Resolver(docs)
    citations: dict[str, list[Citation]] = {}
    forms: dict[str, list[Citation]] = {}
    for d in docs:
        citations[d.id], forms[d.id] = resolve_found(d, found.pop(d.id, []), resolver)
    issue_of = {d.id: d.issue for d in docs}
    by_issue: dict[str, list[Document]] = {}
    for d in docs:
        by_issue.setdefault(d.issue, []).append(d)
    rel = Relations({}, [], {}, {})
    texts: dict[str, DocText] = {}
    for group in by_issue.values():  # an issue's documents are consecutive: checks keep order
        with text.held(group):
            mine = relations_of(group, citations, issue_of)
            for d in group:
                e = mine.effective.get(d.id)
                texts[d.id] = document_text(d, citations[d.id], e.para if e else -1)
        rel.parents.update(mine.parents)
        rel.checks.extend(mine.checks)
        rel.effective.update(mine.effective)
        rel.repeals.update(mine.repeals)
    links = links_data(docs, citations, forms, rel)
    return links, collect({d.id: d for d in docs}, links, texts).stored()
