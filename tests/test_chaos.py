"""benchmarks/chaos.py (30 trials in CI, .ci/run) also runs here, briefly, so it keeps working:
real `gongbao` processes killed with SIGKILL at random moments lose nothing added."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_kill_9_during_add_remove_build_loses_nothing(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("chaos", ROOT / "benchmarks" / "chaos.py")
    assert spec is not None and spec.loader is not None
    chaos = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(chaos)
    counts = chaos.run(trials=6, seed=20261124, work=tmp_path, say=False)  # raises on a loss
    assert counts["trials"] == 6 and counts["killed"] + counts["finished"] == 6
