"""Plain text copied from a web page: one paragraph per line.

A browser copy keeps each paragraph on one line, separates some with blank lines and
indents them with ideographic (EM) spaces, so unlike the fixed-width seeds a line *is* a
paragraph and nothing is joined. Web copies also glue a chapter heading to the article
after it (`第一章　总则　　第一条 为了…`): the two are cut apart.

Sites that republish documents open the copy with their own metadata lines
(`发文机关:山西省人民政府`, `文号 :晋政发〔2018〕13号`, `时效性 :现行有效`): before the document
starts, a line `LABEL:value` with a label we know is a field, not text. And some keep the
page's markup in the copy (`<p>…</p><p>…</p>` on one line): such a line is read as HTML.
"""

from __future__ import annotations

import re

from corpus.formats.base import DocMeta, SourceDoc
from corpus.formats.fields import apply, is_label

_NUM = "一二三四五六七八九十百零〇两"
_GLUED = re.compile(
    rf"^(?P<head>第[{_NUM}\d]+[编章节][\s\u3000]*[^\s\u3000。；，]{{1,24}}?)[\s\u3000]{{2,}}"
    rf"(?P<rest>第[{_NUM}\d]+[章节条][\s\u3000].*)$"
)
_LABEL_LINE = re.compile(r"^(?P<label>[^:：]{2,10}?)\s*[:：]\s*(?P<value>\S.{0,80})$")
_HTML_LINE = re.compile(r"<\s*(?:p|br|div|/p|/div|strong|span)\b[^>]*>", re.I)


def paragraphs(lines: list[str]) -> list[str]:
    """Each non-blank line a paragraph, indents stripped, glued headings cut apart."""
    out: list[str] = []
    for line in lines:
        text = line.strip(" \u3000\t\u00a0\ufeff")
        if _HTML_LINE.search(text):
            from corpus.formats.webpage import fragment_paragraphs

            out.extend(paragraphs(fragment_paragraphs(text)))
            continue
        while text:
            m = _GLUED.match(text)
            if not m:
                out.append(text)
                break
            out.append(m["head"])
            text = m["rest"]
    return out


_BULLET = re.compile(r"^[•·▪◆●■]\s*")
_LONE_LABEL = re.compile(r"^(?P<label>[^:：]{2,10}?)\s*[:：]$")
_BODY = re.compile(r"[。；]|[：:]$")
#: How far into a copy the site's own lines may run before the document starts.
HEAD_LINES = 60


def read(lines: list[str]) -> SourceDoc:
    """A web copy: the site's label lines before the text become fields and leave it.

    A site prints `LABEL:value` on one line, or (an info list) the label on its line and the
    value on the next; an empty label has no value. Lines that are no label stay.
    """
    meta = DocMeta()
    kept: list[str] = []
    pending = ""
    for n, line in enumerate(lines):
        t = _BULLET.sub("", line.strip(" \u3000\t\ufeff"))
        if n >= HEAD_LINES or (not pending and _BODY.search(t) and not _is_label_line(t)):
            kept.extend(lines[n:])  # the document has begun
            break
        if not t:
            continue
        lone = _LONE_LABEL.match(t)
        m = _LABEL_LINE.match(t)
        if pending and not lone and not (m and is_label(m["label"])):
            if re.search(r"\d", t) or apply(DocMeta(), pending, "x"):
                apply(meta, pending, t)  # the value under its label
                pending = ""
                continue
        pending = ""
        if lone and is_label(lone["label"]):
            pending = lone["label"]
            continue
        if m and is_label(m["label"]):
            apply(meta, m["label"], m["value"])
            continue
        kept.append(line)
    return SourceDoc(meta=meta, paragraphs=paragraphs(kept))


def _is_label_line(text: str) -> bool:
    m = _LONE_LABEL.match(text) or _LABEL_LINE.match(text)
    return bool(m and is_label(m["label"]))
