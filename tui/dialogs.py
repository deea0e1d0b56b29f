"""Small modal screens: the bookmark list and the export prompt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.bindings import bindings_for
from tui.layout import safe
from tui.state import Bookmark

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 90%; max-width: 90; height: auto; max-height: 90%;
    border: round $primary; background: $surface; padding: 0 1;
}}
"""


class BookmarkList(OptionList):
    """The bookmarks, newest last; keys from the table's "bookmarks" scope."""

    BINDINGS = bindings_for("bookmarks")

    def action_delete_bookmark(self) -> None:
        self.screen.delete_highlighted()  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.screen.dismiss(None)


class BookmarksScreen(ModalScreen[Bookmark | None]):
    """List, jump to and delete bookmarks."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="BookmarksScreen")
        + """
    BookmarksScreen OptionList, BookmarksScreen OptionList:focus {
        height: auto; max-height: 20; border: none; background: $surface;
    }
    """
    )

    def __init__(self, bookmarks: list[Bookmark], on_delete: Callable[[Bookmark], None]) -> None:
        super().__init__()
        self.bookmarks = list(bookmarks)
        self.on_delete = on_delete

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Bookmarks"
            box.border_subtitle = "Enter jump · d delete · Esc close"
            yield BookmarkList(id="bookmark-list")
            yield Static("", id="bookmark-empty")

    def on_mount(self) -> None:
        self._fill()
        self.query_one(BookmarkList).focus()

    def _fill(self) -> None:
        ol = self.query_one(BookmarkList)
        ol.clear_options()
        for i, b in enumerate(self.bookmarks):
            when = dt.datetime.fromtimestamp(b.created).strftime("%Y-%m-%d %H:%M")
            text = Text(safe(b.title), style="bold")
            if b.note:
                text.append("\n  " + safe(b.note))
            text.append(f"\n  {when}", style="dim")
            ol.add_option(Option(text, id=str(i)))
        empty = self.query_one("#bookmark-empty", Static)
        empty.update(Text("" if self.bookmarks else "No bookmarks yet: m adds one."))
        empty.display = not self.bookmarks
        if self.bookmarks:
            ol.highlighted = 0

    def delete_highlighted(self) -> None:
        ol = self.query_one(BookmarkList)
        i = ol.highlighted
        if i is None or not 0 <= i < len(self.bookmarks):
            return
        b = self.bookmarks.pop(i)
        self.on_delete(b)
        self._fill()
        if self.bookmarks:
            ol.highlighted = min(i, len(self.bookmarks) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.bookmarks[int(event.option.id or 0)])

    def on_key(self, event) -> None:  # noqa: ANN001 - any unhandled key
        if event.key == "escape":
            event.stop()
            self.dismiss(None)


class ExportScreen(ModalScreen[Path | None]):
    """Ask where to export; `.md` writes Markdown, anything else plain text."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]
    DEFAULT_CSS = DIALOG_CSS.format(name="ExportScreen")

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Export document"
            box.border_subtitle = "Enter save · Esc cancel"
            yield Static(Text("File (.md for Markdown, .txt for plain text):"))
            yield Input(str(self.default), id="export-path")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
