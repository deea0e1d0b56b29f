"""The reader's 时效性 line and 沿革 section: extra header blocks built from
`Library.status` and `Library.history`, styled by status (in force, changed, repealed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from corpus.api import GongbaoError
from tui.layout import Block, safe

if TYPE_CHECKING:
    from corpus.api import Event, LibraryAPI, Status


class AnalysisReady(Message):
    """The 时效性/沿革 header blocks of a document, computed off the UI thread."""

    def __init__(self, doc_id: str, blocks: list[Block]) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.blocks = blocks


#: Status value → the reader component class that colours it.
STATUS_CLASS = {
    "现行有效": "reader--status-ok",
    "尚未生效": "reader--status-warn",
    "已修改": "reader--status-warn",
    "部分失效": "reader--status-warn",
    "已废止": "reader--status-bad",
    "未知": "reader--status-unknown",
}


def analysis_blocks(status: Status, history: list[Event]) -> list[Block]:
    """A centred 时效性 line, then 沿革 lines when there is more than one event."""
    blocks: list[Block] = []
    value = status.value
    if value:
        since = status.since
        text = f"时效性：{value}" + (f"（{since}起）" if since else "")
        blocks.append(Block(f"status:{value}", safe(text), align="center"))
    if len(history) > 1:
        blocks.append(Block("meta", "沿革"))
        for e in history:
            blocks.append(
                Block(
                    "meta",
                    safe(f"{e.date}　{e.action}　{e.text or e.by}"),
                    first_indent=2,
                    rest_indent=4,
                )
            )
    return blocks


def analysis_for(library: LibraryAPI, doc_id: str) -> list[Block]:
    """The extra header blocks for a document, or none when the library cannot tell (its
    facts are damaged or missing, the document has gone): the reader never fails for want
    of them."""
    try:
        return analysis_blocks(library.status(doc_id), library.history(doc_id))
    except (GongbaoError, LookupError, ValueError):
        return []


def outside_note(library: LibraryAPI, cited: str) -> str:
    """What the store knows of a cited document it lacks: " — 已废止（2021-03-01起）", or ""."""
    try:
        known = library.outside(cited)
    except (GongbaoError, LookupError, ValueError):
        return ""
    if known is None:
        return ""
    since = f"（{known.status.since}起）" if known.status.since else ""
    return f" — {known.status.value}{since}"
