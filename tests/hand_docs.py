"""Documents written by hand for the link and facts tests: a few paragraphs, no source."""

from __future__ import annotations

from typing import Any

from corpus.model import Document, Paragraph


def doc(id: str, issue: str, title: str, *texts: str, **kw: Any) -> Document:
    """A document of `issue` whose paragraphs are `texts` (all of kind `kind`, default body)."""
    paras = [Paragraph(kw.pop("kind", "body"), t) for t in texts]
    return Document(id=id, issue=issue, order=0, section="", title=title, paragraphs=paras, **kw)
