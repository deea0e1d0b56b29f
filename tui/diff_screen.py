"""`D`: compare the open document with another version, article by article.

First a picker of likely versions (same title, or a title that names it), then the
comparison: each changed, moved, removed or added article with its wording marked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.dialogs import DIALOG_CSS
from tui.layout import safe

if TYPE_CHECKING:
    from corpus.api import Diff, Document

_KIND = {
    "changed": "修改",
    "renumbered": "改号",
    "moved": "移动",
    "removed": "删除",
    "added": "新增",
    "same": "相同",
}


class VersionPicker(ModalScreen[str | None]):
    """Choose the other version: returns its id, or None on Esc."""

    BINDINGS = [Binding("escape,q", "cancel", "Close", show=False)]
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="VersionPicker")
        + """
    VersionPicker OptionList, VersionPicker OptionList:focus {
        height: auto; max-height: 20; border: none; background: $surface;
    }
    """
    )

    def __init__(self, candidates: list[Document], *, likely: bool = True) -> None:
        super().__init__()
        self.candidates = candidates
        self.likely = likely  # False: no other version is known, every document is offered

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = (
                "Compare with which version?"
                if self.likely
                else "No other version in the store: compare with any document"
            )
            box.border_subtitle = "Enter compare · Esc close"
            yield OptionList(
                *[
                    Option(
                        Text(safe(f"{d.date}  {d.doc_number}  {d.title}".replace("  ", " ", 1))),
                        id=d.id,
                    )
                    for d in self.candidates
                ],
                id="version-list",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def diff_text(diff: Diff, old_title: str, new_title: str) -> Text:
    """The comparison as styled Text (document wording is never markup)."""
    out = Text()
    out.append(safe(f"旧: {old_title}\n"), style="bold red")
    out.append(safe(f"新: {new_title}\n"), style="bold green")
    counts = diff.counts()
    out.append(
        f"相同 {counts['same']} · 修改 {counts['changed']} · 改号 {counts['renumbered']} · "
        f"移动 {counts['moved']} · "
        f"删除 {counts['removed']} · 新增 {counts['added']}\n\n",
        style="dim",
    )
    for c in diff.changes:
        if c.kind == "same":
            continue
        label = c.new.label if c.new else c.old.label if c.old else ""
        if c.kind in ("moved", "renumbered") and c.old and c.new:
            label = f"{c.old.label} → {c.new.label}"
        out.append(safe(f"{label}（{_KIND[c.kind]}）\n"), style="bold")
        if c.kind == "removed" and c.old:
            out.append(safe(c.old.text) + "\n\n", style="red")
            continue
        if c.kind == "added" and c.new:
            out.append(safe(c.new.text) + "\n\n", style="green")
            continue
        for tag, old, new in c.ops or [("equal", c.new.text if c.new else "", "")]:
            if tag == "equal":
                out.append(safe(old))
                continue
            # the marks in words too: colour and strike-through are lost under NO_COLOR,
            # TERM=linux or on a monochrome screen (the same marks as `gongbao diff`)
            if old:
                out.append("[-" + safe(old) + "-]", style="red strike")
            if new:
                out.append("{+" + safe(new) + "+}", style="green underline")
        out.append("\n\n")
    if not any(c.kind != "same" for c in diff.changes):
        out.append("两个版本的条文相同。\n")
    return out


class DiffScreen(ModalScreen[None]):
    """The comparison, scrollable; Esc or q closes."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", show=False),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
    ]
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="DiffScreen")
        + """
    DiffScreen > Vertical { max-width: 120; height: 90%; }
    DiffScreen VerticalScroll { height: 1fr; }
    """
    )

    def __init__(self, text: Text) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Compare versions"
            box.border_subtitle = "j/k scroll · Esc close"
            with VerticalScroll(id="diff-body"):
                yield Static(self.text, id="diff-text")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def _body(self) -> VerticalScroll:
        return self.query_one(VerticalScroll)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self._body().scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self._body().scroll_up(animate=False)

    def action_page_down(self) -> None:
        self._body().scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self._body().scroll_page_up(animate=False)
