"""`python -m tui [--db STORE]`: the browser alone, without the command line's parser."""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    db: Path | None = None
    if len(argv) == 2 and argv[0] == "--db":
        db = Path(argv[1]).expanduser()
    elif argv:
        print("usage: python -m tui [--db STORE]", file=sys.stderr)
        return 2
    from tui.app import run

    return run(db)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
