"""What every reader hands on: a common intermediate between a source file and the pipeline.

A fixed-width gazette text (the seeds: lines cut at the column width) goes on as raw lines
through clean and reflow. Every structured source — web pages, Word, Markdown, database
exports, PDF read by geometry — already knows its paragraphs, and often its metadata: it
goes on as `SourceDoc`s, each one document (with whatever it issues) and the fields its
source states, which take precedence over what is guessed from the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class DocMeta:
    """Fields a source states about a document (empty where it does not)."""

    title: str = ""
    doc_number: str = ""  # 发文字号 as printed; normalised downstream
    issuers: list[str] = field(default_factory=list)  # lead first
    date: str = ""  # 成文日期, ISO
    promulgated: str = ""  # 公布/发布 date, ISO
    effective: str = ""  # 施行 date, ISO
    status: str = ""  # 时效性 as the source says it (现行有效, 已废止 …)
    level: str = ""  # 效力级别 as the source says it (地方规范性文件, 行政法规 …)

    def merged(self, under: DocMeta) -> DocMeta:
        """These fields, each one filled from `under` where this one is empty."""
        out = DocMeta()
        for f in fields(self):
            mine = getattr(self, f.name)
            setattr(out, f.name, mine if mine else getattr(under, f.name))
        return out


@dataclass
class SourceDoc:
    """One document of a structured source: its metadata and its paragraphs, in order.

    `paragraphs` may still open with the head the page prints (masthead, title, 文号);
    `corpus.formats.head` takes it off. `signature` is the signing block where the source
    marks it as such (Markdown `::: right`).
    """

    meta: DocMeta
    paragraphs: list[str]
    signature: list[str] = field(default_factory=list)
    parent: int | None = None  # index of the source document that issues this one


@dataclass
class Extract:
    """What a reader made of one file."""

    format: str  # fixed, webtext, pkulaw, markdown, html, docx, pdf, sqldump
    name: str  # the file's name
    sha256: str
    lines: list[str] | None = None  # fixed-width text: raw lines for clean → reflow
    docs: list[SourceDoc] = field(default_factory=list)
    site: str = ""  # where the documents were published or exported from, if known
    encoding: str = ""
    #: `em_width` of lines (stripped) as detection measured them, for clean to reuse
    widths: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
