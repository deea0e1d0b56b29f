"""北大法宝 (pkulaw) text exports: a database header, then the document as a web copy.

The header is furniture and metadata: `【法宝引证码】 CLI.12.…`, `原文链接：…`, the title (once
as the database spells it, once as the document does), and where the export has them
`【发布部门】 【发文字号】 【发布日期】 【实施日期】 【时效性】 【效力级别】` lines, which become
fields. What follows is one paragraph per line; a notice's attached 办法 is split off
by the split stage like any attached text.
"""

from __future__ import annotations

import re

from corpus.formats import webtext
from corpus.formats.base import DocMeta, SourceDoc
from corpus.formats.fields import apply, is_label

MARK = "【法宝引证码】"
_FIELD = re.compile(r"^【(?P<label>[^】]{2,8})】[\s\u3000:：]*(?P<value>.*)$")
#: Newer exports print the same fields unbracketed (`时效性：现行有效`, `公布日期：2021.04.29`).
_PLAIN_FIELD = re.compile(
    r"^(?P<label>[^:：\s]{2,6})[\s\u3000]*[:：][\s\u3000]*(?P<value>\S.{0,60})$"
)


HEAD_LINES = 8
_TEXT = re.compile(r"[。；]|[：:]$")  # a sentence, or an addressee: the document's text


def sniff(text: str) -> bool:
    return MARK in text[:2000]


def read(lines: list[str]) -> list[SourceDoc]:
    meta = DocMeta()
    body: list[str] = []
    seen = 0  # lines of the head so far: the fields come before the text, around the title
    for line in lines:
        t = line.strip(" \u3000\t\ufeff")
        if seen < HEAD_LINES and not _TEXT.search(t):
            m = _FIELD.match(t) or _PLAIN_FIELD.match(t)
            if m and is_label(m["label"]):
                apply(meta, m["label"], m["value"])
                continue
            if t.startswith(("原文链接", "【原文链接】", "URL:", "URL：")) or not t:
                continue
            seen += 1
        else:
            seen = HEAD_LINES  # the text has begun
        body.append(line)
    return [SourceDoc(meta=meta, paragraphs=webtext.paragraphs(body))]
