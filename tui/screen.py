"""The main screen: lays out the panes and routes their messages (as frogmouth does).

Widgets only say what the user asked for (open this document, open this result, follow
this link); this screen decides what happens: history, highlights, the tree's marker, the
status line, saving the reading position.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Input
from textual.worker import get_current_worker

from corpus.api import GongbaoError
from tui.analysis_header import AnalysisReady, analysis_for, outside_note
from tui.bindings import WIDE, bindings_for, keys_for
from tui.cjk_wrap import cell_width
from tui.edit_input import EditInput
from tui.layout import safe
from tui.quiet_gc import collector_paused
from tui.reader import Reader, Span
from tui.refs_panel import RefsPanel
from tui.search_panel import ResultsList
from tui.state import Bookmark, Location
from tui.tree import DocTree, clip

if TYPE_CHECKING:
    from corpus.api import Document, RefEntry, Refs, SearchResponse, SearchResult
    from tui.app import GongbaoApp

#: D with no other version known offers any document: at most this many (a list of a
#: whole archive could be neither drawn quickly nor read).
MAX_PICKED = 500

#: The keys the table gives to "Search" (s): handled in order with what is typed after them.
_SEARCH_KEYS = {
    key.strip()
    for row in keys_for("app")
    if row.action == "focus_search"
    for key in row.keys.split(",")
}


class StatusLine(Widget):
    """One row: a message on the left, the reading position on the right. It repaints
    without a layout pass (a Static would relayout the screen on every update)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.left = "Loading…"
        self.right = ""

    def show(self, left: str, right: str) -> None:
        if (left, right) != (self.left, self.right):
            self.left, self.right = left, right
            self.refresh()

    def render(self) -> Text:
        width = max(1, self.size.width)
        left = safe(self.left)
        while left and cell_width(left) + len(self.right) + 1 > width:
            left = left[:-1]
        gap = max(1, width - cell_width(left) - len(self.right))
        return Text(left + " " * gap + self.right, no_wrap=True, overflow="crop")


