"""The references panel: what a document cites, what cites it, what it issues or repeals,
and when it takes effect (issue 5). It reads a `corpus.links.Refs` by duck typing, so the
browser keeps working while that module changes, and shows a plain note when it is absent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.bindings import bindings_for
from tui.cjk_wrap import wrap
from tui.layout import safe

Titler = Callable[[str], str]


class RefsPanel(OptionList):
    """A list of references; Enter on one that is in the corpus opens it."""

    BINDINGS = bindings_for("refs")

    DEFAULT_CSS = """
    RefsPanel, RefsPanel:focus {
        height: 40%;
        min-height: 5;
        border-top: solid $primary;
        border-left: none; border-right: none; border-bottom: none;
        padding: 0;
        background: $surface;
    }
    """

    class OpenDocument(Message):
        def __init__(self, doc_id: str) -> None:
            super().__init__()
            self.doc_id = doc_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.targets: dict[str, str] = {}
        self.border_title = "References"
        self._shown: tuple[Any, Titler] | None = None
        self._width = 0

    def _wrapped(self, text: str, indent: int = 2) -> str:
        """Our own Chinese line breaking, with a hanging indent."""
        width = max(10, self.scrollable_content_region.width - 1)
        self._width = width
        lines = [text[s:e] for s, e in wrap(text, width, indent, indent)]
        return "\n".join(" " * indent + line for line in lines)

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None and self.scrollable_content_region.width - 1 != self._width:
            self.show_refs(*self._shown)

    def show_note(self, note: str) -> None:
        self._shown = None
        self.clear_options()
        self.targets = {}
        self.add_option(Option(Text(note, style="dim"), disabled=True))

    def show_refs(self, refs: Any, title_of: Titler) -> None:
        """Fill the panel from a Refs object; `title_of(id)` names a document."""
        self._shown = (refs, title_of)
        highlighted = self.highlighted
        self.clear_options()
        self.targets = {}
        options: list[Option] = []

        def heading(text: str) -> None:
            options.append(Option(Text(text, style="bold"), disabled=True))

        def entry(label: str, target: str | None) -> None:
            key = f"r{len(options)}"
            style = "" if target else "dim"
            suffix = "" if target else "  (not in corpus)"
            options.append(
                Option(
                    Text(self._wrapped(safe(label) + suffix), style=style),
                    id=key,
                    disabled=target is None,
                )
            )
            if target:
                self.targets[key] = target

        effective = getattr(refs, "effective", "") or ""
        if effective:
            heading(f"施行 Effective: {safe(str(effective))}")
        parent = getattr(refs, "parent", None)
        if parent:
            heading("发布文件 Issued by")
            entry(title_of(parent), parent)
        children = list(getattr(refs, "children", []) or [])
        if children:
            heading("所发布 Issues")
            for c in children:
                entry(title_of(c), c)
        cites = list(getattr(refs, "cites", []) or [])
        if cites:
            heading(f"引用 Cites ({len(cites)})")
            seen: set[tuple[str, str | None]] = set()
            for c in cites:
                target = getattr(c, "target", None)
                label = getattr(c, "text", "") or getattr(c, "title", "")
                if target:
                    label = (
                        f"{label} → {title_of(target)}" if title_of(target) not in label else label
                    )
                if (label, target) not in seen:
                    seen.add((label, target))
                    entry(label, target)
        cited_by = list(getattr(refs, "cited_by", []) or [])
        if cited_by:
            heading(f"被引用 Cited by ({len(cited_by)})")
            for c in cited_by:
                cid = (
                    c.get("id")
                    if isinstance(c, dict)
                    else (c if isinstance(c, str) else getattr(c, "id", None))
                )
                label = (c.get("title") if isinstance(c, dict) else None) or (
                    title_of(cid) if cid else "?"
                )
                entry(label, cid)
        repeals = list(getattr(refs, "repeals", []) or [])
        if repeals:
            heading("废止 Repeals")
            for r in repeals:
                label = getattr(r, "title", "") or getattr(r, "text", "")
                when = getattr(r, "when", "")
                entry(f"{label}（{when}）" if when else label, getattr(r, "target", None))
        if not options:
            options.append(
                Option(Text("No references found for this document.", style="dim"), disabled=True)
            )
        self.add_options(options)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self.targets.get(event.option.id or "")
        if target:
            self.post_message(self.OpenDocument(target))
