"""Which reader a file needs, decided by its content (the extension only breaks ties).

Binary forms announce themselves (`%PDF-`, a zip holding `word/document.xml`); text forms
are told apart by what they open with or contain: SQL `INSERT INTO … VALUES`, an HTML
document, the 北大法宝 header, Markdown front matter or headings. Plain text is either the
fixed-width lines a PDF extraction gives (a gazette's column: lines of nearly one width)
or a web copy (a paragraph a line: widths all over the place).
"""

from __future__ import annotations

from statistics import quantiles

from corpus.clean import em_width
from corpus.formats import markdown, pdf, pkulaw, sqldump, webpage, word

#: The widest a fixed-width column runs (in em, 9 lines in 10): a gazette page is 20–45.
FIXED_MAX_WIDTH = 48.0


def binary_format(data: bytes) -> str:
    """ "pdf", "docx", or "" for anything else (to be decoded as text)."""
    if pdf.sniff(data):
        return "pdf"
    if word.sniff(data):
        return "docx"
    return ""


def text_format(text: str, suffix: str, widths: dict[str, float] | None = None) -> str:
    """The format of decoded text: sqldump, html, pkulaw, markdown, fixed or webtext.
    `widths`, when given, gets the lines' widths measured on the way (see `is_fixed_width`)."""
    if sqldump.sniff(text):
        return "sqldump"
    if webpage.sniff(text):
        return "html"
    if pkulaw.sniff(text):
        return "pkulaw"
    if markdown.sniff(text, suffix):
        return "markdown"
    return "fixed" if is_fixed_width(text.splitlines(), widths) else "webtext"


def is_fixed_width(lines: list[str], measured: dict[str, float] | None = None) -> bool:
    """Lines cut at a column: nine in ten no wider than a gazette column. `measured`, when
    given, gets each stripped line's `em_width`: clean measures the same lines again."""
    stripped = [s for s in (x.strip(" \u3000\t") for x in lines) if s]
    widths = [em_width(s) for s in stripped]
    if measured is not None:
        measured.update(zip(stripped, widths, strict=True))
    if len(widths) < 4:
        return True
    p90 = quantiles(widths, n=10)[-1]
    return p90 <= FIXED_MAX_WIDTH
