"""时效性: whether a document is in force, and the evidence for saying so.

A status is never asserted on its own: each value comes with the paragraphs that support it —
the later document that repeals or amends it, the 施行 clause against today, the 题注 that
records its revisions, or a 时效性 field an imported database export carried. With none of
these the status is 未知.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from typing import Any

from corpus.facts import Change, Facts
from corpus.model import Document

VALUES = ("现行有效", "已修改", "已废止", "部分失效", "尚未生效", "未知")
#: What `status:` accepts besides a part of a value (有效, 废止, 修改 …).
ALIASES = {
    "valid": "现行有效",
    "in-force": "现行有效",
    "current": "现行有效",
    "amended": "已修改",
    "repealed": "已废止",
    "partial": "部分失效",
    "pending": "尚未生效",
    "unknown": "未知",
}
#: Spellings an imported export uses for the same values (北大法宝, 国家法律法规数据库).
_IMPORTED = {
    "现行有效": "现行有效",
    "有效": "现行有效",
    "已修改": "已修改",
    "已被修改": "已修改",
    "失效": "已废止",
    "已失效": "已废止",
    "已废止": "已废止",
    "废止": "已废止",
    "部分失效": "部分失效",
    "尚未生效": "尚未生效",
    "尚未施行": "尚未生效",
}
_EVIDENCE_CHARS = 160


@dataclass
class Evidence:
    """One paragraph that supports a status: which document (id, or 文号 when not in the
    store), which paragraph, and its words."""

    id: str | None
    doc_number: str
    para: int
    text: str
    title: str = ""
    by: str = ""  # what made the change, where that is not the evidence's own document
    note: str = ""  # how the words support the status, where that is not plain from them

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id} if self.id else {"doc_number": self.doc_number}
        if self.id and self.doc_number:
            out["doc_number"] = self.doc_number
        if self.title:
            out["title"] = self.title
        out.update(para=self.para, text=self.text)
        if self.by:
            out["by"] = self.by
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Status:
    """A document's 时效性: `value` one of VALUES, `since` an ISO date or ""."""

    value: str
    since: str = ""
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "since": self.since,
            "evidence": [e.to_dict() for e in self.evidence],
        }


def today() -> str:
    """Today as ISO; `GONGBAO_TODAY` fixes it (for tests and for reading as of a date)."""
    fixed = os.environ.get("GONGBAO_TODAY", "")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", fixed):
        return fixed
    return _dt.date.today().isoformat()


def matches(value: str, wanted: str) -> bool:
    """Does a status value answer a `status:` filter word (有效, 废止, repealed …)?"""
    wanted = ALIASES.get(wanted.lower(), wanted)
    if wanted == "失效":  # as 北大法宝 uses it: no longer (wholly or partly) in force
        return value in ("已废止", "部分失效")
    return bool(wanted) and wanted in value


def _clip(text: str, around: str = "") -> str:
    """The sentence of `text` that holds `around` (or its start), at most a few lines long."""
    if around and around in text:
        at = text.index(around)
        lo = max(text.rfind(c, 0, at) for c in "。；") + 1
        ends = [i for i in (text.find(c, at) for c in "。；") if i >= 0]
        text = text[lo : (min(ends) + 1 if ends else len(text))]
    text = text.strip()
    return text if len(text) <= _EVIDENCE_CHARS else text[: _EVIDENCE_CHARS - 1] + "…"


def _change_evidence(c: Change, facts: Facts) -> Evidence:
    src = facts.docs.get(c.source)
    by = ""
    if src is not None and c.by_title and c.by_title != src.title:
        by = " ".join(x for x in (f"《{c.by_title}》", c.by_number) if x.strip("《》"))
    return Evidence(
        c.source if src else None,
        src.doc_number if src else c.by_number,
        c.para,
        _clip(c.text),
        src.title if src else c.by_title,
        by,
    )


def imported_status(doc: Document) -> str:
    """A 时效性 value an imported export carried (a `status` field, or one in `meta`)."""
    raw = (
        getattr(doc, "source_status", "")
        or getattr(doc, "status", "")
        or getattr(doc, "timeliness", "")
    )
    for holder in ("meta", "metadata", "fields", "extra", "attrs"):
        extra = getattr(doc, holder, None)
        if isinstance(extra, dict) and not raw:
            raw = extra.get("status") or extra.get("时效性") or extra.get("效力") or ""
    if not isinstance(raw, str):
        return ""
    return _IMPORTED.get(raw.strip(), "")


