"""Word .docx files (python-docx): paragraphs and tables in document order.

A paragraph is a paragraph; a line break inside one (a title set over three lines) is no
break in the text. Tables stay readable: one row a line, cells apart by an ideographic
space (a merged cell, which Word repeats, counts once). Document properties are mostly
template leftovers (`YF-INT6`), so the fields come from the text's head.
"""

from __future__ import annotations

import io
import re
import zipfile

from corpus.errors import InputError
from corpus.formats.base import DocMeta, SourceDoc


def sniff(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def read(data: bytes, name: str) -> list[SourceDoc]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise InputError(f"{name}: not a readable Word file ({type(exc).__name__})") from None
    docs = [SourceDoc(meta=DocMeta(), paragraphs=[])]
    paras = docs[0].paragraphs
    ended = False  # a sentence has ended since the title: a centred title now opens a new text
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.replace("\n", "").strip()
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                if cells:
                    paras.append("\u3000".join(cells))
        else:
            text = block.text.replace("\n", "").replace("\r", "").replace("\t", " ")
            if not text.strip(" \u3000"):
                continue
            if ended and _opens_attached(block, text):
                docs.append(
                    SourceDoc(meta=DocMeta(title=text.strip(" \u3000")), paragraphs=[], parent=0)
                )
                paras = docs[-1].paragraphs
                ended = False
            paras.append(text)
            ended = ended or text.rstrip().endswith("。")
    return docs


def _opens_attached(block: object, text: str) -> bool:
    """A centred title after the body (not a chapter heading): a text the document attaches."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    t = text.strip(" \u3000")
    centred = getattr(block, "alignment", None) == WD_ALIGN_PARAGRAPH.CENTER
    return (
        centred
        and 4 <= len(t) <= 80
        and not re.search(r"[。；：，]$", t)
        and not re.match(r"^第[一二三四五六七八九十百零〇\d]+[编章节条]", t)
        and not re.match(r"^目[\s\u3000]*录$", t)
    )
