"""Stage 7, store: one UTF-8 TinyDB file, written whole and atomically, rebuilt when stale,
never silently replaced when broken, and valid after two builds race each other.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest
from fake_gazettes import CENTRAL, HEADED, PROVINCIAL, write_issue

from corpus import store
from corpus.api import Library
from corpus.errors import InputError, StoreError
from corpus.pipeline import build_store
from corpus.sources import Source, bundled_sources


def file_sources(directory: Path, *texts: tuple[str, str]) -> list[Source]:
    return [Source("file", str(write_issue(directory, name, text))) for name, text in texts]


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, list[Source]]:
    """A store built from two made-up issues."""
    sources = file_sources(tmp_path / "src", ("a.txt", CENTRAL), ("b.txt", PROVINCIAL))
    db = tmp_path / "db" / "store.json"
    build_store(db, sources)
    return db, sources


def test_the_store_is_real_utf8(built: tuple[Path, list[Source]]) -> None:
    db, _ = built
    text = db.read_bytes().decode("utf-8")  # strict: raises if it is not UTF-8
    assert "四川省人民政府公报" in text and "\\u" not in text  # no Chinese as \u escapes
    assert set(json.loads(text)) == {"meta", "issues"}  # the catalog: small, read at open
    meta = json.loads(text)["meta"]["1"]
    # each issue's catalog shard holds its documents' fields, its text shard their text
    parts = [store.shards_dir(db) / name for name in meta["catalogs"].values()]
    shard = "".join(p.read_bytes().decode("utf-8") for p in parts)
    assert "国务院关于加强全民健身场地设施建设的意见" in shard and "\\u" not in shard
    assert all(set(json.loads(p.read_text("utf-8"))) == {"documents"} for p in parts)


def test_the_store_loads_back(built: tuple[Path, list[Source]]) -> None:
    db, sources = built
    lib = Library.open(db, build=False)
    assert [i.name for i in lib.issues()] == [
        "国务院公报 2021年第12期",
        "四川省人民政府公报 2019年（期号不详）",
    ]
    doc = lib.document("国办发[2021]15号")
    assert doc is not None and doc.title == "国务院办公厅关于印发全民健身场地设施建设试点方案的通知"
    meta = store.read_meta(db)
    assert meta is not None and meta["schema"] == store.SCHEMA_VERSION
    assert [s["ref"] for s in meta["sources"]] == [s.ref for s in sources]
    assert all(len(s["sha256"]) == 64 for s in meta["sources"])
    assert not store.needs_rebuild(db)


@pytest.mark.parametrize(
    "bad",
    [b"", b"\x00\x01\x02PK\x03\x04" * 100, bytes(range(0x81, 0xFF)) * 40],
    ids=["empty", "binary", "garbage"],
)
def test_a_failed_build_leaves_the_previous_store_byte_identical(
    built: tuple[Path, list[Source]], tmp_path: Path, bad: bytes
) -> None:
    db, sources = built
    before = db.read_bytes()
    mtime = db.stat().st_mtime_ns
    broken = tmp_path / "src" / "c_bad.txt"
    broken.write_bytes(bad)
    extra = file_sources(tmp_path / "src", ("d.txt", HEADED))
    with pytest.raises(InputError) as info:
        build_store(db, [sources[0], Source("file", str(broken)), *extra])
    assert str(broken) in str(info.value) and "\n" not in str(info.value)
    assert db.read_bytes() == before
    assert db.stat().st_mtime_ns == mtime
    assert _leftovers(db) == []


def _leftovers(db: Path) -> list[str]:
    """Files beside the store other than the store, its lock, search index and shards."""
    from corpus.tantivy_index import index_dir

    keep = (db.name, db.name + ".lock", index_dir(db).name, store.shards_dir(db).name)
    return sorted(p.name for p in db.parent.iterdir() if p.name not in keep)


def test_write_leaves_no_temporary_files(built: tuple[Path, list[Source]]) -> None:
    db, sources = built
    build_store(db, sources)  # a rebuild over an existing store
    assert _leftovers(db) == []


def test_a_crash_during_the_write_keeps_the_old_store(
    built: tuple[Path, list[Source]], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, sources = built
    before = db.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "replace", crash)
    with pytest.raises(OSError):
        build_store(db, sources[:1])
    assert db.read_bytes() == before
    assert _leftovers(db) == []


def test_write_atomic_replaces_whole(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "x.json"
    store.write_atomic(path, "一".encode() * 10)
    store.write_atomic(path, b"{}")
    assert path.read_bytes() == b"{}"
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.json"]


# -- when to rebuild -------------------------------------------------------------------


def test_a_missing_store_needs_building(tmp_path: Path) -> None:
    assert store.needs_rebuild(tmp_path / "none.json")
    assert store.read_meta(tmp_path / "none.json") is None


def test_a_schema_change_needs_a_rebuild(
    built: tuple[Path, list[Source]], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = built
    assert not store.needs_rebuild(db)
    monkeypatch.setattr(store, "SCHEMA_VERSION", store.SCHEMA_VERSION + 1)
    assert store.needs_rebuild(db)
    with pytest.raises(StoreError) as info:
        store.load(db)
    assert "another version" in str(info.value)


@pytest.mark.parametrize("module", ["corpus.index.INDEX_VERSION", "corpus.links.LINKS_VERSION"])
def test_a_new_index_or_links_format_needs_a_rebuild(
    built: tuple[Path, list[Source]], monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    db, _ = built
    assert not store.needs_rebuild(db)
    import importlib

    mod, name = module.rsplit(".", 1)
    monkeypatch.setattr(
        importlib.import_module(mod), name, getattr(importlib.import_module(mod), name) + 1
    )
    assert store.needs_rebuild(db)


def test_a_changed_source_file_needs_a_rebuild(built: tuple[Path, list[Source]]) -> None:
    db, sources = built
    assert not store.needs_rebuild(db)
    path = Path(sources[1].ref)
    path.write_text(PROVINCIAL.replace("春季农业生产", "夏季农业生产"), encoding="utf-8")
    assert store.needs_rebuild(db)


def _store_with_sources(db: Path, sources: list[dict[str, str]]) -> None:
    store.write(db, meta={"sources": sources}, issues=[], documents=[], index=None, links=None)


def test_a_seed_hash_change_needs_a_rebuild(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    current = [s.to_dict() for s in bundled_sources()]
    assert len(current) == 2
    _store_with_sources(db, current)
    assert not store.needs_rebuild(db)
    stale = [dict(s) for s in current]
    stale[0]["sha256"] = "0" * 64  # the store was built from an older seed
    _store_with_sources(db, stale)
    assert store.needs_rebuild(db)
    _store_with_sources(db, current[:1])  # a seed was added since
    assert store.needs_rebuild(db)


# -- a broken store --------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b'{"meta": {"1": {"schema": 1', b"\x89PNG\r\n\x1a\n\x00\x00", b"[1, 2, 3]", b'{"meta": 5}'],
    ids=["truncated", "binary", "list", "wrong-shape"],
)
def test_a_corrupt_store_is_an_error_and_is_not_overwritten(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "store.json"
    db.write_bytes(content)
    for call in (store.read_meta, store.load, store.needs_rebuild, Library.open):
        with pytest.raises(StoreError) as info:
            call(db)
        msg = str(info.value)
        assert "\n" not in msg and str(db) in msg
    assert db.read_bytes() == content  # the user's store is still there to inspect or rebuild
    assert _leftovers(db) == []


def test_a_read_only_storage_refuses_to_write(tmp_path: Path) -> None:
    storage = store.AtomicJSONStorage(str(tmp_path / "s.json"), access_mode="r")
    with pytest.raises(StoreError):
        storage.write({})
    assert not (tmp_path / "s.json").exists()


# -- two builders at once --------------------------------------------------------------


def _build_in_child(db: str, refs: list[str]) -> None:
    build_store(Path(db), [Source("file", r) for r in refs])


def test_two_processes_building_at_once_leave_a_valid_store(tmp_path: Path) -> None:
    one = file_sources(tmp_path / "src", ("a.txt", CENTRAL))
    two = file_sources(tmp_path / "src", ("b.txt", PROVINCIAL), ("c.txt", HEADED))
    db = tmp_path / "db" / "store.json"
    # fork: the children share the parent's loaded modules (spawn re-imports jieba in each)
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    procs = [
        ctx.Process(target=_build_in_child, args=(str(db), [s.ref for s in srcs]))
        for srcs in (one, two)
    ]
    for p in procs:
        p.start()
    deadline = time.monotonic() + 180
    try:
        while any(p.is_alive() for p in procs) and time.monotonic() < deadline:
            if db.exists():  # a reader never sees half a file
                json.loads(db.read_bytes().decode("utf-8"))
            time.sleep(0.02)
    finally:
        for p in procs:
            p.join(timeout=max(1.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join()
    assert [p.exitcode for p in procs] == [0, 0]
    lib = Library.open(db, build=False)
    sources = [s["ref"] for s in (store.read_meta(db) or {})["sources"]]
    # the store is one build's output, whole: its documents match its recorded sources
    assert sources in ([s.ref for s in one], [s.ref for s in two])
    assert {i.source for i in lib.issues()} == {Path(s).name for s in sources}
    assert _leftovers(db) == []
    assert os.path.getsize(db) > 1000
