"""Markdown documents: YAML front matter, `#` headings, bold, inline HTML, container blocks.

Front matter names the fields (title, author/office, date/publish, status …). Headings lose
their `#` and trailing attributes (`{align="center"}`); `<p>`/`<br>` break paragraphs and
other tags go; `&emsp;` and other entities become characters. VuePress-style containers
are read for what they are: `::: right` is the signature block, `::: details 目录` a table
of contents and `::: warning 原文链接` a source link (both furniture), a lone `---` a rule.
"""

from __future__ import annotations

import html
import re
from typing import Any

import yaml

from corpus.formats.base import DocMeta, SourceDoc
from corpus.formats.fields import apply, is_label
from corpus.formats.furniture import is_furniture

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*\n", re.S)
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_ATTRS = re.compile(r"\{[^{}]*\}\s*$")
_BREAK = re.compile(r"<\s*(?:br|/p|p|/div|div|/li|li|/h\d|h\d|/tr|tr)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_CONTAINER = re.compile(r"^:::+\s*(?P<kind>\w*)\s*(?P<title>.*)$")
_LABEL_LINE = re.compile(r"^[-*]?\s*\*\*(?P<label>[^*]{2,10})\*\*\s*[:：]\s*(?P<value>.*)$")
_FURNITURE_BLOCKS = ("details", "warning", "tip", "info", "note", "tabs")
#: A heading that is nothing but a list number (`## 三`): the number of the paragraph under it.
_BARE_NUMBER = re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})[、.．]?$")


def sniff(text: str, suffix: str) -> bool:
    if _FRONT.match(text):
        return True
    heads = sum(1 for line in text.splitlines()[:400] if _HEADING.match(line))
    if heads >= 3:
        return True
    # a .md name only breaks the tie: text with no Markdown in it is a web copy
    marks = heads or re.search(r"\*\*[^*\n]+\*\*|^:::|\]\(|<p\b|<br\b|^\s*[-*] ", text, re.M)
    return suffix in (".md", ".markdown") and bool(marks)


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter as a dict, the text after it)."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m["yaml"])
    except yaml.YAMLError:
        data = None
    return (data if isinstance(data, dict) else {}), text[m.end() :]


def inline(text: str) -> list[str]:
    """Markdown/HTML inline text → paragraphs: tags and emphasis go, breaks split."""
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m[1] or m[2], text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"<(https?://[^>]+)>", "", text)
    parts = _BREAK.split(text)
    out = []
    for part in parts:
        t = html.unescape(_TAG.sub("", part)).replace("\u00a0", " ").replace("\n", "")
        t = re.sub(r"(?<!\*)\*(?!\*)([^*]+)\*", r"\1", t)
        if t.strip(" \u3000\t"):
            out.append(t)
    return out


def read(text: str) -> list[SourceDoc]:
    data, body = front_matter(text)
    meta = DocMeta()
    for key, value in data.items():
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        apply(meta, str(key), value)
    paras: list[str] = []
    signature: list[str] = []
    stack: list[str] = []
    buf: list[str] = []
    number: list[str] = []  # a bare `## 三` waiting for its paragraph

    def flush() -> None:
        if buf:
            target = signature if "right" in stack else paras
            if not any(k in _FURNITURE_BLOCKS for k in stack):
                for t in inline("".join(buf) if not _has_html(buf) else "\n".join(buf)):
                    if number:
                        t = number.pop() + "、" + t.lstrip(" \u3000")
                    target.append(t)
            buf.clear()

    for line in body.splitlines():
        s = line.strip()
        c = _CONTAINER.match(s)
        if c:
            flush()
            if c["kind"]:
                stack.append(c["kind"].lower())
            elif stack:
                stack.pop()
            continue
        if stack and stack[-1] == "tabs" and s.startswith("@tab"):
            continue
        if not s or re.fullmatch(r"-{3,}|\*{3,}|_{3,}", s) or s == "[[toc]]":
            flush()
            continue
        h = _HEADING.match(s)
        if h:
            flush()
            stack.clear()  # a heading is never inside a details/tabs block: one left open ends
            text = _ATTRS.sub("", h["text"]).strip()
            bare = _BARE_NUMBER.match(text)
            if bare:
                number[:] = [bare["n"]]
            elif not any(k in _FURNITURE_BLOCKS for k in stack):
                paras.extend(inline(text))
            continue
        lab = _LABEL_LINE.match(s)
        if lab and is_label(lab["label"]):
            flush()
            apply(meta, lab["label"], lab["value"])  # `**发布机关**：…`: a field, not text
            continue
        if is_furniture(s):
            continue
        buf.append(s)
        if re.search(r"</p>\s*$|<br\s*/?>\s*$", s, re.I):
            flush()
    flush()
    if "right" in stack:
        signature = signature or []
    paras = [p for p in paras if not is_furniture(p)]
    return [SourceDoc(meta=meta, paragraphs=paras + signature, signature=signature)]


def _has_html(lines: list[str]) -> bool:
    return any("<" in x for x in lines)
