"""SQL dumps of crawled pages (`INSERT INTO ge_policy_raw (…) VALUES (…);`): a row a document.

The columns name some fields (title, release_office, release_number, index_number,
written/release/effect times) and `html` holds the page, read like any saved page. The
page's own metadata table wins over the columns: a crawler's time columns are often the
crawl's, not the document's.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from corpus.errors import InputError
from corpus.formats import webpage
from corpus.formats.base import DocMeta, SourceDoc
from corpus.formats.fields import apply

_INSERT = re.compile(
    r"INSERT\s+INTO\s+[`\"]?(?P<table>[\w.]+)[`\"]?\s*\((?P<cols>[^)]*)\)\s*VALUES\s*", re.I
)
_COLUMN_FIELDS = {
    "title": "标题",
    "release_office": "发布机构",
    "release_number": "发文字号",
    "effect_time": "实施日期",
}
#: sites whose pages a dump may hold, by host
SITES = {"www.gov.cn": "中国政府网", "gov.cn": "中国政府网"}


def sniff(text: str) -> bool:
    return bool(_INSERT.search(text[:4096]))


def _value(s: str, k: int) -> tuple[str | None, int]:
    """One SQL literal at s[k:] → (value or None for NULL, index after it)."""
    if s[k] == "'":
        k += 1
        buf: list[str] = []
        while k < len(s):
            c = s[k]
            if c == "\\" and k + 1 < len(s):
                nxt = s[k + 1]
                buf.append({"n": "\n", "r": "\r", "t": "\t", "0": ""}.get(nxt, nxt))
                k += 2
                continue
            if c == "'":
                if s[k + 1 : k + 2] == "'":
                    buf.append("'")
                    k += 2
                    continue
                return "".join(buf), k + 1
            buf.append(c)
            k += 1
        raise ValueError("unterminated string")
    m = re.compile(r"[^,)]*").match(s, k)
    assert m is not None
    word = m[0].strip()
    return (None if word.lower() == "null" else word), m.end()


def rows(text: str) -> list[dict[str, str | None]]:
    """Every row of every INSERT, as {column: value}."""
    out: list[dict[str, str | None]] = []
    for m in _INSERT.finditer(text):
        cols = [c.strip(' `"') for c in m["cols"].split(",")]
        k = m.end()
        while k < len(text) and text[k] in " \r\n\t":
            k += 1
        while k < len(text) and text[k] == "(":
            k += 1
            vals: list[str | None] = []
            while True:
                while text[k] in " \r\n\t":
                    k += 1
                v, k = _value(text, k)
                vals.append(v)
                while text[k] in " \r\n\t":
                    k += 1
                if text[k] == ",":
                    k += 1
                    continue
                if text[k] == ")":
                    k += 1
                    break
                raise ValueError(f"unexpected {text[k]!r} at {k}")
            out.append(dict(zip(cols, vals, strict=False)))
            while k < len(text) and text[k] in " \r\n\t":
                k += 1
            if k < len(text) and text[k] == ",":
                k += 1
                while text[k] in " \r\n\t":
                    k += 1
                continue
            break
    return out


def read(text: str, name: str) -> tuple[list[SourceDoc], str]:
    """(one source document a row, the site the rows were crawled from)."""
    try:
        found = rows(text)
    except (ValueError, IndexError):
        raise InputError(f"{name}: SQL dump is cut short or malformed") from None
    docs: list[SourceDoc] = []
    hosts: list[str] = []
    for row in found:
        meta = DocMeta()
        for col, label in _COLUMN_FIELDS.items():
            if row.get(col):
                apply(meta, label, row[col])
        page = row.get("html") or row.get("content") or ""
        if not page.strip():
            continue
        url = row.get("crawl_url") or row.get("url") or ""
        if url:
            hosts.append(urlparse(url).netloc.lower())
        docs.append(webpage.read_page(page, meta))
    site = ""
    if hosts:
        host = max(set(hosts), key=hosts.count)
        site = SITES.get(host, host)
    return docs, site
