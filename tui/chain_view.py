"""`C` (from the references panel or anywhere): the open document's policy chain as a dated
timeline — what it implements or forwards (↑) and what forwards, implements, amends or
repeals it (↓). Enter opens a step that is in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.dialogs import DIALOG_CSS
from tui.layout import safe

if TYPE_CHECKING:
    from corpus.api import Chain

_ARROW = {"up": "↑", "down": "↓", "self": "●"}


def chain_options(chain: Chain) -> list[Option]:
    """One option per timeline step; steps outside the store are shown but disabled."""
    options = []
    for n, link in enumerate(chain.timeline()):
        name = " ".join(x for x in (link.doc_number, link.title) if x)
        relation = "" if link.direction == "self" else f"{link.relation} "
        text = Text(f"{link.date or '—':<10} ", style="dim")
        text.append(f"{_ARROW[link.direction]} {relation}", style="bold")
        text.append(safe(name), style="bold" if link.direction == "self" else "")
        if link.id is None:
            text.append("  (not in the store)", style="dim")
        options.append(Option(text, id=f"{n}:{link.id or ''}", disabled=link.id is None))
    return options


class ChainScreen(ModalScreen[str | None]):
    """The chain; returns the id to open, or None."""

    BINDINGS = [Binding("escape,q", "cancel", "Close", show=False)]
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ChainScreen")
        + """
    ChainScreen > Vertical { max-width: 120; }
    ChainScreen OptionList, ChainScreen OptionList:focus {
        height: auto; max-height: 24; border: none; background: $surface;
    }
    """
    )

    def __init__(self, chain: Chain) -> None:
        super().__init__()
        self.chain = chain

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Policy chain"
            box.border_subtitle = "↑ upstream · ↓ downstream · Enter open · Esc close"
            yield OptionList(*chain_options(self.chain), id="chain-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        doc_id = (event.option.id or "").partition(":")[2]
        self.dismiss(doc_id or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
