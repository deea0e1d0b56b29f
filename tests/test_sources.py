"""Added gazettes are the user's data: copied in, kept across rebuilds and upgrades, listed by
`gongbao sources`, taken out only by `gongbao remove`, and never lost to two writers at once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fake_gazettes import CENTRAL, HEADED, PROVINCIAL, write_issue

from corpus import store
from corpus.api import Library
from corpus.cli import main
from corpus.sourcelist import SourceList, list_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def issues(db: Path) -> set[str]:
    return {i.name for i in Library.open(db).issues()}


@pytest.fixture()
def base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A store built from one small made-up issue (fast to rebuild)."""
    seeds = tmp_path / "seeds"
    write_issue(seeds, "central.txt", CENTRAL)
    db = tmp_path / "home" / "store.json"
    assert run(capsys, "build", "--seeds", str(seeds), "--db", str(db))[0] == 0
    return db


@pytest.fixture()
def incoming(tmp_path: Path) -> Path:
    write_issue(tmp_path / "in", "headed.txt", HEADED)
    write_issue(tmp_path / "in", "prov.txt", PROVINCIAL)
    return tmp_path / "in"


HEADED_ISSUE = "国务院公报 2021年第13期"
PROV_ISSUE = "四川省人民政府公报 2019年（期号不详）"


def test_add_copies_the_file_and_a_rebuild_keeps_it(
    capsys: pytest.CaptureFixture[str], base: Path, incoming: Path, tmp_path: Path
) -> None:
    src = incoming / "headed.txt"
    code, out, _ = run(capsys, "add", str(src), "--db", str(base))
    assert code == 0 and HEADED_ISSUE in out
    lst = SourceList.load(base)
    assert lst is not None and [e.name for e in lst.added()] == ["headed.txt"]
    copy = lst.copy_path(lst.added()[0])
    assert copy.read_bytes() == src.read_bytes() and copy.is_relative_to(base.parent)
    assert oct(copy.stat().st_mode & 0o777) == "0o644"
    # build again, from the same seeds directory: the added issue stays
    code, out, _ = run(capsys, "build", "--seeds", str(tmp_path / "seeds"), "--db", str(base))
    assert code == 0 and "kept 1 added file" in out
    assert HEADED_ISSUE in issues(base)


def test_the_original_may_change_move_or_vanish(
    capsys: pytest.CaptureFixture[str], base: Path, incoming: Path
) -> None:
    src = incoming / "headed.txt"
    run(capsys, "add", str(src), "--db", str(base))
    before = base.read_bytes()
    with src.open("a", encoding="utf-8") as fh:
        fh.write("附\n")
    assert issues(base) >= {HEADED_ISSUE} and base.read_bytes() == before  # no rebuild
    src.unlink()
    # a later add of another file works, and keeps the vanished one
    code, _, _ = run(capsys, "add", str(incoming / "prov.txt"), "--db", str(base))
    assert code == 0
    assert issues(base) >= {HEADED_ISSUE, PROV_ISSUE}


def test_a_changed_original_is_picked_up_when_added_again(
    capsys: pytest.CaptureFixture[str], base: Path, incoming: Path
) -> None:
    src = incoming / "headed.txt"
    run(capsys, "add", str(src), "--db", str(base))
    first = SourceList.load(base)
    assert first is not None
    old_copy = first.copy_path(first.added()[0])
    src.write_text(
        HEADED.replace("国务院公报", "国务院公报", 1) + "\n　　附件：补充说明\n", "utf-8"
    )
    code, _, _ = run(capsys, "add", str(src), "--db", str(base))
    assert code == 0
    after = SourceList.load(base)
    assert after is not None and len(after.added()) == 1
    assert after.added()[0].sha256 != first.added()[0].sha256
    assert not old_copy.exists()  # the replaced copy is gone, the new one kept
    assert HEADED_ISSUE in issues(base)


