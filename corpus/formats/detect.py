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


def text_format(text: str, suffix: str) -> str:
    """The format of decoded text: sqldump, html, pkulaw, markdown, fixed or webtext."""
    if sqldump.sniff(text):
        return "sqldump"
    if webpage.sniff(text):
        return "html"
    if pkulaw.sniff(text):
        return "pkulaw"
    if markdown.sniff(text, suffix):
        return "markdown"
    return "fixed" if is_fixed_width(text.splitlines()) else "webtext"


def is_fixed_width(lines: list[str]) -> bool:
    """Lines cut at a column: nine in ten no wider than a gazette column."""
    widths = [em_width(x.strip(" \u3000\t")) for x in lines if x.strip(" \u3000\t")]
    if len(widths) < 4:
        return True
    p90 = quantiles(widths, n=10)[-1]
    return p90 <= FIXED_MAX_WIDTH