class MainScreen(Screen[None]):
    """Tree on the left; search box, reader or results, references and status on the right."""

    BINDINGS = bindings_for("app")  # type: ignore[assignment]

    # Every pane has a titled border; the focused one a double border in the accent colour
    # with its title in reverse video, which reads on any terminal (TERM=linux too).
    DEFAULT_CSS = """
    MainScreen #body { height: 1fr; }
    MainScreen #tree { width: 30%; min-width: 16; max-width: 44; }
    MainScreen #main { width: 1fr; }
    MainScreen #search { height: 1; border: none; padding: 0 1; background: $panel; }
    MainScreen #search:focus { background: $boost; text-style: bold; }
    MainScreen #find { height: 1; border: none; padding: 0 1; background: $panel; display: none; }
    MainScreen #views { height: 1fr; }
    MainScreen #refs { display: none; }
    MainScreen #tree, MainScreen #views, MainScreen #refs {
        border: solid $foreground 30%;
        border-title-color: $text-muted;
        border-title-style: none;
    }
    MainScreen #tree:focus, MainScreen #views:focus-within, MainScreen #refs:focus {
        border: double $accent;
        border-title-color: $text;
        border-title-style: bold reverse;
    }
    """

    MIN_TREE, MAX_TREE, TREE_STEP = 12, 80, 4

    def __init__(self) -> None:
        super().__init__()
        self.from_results = False
        self._refs_cache: dict[str, Refs | None] = {}
        self._message = ""
        self._base_message = ""  # what the status line falls back to: the open document
        self._reader_message = False  # the status line shows a match or link count
        self._message_at: tuple[str, int] = ("", -1)
        # Start with the footer that fits, so it is not rebuilt on the first resize.
        self._wide = self.app.size.width >= WIDE
        if not self._wide:
            self._bindings = self._table_bindings(False)
        self._searching = ""
        # the last search had words to find in the text (not only filters or a 文号)
        self._text_search = True
        self._entries_cache: dict[str, list[RefEntry]] = {}

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield DocTree(id="tree")
            with Vertical(id="main"):
                yield EditInput(
                    placeholder="s 搜索 search the corpus…", id="search", select_on_focus=True
                )
                with ContentSwitcher(initial="reader", id="views") as views:
                    views.border_title = "文件 Document"
                    yield Reader(id="reader")
                    yield ResultsList(id="results")
                yield RefsPanel(id="refs")
                yield EditInput(placeholder="/ find in this document…", id="find")
                yield StatusLine(id="status")
        yield Footer(show_command_palette=False, compact=True)

    @property
    def gapp(self) -> GongbaoApp:
        return self.app  # type: ignore[return-value]

    @property
    def reader(self) -> Reader:
        return self.query_one("#reader", Reader)

    @property
    def tree(self) -> DocTree:  # type: ignore[override]
        return self.query_one("#tree", DocTree)

    @property
    def results(self) -> ResultsList:
        return self.query_one("#results", ResultsList)

    @property
    def refs(self) -> RefsPanel:
        return self.query_one("#refs", RefsPanel)

    @property
    def views(self) -> ContentSwitcher:
        return self.query_one("#views", ContentSwitcher)

    # -- status line ---------------------------------------------------------------------------
    def set_status(self, message: str | None = None) -> None:
        """One line: the last message, and how far through the document the reader is."""
        reader = self.reader
        if message is not None:
            self._message = message
            # where it was said: a one-off note gives way once the reader moves on
            self._message_at = (reader.document.id if reader.document else "", reader.position()[0])
        right = ""
        showing_reader = self.views.current == "reader"
        if showing_reader and reader.document is not None and reader.layout_ is not None:
            total = max(1, len(reader.layout_) - reader.scrollable_content_region.height)
            pct = 100 if reader.scroll_y >= total else int(100 * reader.scroll_y / total)
            right = f"{pct:3d}%"
        self.query_one("#status", StatusLine).show(self._message, right)

    def on_mount(self) -> None:
        self.watch(self.reader, "scroll_y", self._scrolled, init=False)
        self.watch(self.views, "current", self._view_changed, init=False)
        self.tree.border_title = "目录 Contents"
        self.gapp.screen_ready()
        self._apply_tree_width(self._saved_tree_width())

    def on_resize(self, event: events.Resize) -> None:
        """The footer shows y/e/r/m only where they fit whole."""
        wide = event.size.width >= WIDE
        if wide != self._wide:
            self._wide = wide
            self._bindings = self._table_bindings(wide)
            self.refresh_bindings()

    @staticmethod
    def _table_bindings(wide: bool) -> BindingsMap:
        """Screen's own bindings (copy text …) overridden by the table's "app" rows, as
        Textual merges a class's BINDINGS over its bases'."""
        keys = dict(BindingsMap(Screen.BINDINGS).key_to_bindings)
        keys.update(BindingsMap(bindings_for("app", wide)).key_to_bindings)
        return BindingsMap.from_keys(keys)

    def _view_changed(self, old: str | None, new: str | None) -> None:
        """The references belong to the reader's document: not shown over search results."""
        self.views.border_title = "结果 Results" if new == "results" else self._doc_title()
        if new == "results" and self.refs.display:
            self.refs.display = False
        self.set_status()

    def _doc_title(self) -> str:
        doc = self.reader.document
        if doc is None:
            return "文件 Document"
        return safe(f"文件 {doc.doc_number}" if doc.doc_number else "文件 Document")

    # -- the tree's width (remembered) ---------------------------------------------------------
    def _settings_file(self) -> Path:
        return self.gapp.state.path.with_name("settings.json")

    def _saved_tree_width(self) -> int | None:
        from tui.settings import load

        width = load(self._settings_file()).get("tree_width")
        return width if isinstance(width, int) else None

    def _apply_tree_width(self, width: int | None) -> None:
        tree = self.tree
        if width is None:
            return
        width = max(self.MIN_TREE, min(self.MAX_TREE, width))
        tree.styles.width = width
        tree.styles.max_width = None

    def _resize_tree(self, step: int) -> None:
        from tui.settings import load, save

        tree = self.tree
        if not tree.display:
            tree.display = True
        width = max(self.MIN_TREE, min(self.MAX_TREE, tree.outer_size.width + step))
        self._apply_tree_width(width)
        path = self._settings_file()
        try:
            data = load(path)
            data["tree_width"] = width
            save(path, data)
        except OSError as err:
            self.app.notify(f"could not save the tree width: {err}", markup=False)
        self.set_status(f"tree width {width}")

    def action_narrow_tree(self) -> None:
        self._resize_tree(-self.TREE_STEP)

    def action_widen_tree(self) -> None:
        self._resize_tree(self.TREE_STEP)

    def _scrolled(self, old: float, new: float) -> None:
        if round(old) != round(new):
            self.set_status()

    # -- the library arrives -------------------------------------------------------------------
    def library_ready(self) -> None:
        lib = self.gapp.library
        assert lib is not None
        self.tree.populate(lib)
        state = self.gapp.state
        n = lib.count()  # from the catalog: reading every issue's rows would take seconds
        self.set_status(f"{n} documents · s search · F1 help")
        last = state.last if state else None
        if last and lib.document(last.doc) is not None:
            self.open_document(last.doc, last.para, last.offset, record=not state.history.entries)
            self.reader.focus()
        else:
            self.tree.focus()
            if self.tree.root.children:
                self.tree.move_cursor(self.tree.root.children[0])
        if self._searching:  # a search submitted while the store was loading
            self.run_search(self._searching)

    # -- opening documents ---------------------------------------------------------------------
    def issue_name(self, doc: Document) -> str:
        lib = self.gapp.library
        issue = lib.issue(doc.issue) if lib is not None else None
        return issue.name if issue is not None else ""

    def open_document(
        self,
        doc_id: str,
        para: int = -1,
        offset: int = 0,
        *,
        matches: list[Span] | None = None,
        record: bool = True,
        from_results: bool = False,
    ) -> bool:
        """Show a document at a place; `record` adds the place to history."""
        lib = self.gapp.library
        doc = lib.document(doc_id) if lib is not None else None
        if doc is None:
            self.gapp.notify(f"No such document: {safe(doc_id)}", severity="warning", markup=False)
            return False
        reader = self.reader
        history = self.gapp.state.history
        if record:
            if reader.document is not None:
                history.update_current(Location(reader.document.id, *reader.position()))
            history.visit(Location(doc.id, para, offset))
        self.from_results = from_results
        if reader.document is None or reader.document.id != doc.id:
            reader.show(doc, self.issue_name(doc), at=(para, offset))
            self.app.sub_title = safe(doc.title)
            self._base_message = " · ".join(x for x in (doc.doc_number, doc.title) if x)
            self._message = self._base_message
            if self.refs.display:
                self.refs.show_note("Loading references…", doc.id)
            self._load_refs(doc.id)
        else:
            reader.go_to(para, offset)
        if matches is not None:
            reader.set_matches(matches)
        elif reader.matches and not from_results:
            reader.clear_matches()
        self.views.current = "reader"
        self.views.border_title = self._doc_title()
        self._remember()
        self.set_status()
        self.gapp.save_state()
        return True

    def _remember(self) -> None:
        reader = self.reader
        if reader.document is None:
            return
        loc = Location(reader.document.id, *reader.position())
        self.gapp.state.remember(loc)
        self.gapp.state.history.update_current(loc)

    @work(thread=True, exclusive=True, group="refs")
    @collector_paused()  # the links file and shards it reads: no GC pauses meanwhile
    def _load_refs(self, doc_id: str) -> None:
        """References may be computed on first use: fetch them (and name their relations)
        off the UI thread."""
        refs = self._refs_cache.get(doc_id)
        lib = self.gapp.library
        if refs is None:
            try:
                refs = lib.refs(doc_id) if lib is not None else None
            except (GongbaoError, KeyError):
                refs = None
            self._refs_cache[doc_id] = refs
        if refs is not None and doc_id not in self._entries_cache and lib is not None:
            from corpus.api import entries

            def refs_of(other: str) -> Refs | None:
                try:
                    return lib.refs(other)
                except (GongbaoError, KeyError):
                    return None

            doc = lib.document(doc_id)
            self._entries_cache[doc_id] = (
                entries(doc, refs, lib.document, refs_of) if doc is not None else []
            )
        self.app.call_from_thread(self._apply_refs, doc_id, refs)
        extra = analysis_for(lib, doc_id) if lib is not None else []
        if extra and not get_current_worker().is_cancelled:
            # posted, not called: a thread never waits on the UI (nor blocks a quit)
            self.post_message(AnalysisReady(doc_id, extra))

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        """Show the 时效性 line and 沿革 in the reader's header once they are computed."""
        reader = self.reader
        if reader.document is not None and reader.document.id == message.doc_id:
            reader.set_header_extra(message.blocks)

    def _apply_refs(self, doc_id: str, refs: Refs | None) -> None:
        reader = self.reader
        if reader.document is None or reader.document.id != doc_id:
            return
        cites = refs.cites if refs is not None else []
        reader.set_links([Span(c.para, c.start, c.end, c.target, c.text) for c in cites])
        if self.refs.display:
            self._fill_refs(refs)

    def _fill_refs(self, refs: Refs | None) -> None:
        doc = self.reader.document
        doc_id = doc.id if doc is not None else None
        if refs is None or doc_id is None:
            self.refs.show_note("References are not available for this document.", doc_id)
            return
        self.refs.show_entries(doc_id, self._entries_cache.get(doc_id, []))

    # -- messages from the panes ---------------------------------------------------------------
    def on_doc_tree_open_document(self, event: DocTree.OpenDocument) -> None:
        if event.para is None:
            self.open_document(event.doc_id)
        else:
            self.open_document(event.doc_id, event.para)
        self.reader.focus()

    def on_refs_panel_open_document(self, event: RefsPanel.OpenDocument) -> None:
        self.open_document(event.doc_id)
        self.reader.focus()

    def on_reader_moved(self, event: Reader.Moved) -> None:
        doc = self.reader.document
        if doc is None or doc.id != event.doc_id:
            return
        heading = None
        for h in doc.outline:
            if h.para <= max(event.para, 0) and event.para >= 0:
                heading = h.para
            else:
                break
        self.tree.reveal(doc.id, heading)
        self._remember()
        # A match count or link number is about the match on screen: once the view moves
        # past it, the status line names the document again (no stale "match 1/1").
        if self._reader_message and self.reader.cursor() == self.reader.position():
            self._reader_message = False
            self.set_status(self._base_message)
        elif (
            not self._reader_message
            and self._message != self._base_message
            and self._message_at != (doc.id, event.para)
        ):
            self.set_status(self._base_message)  # e.g. no stale "copied citation"
        else:
            self.set_status()

    def on_reader_status(self, event: Reader.Status) -> None:
        self._reader_message = True
        self.set_status(event.text)

    def on_reader_find_requested(self, event: Reader.FindRequested) -> None:
        self.action_find()

    def on_reader_link_activated(self, event: Reader.LinkActivated) -> None:
        span = event.span
        if not span.target:
            self.set_status(f"not in the corpus: {span.text}")
            self._outside_worker(span.text)
            return
        self.open_document(span.target)
        self.reader.focus()

    @work(thread=True, exclusive=True, group="outside")
    @collector_paused()  # a 《title》 is looked for among every document
    def _outside_worker(self, cited: str) -> None:
        """What the store knows of a cited document it lacks (已废止 by …): a title is
        compared with every document's (seconds at 100,000), so off the loop."""
        lib = self.gapp.library
        note = outside_note(lib, cited) if lib is not None else ""
        if note:
            self.app.call_from_thread(self._outside_known, cited, note)

    def _outside_known(self, cited: str, note: str) -> None:
        if self._message == f"not in the corpus: {cited}":  # still what the line says
            self.set_status(f"not in the corpus{note}: {cited}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "search":
            query = event.value.strip()
            results = self.results
            if results.pending and query and query == results.search_query:
                results.open_first = True  # Enter again while it runs: open the first result
                return
            self.run_search(query)
        elif event.input.id == "find":
            self._close_find()
            query = event.value.strip()
            if not query:
                self.reader.clear_matches()
                return
            n = self.reader.find(query)
            if not n:
                self.set_status(f"not found: {query}")

    def on_results_list_open_result(self, event: ResultsList.OpenResult) -> None:
        r = event.result
        spans = [Span(h.para, h.start, h.end) for h in r.hits]
        if self.open_document(r.id, matches=spans, from_results=True):
            if not spans and self._text_search:
                self.set_status(f"opened; no text matches for {event.query}")
            self.reader.focus()

    # -- search --------------------------------------------------------------------------------
    def run_search(self, query: str) -> None:
        if not query:
            return
        self._searching = query
        if self.gapp.library is None:
            # answered as soon as the store is loaded (library_ready runs it)
            self.set_status(f"loading the store; then searching: {query}…")
            return
        self.set_status(f"searching: {query}…")
        self._show_pending(query)
        self._search_worker(query)

    def _show_pending(self, query: str) -> None:
        """Leave the search box at once for the results pane, which says it is searching:
        keys typed next (j, q, Enter to open the first result) go there, not into the box."""
        self.results.show_pending(query)
        self.views.current = "results"
        self.set_focus(self.results)

    @work(thread=True, exclusive=True, group="search")
    @collector_paused()  # the index, vocabulary and shards it reads
    def _search_worker(self, query: str) -> None:
        """The first search loads the index (and jieba): keep it off the UI thread."""
        lib = self.gapp.library
        try:
            response = lib.run_search(query, limit=100) if lib is not None else None
        except GongbaoError as err:
            self.app.call_from_thread(self._search_failed, query, str(err))
            return
        self.app.call_from_thread(self._search_done, query, response)

    def _search_failed(self, query: str, message: str) -> None:
        line = message.splitlines()[0] if message else "search failed"
        self.set_status(line)
        self.app.notify(line, severity="error", markup=False)
        if query == self._searching and self.results.pending:
            self.results.show_error(query, line)
            if self.focused is self.results:  # back to the box, to mend the query
                self.set_focus(self.query_one("#search", Input))

    def _search_done(self, query: str, response: SearchResponse | None) -> None:
        """Results, or — when there are none — the same headline, notes and suggestion the
        command line prints (`corpus.api.describe`), never a blank pane."""
        from corpus.api import describe

        if query != self._searching or response is None:
            return
        headline, notes = describe(response, query)
        self._text_search = any(not t.number for t in response.query.terms)
        self.results.show_results(query, response.results, notes, self._result_meta)
        self.views.current = "results"
        self.set_status(headline)
        if self.focused in (None, self.results, self.query_one("#search", Input)):
            self.set_focus(self.results)

    def _result_meta(self, result: SearchResult) -> str:
        """文号 · date · issuer, then section · issue: where a result comes from."""
        lib = self.gapp.library
        doc = lib.document(result.id) if lib is not None else None
        if doc is None:
            return " · ".join(x for x in (result.doc_number, result.date) if x)
        first = " · ".join(x for x in (doc.doc_number, doc.date, doc.issuer) if x)
        second = " · ".join(x for x in (doc.section, self.issue_name(doc)) if x)
        return first + ("\n" + second if second else "")

    # -- find ----------------------------------------------------------------------------------
    def _close_find(self) -> None:
        find = self.query_one("#find", Input)
        find.display = False
        self.query_one("#status").display = True
        self.reader.focus()

    # -- actions (keys from the table's "app" scope) -------------------------------------------
    def action_help(self) -> None:
        from tui.help_screen import HelpScreen

        self.app.push_screen(HelpScreen())

    def on_key(self, event: events.Key) -> None:
        """Characters typed right after `s` or `/` in one burst (fast typing over SSH, a
        paste) were sent to the pane that had focus before the box took it; they bubble up
        unused — put them in the box they were meant for."""
        focused = self.focused
        if isinstance(focused, Input):
            if (
                focused.id in ("search", "find")
                and event.is_printable
                and event.character
                and event.control is not focused
            ):
                focused.insert_text_at_cursor(event.character)
                event.stop()
                event.prevent_default()
        elif event.key in _SEARCH_KEYS:
            # Take `s` here, in order with the keys behind it, rather than after they have
            # all gone by (the app checks bindings only once a key has bubbled up to it).
            event.stop()
            event.prevent_default()
            self.action_focus_search()

    def action_focus_search(self) -> None:
        # Focus now, not after the queued events (Widget.focus defers): keys typed right
        # after `s` — a burst over a slow SSH link — must reach the search box.
        self.set_focus(self.query_one("#search", Input))

    def action_find(self) -> None:
        if self.reader.document is None:
            self.set_status("open a document first")
            return
        self.views.current = "reader"
        find = self.query_one("#find", Input)
        find.display = True
        self.query_one("#status").display = False
        find.value = self.reader.find_query
        self.set_focus(find)  # at once, as for `s`

    def _panes(self) -> list[Widget]:
        """Every visible pane, left to right, top to bottom: Tab visits each in turn."""
        panes: list[Widget] = []
        if self.tree.display:
            panes.append(self.tree)
        panes.append(self.query_one("#search", Input))
        panes.append(self.results if self.views.current == "results" else self.reader)
        if self.refs.display:
            panes.append(self.refs)
        return panes

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        try:
            i = panes.index(focused)  # type: ignore[arg-type]
        except ValueError:
            i = -1 if step > 0 else 0
        panes[(i + step) % len(panes)].focus()

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def action_toggle_tree(self) -> None:
        tree = self.tree
        tree.display = not tree.display
        if not tree.display and tree.has_focus:
            self._main_pane().focus()

    def _main_pane(self) -> Widget:
        return self.results if self.views.current == "results" else self.reader

    def action_back(self) -> None:
        self._travel(-1)

    def action_forward(self) -> None:
        self._travel(1)

    def _travel(self, step: int) -> None:
        history = self.gapp.state.history
        reader = self.reader
        if reader.document is not None:
            history.update_current(Location(reader.document.id, *reader.position()))
        loc = history.back() if step < 0 else history.forward()
        if loc is None:
            self.set_status("no earlier place" if step < 0 else "no later place")
            return
        self.open_document(loc.doc, loc.para, loc.offset, record=False)
        self.reader.focus()

    def action_add_bookmark(self) -> None:
        """Bookmark the reading cursor — the current match or link if on screen, else the
        top of the view — under an optional name."""
        from tui.dialogs import PromptScreen

        reader = self.reader
        doc = reader.document
        if doc is None:
            self.set_status("open a document first")
            return
        para, offset = reader.cursor()
        heading = reader.heading_at(para) if para >= 0 else None
        note = ""
        if heading is not None:  # the outline's words, not the run-in paragraph after them
            titles = {h.para: h.text for h in doc.outline}
            note = titles.get(heading) or doc.paragraphs[heading].text[:40]

        def save(name: str | None) -> None:
            if name is None:
                self.set_status("bookmark cancelled")
                return
            self.gapp.state.add_bookmark(
                Bookmark(doc.id, para, offset, doc.title, note, name=name[:80])
            )
            what = name or note or doc.title
            self.app.notify(f"Bookmarked: {safe(what)[:40]}", markup=False)
            self.reader.focus()

        where = note or doc.title
        self.app.push_screen(
            PromptScreen("Bookmark here", f"Name (optional) — {safe(where)[:50]}:"), save
        )

    def action_bookmarks(self) -> None:
        from tui.dialogs import BookmarksScreen

        state = self.gapp.state
        try:
            state.refresh()
        except OSError as err:
            self.app.notify(f"cannot read bookmarks: {err}", severity="error", markup=False)

        def jump(b: Bookmark | None) -> None:
            if b is not None:
                self.open_document(b.doc, b.para, b.offset)
                self.reader.focus()

        self.app.push_screen(
            BookmarksScreen(state.bookmarks, lambda b: state.delete_bookmark(b.id)), jump
        )

    def action_copy_citation(self) -> None:
        """Offer every citation style (`corpus.cite`), the plain one first; copy the choice."""
        from corpus.api import STYLE_NAMES, STYLES, cite
        from tui.dialogs import ChoiceScreen

        doc = self.reader.document
        lib = self.gapp.library
        if doc is None or lib is None:
            self.set_status("open a document first")
            return
        texts = {s: cite(doc, lib.document, lib.issue, s) for s in STYLES}
        choices = []
        for style in STYLES:
            label = Text(STYLE_NAMES[style], style="bold")
            first = texts[style].splitlines()[0] if texts[style] else ""
            preview = clip(safe(first if style != "csl-json" else "[{…}]"), 80)
            label.append("\n  ")
            label.append(Text(preview, style="dim", no_wrap=True, overflow="ellipsis"))
            choices.append((style, label))

        def copy(style: str | None) -> None:
            if style is None:
                return
            text = texts[style]
            self.app.copy_to_clipboard(text)
            shown = text.splitlines()[0] if style == "plain" else STYLE_NAMES[style]
            self.app.notify(f"Copied: {safe(shown)}", markup=False)
            self.set_status(f"copied citation ({STYLE_NAMES[style]})")

        self.app.push_screen(ChoiceScreen("Copy citation 引用格式", choices), copy)

    def action_export(self) -> None:
        """Ask where to export (the suffix picks the format); ask before overwriting."""
        from corpus.api import ExportError, FileExists, default_filename, export
        from tui.dialogs import ConfirmScreen, ExportScreen

        doc = self.reader.document
        lib = self.gapp.library
        if doc is None or lib is None:
            self.set_status("open a document first")
            return

        def write(path: Path, force: bool) -> None:
            try:
                written = export(doc, lib.document, lib.issue, path, force=force)
            except FileExists:
                self.app.push_screen(
                    ConfirmScreen(f"{path} exists. Overwrite it? (y/n)"),
                    lambda yes: write(path, True) if yes else self.set_status("not exported"),
                )
                return
            except ExportError as err:
                self.app.notify(f"Export failed: {err}", severity="error", markup=False)
                return
            except OSError as err:
                self.app.notify(
                    f"Export failed: {err.strerror or err}", severity="error", markup=False
                )
                return
            self.set_status(f"exported to {written}")
            self.app.notify(f"Exported to {written}", markup=False, timeout=8)

        def done(path: Path | None) -> None:
            if path is not None:
                write(path, False)

        self.app.push_screen(ExportScreen(Path.cwd() / default_filename(doc)), done)

    def action_outline(self) -> None:
        """The outline picker: type to filter the document's headings, Enter goes there."""
        from tui.dialogs import OutlineScreen

        reader = self.reader
        doc = reader.document
        if doc is None:
            self.set_status("open a document first")
            return
        if not doc.outline:
            self.set_status("this document has no headings")
            return
        headings = [(h.para, h.level, h.text) for h in doc.outline]

        def go(para: int | None) -> None:
            if para is not None:
                self.open_document(doc.id, para)
                self.reader.focus()

        self.app.push_screen(OutlineScreen(headings, reader.heading_at(reader.cursor()[0])), go)

    def action_toggle_refs(self) -> None:
        refs = self.refs
        if refs.display:
            refs.display = False
            if refs.has_focus or self.focused is None:
                self._main_pane().focus()
            return
        doc = self.reader.document
        if doc is None:
            self.set_status("open a document first")
            return
        refs.display = True
        if doc.id in self._refs_cache:
            self._fill_refs(self._refs_cache[doc.id])
        else:
            refs.show_note("Loading references…")
        refs.focus()

    def action_step_back(self) -> None:
        """Esc: one level back, never more."""
        focused = self.focused
        reader = self.reader
        if focused is not None and focused.id == "find":
            self._close_find()
        elif focused is not None and focused.id == "search":
            if self.views.current == "results" and self.results.results:
                self.results.focus()
            else:
                (reader if reader.document else self.tree).focus()
        elif focused is reader:
            if self.from_results and self.results.results:
                self.from_results = False
                self.views.current = "results"
                self.results.focus()
            elif reader.clear_matches():
                self.set_status("highlights cleared")
            elif self.refs.display:
                self.action_toggle_refs()
            elif self.tree.display:
                self.tree.focus()
        elif focused is self.results:
            self.views.current = "reader"
            (reader if reader.document else self.tree).focus()
        elif focused is self.refs:
            reader.focus()

    def action_quit(self) -> None:
        self.gapp.quit_app()

    def action_diff_versions(self) -> None:
        """D: pick another version of the open document and compare them."""
        lib, doc = self.gapp.library, self.reader.document
        if lib is None or doc is None:
            self.set_status("Open a document first, then D compares it with another version.")
            return
        self.set_status("looking for other versions…")
        self._versions_worker(doc.id)

    @work(thread=True, exclusive=True, group="versions")
    @collector_paused()  # every catalog shard may be read: no collections meanwhile
    def _versions_worker(self, doc_id: str) -> None:
        """Finding versions compares the document with every other one (seconds at
        100,000 documents): off the loop."""
        lib = self.gapp.library
        doc = lib.document(doc_id) if lib is not None else None
        if lib is None or doc is None:
            return
        versions = lib.versions(doc.id)
        if versions:
            candidates = versions
        else:  # none known: any document, the same issuer's first, as many as can be read
            others = [d for d in lib.documents() if d.id != doc.id]
            others.sort(key=lambda d: not doc.issuer or d.issuer != doc.issuer)  # stable
            candidates = others[:MAX_PICKED]
        self.app.call_from_thread(self._pick_version, doc.id, candidates, bool(versions))

    def _pick_version(self, doc_id: str, candidates: list[Document], likely: bool) -> None:
        from tui.diff_screen import DiffScreen, VersionPicker, diff_text

        lib, doc = self.gapp.library, self.reader.document
        if lib is None or doc is None or doc.id != doc_id:
            return  # the reader moved on meanwhile
        self.set_status(self._base_message)

        def compare(other_id: str | None) -> None:
            other = lib.document(other_id) if other_id else None
            if other is None:
                return
            old, new = (
                (other, doc) if (other.date, other.id) <= (doc.date, doc.id) else (doc, other)
            )
            self.app.push_screen(
                DiffScreen(diff_text(lib.diff(old.id, new.id), old.title, new.title))
            )

        self.app.push_screen(VersionPicker(candidates, likely=likely), compare)

    def action_show_chain(self) -> None:
        """C: the open document's policy chain; Enter on a step opens it."""
        from tui.chain_view import ChainScreen

        lib, doc = self.gapp.library, self.reader.document
        if lib is None or doc is None:
            self.set_status("Open a document first, then C shows its policy chain.")
            return

        def follow(doc_id: str | None) -> None:
            if doc_id:
                self.open_document(doc_id)

        self.app.push_screen(ChainScreen(lib.chain(doc.id)), follow)

    def action_command_palette(self) -> None:
        self.app.action_command_palette()
