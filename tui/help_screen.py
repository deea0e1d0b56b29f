"""The help screen (F1, ?): the whole key table, grouped by where each key works.

It is generated from `tui.bindings.TABLE`, so it cannot fall out of step with the keys.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.bindings import SCOPES, TABLE
from tui.cjk_wrap import cell_width

#: The query language of `corpus.query`, as the search box accepts it.
SEARCH_SYNTAX = (
    ("乡村振兴 衔接", "every word must occur"),
    ('"巩固拓展脱贫攻坚成果"', "the exact phrase"),
    ("-试点", "leave out documents with 试点"),
    ("国办发[2017]6号", "a 发文字号, in any common form"),
    ("year:2017 type:通知", "filters: section: issuer: type: year: date: status:"),
)


def help_text() -> Text:
    """Every row of the table, one per line, under its scope's heading; how to close first."""
    width = max(len(k.shown_keys) for k in TABLE) + 2
    out = Text("Esc, q, F1 or ? closes this screen.\n\n", style="bold")
    for scope, title in SCOPES.items():
        rows = [k for k in TABLE if k.scope == scope]
        if not rows:
            continue
        if not out.plain.endswith("\n\n"):
            out.append("\n")
        out.append(f"{title}\n", style="bold underline")
        for k in rows:
            out.append(f"  {k.shown_keys:<{width}}", style="bold")
            out.append(f"{k.description}\n")
    out.append("\nSearch box (s)\n", style="bold underline")
    for example, meaning in SEARCH_SYNTAX:
        out.append("  " + example + " " * max(1, 28 - cell_width(example)), style="bold")
        out.append(f"{meaning}\n")
    out.append("\n")
    out.append("Esc, q, F1 or ? closes this screen.", style="dim")
    return out


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every key."""

    BINDINGS = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close", show=False),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
        Binding("space,pagedown", "page('down')", show=False),
        Binding("b,pageup", "page('up')", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 80; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "gongbao keys"
            scroll.border_subtitle = "Esc / q / F1 close · j k scroll"
            yield Static(help_text(), id="help-text")

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one(VerticalScroll)
        (scroll.scroll_down if direction == "down" else scroll.scroll_up)(animate=False)

    def action_page(self, direction: str) -> None:
        scroll = self.query_one(VerticalScroll)
        (scroll.scroll_page_down if direction == "down" else scroll.scroll_page_up)(animate=False)
