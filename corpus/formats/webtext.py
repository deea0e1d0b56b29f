"""Plain text copied from a web page: one paragraph per line.

A browser copy keeps each paragraph on one line, separates some with blank lines and
indents them with ideographic (EM) spaces, so unlike the fixed-width seeds a line *is* a
paragraph and nothing is joined. Web copies also glue a chapter heading to the article
after it (`第一章　总则　　第一条 为了…`): the two are cut apart.
"""

from __future__ import annotations

import re

_NUM = "一二三四五六七八九十百零〇两"
_GLUED = re.compile(
    rf"^(?P<head>第[{_NUM}\d]+[编章节][\s\u3000]*[^\s\u3000。；，]{{1,24}}?)[\s\u3000]{{2,}}"
    rf"(?P<rest>第[{_NUM}\d]+[章节条][\s\u3000].*)$"
)


def paragraphs(lines: list[str]) -> list[str]:
    """Each non-blank line a paragraph, indents stripped, glued headings cut apart."""
    out: list[str] = []
    for line in lines:
        text = line.strip(" \u3000\t\u00a0\ufeff")
        while text:
            m = _GLUED.match(text)
            if not m:
                out.append(text)
                break
            out.append(m["head"])
            text = m["rest"]
    return out
