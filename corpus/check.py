"""Cite-check for drafts: is every document a draft cites named rightly, and still in force?

A civil servant's 通知 cites 《标题》（文号）, bare 文号, 令 numbers and 《titles》. Each is found
with the corpus's own citation rules (`corpus.citations`), resolved against the store by
number and by title separately — so a title and a number naming two different documents is
caught — and the resolved document's 时效性 (`corpus.status`) is reported with what repealed
or amended it. Findings point at line and column of the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus.citations import Citation, extract_citations, title_key
from corpus.errors import InputError
from corpus.model import Document, Paragraph
from corpus.resolve import Resolver

if TYPE_CHECKING:
    from corpus.api import Library

#: Finding kinds, and whether each needs the drafter's attention (exit 1).
KINDS = {
    "resolved": False,
    "mismatch": True,
    "repealed": True,
    "amended": True,
    "partial": True,
    "pending": True,
    "not_in_store": False,
}
_STATUS_KIND = {
    "已废止": "repealed",
    "已修改": "amended",
    "部分失效": "partial",
    "尚未生效": "pending",
}
MAX_BYTES = 20_000_000


@dataclass
class Finding:
    """One citation of the draft and what the store says about it (`line`/`column` 1-based)."""

    line: int
    column: int
    text: str
    kind: str
    message: str
    id: str | None = None
    suggestion: str = ""
    status: dict[str, Any] = field(default_factory=dict)

    @property
    def attention(self) -> bool:
        return KINDS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "kind": self.kind,
            "id": self.id,
            "message": self.message,
        }
        if self.suggestion:
            out["suggestion"] = self.suggestion
        if self.status:
            out["status"] = self.status
        return out


def read_draft(path: Path) -> list[str]:
    """The draft's lines: a .docx's paragraphs, or a text/Markdown file's lines."""
    if not path.is_file():
        raise InputError(f"cannot read {path}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"{path} is too large to check (over {MAX_BYTES // 1_000_000} MB)")
    if path.suffix.lower() == ".docx":
        return _docx_lines(path)
    if path.suffix.lower() == ".doc":
        raise InputError(f"{path}: .doc is not supported; save it as .docx")
    raw = path.read_bytes()
    if b"\x00" in raw[:65536] or raw.startswith(b"%PDF"):
        raise InputError(f"{path}: not a text file; check reads .txt, .md and .docx drafts")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: not UTF-8 or GB18030 text")


def _docx_lines(path: Path) -> list[str]:
    """One line per paragraph, body first, then table cells (a draft's 附件 lists)."""
    try:
        import docx  # python-docx

        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any unreadable .docx is bad input
        raise InputError(f"{path}: cannot read as .docx ({type(exc).__name__})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return lines


def _draft(lib: Library) -> Document:
    from corpus.status import today

    return Document(id="(draft)", issue="", order=0, section="", title="", date=today())


def citable_number(lib: Library, doc: Document) -> str:
    """The number to cite a document by (see `corpus.facts.citable_number`)."""
    from corpus.facts import citable_number as number_of

    return number_of(doc, lib.facts().docs)


def _form(lib: Library, doc: Document) -> str:
    """《title》（number）, with 《》 inside the title written 〈〉 as citations require."""
    title = doc.title.replace("《", "〈").replace("》", "〉")
    number = citable_number(lib, doc)
    return f"《{title}》（{number}）" if number else f"《{title}》"


def _by_number(resolver: Resolver, c: Citation, draft: Document) -> Document | None:
    if not c.doc_number:
        return None
    tid = resolver.resolve(Citation(c.para, c.start, c.end, c.text, doc_number=c.doc_number), draft)
    return lib_doc(resolver, tid)


def _by_title(resolver: Resolver, c: Citation, draft: Document) -> Document | None:
    if not c.title:
        return None
    tid = resolver.resolve(Citation(c.para, c.start, c.end, c.text, title=c.title), draft)
    return lib_doc(resolver, tid)


def lib_doc(resolver: Resolver, doc_id: str | None) -> Document | None:
    """The resolver's document with this id (its index is built once per resolver)."""
    if doc_id is None:
        return None
    index: dict[str, Document] | None = getattr(resolver, "_gongbao_by_id", None)
    if index is None:
        index = {d.id: d for d in resolver.docs}
        resolver._gongbao_by_id = index  # type: ignore[attr-defined]
    return index.get(doc_id)


def _status_finding(lib: Library, f: Finding, doc_id: str | None, outside_ref: str = "") -> Finding:
    """Turn a resolved (or known outside) citation into a repealed/amended finding if so."""
    if doc_id is not None:
        status = lib.status(doc_id)
    else:
        known = lib.outside(outside_ref) if outside_ref else None
        if known is None:
            return f
        status = known.status
        f.message = "not in the store, but"
    kind = _STATUS_KIND.get(status.value)
    if kind is None:
        return f
    ev = status.evidence[0] if status.evidence else None
    by = ""
    src = lib.document(ev.id) if ev is not None and ev.id else None
    if ev is not None and ev.by:
        by = ev.by
    elif src is not None:
        by = _form(lib, src)
    elif ev is not None:
        by = " ".join(x for x in (f"《{ev.title}》" if ev.title else "", ev.doc_number) if x)
    lead = f"{f.message} " if f.message.endswith("but") else ""
    f.kind = kind
    f.message = f"{lead}{status.value} since {status.since or '—'}" + (f" by {by}" if by else "")
    f.status = status.to_dict()
    return f


def check_lines(lib: Library, lines: list[str]) -> list[Finding]:
    """Every citation of the draft's lines, each with its finding, in reading order."""
    resolver = lib.resolver()
    draft = _draft(lib)
    cites = extract_citations([Paragraph("body", line) for line in lines])
    out: list[Finding] = []
    for c in cites:
        line = lines[c.para]
        closing = line[c.end : c.end + 1]
        shown = c.text + (closing if c.doc_number and c.title and closing in ("）", ")") else "")
        f = Finding(c.para + 1, c.start + 1, shown, "not_in_store", "not in the store")
        by_num = _by_number(resolver, c, draft)
        by_title = _by_title(resolver, c, draft)
        known = lib.outside(c.doc_number) if c.doc_number and by_num is None else None
        if known is not None:
            current = lib.document(known.current) if known.current else None
            if current is not None:
                f.suggestion = _form(lib, current)
            out.append(_status_finding(lib, f, None, c.doc_number))
            continue
        if c.doc_number and c.title:
            named = title_key(c.title)
            if (
                by_num is not None
                and title_key(by_num.title) != named
                and (by_title is None or by_title.id != by_num.id)
            ):
                right = by_title or by_num
                f.kind, f.id = "mismatch", right.id
                f.message = f"{c.doc_number} is 《{by_num.title}》" + (
                    f"; 《{c.title}》 is {by_title.doc_number or by_title.id}" if by_title else ""
                )
                f.suggestion = _form(lib, right)
                out.append(f)
                continue
            right_number = citable_number(lib, by_title) if by_title is not None else ""
            if by_num is None and by_title is not None and right_number:
                f.kind, f.id = "mismatch", by_title.id
                f.message = f"《{c.title}》 is {right_number}, not {c.doc_number}"
                f.suggestion = _form(lib, by_title)
                out.append(f)
                continue
        target = by_num or by_title
        if target is not None:
            f.kind, f.id, f.message = "resolved", target.id, f"resolved: {_form(lib, target)}"
            out.append(_status_finding(lib, f, target.id))
            continue
        out.append(
            _status_finding(lib, f, None, c.doc_number or (f"《{c.title}》" if c.title else ""))
        )
    return out


def check_file(lib: Library, path: Path) -> list[Finding]:
    """Read a draft (.txt, .md, .docx) and check its citations."""
    return check_lines(lib, read_draft(path))
