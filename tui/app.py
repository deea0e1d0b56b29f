"""gongbao's browser: the Textual app, and `run()`, which the `gongbao` command calls.

Start-up is kept short: the first frame is painted before the store is read (in a worker
thread), and nothing here imports jieba: search loads it on the first query, off the UI
thread. If the store must be built first, its progress shows in the status line.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.screen import Screen

from corpus.api import GongbaoError
from tui.fit import BREAKPOINTS, fit
from tui.fit import CSS as FIT_CSS
from tui.quiet_gc import collector_paused
from tui.screen import MainScreen
from tui.state import StateFile

if TYPE_CHECKING:
    from corpus.api import LibraryAPI


def _document_commands() -> type:
    """The palette's document provider, imported only when the palette opens."""
    from tui.commands import DocumentCommands

    return DocumentCommands


class GongbaoApp(App[int]):
    """The browser. Pass `library` (tests) or `db_path` (the command, loaded after paint)."""

    TITLE = "gongbao"
    CSS = FIT_CSS
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    COMMANDS = App.COMMANDS | {_document_commands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        library: LibraryAPI | None = None,
        db_path: Path | None = None,
        state_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.library: LibraryAPI | None = library
        self.db_path = db_path
        self._state_path = state_path
        self.state: StateFile = StateFile(Path("/nonexistent/state.json"))
        self.error = ""
        self.error_code = 0
        self.animation_level = "none"

    # -- start-up ------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        return MainScreen()

    @property
    def main(self) -> MainScreen:
        screen = self.get_default_screen_instance()
        assert isinstance(screen, MainScreen)
        return screen

    def get_default_screen_instance(self) -> Screen:
        return self.screen_stack[0]

    def on_resize(self, event: events.Resize) -> None:
        fit(self, event.size)

    def on_mount(self) -> None:
        self.animation_level = "none"
        fit(self, self.size)
        try:  # a dropped SSH connection sends SIGHUP: save the place before going
            import asyncio
            import signal

            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.quit_app)
        except (AttributeError, NotImplementedError, RuntimeError, ValueError):
            pass

    def screen_ready(self) -> None:
        """The main screen is composed: read the state, then the library."""
        self._load_state()
        # An SSH session can drop without a clean quit: keep the reading position fresh.
        self.set_interval(30, self._autosave)
        if self.library is not None:
            self._library_loaded(self.library)
        else:
            self.call_after_refresh(self._start_loading)

    def _load_state(self) -> None:
        try:
            if self._state_path is None:
                from corpus.api import state_path

                self._state_path = state_path()
            self.state = StateFile.load(self._state_path)
        except OSError as err:
            self.state = StateFile(self._state_path or Path("state.json"))
            self.notify(f"bookmarks unavailable: {err}", severity="warning", markup=False)
        if self.state.warning:
            self.notify(self.state.warning, severity="warning", markup=False, timeout=10)

    def _start_loading(self) -> None:
        self.run_worker(self._load_library, thread=True, group="load", exit_on_error=False)

    def _load_library(self) -> None:
        """Open (building first if needed) the store; report progress to the status line."""
        from corpus.api import Library

        def progress(message: str) -> None:
            self.call_from_thread(self.main.set_status, f"building the store: {message}")

        try:
            with collector_paused():  # the catalog it parses: no GC pauses meanwhile
                lib = Library.open(self.db_path, build=True, progress=progress)
        except GongbaoError as err:
            self.call_from_thread(self._fail, str(err), err.exit_code)
            return
        except OSError as err:
            self.call_from_thread(self._fail, f"cannot open the store: {err}", 3)
            return
        except Exception as err:  # noqa: BLE001 - one line, not a traceback, for the user
            self.call_from_thread(self._fail, f"internal error: {type(err).__name__}: {err}", 70)
            return
        self.call_from_thread(self._library_loaded, lib)

    def _library_loaded(self, lib: LibraryAPI) -> None:
        self.library = lib
        self.main.library_ready()
        # What is alive once the store's first screen is drawn (widgets, styles, the tree's
        # top) lives as long as the app: out of the collector's sight, so that its full
        # passes, which hold the loop, walk only what was made since.
        self.call_after_refresh(gc.freeze)

    def _fail(self, message: str, code: int) -> None:
        self.error = message.splitlines()[0] if message else "failed"
        self.error_code = code or 1
        self.exit(self.error_code)

    # -- state ---------------------------------------------------------------------------------
    def save_state(self) -> None:
        try:
            self.state.save()
        except OSError as err:
            self.notify(
                f"could not save bookmarks/position: {err}", severity="warning", markup=False
            )

    def _autosave(self) -> None:
        if self.state.dirty:
            self.save_state()

    def quit_app(self) -> None:
        self.save_state()
        self.exit(0)

    async def action_quit(self) -> None:
        self.quit_app()

    # -- command palette -------------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            from tui.commands import table_commands

            yield from table_commands(self._palette_target(screen))

    def _palette_target(self, screen: MainScreen) -> Callable[[str], Any]:
        def resolve(scope: str) -> Any:
            if scope == "app":
                return screen
            if scope == "reader":
                return screen.reader
            return None

        return resolve

    def open_document(self, doc_id: str) -> None:
        """Open a document from the command palette."""
        if self.library is not None:
            self.main.open_document(doc_id)
            self.main.reader.focus()


def run(db_path: Path | None = None) -> int:
    """Run the browser over the store at `db_path` (default store if None); exit code."""
    if not (sys.stdin and sys.stdout and sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "gongbao: the browser needs a terminal; see `gongbao --help` for commands",
            file=sys.stderr,
        )
        return 2
    app = GongbaoApp(db_path=db_path)
    try:
        code = app.run()
    except KeyboardInterrupt:
        return 130
    if app.error:
        from corpus.api import escape

        print(f"gongbao: {escape(app.error, backslash=False)}", file=sys.stderr)
        return app.error_code or 1
    return int(code or 0) if app.return_code is None else app.return_code
