"""Export a document to Markdown or plain text, and format its citation.

Plain text keeps one paragraph per line with the print indent (two ideographic spaces), so
editors and word processors wrap it themselves; Markdown maps the outline onto headings.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from corpus.api import Document
from tui.layout import safe

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')
_MD_LEAD = re.compile(r"^([#>*+\-]|\d+[.)])")
_INDENT = "\u3000\u3000"


def citation(doc: Document, issue_name: str = "") -> str:
    """《标题》（文号，日期，公报期次）: how Chinese writing cites a 公文."""
    title = doc.title if doc.title.startswith("《") else f"《{doc.title}》"
    parts = [x for x in (doc.doc_number, doc.date, issue_name) if x]
    return safe(title + (f"（{'，'.join(parts)}）" if parts else ""))


def default_filename(doc: Document, suffix: str = ".md") -> str:
    """A file name from the 文号 (short, unique) or else the title."""
    base = doc.doc_number or doc.title or doc.id
    name = _UNSAFE_NAME.sub("_", base).strip("._") or "document"
    return name[:80] + suffix


def _meta(doc: Document, issue_name: str) -> list[tuple[str, str]]:
    return [
        (k, v)
        for k, v in (
            ("发文字号", doc.doc_number),
            ("发文机关", doc.issuer),
            ("日期", doc.date),
            ("栏目", doc.section),
            ("公报", issue_name),
        )
        if v
    ]


def to_markdown(doc: Document, issue_name: str = "") -> str:
    lines = [f"# {safe(doc.title)}", ""]
    for k, v in _meta(doc, issue_name):
        lines.append(f"- {k}：{safe(v)}")
    lines.append("")
    for p in doc.paragraphs:
        text = safe(p.text.strip(" \u3000"))
        if p.kind == "heading":
            lines.append("#" * min(6, max(1, p.level) + 1) + " " + text)
        elif p.kind == "article":
            m = re.match(r"^(第[一二三四五六七八九十百零〇\d]+条)\s*", text)
            lines.append(f"**{m.group(1)}** {text[m.end() :]}" if m else text)
        else:
            if _MD_LEAD.match(text):
                text = "\\" + text
            if p.kind in ("signature", "date"):
                text = f'<div align="right">{text}</div>'
            lines.append(text)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_text(doc: Document, issue_name: str = "") -> str:
    lines = [safe(doc.title), ""]
    for k, v in _meta(doc, issue_name):
        lines.append(f"{k}：{safe(v)}")
    lines.append("")
    for p in doc.paragraphs:
        text = safe(p.text.strip(" \u3000"))
        plain = p.kind in ("addressee", "signature", "date")
        lines.append(text if plain else _INDENT + text)
    return "\n".join(lines).rstrip() + "\n"


def export(doc: Document, path: Path, issue_name: str = "") -> Path:
    """Write `doc` to `path` (Markdown if it ends in .md/.markdown), atomically; returns the
    absolute path written. Raises OSError with the reason when it cannot."""
    path = path.expanduser()
    if path.is_dir():
        path = path / default_filename(doc)
    markdown = path.suffix.lower() in (".md", ".markdown")
    body = to_markdown(doc, issue_name) if markdown else to_text(doc, issue_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; an export is a file to share
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(body)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path.resolve()
