"""The references panel: the documents related to the open one, grouped by relation —
印发/转发/发布 and their inverses, 依据, 废止, 修改, 引用, 被引用 — each once, with its 文号,
date and how often the text names it. The entries come from `corpus.reflist`, the same ones
`gongbao refs` prints. The first entry is selected when the panel fills.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.bindings import bindings_for
from tui.cjk_wrap import wrap
from tui.layout import safe

if TYPE_CHECKING:
    from corpus.api import RefEntry


class RefsPanel(OptionList):
    """A list of related documents; Enter on one that is in the corpus opens it."""

    BINDINGS = bindings_for("refs")

    DEFAULT_CSS = """
    RefsPanel { height: 40%; min-height: 5; padding: 0; background: $surface; }
    """

    class OpenDocument(Message):
        def __init__(self, doc_id: str) -> None:
            super().__init__()
            self.doc_id = doc_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.targets: dict[str, str] = {}
        self.border_title = "引用关系 References"
        self.doc_id: str | None = None  # whose references are shown
        self._shown: list[RefEntry] | None = None
        self._width = 0

    def _wrapped(self, text: str, indent: int = 2) -> str:
        """Our own Chinese line breaking, with a hanging indent."""
        width = max(10, self.scrollable_content_region.width - 1)
        self._width = width
        lines = [text[s:e] for s, e in wrap(text, width, indent, indent)]
        return "\n".join(" " * indent + line for line in lines)

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None and self.scrollable_content_region.width - 1 != self._width:
            self.show_entries(self.doc_id, self._shown)

    def show_note(self, note: str, doc_id: str | None = None) -> None:
        self._shown = None
        self.doc_id = doc_id
        self.clear_options()
        self.targets = {}
        self.add_option(Option(Text(note, style="dim"), disabled=True))

    def show_entries(self, doc_id: str | None, entries: list[RefEntry]) -> None:
        """Fill the panel from `corpus.api.RefEntry`s (already in display order)."""
        self._shown = list(entries)
        self.doc_id = doc_id
        self.clear_options()
        self.targets = {}
        options: list[Option] = []
        relation = None
        first: int | None = None
        for e in entries:
            if e.relation != relation:
                relation = e.relation
                count = sum(1 for x in entries if x.relation == relation)
                options.append(
                    Option(
                        Text(f"{e.zh} {e.en.capitalize()} ({count})", style="bold"), disabled=True
                    )
                )
            key = f"r{len(options)}"
            meta = " · ".join(x for x in (e.doc_number, e.date) if x)
            if len(e.mentions) > 1:
                meta += f"{' · ' if meta else ''}×{len(e.mentions)}"
            if not e.target:
                meta += f"{' · ' if meta else ''}not in corpus"
            label = Text(self._wrapped(safe(e.title)), style="" if e.target else "dim")
            if meta:
                label.append("\n" + self._wrapped(safe(meta), 4), style="dim")
            options.append(Option(label, id=key))
            if e.target:
                self.targets[key] = e.target
            if first is None:
                first = len(options) - 1
        if not options:
            options.append(
                Option(Text("No references found for this document.", style="dim"), disabled=True)
            )
        self.add_options(options)
        if first is not None:
            self.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self.targets.get(event.option.id or "")
        if target:
            self.post_message(self.OpenDocument(target))
        else:
            self.app.notify("That document is not in the corpus.", markup=False)
