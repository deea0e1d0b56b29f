"""An unlucky environment gets one plain line and an exit code, never "internal error" (70):
a full disk, a read-only data directory, an unusable HOME or GONGBAO_HOME, closed or full
standard streams, an ASCII locale, a damaged or foreign store file.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_gazettes import CENTRAL, HEADED, write_issue

from corpus import store, writelock
from corpus.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith("gongbao") and "internal error" not in lines[0]
    return lines[0]


def gongbao(
    *argv: str, env: dict[str, str] | None = None, shell_redirect: str = ""
) -> subprocess.CompletedProcess[bytes]:
    """Run the real command (via sh, so a redirection such as `<&-` can be given)."""
    cmd = " ".join(f"'{a}'" for a in (sys.executable, "-m", "corpus.cli", *argv))
    return subprocess.run(
        ["sh", "-c", f"exec {cmd} {shell_redirect}"],
        env=dict(os.environ, **(env or {})),
        capture_output=True,
        timeout=300,
    )


@pytest.fixture()
def small(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    seeds = tmp_path / "seeds"
    write_issue(seeds, "central.txt", CENTRAL)
    db = tmp_path / "home" / "store.json"
    assert run(capsys, "build", "--seeds", str(seeds), "--db", str(db))[0] == 0
    return db


def test_a_full_disk_is_a_sentence_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = small.read_bytes()
    new = write_issue(tmp_path / "in", "headed.txt", HEADED)

    def full(fd: int) -> None:  # where a full disk fails the temp file (data reaches disk)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.os, "fsync", full)
    code, _, err = run(capsys, "add", str(new), "--db", str(small))
    monkeypatch.undo()
    assert code == 7
    line = one_line(err.strip().splitlines()[-1])
    assert line.startswith("gongbao: no space left to write ") and "nothing was changed" in line
    assert small.read_bytes() == before
    assert not [p for p in small.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_read_only_data_directory_reads_but_refuses_changes(
    capsys: pytest.CaptureFixture[str], small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = write_issue(tmp_path / "in", "headed.txt", HEADED)
    real_open = os.open

    def read_only(path: str, flags: int, mode: int = 0o777) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", path)
        return real_open(path, flags, mode)

    monkeypatch.setattr(writelock.os, "open", read_only)
    code, out, err = run(capsys, "list", "--db", str(small))
    assert code == 0 and "国务院公报 2021年第12期" in out  # reading needs no lock
    code, out, err = run(capsys, "add", str(new), "--db", str(small))
    assert code == 7 and out == ""
    assert "read-only" in one_line(err)


def test_gongbao_home_a_file_and_an_unusable_home(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    r = gongbao("list", env={"GONGBAO_HOME": str(afile)})
    assert r.returncode == 3 and r.stdout == b""
    assert "is a file, not a directory" in one_line(r.stderr.decode())
    env = {"HOME": str(afile / "home"), "XDG_DATA_HOME": ""}
    r = subprocess.run(
        [sys.executable, "-m", "corpus.cli", "list"],
        env={
            k: v
            for k, v in dict(os.environ, **env).items()
            if k not in ("GONGBAO_HOME", "XDG_DATA_HOME")
        },
        capture_output=True,
        timeout=300,
    )
    assert r.returncode == 3
    assert "cannot create the data directory" in one_line(r.stderr.decode())


def test_closed_and_full_standard_streams(small: Path) -> None:
    r = gongbao("list", "--db", str(small), shell_redirect="<&-")
    assert r.returncode == 0 and "国务院公报" in r.stdout.decode()
    r = gongbao("--db", str(small), shell_redirect="<&-")  # the browser, with no terminal
    assert r.returncode == 2 and "needs a terminal" in one_line(r.stderr.decode())
    r = gongbao("list", "--db", str(small), shell_redirect=">/dev/full")
    assert r.returncode == 7
    assert (
        one_line(r.stderr.decode()) == "gongbao: cannot write the output (No space left on device)"
    )
    r = gongbao("list", "--db", str(small), shell_redirect=">&-")
    assert r.returncode == 0 and r.stderr == b""


def test_an_ascii_locale_still_prints_chinese(small: Path, tmp_path: Path) -> None:
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    for argv in (("list",), ("show", "国发〔2021〕12号"), ("search", "体育"), ("list", "--json")):
        r = gongbao(*argv, "--db", str(small), env=env)
        assert r.returncode == 0, r.stderr
        assert "国" in r.stdout.decode("utf-8")
    r = gongbao("show", "不存在的文件", "--db", str(small), env=env)
    assert r.returncode == 4 and "不存在的文件" in r.stderr.decode("utf-8")


def _damage(db: Path, how: str) -> Path:
    """Damage the store at `db` in one way; the file changed."""
    data = json.loads(db.read_text("utf-8"))
    if how == "doc-id":  # a document's row, in its issue's catalog shard
        shard = store.shards_dir(db) / next(iter(data["meta"]["1"]["catalogs"].values()))
        rows = json.loads(shard.read_text("utf-8"))
        del next(iter(rows["documents"].values()))["id"]
        shard.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
        return shard
    if how == "meta-sources":
        data["meta"]["1"]["sources"] = "x"
    elif how == "issues-type":
        data["issues"] = {"1": 5}
    db.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return db


@pytest.mark.parametrize("how", ["doc-id", "meta-sources", "issues-type"])
def test_a_damaged_store_is_reported_and_kept(
    capsys: pytest.CaptureFixture[str], small: Path, how: str
) -> None:
    damaged = _damage(small, how)
    before = damaged.read_bytes()
    for argv in (("list",), ("show", "x"), ("search", "体育")):
        code, out, err = run(capsys, *argv, "--db", str(small))
        assert code == 3 and out == ""
        line = one_line(err)
        assert "store is damaged" in line or "store is unreadable" in line
    assert damaged.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"   \n", b"{}", b'{"a": {"1": {}}}', b"[]"])
def test_an_empty_or_foreign_file_is_reported_then_set_aside_by_build(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    db = tmp_path / "d" / "store.json"
    db.parent.mkdir()
    db.write_bytes(content)
    code, out, err = run(capsys, "list", "--db", str(db))
    assert code == 3 and out == ""
    assert str(db) in one_line(err)
    assert (
        db.read_bytes() == content
        and sorted(p.name for p in db.parent.iterdir())
        == [
            "store.json",
            "store.json.lock",
        ][: len(list(db.parent.iterdir()))]
    )
    seeds = tmp_path / "seeds"
    write_issue(seeds, "central.txt", CENTRAL)
    code, out, err = run(capsys, "build", "--seeds", str(seeds), "--db", str(db))
    assert code == 0
    aside = [p for p in db.parent.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert "kept it as" in err


def test_a_store_write_failing_after_the_list_was_saved_changes_nothing(
    capsys: pytest.CaptureFixture[str], small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus.sourcelist import list_path

    new = write_issue(tmp_path / "in", "headed.txt", HEADED)
    store_before, list_before = small.read_bytes(), list_path(small).read_bytes()
    copies_before = sorted(p.name for p in (small.parent / "sources").iterdir())

    def full(*args: object, **kw: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(small))

    monkeypatch.setattr(store, "write", full)
    monkeypatch.setattr(store, "write_added", full)  # what an add in place writes with
    code, _, err = run(capsys, "add", str(new), "--db", str(small))
    monkeypatch.undo()
    assert code == 7 and "no space left" in err
    assert small.read_bytes() == store_before
    assert list_path(small).read_bytes() == list_before  # the add is undone whole
    assert sorted(p.name for p in (small.parent / "sources").iterdir()) == copies_before


def test_an_ascii_locale_adds_builds_and_removes_a_chinese_file_name(
    small: Path, tmp_path: Path
) -> None:
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    new = write_issue(tmp_path / "in", "国务院公报第13期.txt", HEADED)
    for argv in (("add", str(new)), ("build", "--seeds", str(tmp_path / "seeds")), ("sources",)):
        r = gongbao(*argv, "--db", str(small), env=env)
        assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    assert "国务院公报第13期.txt" in r.stdout.decode("utf-8")
    r = gongbao("list", "--db", str(small))  # and in a UTF-8 locale too
    assert r.returncode == 0 and "国务院公报 2021年第13期" in r.stdout.decode("utf-8")
    r = gongbao("remove", "国务院公报第13期.txt", "--db", str(small), env=env)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    r = gongbao("list", "--db", str(small), env=env)
    assert "2021年第13期" not in r.stdout.decode("utf-8")
