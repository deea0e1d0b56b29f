"""Search results: a keyboard list of ranked documents with highlighted snippets.

Each entry shows the title, 文号, date and issuer, the section and issue, and the snippet
with its matches highlighted. Notes (a filter that matches nothing, a suggested query) come
first; a search that finds nothing says so and shows them, never a blank pane.
Entries are wrapped here with our own Chinese line breaking (Rich would break only at
spaces), and re-wrapped when the width changes. Everything is `Text`: never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.bindings import bindings_for
from tui.cjk_wrap import cell_width, wrap
from tui.layout import safe

if TYPE_CHECKING:
    from corpus.api import SearchResult

MARK_STYLE = Style(bold=True, reverse=True)
SNIPPET_LINES = 2


def wrap_styled(text: str, marks: list[tuple[int, int]], width: int, max_lines: int) -> Text:
    """`text` wrapped to `width` cells, at most `max_lines` lines (the last one ending in
    an ellipsis if cut), with `marks` (offsets into `text`) highlighted."""
    text = safe(text)
    spans = wrap(text, max(4, width))
    cut = len(spans) > max_lines
    spans = spans[:max_lines]
    out = Text()
    for n, (s, e) in enumerate(spans):
        line = Text(text[s:e])
        for ms, me in marks:
            a, b = max(ms, s), min(me, e)
            if a < b:
                line.stylize(MARK_STYLE, a - s, b - s)
        if cut and n == len(spans) - 1:
            while line.plain and cell_width(line.plain) + 1 > width:
                line = line[:-1]
            line.append("…")
        if n:
            out.append("\n")
        out.append_text(line)
    return out


class ResultsList(OptionList):
    """Ranked search results; Enter opens the highlighted one at its first match."""

    BINDINGS = bindings_for("results")

    DEFAULT_CSS = """
    ResultsList, ResultsList:focus {
        height: 1fr; border: none; padding: 0; background: $surface;
        scrollbar-gutter: stable;  /* entries are wrapped to a width that must not change */
    }
    ResultsList > .option-list--option { padding: 0 1; }
    """

    class OpenResult(Message):
        """Open a search result (a `corpus.api.SearchResult`)."""

        def __init__(self, result: SearchResult, query: str) -> None:
            super().__init__()
            self.result = result
            self.query = query

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results: list[SearchResult] = []
        self.notes: list[str] = []
        self.search_query = ""
        self.pending = False  # a search is running; its results will replace the note
        self.open_first = False
        self._width = 0
        self._meta: Callable[[SearchResult], str] | None = None

    def show_pending(self, query: str) -> None:
        """While a search runs: say so (Enter now opens the first result when it comes)."""
        self.search_query = query
        self.results, self.notes = [], []
        self.pending = True
        self.open_first = False
        self.clear_options()
        self.add_option(Option(Text(safe(f"Searching for {query!r}…"), style="dim"), disabled=True))

    def show_error(self, query: str, message: str) -> None:
        """A query that could not be run: the reason, in place of the results."""
        self.search_query = query
        self.results, self.notes = [], []
        self.pending = self.open_first = False
        self.clear_options()
        self.add_option(Option(Text(safe(message)), disabled=True))

    def action_select(self) -> None:
        if self.pending:
            self.open_first = True  # Enter typed before the results came: open the first
            return
        super().action_select()

    def show_results(
        self,
        query: str,
        results: list[SearchResult],
        notes: list[str] | None = None,
        meta: Callable[[SearchResult], str] | None = None,
    ) -> None:
        """Show `results`; `notes` (filters that match nothing, a suggested query) go on
        top, and with no results they fill the pane; `meta(result)` describes a result."""
        self.search_query = query
        self.results = list(results)
        self.notes = list(notes or [])
        self._meta = meta
        self._rebuild(0)
        self.pending = False
        if self.open_first and self.results:
            self.post_message(self.OpenResult(self.results[0], query))
        self.open_first = False

    def _rebuild(self, highlight: int | None) -> None:
        width = max(10, self.scrollable_content_region.width - 2) if self.size.width else 60
        self._width = width
        self.clear_options()
        options: list[Option | None] = []
        for note in self.notes:
            options.append(Option(wrap_styled(f"note: {note}", [], width, 4), disabled=True))
        if not self.results:
            options.append(
                Option(
                    wrap_styled(f"No documents match {self.search_query!r}.", [], width, 3),
                    disabled=True,
                )
            )
            options.append(
                Option(
                    Text(
                        "Esc returns to the reader; s edits the search. "
                        "Quote a phrase, or drop a filter to widen the search.",
                        style="dim",
                    ),
                    disabled=True,
                )
            )
        first = len(options)
        for i, r in enumerate(self.results):
            if i:
                options.append(None)  # a divider between results
            options.append(Option(self._prompt(r, width), id=str(i)))
        self.add_options(options)
        if self.results and highlight is not None:
            self.highlighted = min(first + highlight, self.option_count - 1)

    def _prompt(self, r: SearchResult, width: int) -> Text:
        title = wrap_styled(r.title, [], width, 2)
        title.stylize("bold")
        if self._meta is not None:
            meta = self._meta(r)
        else:
            meta = " · ".join(x for x in (r.doc_number, r.date) if x)
        out = Text.assemble(title)
        for line in meta.splitlines():
            out.append("\n")
            piece = wrap_styled(line, [], width, 1)
            piece.stylize("dim")
            out.append_text(piece)
        if r.snippet:
            out.append("\n")
            out.append_text(wrap_styled(r.snippet, list(r.snippet_marks), width, SNIPPET_LINES))
        return out

    def on_resize(self, event: events.Resize) -> None:
        width = max(10, self.scrollable_content_region.width - 2)
        if (self.results or self.notes) and width != self._width:
            self._rebuild(self.result_index())

    def result_index(self) -> int | None:
        """The index into `results` of the highlighted entry."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return int(option.id) if option.id is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or -1)
        if 0 <= index < len(self.results):
            self.post_message(self.OpenResult(self.results[index], self.search_query))
