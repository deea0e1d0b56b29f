"""A made-up archive of any size, in memory, for the tree's tests and benchmarks/tree.py.

`archive(n)` holds about `n` documents in 国务院公报 issues from 1954 on (24 a year), a
few issues of a second gazette, and collections (some sharing a name, as a PDF and a web
copy of one notice do). Each issue has two sections and notices with an attached text, so
every level of the tree is there. None of it is a real document.
"""

from __future__ import annotations

from corpus.model import Document, Heading, Issue, Paragraph
from tui.testing import FakeLibrary

PER_ISSUE = 23
PER_YEAR = 24
SECTIONS = ["国务院文件", "国务院办公厅文件"]


class ArchiveLibrary(FakeLibrary):
    """A FakeLibrary that finds an issue's documents without scanning them all (as the real
    store reads one shard), so a benchmark times the tree, not the fake."""

    def __init__(self, issues: list[Issue], docs: list[Document]) -> None:
        super().__init__(issues, docs)
        self.by_issue: dict[str, list[Document]] = {}
        for d in docs:
            self.by_issue.setdefault(d.issue, []).append(d)
        self.reads: list[str] = []  # issues whose documents were asked for, in order

    def documents(self, issue: str | None = None) -> list[Document]:
        if issue is None:
            return list(self._docs)
        self.reads.append(issue)
        return list(self.by_issue.get(issue, []))

    def document(self, ref: str) -> Document | None:
        return self._by_id.get(ref)


def _issue_docs(issue: Issue, date: str, base: int) -> list[Document]:
    docs: list[Document] = []
    for k in range(PER_ISSUE):
        section = SECTIONS[0] if k < PER_ISSUE // 2 else SECTIONS[1]
        doc_id = f"{issue.id}-{k}"
        attached = k % 4 == 1  # the text the notice before it issues
        paras = [
            Paragraph("heading", "一、总体要求", 1),
            Paragraph("body", f"第{base + k}号文件的正文。"),
            Paragraph("heading", "二、保障措施", 1),
            Paragraph("body", "各地区各部门要认真贯彻执行。"),
        ]
        docs.append(
            Document(
                id=doc_id,
                issue=issue.id,
                order=k,
                section=section,
                title=f"国务院办公厅关于第{base + k}项工作的通知" if not attached else "实施方案",
                doc_number="" if attached else f"国办发〔{issue.year}〕{base + k}号",
                issuer="国务院办公厅",
                date=date,
                kind="方案" if attached else "通知",
                parent=f"{issue.id}-{k - 1}" if attached else None,
                children=[f"{issue.id}-{k + 1}"] if k % 4 == 0 else [],
                paragraphs=paras,
                outline=[Heading(1, paras[0].text, 0), Heading(1, paras[2].text, 2)],
            )
        )
    return docs


def archive(documents: int, collections: int = 6, province: int = 4) -> ArchiveLibrary:
    """About `documents` documents: 国务院公报 issues (oldest first, as a store lists them),
    `province` issues of 四川省人民政府公报, and `collections` collections, two of which share
    a name."""
    issues: list[Issue] = []
    docs: list[Document] = []
    count = max(1, documents // PER_ISSUE)
    for k in range(count):
        year, number = 1954 + k // PER_YEAR, k % PER_YEAR + 1
        issue = Issue(
            f"gwy-{year}-{number:02d}",
            "国务院公报",
            year,
            number,
            f"国务院公报 {year}年第{number}期",
            f"synthetic-{year}-{number:02d}.txt",
            f"{k:064x}",
            list(SECTIONS),
        )
        issues.append(issue)
        docs += _issue_docs(issue, f"{year}-{(number + 1) // 2:02d}-15", k * PER_ISSUE)
    for k in range(province):
        issue = Issue(
            f"sc-2017-{k + 1:02d}",
            "四川省人民政府公报",
            2017,
            k + 1,
            f"四川省人民政府公报 2017年第{k + 1}期",
            f"sichuan-{k + 1}.txt",
            f"{k + 1:064x}",
            list(SECTIONS),
        )
        issues.append(issue)
        docs += _issue_docs(issue, "2017-03-01", 900_000 + k * PER_ISSUE)
    for k in range(collections):
        name = "国务院办公厅" if k < 2 else f"第{k}个发文机关"
        source = ["notice.pdf", "notice.html"][k] if k < 2 else f"file-{k}.docx"
        issue = Issue(
            f"col-{k}",
            name,
            2021,
            None,
            name,
            source,
            f"{k + 7:064x}",
            [],
            kind="collection",
        )
        issues.append(issue)
        doc = Document(
            id=f"col-{k}-0",
            issue=issue.id,
            order=0,
            section="",
            title=f"{name}关于某项工作的通知",
            issuer=name,
            date="2021-05-01",
            paragraphs=[Paragraph("body", "正文。")],
        )
        docs.append(doc)
    return ArchiveLibrary(issues, docs)
