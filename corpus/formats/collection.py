"""What a file's documents are filed under: a gazette issue, or a collection.

A gazette issue is named from its masthead or running head, or — for a fixed-width text
whose pages lost their heads — inferred from its own documents' 文号 and marked inferred.
Anything else is no issue of any gazette: a collection named after what it is — the
issuer of the document it holds, else the site or database it came from, else the file
name — with no sections, since the source has none.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from corpus.formats.base import Extract
from corpus.model import Document, Issue


def is_gazette(issue: Issue, docs: list[Document], extract: Extract, headed: bool) -> bool:
    """A running head names the gazette, or a fixed-width issue's 文号 name a province's."""
    if extract.format != "fixed":
        return False
    if headed:
        return True
    return issue.gazette != "国务院公报" and len(docs) >= 2


def collection_name(docs: list[Document], extract: Extract) -> tuple[str, str]:
    """(name, what it was named after)."""
    roots = [d for d in docs if d.parent is None]
    if len(roots) == 1:
        lead = roots[0].issuers[0] if roots[0].issuers else roots[0].issuer.split("、")[0]
        if lead:
            return lead, "发文机关"
    if extract.site:
        return extract.site, "来源网站或数据库"
    leads = {(d.issuers[0] if d.issuers else d.issuer) for d in roots}
    if len(leads) == 1 and "" not in leads:
        return leads.pop(), "发文机关"
    return PurePath(extract.name).stem, "文件名"


def make_collection(issue: Issue, docs: list[Document], extract: Extract) -> Issue:
    """Re-file `docs` as a collection (ids follow, sections go)."""
    name, after = collection_name(docs, extract)
    # one collection a file: the same document as PDF and as web copy are two collections
    key = "|".join(d.doc_number or d.title for d in docs)
    cid = "col-" + hashlib.sha1(f"{name}|{extract.name}|{key}".encode()).hexdigest()[:8]
    years = sorted(d.date[:4] for d in docs if d.date)
    out = Issue(
        id=cid,
        gazette=name,
        year=int(years[-1]) if years else None,
        number=None,
        name=name,
        source=issue.source,
        sha256=issue.sha256,
        sections=[],
        inferred=f"非公报：按{after}命名的合集（{extract.name}，读作 {extract.format}）",
        kind="collection",
    )
    old = issue.id
    for d in docs:
        d.issue = cid
        d.section = ""
        if d.id.startswith(old + "-"):
            d.id = cid + d.id[len(old) :]
        if d.parent and d.parent.startswith(old + "-"):
            d.parent = cid + d.parent[len(old) :]
        d.children = [cid + c[len(old) :] if c.startswith(old + "-") else c for c in d.children]
    return out
