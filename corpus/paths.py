"""Where gongbao keeps its files: the store, and the browser's own state beside it.

`GONGBAO_DB` overrides the store path; `GONGBAO_HOME` overrides the whole data directory
(tests use it so they never touch the user's real files).
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The per-user data directory (created on first use); a one-line error if it cannot be."""
    from corpus.errors import StoreError
    from corpus.escape import escape

    home = os.environ.get("GONGBAO_HOME")
    if home:
        path = Path(home)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("gongbao", appauthor=False))
    where = f"GONGBAO_HOME={escape(home)}" if home else escape(path)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{where} is a file, not a directory; point GONGBAO_HOME at a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the data directory {where} ({exc.strerror}); "
            "set GONGBAO_HOME to a writable directory, or use --db PATH"
        ) from None
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
