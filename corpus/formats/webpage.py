"""Web pages saved from government sites (and the page HTML a crawler stored).

The metadata table of gov.cn's 政策文件库 (索引号 主题分类 发文机关 成文日期 标题 发文字号 发布日期)
and the 基本信息 tables of provincial and city sites become fields and leave the text. The
document is the page's content block (`#UCAP-CONTENT`, `.zoom`, `.TRS_Editor` … or, failing
those, the element holding most paragraph text); navigation, share and print buttons,
footers, QR prompts and interpretation links go. Tables in the body (an 附件's 任务表) stay,
one row a line, cells apart by an ideographic space.
"""

from __future__ import annotations

import html as htmllib
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from corpus.formats.base import DocMeta, SourceDoc
from corpus.formats.fields import apply, is_label

_JUNK_TAGS = "script, style, noscript, iframe, nav, header, footer, form, button, input, select, textarea, audio, video, canvas, object, embed, svg"
_JUNK_NAME = re.compile(
    r"(?:^|[\s_-])(?:share|bdshare|footer|foot|nav|navbar|menu|breadcrumbs?|crumbs?|curpage|"
    r"position|location|print|close|print-close|yybb|qr|qrcode|toolbar|search|login|banner|"
    r"sidebar|related|xgjd|jiedu|relevant|comment|pager|fenxiang|share-\d)(?:$|[\s_-])",
    re.I,
)
_CONTENT = (
    "#UCAP-CONTENT",
    ".TRS_Editor",
    "#zoom",
    ".zoom",
    ".pages_content",
    ".article-content",
    ".article_content",
    ".art_con",
    "#content",
    ".content",
    "article",
)
_TITLE = (".xl_title", ".article-title", ".article_title", "h1")
_BLOCK = re.compile(
    r"<\s*/?\s*(?:br|p|div|h[1-6]|li|tr|table|tbody|thead|section|article|blockquote|pre|dd|dt)\b[^>]*>",
    re.I,
)
_CELL = re.compile(r"<\s*/\s*t[dh]\s*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_INLINE_LABEL = re.compile(r"^(?P<label>[^：:]{2,8})[：:]\s*(?P<value>.+)$")


def sniff(text: str) -> bool:
    head = text[:4096].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def _cells(row: LexborNode) -> list[str]:
    return [_squash(c.text(deep=True)) for c in row.css("td, th")]


def _squash(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", text).strip()


def metadata(tree: LexborHTMLParser, meta: DocMeta) -> None:
    """Fields from label/value tables, `label：value` spans and <meta> tags; tables removed."""
    for table in tree.css("table"):
        if len(table.css("table")) > 1:  # css() includes the node itself
            continue  # only innermost tables hold label/value pairs
        labels = 0
        for row in table.css("tr"):
            cells = _cells(row)
            for i in range(0, len(cells) - 1):
                if is_label(cells[i]) and not is_label(cells[i + 1]):
                    labels += 1
                    apply(meta, cells[i], cells[i + 1])
            for cell in cells:
                m = _INLINE_LABEL.match(cell)
                if m and is_label(m["label"]):
                    labels += 1
                    apply(meta, m["label"], m["value"])
        if labels >= 2:
            table.decompose()
    for node in tree.css("meta[name]"):
        name = (node.attributes.get("name") or "").lower()
        content = node.attributes.get("content") or ""
        if name == "articletitle":
            apply(meta, "标题", content)
        elif name in ("pubdate", "firstpublishedtime"):
            apply(meta, "发布日期", content)


def _strip_junk(root: LexborNode) -> None:
    for node in root.css(_JUNK_TAGS):
        node.decompose()
    for node in root.css("[class], [id]"):
        if node.mem_id == root.mem_id:
            continue
        names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _JUNK_NAME.search(names) and "content" not in names.lower():
            node.decompose()


def _content(tree: LexborHTMLParser) -> LexborNode | None:
    for sel in _CONTENT:
        node = tree.css_first(sel)
        if node is not None and len(_squash(node.text(deep=True))) >= 30:
            return node
    best, best_len = None, 0
    for node in tree.css("div, td, section"):
        n = sum(len(_squash(p.text(deep=True))) for p in node.css("p"))
        if n > best_len and len(node.css("p")) >= 2:
            best, best_len = node, n
    return best or tree.body


_INNER_TABLE = re.compile(r"<table\b[^>]*>((?:(?!<table\b).)*?)</table\s*>", re.I | re.S)
_ROW_END = re.compile(r"<\s*/\s*tr\s*>", re.I)


def _table_rows(m: re.Match[str]) -> str:
    """An innermost table → one line a row, cells apart by an ideographic space."""
    rows: list[str] = []
    for row in _ROW_END.split(m[1]):
        cells = [
            re.sub(r"[\s\u3000\u00a0]+", "", htmllib.unescape(_TAG.sub("", c)))
            for c in _CELL.split(row)
        ]
        cells = [c for c in cells if c]
        if cells:
            rows.append("\u3000".join(cells))
    return "<p>" + "</p><p>".join(htmllib.escape(r) for r in rows) + "</p>" if rows else ""


def fragment_paragraphs(fragment: str) -> list[str]:
    """HTML → paragraphs: block tags break, table cells sit apart by an ideographic space."""
    text = fragment
    for _ in range(5):  # nested tables, innermost first
        text, n = _INNER_TABLE.subn(_table_rows, text)
        if not n:
            break
    text = _CELL.sub("\u3000", text)
    text = _BLOCK.sub("\n", text)
    text = htmllib.unescape(_TAG.sub("", text)).replace("\u00a0", " ")
    text = re.sub(r"&[a-zA-Z]{2,8};", " ", text)  # an entity the page misspelt (&bsp;)
    out = []
    for line in text.split("\n"):
        t = line.strip(" \t\r\u3000")
        if t:
            out.append(t)
    return out


def read_page(text: str, meta: DocMeta | None = None) -> SourceDoc:
    """One page → one source document (its fields over `meta`, which a dump may give)."""
    tree = LexborHTMLParser(text)
    own = DocMeta()
    metadata(tree, own)
    if not own.title:
        for sel in _TITLE:
            node = tree.css_first(sel)
            if node is not None and _squash(node.text()):
                own.title = _squash(node.text()).replace(" ", "")
                break
    root = _content(tree)
    paras: list[str] = []
    if root is not None:
        _strip_junk(root)
        paras = fragment_paragraphs(root.html or "")
    merged = own.merged(meta or DocMeta())
    return SourceDoc(meta=merged, paragraphs=paras)


def read(text: str) -> list[SourceDoc]:
    return [read_page(text)]
