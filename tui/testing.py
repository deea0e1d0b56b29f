"""A small in-memory library implementing `corpus.api.LibraryAPI`, as the real one does.

Tests and benchmarks of the browser use it where the real store would be slow to build or
not there yet. It knows issues, documents, search and references; it has no 时效性 facts,
so `status` and `check` raise `NotAvailable` (a `GongbaoError`, as a damaged store's would)
and the reader shows no 时效性 line. mypy checks it against the protocol (`_conforms`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from corpus.api import (
    Chain,
    Citation,
    Diff,
    Document,
    Event,
    Finding,
    GongbaoError,
    Heading,
    Hit,
    Issue,
    NotFound,
    Outside,
    Paragraph,
    Refs,
    SearchResponse,
    SearchResult,
    Status,
    diff_documents,
    fold_width,
    parse_query,
    versions_of,
)

if TYPE_CHECKING:
    from corpus.api import LibraryAPI


class FakeQueryError(GongbaoError):
    """A bad query, as the real search raises it."""


class NotAvailable(GongbaoError):
    """What this sample library cannot tell (references when built without them, 时效性)."""


BODY = (
    "为贯彻落实党的十八届五中全会精神和《中华人民共和国国民经济和社会发展第十三个五年规划纲要》，"
    "根据有关规定，现就做好生育保险和职工基本医疗保险（以下统称两项保险）合并实施试点工作制定以下方案。"
)


def _doc(
    i: int,
    issue: str,
    section: str,
    title: str,
    number: str,
    paras: list[Paragraph],
    parent: str | None = None,
    children: list[str] | None = None,
) -> Document:
    outline = [Heading(p.level, p.text, n) for n, p in enumerate(paras) if p.kind == "heading"]
    return Document(
        id=f"d{i}",
        issue=issue,
        order=i,
        section=section,
        title=title,
        doc_number=number,
        issuer="国务院办公厅",
        date="2017-01-19",
        kind="通知",
        parent=parent,
        children=children or [],
        paragraphs=paras,
        outline=outline,
    )


def sample_documents() -> tuple[list[Issue], list[Document]]:
    """Two issues; a notice with an attached plan (headings, articles); a long document."""
    notice = [
        Paragraph("addressee", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："),
        Paragraph(
            "body",
            "《生育保险和职工基本医疗保险合并实施试点方案》已经国务院同意，现印发给你们，"
            "请试点地区和各有关部门加强组织领导，认真贯彻执行。",
        ),
        Paragraph("signature", "国务院办公厅"),
        Paragraph("date", "2017年1月19日"),
    ]
    plan = [Paragraph("body", BODY)]
    for h, (t1, items) in enumerate(
        [("一、总体要求", 3), ("二、试点地区", 2), ("三、试点内容", 4)]
    ):
        plan.append(Paragraph("heading", t1, 1))
        for k in range(items):
            plan.append(Paragraph("heading", f"（{'一二三四'[k]}）第{h + 1}.{k + 1}小节。", 2))
            plan.append(Paragraph("body", BODY * 2 + f"脱贫攻坚第{h}{k}段。"))
    plan.append(Paragraph("article", "第一条　为了规范试点工作，保障参保人员权益，制定本办法。"))
    plan.append(
        Paragraph("article", "第二条　本办法自2017年6月1日起施行。《国办发〔2016〕1号》同时废止。")
    )
    long = [Paragraph("heading", "第一章　总则", 1)]
    for k in range(400):
        long.append(Paragraph("body", f"第{k}段。" + BODY))
        if k % 50 == 49:
            long.append(Paragraph("heading", f"第{k // 50 + 2}章　分则{k}", 1))
    issues = [
        Issue(
            "i1", "国务院公报", 2017, 6, "国务院公报 2017年第6期", "a.txt", "", ["国务院办公厅文件"]
        ),
        Issue(
            "i2",
            "四川省人民政府公报",
            2021,
            10,
            "四川省人民政府公报 2021年第10期",
            "b.txt",
            "",
            ["省政府文件"],
        ),
    ]
    docs = [
        _doc(
            0,
            "i1",
            "国务院办公厅文件",
            "国务院办公厅关于印发生育保险和职工基本医疗保险合并实施试点方案的通知",
            "国办发〔2017〕6号",
            notice,
            children=["d1"],
        ),
        _doc(
            1,
            "i1",
            "国务院办公厅文件",
            "生育保险和职工基本医疗保险合并实施试点方案",
            "",
            plan,
            parent="d0",
        ),
        _doc(2, "i2", "省政府文件", "四川省长篇测试文件", "川府发〔2021〕1号", long),
    ]
    return issues, docs


class FakeLibrary:
    """Implements `corpus.api.LibraryAPI` over a few in-memory documents."""

    def __init__(
        self,
        issues: list[Issue] | None = None,
        docs: list[Document] | None = None,
        with_refs: bool = True,
    ) -> None:
        if issues is None or docs is None:
            issues, docs = sample_documents()
        self._issues = issues
        self._docs = docs
        self._by_id = {d.id: d for d in docs}
        self.with_refs = with_refs

    def issues(self) -> list[Issue]:
        return list(self._issues)

    def documents(self, issue: str | None = None) -> list[Document]:
        return [d for d in self._docs if issue is None or d.issue == issue]

    def document(self, ref: str) -> Document | None:
        return self._by_id.get(ref) or next((d for d in self._docs if d.doc_number == ref), None)

    def issue(self, issue_id: str) -> Issue | None:
        return next((i for i in self._issues if i.id == issue_id), None)

    def count(self) -> int:
        return len(self._docs)

    def search(self, query: str, limit: int = 50) -> list[SearchResult]:
        if not query.strip() or query.startswith("("):
            raise FakeQueryError(f"bad query: {query}")
        needle = fold_width(query).lower()
        out = []
        for d in self._docs:
            hits = []
            for i, p in enumerate(d.paragraphs):
                pos = p.text.find(needle)
                while pos >= 0:
                    hits.append(Hit(i, pos, pos + len(needle)))
                    pos = p.text.find(needle, pos + 1)
            if hits:
                first = d.paragraphs[hits[0].para].text
                s = max(0, hits[0].start - 10)
                snippet = first[s : s + 60]
                marks = [(hits[0].start - s, hits[0].end - s)]
                out.append(
                    SearchResult(
                        d.id, d.title, d.doc_number, d.date, float(len(hits)), snippet, marks, hits
                    )
                )
        out.sort(key=lambda r: -r.score)
        return out[:limit]

    def run_search(self, query: str, limit: int = 50) -> SearchResponse:
        results = self.search(query, limit=10_000)
        notes = [] if results else [f"no document contains {query}; try: 试点 方案"]
        return SearchResponse(parse_query(query), results[:limit], len(results), notes)

    def refs(self, doc_id: str) -> Refs:
        if not self.with_refs:
            raise NotAvailable("references are not built")
        doc = self._by_id.get(doc_id)
        if doc is None:
            raise NotFound(f"no document {doc_id}")
        cites = []
        for i, p in enumerate(doc.paragraphs):
            for label, target in (
                ("国办发〔2016〕1号", None),
                ("《生育保险和职工基本医疗保险合并实施试点方案》", "d1"),
            ):
                pos = p.text.find(label)
                if pos >= 0:
                    cites.append(Citation(i, pos, pos + len(label), label, target=target))
        return Refs(doc_id, cites, parent=doc.parent, children=list(doc.children))

    def status(self, doc_id: str, today: str | None = None) -> Status:
        self._known(doc_id)
        raise NotAvailable("no 时效性 facts in the sample library")

    def history(self, doc_id: str) -> list[Event]:
        self._known(doc_id)
        return []

    def outside(self, ref: str) -> Outside | None:
        return None  # nothing here repeals or amends a document it lacks

    def chain(self, doc_id: str) -> Chain:
        doc = self._by_id[doc_id]
        return Chain(doc.id, doc.title, doc.doc_number, doc.date)  # no steps known

    def versions(self, doc_id: str) -> list[Document]:
        return versions_of(self._by_id[doc_id], self._docs)

    def diff(self, old_id: str, new_id: str) -> Diff:
        return diff_documents(self._by_id[old_id], self._by_id[new_id])

    def check(self, path: Path) -> list[Finding]:
        raise NotAvailable("cite-check needs the 时效性 facts of a built store")

    def _known(self, doc_id: str) -> None:
        """An unknown id is a KeyError, as in the real library."""
        if doc_id not in self._by_id:
            raise KeyError(doc_id)


if TYPE_CHECKING:

    def _conforms(lib: FakeLibrary) -> LibraryAPI:
        return lib  # mypy: the fake implements the protocol the browser is written against


def screen_text(app: object) -> str:
    """The app's screen as plain text, one row a line (what a person would see)."""
    screen = app.screen  # type: ignore[attr-defined]
    strips = screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)