@pytest.mark.parametrize("module", ["corpus.index.INDEX_VERSION", "corpus.store.SCHEMA_VERSION"])
def test_an_upgrade_rebuilds_from_the_copies(
    capsys: pytest.CaptureFixture[str],
    base: Path,
    incoming: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
) -> None:
    src = incoming / "headed.txt"
    run(capsys, "add", str(src), "--db", str(base))
    src.unlink()
    import importlib

    mod, name = module.rsplit(".", 1)
    m = importlib.import_module(mod)
    monkeypatch.setattr(m, name, getattr(m, name) + 1)
    assert store.needs_rebuild(base)
    assert HEADED_ISSUE in issues(base)  # rebuilt, from the copy
    assert not store.needs_rebuild(base)


def test_sources_lists_and_remove_takes_one_out(
    capsys: pytest.CaptureFixture[str], base: Path, incoming: Path
) -> None:
    run(capsys, "add", str(incoming / "headed.txt"), str(incoming / "prov.txt"), "--db", str(base))
    code, out, _ = run(capsys, "sources", "--json", "--db", str(base))
    rows = json.loads(out)
    assert [(r["kind"], r["name"]) for r in rows] == [
        ("seed", "central.txt"),
        ("added", "headed.txt"),
        ("added", "prov.txt"),
    ]
    assert all(Path(r["copy"]).is_file() for r in rows)
    assert rows[1]["original"] == str(incoming / "headed.txt")
    code, out, _ = run(capsys, "sources", "--db", str(base))
    assert code == 0 and len(out.splitlines()) == 3 and "headed.txt" in out

    code, out, _ = run(capsys, "remove", rows[1]["sha256"][:8], "--db", str(base))
    assert code == 0 and "removed headed.txt" in out
    assert not Path(rows[1]["copy"]).exists()
    assert issues(base) == {"国务院公报 2021年第12期", PROV_ISSUE}
    code, _, _ = run(capsys, "remove", str(incoming / "prov.txt"), "--db", str(base))
    assert code == 0 and issues(base) == {"国务院公报 2021年第12期"}
    code, _, err = run(capsys, "remove", "headed.txt", "--db", str(base))
    assert code == 4 and "no source matches" in err
    code, _, err = run(capsys, "remove", "central.txt", "--db", str(base))
    assert code == 2 and "no sources left" in err  # the store is never emptied
    assert issues(base) == {"国务院公报 2021年第12期"}


def test_add_then_plain_build_keeps_the_added_file(
    capsys: pytest.CaptureFixture[str], home: Path, incoming: Path
) -> None:
    code, _, _ = run(capsys, "add", str(incoming / "headed.txt"))
    assert code == 0
    code, out, _ = run(capsys, "build")
    assert code == 0 and "kept 1 added file" in out
    db = home / "store.json"
    names = issues(db)
    assert HEADED_ISSUE in names and "国务院公报 2021年第10期" in names  # seeds + added
    assert (home / "sources.json").is_file() and (home / "sources").is_dir()


def test_an_old_store_s_recorded_files_are_copied_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, incoming: Path
) -> None:
    """A store made before source lists existed: its files are kept on first use."""
    from corpus.pipeline import build_store
    from corpus.sources import Source, file_hash

    src = incoming / "headed.txt"
    db = tmp_path / "old" / "store.json"
    seed = write_issue(tmp_path / "s", "central.txt", CENTRAL)
    build_store(db, [Source("file", str(seed)), Source("file", str(src), file_hash(src))])
    assert not list_path(db).exists()
    code, _, _ = run(capsys, "add", str(incoming / "prov.txt"), "--db", str(db))
    assert code == 0
    src.unlink()
    seed.unlink()
    code, out, _ = run(capsys, "build", "--db", str(db))  # bundled seeds + what was added
    assert code == 0
    assert {HEADED_ISSUE, PROV_ISSUE} <= issues(db)


