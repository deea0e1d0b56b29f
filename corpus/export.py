"""Export a document — with every text it 印发/转发/发布 — to Markdown, plain text or Word.

A notice that 印发 a 方案 is one act: exporting only its one-sentence cover would lose the
方案. So the export holds the document, then each text it issues under its own title (and
theirs, recursively), each with a metadata header. The format follows the file's suffix;
an existing file is never overwritten unless asked (`force`); the file is written to a temp
file in the same directory and renamed into place, with mode 0644. No Textual here: the
command line (`gongbao export`) and the browser (`e`) share it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from corpus.cite import IssueLookup, Lookup, is_order, order_number, plain, record
from corpus.errors import GongbaoError
from corpus.escape import strip_invisible
from corpus.model import Document

FORMATS = {".md": "md", ".markdown": "md", ".txt": "txt", ".docx": "docx"}
SUFFIX = {"md": ".md", "txt": ".txt", "docx": ".docx"}
MODE = 0o644

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')
_MD_LEAD = re.compile(r"^([#>*+\-|]|\d+[.)])")
_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+条)\s*")
_INDENT = "\u3000\u3000"


class ExportError(GongbaoError):
    """A file that cannot or must not be written (exit code 2: bad input)."""

    exit_code = 2


class FileExists(ExportError):
    """The file is there and `force` was not given."""


@dataclass
class Part:
    """One text of an export: the document or a text it issues, how deep, and how issued."""

    doc: Document
    depth: int  # 0 for the exported document, 1 for what it issues, …
    relation: str  # 印发, 转发, 发布, 修改 — how its parent issues it; "" for the first


def issue_relation(parent: Document, child: Document) -> str:
    """How `parent` issues `child`: an order 发布s (公布) its regulation; a notice titled
    转发 forwards; a 修改 decision republishes the texts it amends; otherwise 印发."""
    title = parent.title
    if parent.kind == "令":
        return "发布"
    if "转发" in title:
        return "转发"
    if "修改" in title and parent.kind == "决定":
        return "修改"
    return "印发"


def parts(doc: Document, lookup: Lookup) -> list[Part]:
    """`doc` and everything it issues, depth first, each once."""
    out: list[Part] = []
    seen: set[str] = set()

    def walk(d: Document, depth: int, relation: str) -> None:
        if d.id in seen:
            return
        seen.add(d.id)
        out.append(Part(d, depth, relation))
        for cid in d.children:
            child = lookup(cid)
            if child is not None and child.parent in (d.id, None):
                walk(child, depth + 1, issue_relation(d, child))

    walk(doc, 0, "")
    return out


def clean(text: str) -> str:
    """Document text is data: no control or bidi characters in what we write."""
    return strip_invisible(text.replace("\t", " "))


def metadata(part: Part, lookup: Lookup, issue_of: IssueLookup) -> list[tuple[str, str]]:
    """The header lines of one part: numbers, issuer, date, where it was published."""
    d = part.doc
    issue = issue_of(d.issue)
    parent = lookup(d.parent) if d.parent else None
    rows = [
        ("发文字号", d.doc_number),
        ("发文机关", d.issuer),
        ("日期", d.date),
        ("文种", d.kind),
        ("栏目", d.section),
        ("公报", issue.name if issue else ""),
        (part.relation or "随文", _name(parent) if parent is not None else ""),
        ("引用", plain(record(d, lookup, issue_of))),
        ("编号", d.id),
    ]
    return [(k, clean(v)) for k, v in rows if v]


def _name(doc: Document) -> str:
    """How a parent is named in a header: an order by its full number, else 文号 or title."""
    if is_order(doc):
        return order_number(doc)
    return doc.doc_number or f"《{doc.title}》"


def default_filename(doc: Document, fmt: str = "md") -> str:
    """A file name from the 文号 (short, unique) or else the title; an order's number with
    its issuer (第6号 alone is shared by many orders)."""
    base = (order_number(doc) if is_order(doc) else doc.doc_number) or doc.title or doc.id
    name = _UNSAFE_NAME.sub("_", base).strip("._") or "document"
    return name[:80] + SUFFIX[fmt]


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format a path asks for; an explicit `fmt` must agree with a known suffix."""
    suffix = path.suffix.lower()
    by_suffix = FORMATS.get(suffix)
    if fmt is not None:
        if fmt not in SUFFIX:
            raise ExportError(f"unknown format {fmt!r} (md, txt or docx)")
        if suffix and by_suffix is None:
            raise ExportError(f"{path.name}: a {fmt} file should end in {SUFFIX[fmt]}")
        if by_suffix is not None and by_suffix != fmt:
            raise ExportError(f"{path.name} is not a {fmt} file name (use {SUFFIX[fmt]})")
        return fmt
    if by_suffix is None:
        known = ", ".join(sorted(FORMATS))
        raise ExportError(
            f"cannot tell the format from {path.name!r}: use a name ending in {known}"
        )
    return by_suffix


