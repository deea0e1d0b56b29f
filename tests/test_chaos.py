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


def test_what_a_killed_bulk_build_leaves_is_swept_by_the_next_writer(tmp_path: Path) -> None:
    """A build killed while it writes shards and the search index leaves a temp shard and a
    half-built index directory; the next writer removes them (and nothing else)."""
    from corpus import store
    from corpus.changes import current_list
    from corpus.pipeline import build_store
    from corpus.tantivy_index import index_dir

    db = tmp_path / "store.json"
    build_store(db)
    shards = store.shards_dir(db)
    half_index = db.parent / f".{index_dir(db).name}.abc123.tmp"
    (half_index / "segment").mkdir(parents=True)
    set_aside = db.parent / f".{index_dir(db).name}.old-4242"
    set_aside.mkdir()
    temp_shard = shards / ".gwy-2021-10.0123.json.xyz.tmp"
    temp_shard.write_text("{")
    kept = sorted(p.name for p in shards.iterdir())
    current_list(db)
    assert not half_index.exists() and not set_aside.exists() and not temp_shard.exists()
    assert sorted(p.name for p in shards.iterdir()) == [n for n in kept if n != temp_shard.name]
    assert index_dir(db).is_dir()