def _effective_evidence(doc: Document, facts: Facts) -> tuple[str, Evidence] | None:
    """The 施行 date of `doc` and the clause saying it (its own, its parent's or child's)."""
    eff = facts.effective(doc.id)
    if not eff or not eff.get("date"):
        own = getattr(doc, "effective", "")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", own or ""):  # a 施行日期 the source file gave
            where = getattr(doc, "source_file", "") or doc.source
            note = f"施行日期 from the source file {where}" if where else "施行日期 from the source"
            return own, Evidence(
                doc.id, doc.doc_number, -1, f"施行日期：{own}", doc.title, note=note
            )
        return None
    holder, para = doc, int(eff.get("para", -1))
    if para < 0:  # inherited: find the document whose clause it is
        related = [doc.parent or "", *doc.children]
        for rid in related:
            theirs = facts.effective(rid)
            if (
                rid in facts.docs
                and theirs.get("para", -1) >= 0
                and theirs.get("text") == eff.get("text")
            ):
                holder, para = facts.docs[rid], int(theirs["para"])
                break
    kept = facts.para_text(holder.id, para)  # the clause's paragraph, kept at build time
    text = kept if kept is not None else eff.get("text", "")
    return str(eff["date"]), Evidence(
        holder.id, holder.doc_number, para, _clip(text, eff.get("text", "")), holder.title
    )


def status_of(doc: Document, facts: Facts, now: str | None = None) -> Status:
    """The status of a document of the store, with its evidence."""
    now = now or today()
    changes = [c for c in facts.changes_to(doc.id) if not c.date or c.date <= now]
    repeals = [c for c in changes if c.action == "废止"]
    full = [c for c in repeals if not c.partial]
    if full:
        first = min(full, key=lambda c: c.date or "9999")
        return Status("已废止", first.date, [_change_evidence(c, facts) for c in full])
    amends = [c for c in changes if c.action == "修改"]
    if repeals:
        first = min(repeals, key=lambda c: c.date or "9999")
        return Status(
            "部分失效", first.date, [_change_evidence(c, facts) for c in repeals + amends]
        )
    if amends:
        first = min(amends, key=lambda c: c.date or "9999")
        return Status("已修改", first.date, [_change_evidence(c, facts) for c in amends])
    imported = imported_status(doc)
    if imported:
        where = getattr(doc, "source_file", "") or doc.source
        return Status(
            imported,
            "",
            [
                Evidence(
                    doc.id,
                    doc.doc_number,
                    -1,
                    f"时效性：{getattr(doc, 'source_status', '') or imported}",
                    doc.title,
                    note=f"a field of the imported export {where}".strip(),
                )
            ],
        )
    evidence: list[Evidence] = []
    since = ""
    note = facts.note(doc.id)
    revised = [e for e in note if e.action in ("修订", "修正", "修改")]
    if revised:
        since = revised[-1].date
        evidence.append(
            Evidence(
                doc.id,
                doc.doc_number,
                revised[-1].para,
                _clip(facts.para_text(doc.id, revised[-1].para) or ""),
                doc.title,
            )
        )
    eff = _effective_evidence(doc, facts)
    if eff:
        date, ev = eff
        evidence.insert(0, ev)
        if date > now:
            return Status("尚未生效", date, evidence)
        since = max(since, date)
    if evidence:
        return Status("现行有效", since, evidence)
    parent = facts.docs.get(doc.parent or "")
    dated = _date_line(doc, facts) or (_date_line(parent, facts) if parent else None)
    if dated and doc.date <= now:
        return Status("现行有效", doc.date, [dated])
    return Status("未知", "", [])


def _date_line(doc: Document, facts: Facts) -> Evidence | None:
    """A 公文 without a 施行 clause takes effect when issued: its date line is the evidence."""
    line = facts.date_line(doc.id) if doc.date else None
    if line is None:
        return None
    return Evidence(
        doc.id,
        doc.doc_number,
        line[0],
        line[1].strip(),
        doc.title,
        note="成文日期; no 施行 clause, so in force from issue (自印发之日起)",
    )


@dataclass
class Outside:
    """A document known only from what store documents say about it (not in the store)."""

    doc_number: str
    title: str
    status: Status
    current: str | None = None  # the id of the store text that replaced or revised it

    def to_dict(self) -> dict[str, Any]:
        return {
            "in_store": False,
            "doc_number": self.doc_number,
            "title": self.title,
            "status": self.status.to_dict(),
            "current": self.current,
        }


def outside_documents(facts: Facts) -> list[Outside]:
    """Every document not in the store that a store document repeals or amends."""
    grouped: dict[str, list[Change]] = {}
    for c in facts.changes_outside():
        key = c.doc_number or c.title
        if key:
            grouped.setdefault(key, []).append(c)
    out: list[Outside] = []
    for group in grouped.values():
        repeals = [c for c in group if c.action == "废止" and not c.partial]
        pick = repeals or [c for c in group if c.action == "废止"] or group
        first = min(pick, key=lambda c: c.date or "9999")
        value = "已废止" if repeals else ("部分失效" if pick[0].action == "废止" else "已修改")
        title = next((c.title for c in group if c.title), "")
        number = next((c.doc_number for c in group if c.doc_number), "")
        current = first.source if first.action == "修改" and first.source else None
        if value == "已废止" and first.source in facts.docs:
            src = facts.docs[first.source]
            current = first.source if _same_title(src.title, title) else None
        out.append(
            Outside(
                number,
                title,
                Status(value, first.date, [_change_evidence(c, facts) for c in pick]),
                current,
            )
        )
    return out


def _same_title(a: str, b: str) -> bool:
    from corpus.citations import title_key

    return bool(a and b) and title_key(a) == title_key(b)