# -- the formats ------------------------------------------------------------------------------
def to_markdown(doc: Document, lookup: Lookup, issue_of: IssueLookup) -> str:
    lines: list[str] = []
    for part in parts(doc, lookup):
        level = min(part.depth + 1, 3)
        if lines:
            lines += ["---", ""]
        lines += [f"{'#' * level} {clean(part.doc.title)}", ""]
        lines += [f"- {k}：{v}" for k, v in metadata(part, lookup, issue_of)]
        lines.append("")
        for p in part.doc.paragraphs:
            text = clean(p.text.strip(" \u3000"))
            if p.kind == "heading":
                lines.append("#" * min(6, level + max(1, p.level)) + " " + text)
            elif p.kind == "article":
                m = _ARTICLE.match(text)
                lines.append(f"**{m.group(1)}** {text[m.end() :]}" if m else text)
            else:
                if _MD_LEAD.match(text):
                    text = "\\" + text
                lines.append(text)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_text(doc: Document, lookup: Lookup, issue_of: IssueLookup) -> str:
    lines: list[str] = []
    for part in parts(doc, lookup):
        if lines:
            lines += ["", "—" * 20, ""]
        lines += [clean(part.doc.title), ""]
        lines += [f"{k}：{v}" for k, v in metadata(part, lookup, issue_of)]
        lines.append("")
        for p in part.doc.paragraphs:
            text = clean(p.text.strip(" \u3000"))
            flush = p.kind in ("addressee", "signature", "date", "heading", "note")
            lines.append(text if flush else _INDENT + text)
    return "\n".join(lines).rstrip() + "\n"


def to_docx(doc: Document, lookup: Lookup, issue_of: IssueLookup) -> bytes:
    """A Word file: titles as headings, metadata in grey, body paragraphs indented two
    characters, signatures and dates to the right, with a CJK font set for East Asian text."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    out = docx.Document()
    normal = out.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for n, part in enumerate(parts(doc, lookup)):
        if n:
            out.add_page_break()
        out.add_heading(clean(part.doc.title), level=min(part.depth, 2))
        for k, v in metadata(part, lookup, issue_of):
            run = out.add_paragraph().add_run(f"{k}：{v}")
            run.font.size = Pt(10)
            run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        for p in part.doc.paragraphs:
            text = clean(p.text.strip(" \u3000"))
            if p.kind == "heading":
                out.add_heading(text, level=min(9, part.depth + 1 + max(1, p.level)))
                continue
            para = out.add_paragraph()
            if p.kind == "article":
                m = _ARTICLE.match(text)
                if m:
                    para.add_run(m.group(1)).bold = True
                    text = "\u3000" + text[m.end() :]
            para.add_run(text)
            if p.kind in ("signature", "date"):
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif p.kind not in ("addressee", "note"):
                para.paragraph_format.first_line_indent = Pt(24)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


RENDERERS: dict[str, Callable[[Document, Lookup, IssueLookup], str | bytes]] = {
    "md": to_markdown,
    "txt": to_text,
    "docx": to_docx,
}


# -- writing ------------------------------------------------------------------------------------
def target_path(doc: Document, path: Path | None, fmt: str | None) -> tuple[Path, str]:
    """Where to write and in which format: a directory gets the default file name."""
    if path is None:
        path = Path.cwd() / default_filename(doc, fmt or "md")
    path = path.expanduser()
    if path.is_dir():
        path = path / default_filename(doc, fmt or "md")
    return path, format_for(path, fmt)


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` by temp file + rename, mode 0644; refuse to replace an
    existing file unless `force`."""
    if path.exists() and not force:
        raise FileExists(f"{path} exists (use --force to overwrite)")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, MODE)
        if not force and path.exists():  # appeared meanwhile: still never overwrite
            raise FileExists(f"{path} exists (use --force to overwrite)")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def export(
    doc: Document,
    lookup: Lookup,
    issue_of: IssueLookup,
    path: Path | None = None,
    fmt: str | None = None,
    *,
    force: bool = False,
) -> Path:
    """Export `doc` with what it issues; returns the absolute path written. Raises
    ExportError (FileExists when the file is there and not `force`) or OSError."""
    path, fmt = target_path(doc, path, fmt)
    body = RENDERERS[fmt](doc, lookup, issue_of)
    data = body.encode("utf-8") if isinstance(body, str) else body
    write_atomic(path, data, force=force)
    return path.resolve()
