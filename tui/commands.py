"""Command palette entries: the table's main actions, and "open a document by title"."""

from __future__ import annotations

import asyncio
import heapq
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.command import Hit, Hits, Provider

from tui.bindings import palette_keys
from tui.layout import safe
from tui.quiet_gc import collector_paused

if TYPE_CHECKING:
    from textual.app import SystemCommand

    from corpus.api import Document, LibraryAPI
    from tui.app import GongbaoApp


def table_commands(resolve: Callable[[str], Callable[[], Any] | None]) -> Iterable[SystemCommand]:
    """One palette entry per table row marked `palette`; `resolve(scope)` gives the object
    whose `action_*` method runs it (None when that part of the UI is not there)."""
    from textual.app import SystemCommand

    for key in palette_keys():
        target = resolve(key.scope)
        method = getattr(target, f"action_{key.action}", None) if target is not None else None
        if method is not None:
            title = f"{key.description} · {key.zh}" if key.zh else key.description
            yield SystemCommand(title, f"key: {_plain(key.shown_keys)}", method)


def _plain(text: str) -> str:
    """Palette help strings go through Textual markup: keep brackets out of them."""
    return safe(text).replace("[", "［").replace("]", "］")


#: The palette lists at most this many documents (the best matches).
MAX_HITS = 50


class DocumentCommands(Provider):
    """Open any document by typing part of its title or 文号."""

    @property
    def _app(self) -> GongbaoApp:
        return self.app  # type: ignore[return-value]  # the palette runs in our app only

    async def _docs(self) -> list[Document]:
        """Every document. The first call reads every issue's catalog (seconds at 100,000
        documents): in a thread, so the loop (and `q`) never waits for it."""
        lib = self._app.library
        return await asyncio.to_thread(_every_document, lib) if lib is not None else []

    def _open(self, doc_id: str) -> None:
        self._app.open_document(doc_id)

    async def discover(self) -> Hits:
        return
        yield  # pragma: no cover - nothing to list before the user types

    async def search(self, query: str) -> Hits:
        """The best-matching documents by title and 文号, at most MAX_HITS of them: the
        palette redraws its whole list for every hit it is given, so thousands of hits
        would keep the loop (and `q`) waiting for seconds. The matching hands the loop back
        every 5 ms, and a title holding what was typed, or lacking a typed character, is
        scored without the (slow) fuzzy match."""
        matcher = self.matcher(query)
        needed = {c for c in query.lower() if not c.isspace()}
        typed = query.strip()
        best: list[tuple[float, int, Any]] = []
        mark = time.perf_counter()
        for n, doc in enumerate(await self._docs()):
            if n % 50 == 49 and time.perf_counter() - mark > 0.005:
                await asyncio.sleep(0)
                mark = time.perf_counter()
            hay = f"{doc.title} {doc.doc_number}"
            low = hay.lower()
            if not all(c in low for c in needed):
                continue
            at = hay.find(typed) if typed else -1
            # what was typed, as typed, ranks above any fuzzy match: earlier, then shorter
            score = 1000.0 - at - len(hay) / 1000 if at >= 0 else matcher.match(hay)
            if score > 0:
                best.append((score, -n, doc))
                if len(best) > 4 * MAX_HITS:
                    best = heapq.nlargest(MAX_HITS, best, key=lambda h: h[:2])
        for score, _, doc in heapq.nlargest(MAX_HITS, best, key=lambda h: h[:2]):
            yield Hit(
                score,
                Text("Open: " + safe(doc.title)),
                partial(self._open, doc.id),
                text=f"Open: {safe(doc.title)}",
                help=_plain(" · ".join(x for x in (doc.doc_number, doc.date) if x)) or None,
            )


@collector_paused()  # what it reads stays: no collections meanwhile, frozen after
def _every_document(library: LibraryAPI) -> list[Document]:
    return library.documents()


__all__ = ["DocumentCommands", "table_commands"]
