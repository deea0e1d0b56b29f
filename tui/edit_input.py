"""A text box whose editing keys act in order with the characters typed around them.

Textual runs a widget's key bindings (ctrl+u clears to the left, ctrl+w deletes a word,
←/→ move the cursor) only once the key has bubbled up to the app, while the characters
typed behind it in the same burst are inserted at once. Over SSH, or when a user types
fast, `ctrl+u 乡村` arrives as one burst: the characters go in first and ctrl+u then
deletes them. Here the box runs its own editing bindings as each key arrives.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input


def _editing_keys() -> dict[str, str]:
    """Key → action for Input's own bindings (not the scrolling ones it inherits, which
    the screen may route elsewhere)."""
    out: dict[str, str] = {}
    for b in Input.BINDINGS:
        if isinstance(b, Binding):
            for key in b.key.split(","):
                out.setdefault(key.strip(), b.action)
    return out


_EDITING = _editing_keys()


class EditInput(Input):
    """`Input` with its editing bindings applied in key order."""

    async def _on_key(self, event: events.Key) -> None:
        action = None if event.is_printable else _EDITING.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
            return
        await super()._on_key(event)
