"""The browser in small terminals: a narrow window hides the tree, a tiny one says so.

Below `MIN_WIDTH`×`MIN_HEIGHT` no layout can show a line of a document, and widgets asked
to wrap text into zero columns fail; a one-line message takes the screen instead, until the
window grows. Under `NARROW` columns the contents tree would leave the reader a sliver, so
it starts hidden there (`t` still shows it, at half the width), and the reader and results
never get fewer than 8 columns.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 20
MIN_HEIGHT = 5
NARROW = 50

#: Textual sets the class on every screen as the width crosses these.
BREAKPOINTS = [(0, "-narrow"), (NARROW, "-roomy")]

CSS = """
MainScreen.-narrow #tree { display: none; min-width: 8; width: 50%; }
MainScreen #main { min-width: 8; }
TooSmallScreen { align: center middle; }
TooSmallScreen Static { width: auto; height: auto; }
"""


class TooSmallScreen(Screen[None]):
    """Shown while the terminal is smaller than the browser can draw in."""

    BINDINGS = [("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        # two short lines: the window is narrow, and one wide line would be cut off
        yield Static(f"window too small\nneed {MIN_WIDTH}×{MIN_HEIGHT}", markup=False)


def too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


def fit(app: App[int], size: Size) -> None:
    """Show or hide the too-small message (the narrow class comes from `BREAKPOINTS`)."""
    showing = isinstance(app.screen, TooSmallScreen)
    if too_small(size):
        if not showing:
            app.push_screen(TooSmallScreen())
    elif showing:
        app.pop_screen()
