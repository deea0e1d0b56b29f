"""Small display preferences (the tree's width), in `settings.json` beside the state file.

Kept apart from `state.json` (bookmarks, history), so a damaged or missing preference never
touches what the user keeps; written by temp file + rename like everything else.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def settings_path() -> Path:
    from corpus.api import state_path

    return state_path().with_name("settings.json")


def load(path: Path) -> dict[str, Any]:
    """The saved preferences; {} when missing or unreadable (they are only preferences)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(path: Path, data: dict[str, Any]) -> None:
    """Write atomically; raises OSError when the directory cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