def test_an_escaping_file_name_is_shown_escaped(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    evil = "\x1b[2J\x1b]0;PWNED\x07\x1b]52;c;aGk=\x07\nx\u202e.txt"
    path = write_issue(tmp_path / "evil", evil, HEADED)
    code, out, err = run(capsys, "add", str(path), "--db", str(base))
    assert code == 0
    for stream in (out, err):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    assert "\\e[2J\\e]0;PWNED\\x07" in out and "\\nx\\u202e.txt" in out
    bad = tmp_path / "evil" / "bad\x1b]0;T\x07\n.txt"
    bad.write_bytes(b"\x00\x01" * 100)
    code, out, err = run(capsys, "add", str(bad), "--db", str(base))
    assert code == 2 and "\x1b" not in err and len(err.strip().splitlines()) == 1
    assert "bad\\e]0;T\\x07\\n.txt" in err


def test_build_seeds_with_an_escaping_file_name_prints_it_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seeds = tmp_path / "d"
    write_issue(seeds, "\x1b[2J\x1b]0;PWNED\x07\x1b]52;c;aGk=\x07.txt", CENTRAL)
    db = tmp_path / "home" / "store.json"
    code, out, err = run(capsys, "build", "--seeds", str(seeds), "--db", str(db))
    assert code == 0
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\e]0;PWNED\\x07" in err  # named, visibly, in the progress lines
    code, out, _ = run(capsys, "sources", "--db", str(db))
    assert code == 0 and "\x1b" not in out and "\\e[2J" in out


# -- real processes ---------------------------------------------------------------------


def gongbao(*argv: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "corpus.cli", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_adds_lose_nothing(base: Path, incoming: Path, tmp_path: Path) -> None:
    """Two `gongbao add` at once, ten times: both issues are always there."""
    env = dict(os.environ, GONGBAO_LOCK_TIMEOUT="120")
    template = base.parent
    for trial in range(10):
        home = tmp_path / f"trial{trial}"
        shutil.copytree(template, home)
        db = home / "store.json"
        procs = [
            gongbao("add", str(incoming / name), "--db", str(db), env=env)
            for name in ("headed.txt", "prov.txt")
        ]
        results = [p.communicate(timeout=180) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], results
        lst = SourceList.load(db)
        assert lst is not None and sorted(e.name for e in lst.added()) == ["headed.txt", "prov.txt"]
        assert {HEADED_ISSUE, PROV_ISSUE} <= {
            i.name for i in Library.open(db, build=False).issues()
        }


def test_a_second_writer_waits_then_gives_up_with_one_line(
    base: Path, incoming: Path, tmp_path: Path
) -> None:
    from corpus.writelock import writer

    env = dict(os.environ, GONGBAO_LOCK_TIMEOUT="1")
    before = base.read_bytes()
    with writer(base):
        t0 = time.monotonic()
        p = gongbao("add", str(incoming / "headed.txt"), "--db", str(base), env=env)
        out, err = p.communicate(timeout=60)
        waited = time.monotonic() - t0
    assert p.returncode == 6 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("gongbao: waiting for another gongbao (pid ")
    assert lines[-1].startswith("gongbao: gave up after 1 s") and len(lines) == 2
    assert waited >= 1 and base.read_bytes() == before


def test_a_stale_lock_from_a_dead_process_is_taken_over(base: Path, incoming: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (base.parent / "store.json.lock").write_text(f"{dead.pid}\n")
    env = dict(os.environ, GONGBAO_LOCK_TIMEOUT="5")
    p = gongbao("add", str(incoming / "headed.txt"), "--db", str(base), env=env)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0 and "waiting" not in err, err


def test_a_bundled_seed_cannot_be_removed_and_says_so_by_name_or_hash(
    capsys: pytest.CaptureFixture[str], home: Path, incoming: Path
) -> None:
    db = home / "store.json"
    code, _, _ = run(capsys, "add", str(incoming / "prov.txt"), "--db", str(db))
    assert code == 0
    code, out, _ = run(capsys, "sources", "--json", "--db", str(db))
    seed = next(r for r in json.loads(out) if r["kind"] == "bundled")
    for ref in (seed["sha256"][:8], seed["name"]):
        code, _, err = run(capsys, "remove", ref, "--db", str(db))
        assert code == 2 and "is a bundled seed" in err
