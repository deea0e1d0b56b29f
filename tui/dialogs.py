"""Small modal screens: the bookmark list, prompts (export path, bookmark name), a choice
(citation style), a yes/no question (overwrite?) and the outline picker."""

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
from tui.edit_input import EditInput
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
            text = Text(safe(b.name or b.note or b.title), style="bold")
            text.append("\n  " + safe(b.title))
            if b.note and (b.name or b.note != b.title):
                text.append("\n  " + safe(b.note), style="italic")
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
            yield Static(Text("File (.md Markdown, .txt plain text, .docx Word):"))
            yield EditInput(str(self.default), id="export-path")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    """One line of text: Enter gives it (possibly empty), Esc gives None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]
    DEFAULT_CSS = DIALOG_CSS.format(name="PromptScreen")

    def __init__(self, title: str, label: str, value: str = "") -> None:
        super().__init__()
        self.title_text, self.label, self.value = title, label, value

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            box.border_subtitle = "Enter save · Esc cancel"
            yield Static(Text(self.label))
            yield EditInput(self.value, id="prompt")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("escape,q", "close", "Close", show=False),
    ]

    def action_close(self) -> None:
        self.screen.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few options with j/k and Enter; Esc cancels."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ChoiceScreen")
        + """
    ChoiceScreen OptionList, ChoiceScreen OptionList:focus {
        height: auto; max-height: 20; border: none; background: $surface;
    }
    """
    )

    def __init__(self, title: str, choices: list[tuple[str, Text]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            box.border_subtitle = "Enter choose · Esc cancel"
            yield ChoiceList(*(Option(label, id=key) for key, label in self.choices))

    def on_mount(self) -> None:
        ol = self.query_one(ChoiceList)
        ol.highlighted = 0
        ol.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or Enter is yes; n or Esc is no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", show=False),
        Binding("n,escape,q", "answer(False)", "No", show=False),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmScreen")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Confirm"
            box.border_subtitle = "y yes · n no"
            yield Static(Text(self.question))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class OutlineList(OptionList):
    BINDINGS = [Binding("escape", "close", "Close", show=False)]

    def action_close(self) -> None:
        self.screen.dismiss(None)


class OutlineScreen(ModalScreen[int | None]):
    """The document's headings, filtered as you type; Enter goes to the highlighted one."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
    ]
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="OutlineScreen")
        + """
    OutlineScreen OptionList, OutlineScreen OptionList:focus {
        height: auto; max-height: 18; border: none; background: $surface;
    }
    """
    )

    def __init__(self, headings: list[tuple[int, int, str]], current: int | None = None) -> None:
        super().__init__()
        self.headings = headings  # (para, level, text)
        self.current = current
        self.shown: list[tuple[int, int, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Outline 大纲"
            box.border_subtitle = "type to filter · ↑↓ · Enter go · Esc cancel"
            yield EditInput(placeholder="filter headings…", id="outline-filter")
            yield OutlineList(id="outline-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, needle: str) -> None:
        from corpus.normalize import fold_width

        key = fold_width(needle).lower()
        self.shown = [h for h in self.headings if key in fold_width(h[2]).lower()]
        ol = self.query_one(OutlineList)
        ol.clear_options()
        low = min((h[1] for h in self.headings), default=1)
        for para, level, text in self.shown:
            ol.add_option(Option(Text("  " * max(0, level - low) + safe(text)), id=str(para)))
        if self.shown:
            paras = [h[0] for h in self.shown]
            here = paras.index(self.current) if self.current in paras else 0
            if key:  # 六 → 六、… before （六）… and （十六）…
                starts = [i for i, h in enumerate(self.shown) if fold_width(h[2]).startswith(key)]
                here = starts[0] if starts else 0
            ol.highlighted = here

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        ol = self.query_one(OutlineList)
        if ol.highlighted is not None and self.shown:
            self.dismiss(self.shown[ol.highlighted][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_move(self, step: int) -> None:
        ol = self.query_one(OutlineList)
        if not self.shown:
            return
        i = ol.highlighted if ol.highlighted is not None else -step
        ol.highlighted = max(0, min(len(self.shown) - 1, i + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
