"""The corpus's data model: what a gazette issue, a document and a paragraph are.

These plain dataclasses are what every stage after `structure` hands on, what the store
serialises (via `to_dict`/`from_dict`), and what the browser and the command line read.
Keeping them free of TinyDB and Textual lets each side change without the other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Paragraph kinds, in the order a reader meets them.
PARAGRAPH_KINDS = (
    "heading",  # 一、 （一） 1. 第X章 第X节 第X条 (level 1..4; 第X条 are "article" below)
    "article",  # 第X条 …: a numbered article, its first words are its label
    "body",  # ordinary running text
    "item",  # list items such as （一）身体健康； inside an article, or 1. in a catalogue
    "addressee",  # 各省、自治区、直辖市人民政府…：
    "signature",  # the issuer's name at the foot (国务院办公厅, 主任 何立峰)
    "date",  # the date line under the signature, or (２０１６年８月１６日)
    "note",  # 新华社 dateline, revision history in brackets, issuer lines under a title
)


@dataclass
class Paragraph:
    """One reflowed paragraph of a document; `level` is 0 except for headings."""

    kind: str
    text: str
    level: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "level": self.level, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Paragraph:
        return cls(kind=d["kind"], text=d["text"], level=d.get("level", 0))


@dataclass
class Heading:
    """An outline entry: a heading paragraph and where it sits in the document."""

    level: int
    text: str
    para: int  # index into Document.paragraphs

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "text": self.text, "para": self.para}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Heading:
        return cls(level=d["level"], text=d["text"], para=d["para"])


@dataclass
class Document:
    """A document of a gazette issue, with its metadata and body.

    `id` is derived from the issue and the document's number or title, so it stays the same
    across rebuilds. `parent` is the id of the notice or order that issues this text
    (印发/转发/令), `children` the ids of the texts this one issues.
    """

    id: str
    issue: str  # Issue.id
    order: int  # position within the issue, from 0
    section: str
    title: str
    doc_number: str = ""  # normalised 发文字号: 国办发〔2017〕6号, 第40号
    issuer: str = ""
    date: str = ""  # ISO 8601, or "" where the text gives none
    kind: str = ""  # 通知, 意见, 令, 办法, 规定, 决定, 方案, 任免 …
    jurisdiction: str = ""  # where it applies: 中央, 四川省, 广州市; "" when the text cannot tell
    addressees: list[str] = field(default_factory=list)
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    outline: list[Heading] = field(default_factory=list)
    source: str = ""  # seed file name
    lines: tuple[int, int] = (0, 0)  # first and last line in the source file (1-based)
    issuers: list[str] = field(default_factory=list)  # every issuing body, lead first
    promulgated: str = ""  # ISO date it was 公布/发布, where the source or text says
    effective: str = ""  # ISO date it takes effect (施行), where the source or text says
    format: str = ""  # how the source file was read: fixed, pdf, html, docx, markdown …
    source_file: str = ""  # the file it was read from (its name)
    source_status: str = ""  # 时效性 as the source states it (北大法宝, front matter, flk)
    source_level: str = ""  # 效力级别 as the source states it (北大法宝, flk 法律性质)

    @property
    def text(self) -> str:
        """The whole body, one paragraph a line: what search and citations read."""
        return "\n".join(p.text for p in self.paragraphs)

    def summary(self) -> dict[str, Any]:
        """The fields `gongbao list --json` prints."""
        return {
            "id": self.id,
            "issue": self.issue,
            "section": self.section,
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "date": self.date,
            "kind": self.kind,
            "parent": self.parent,
            "children": list(self.children),
            "order": self.order,
        }

    def to_dict(self) -> dict[str, Any]:
        d = self.summary()
        d.update(
            jurisdiction=self.jurisdiction,
            addressees=list(self.addressees),
            paragraphs=[p.to_dict() for p in self.paragraphs],
            outline=[h.to_dict() for h in self.outline],
            source=self.source,
            lines=list(self.lines),
            issuers=list(self.issuers),
            promulgated=self.promulgated,
            effective=self.effective,
            format=self.format,
            source_file=self.source_file,
            source_status=self.source_status,
            source_level=self.source_level,
        )
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            id=d["id"],
            issue=d["issue"],
            order=d.get("order", 0),
            section=d.get("section", ""),
            title=d["title"],
            doc_number=d.get("doc_number", ""),
            issuer=d.get("issuer", ""),
            date=d.get("date", ""),
            kind=d.get("kind", ""),
            jurisdiction=d.get("jurisdiction", ""),
            addressees=list(d.get("addressees", [])),
            parent=d.get("parent"),
            children=list(d.get("children", [])),
            paragraphs=[Paragraph.from_dict(p) for p in d.get("paragraphs", [])],
            outline=[Heading.from_dict(h) for h in d.get("outline", [])],
            source=d.get("source", ""),
            lines=tuple(d.get("lines", (0, 0))),  # type: ignore[arg-type]
            issuers=list(d.get("issuers", [])),
            promulgated=d.get("promulgated", ""),
            effective=d.get("effective", ""),
            format=d.get("format", ""),
            source_file=d.get("source_file", ""),
            source_status=d.get("source_status", ""),
            source_level=d.get("source_level", ""),
        )


@dataclass
class Issue:
    """One gazette issue: which gazette, which year and number, and its sections in order."""

    id: str
    gazette: str  # 国务院公报, 四川省人民政府公报
    year: int | None
    number: int | None  # 期; None where neither the text nor the documents tell
    name: str  # how it is shown: 国务院公报 2021年第10期
    source: str  # seed file name
    sha256: str
    sections: list[str] = field(default_factory=list)
    inferred: str = ""  # how year/number were found, where the text does not say them
    kind: str = "gazette"  # "gazette" (an issue) or "collection" (documents that are no issue)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Issue:
        # opening a store makes one per issue (4,000 at 100,000 documents): keys a newer
        # gongbao wrote are dropped, and only then is the row copied
        if d.keys() <= cls.__dataclass_fields__.keys():
            return cls(**d)
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})
