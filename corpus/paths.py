"""Where gongbao keeps its files: the store, and the browser's own state beside it.

`GONGBAO_DB` overrides the store path; `GONGBAO_HOME` overrides the whole data directory
(tests use it so they never touch the user's real files).
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The per-user data directory (created on first use)."""
    home = os.environ.get("GONGBAO_HOME")
    if home:
        path = Path(home)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("gongbao", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """The store to open when no `--db` is given."""
    env = os.environ.get("GONGBAO_DB")
    return Path(env) if env else data_dir() / "store.json"


def state_path() -> Path:
    """The browser's bookmarks, history and last position: never inside the store."""
    return data_dir() / "state.json"


def bundled_seeds() -> list[Path]:
    """The seed gazettes shipped with the package, in name order."""
    from importlib.resources import files

    root = files("gongbao_seeds")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".txt"))
