"""The bulk build: files processed on two cores give the store one process gives, a bad file
still fails it with one line, citations resolve the same through the resolver's index, and a
terminal gets one progress line (plain lines anywhere else).
"""

from __future__ import annotations

import json
import os
import pty
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fake_gazettes import CENTRAL, HEADED, PROVINCIAL, write_issue

from corpus import bulk, docnumber, store
from corpus.api import Library
from corpus.citations import Citation
from corpus.errors import InputError
from corpus.model import Document
from corpus.pipeline import build_store, process_file
from corpus.progress import TerminalProgress, bar_line, duration
from corpus.resolve import Resolver, _pick, split_title, title_key
from corpus.sources import Source, bundled_sources

ROOT = Path(__file__).resolve().parent.parent


def _sources(tmp_path: Path) -> list[Source]:
    made = [
        write_issue(tmp_path / "src", name, text)
        for name, text in (("c.txt", CENTRAL), ("p.txt", PROVINCIAL), ("h.txt", HEADED))
    ]
    return [*bundled_sources(), *(Source("file", str(p)) for p in made)]


def _snapshot(db: Path) -> dict[str, object]:
    lib = Library.open(db, build=False)
    data = store.load(db)
    return {
        "issues": [i.to_dict() for i in lib.issues()],
        "documents": [d.to_dict() for d in lib.documents()],
        "refs": {d.id: lib.refs(d.id).to_dict() for d in lib.documents()},
        "vocab": data["index"],
        "shards": sorted(data["shards"].values()),
        "search": [r.id for r in lib.search("国务院 通知")],
    }


def test_two_processes_build_the_store_one_process_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(tmp_path)
    one = tmp_path / "one" / "store.json"
    build_store(one, sources)
    monkeypatch.setattr(bulk, "PARALLEL_MIN", 2)
    assert bulk.workers(len(sources)) == min(2, os.cpu_count() or 1)
    two = tmp_path / "two" / "store.json"
    timings = build_store(two, sources)
    assert {"read", "clean", "structure", "vocabulary", "index", "links", "store"} <= set(timings)
    assert _snapshot(one) == _snapshot(two)


def test_a_bad_file_fails_a_parallel_build_with_one_line_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(tmp_path)
    db = tmp_path / "db" / "store.json"
    build_store(db, sources[:2])
    before = db.read_bytes()
    shards = sorted(p.name for p in store.shards_dir(db).iterdir())
    broken = tmp_path / "src" / "x_broken.txt"
    broken.write_bytes(b"\x00\x01PK\x03\x04" * 200)
    monkeypatch.setattr(bulk, "PARALLEL_MIN", 2)
    for order in ([*sources[2:], broken], [broken, *sources[2:]]):
        todo = [s if isinstance(s, Source) else Source("file", str(s)) for s in order]
        with pytest.raises(InputError) as info:
            build_store(db, todo)
        assert str(broken) in str(info.value) and "\n" not in str(info.value)
        assert db.read_bytes() == before
        # the shards of the files processed before (or beside) the bad one are gone again
        assert sorted(p.name for p in store.shards_dir(db).iterdir()) == shards


def test_the_indexed_title_pick_is_the_scan_it_replaces() -> None:
    rng = random.Random(9)
    dates = ["", "2021", "2021-01", "2021-01-05", "2020-12-31", "2019-06-01", "1999-1-2", "x"]
    titles = ["国务院关于加强管理的通知", "关于加强管理的通知", "四川省人民政府关于加强管理的通知"]
    for _trial in range(60):
        docs = [
            Document(
                id=f"d{k}",
                issue=f"i{rng.randint(0, 5)}",
                order=k,
                section="",
                title=rng.choice(titles),
                date=rng.choice(dates),
            )
            for k in range(rng.randint(10, 50))
        ]
        resolver = Resolver(docs)
        outsider = Document(id="o", issue="i9", order=0, section="", title="t", date="2020-01-01")
        for citing in [*docs, outsider]:
            for title in titles:
                found = [
                    d for d in resolver.by_title.get(title_key(title), []) if d.id != citing.id
                ]
                if not found:
                    issuer, subject = split_title(title)
                    found = [
                        d
                        for other, d in resolver.by_subject.get(subject, [])
                        if d.id != citing.id and (not issuer or not other)
                    ]
                expected = _pick(found, citing).id if found else None
                got = resolver.resolve(Citation(0, 0, 1, title, title=title), citing)
                assert got == expected


def _scan_by_number(resolver: Resolver, number: str) -> list[Document]:
    """`Resolver.by_cited_number` as it was: every document of the serial, compared."""
    found = list(resolver.by_number.get(number, []))
    cited = docnumber.parse(number)
    if cited is not None and cited.series and cited.issuer:
        for own, d in resolver.series.get(cited.serial, []):
            if d not in found and own.issuer and cited.matches(own):
                found.append(d)
    return found


def test_the_indexed_number_pick_is_the_scan_it_replaces() -> None:
    rng = random.Random(5)
    issuers = ["国家发展改革委", "国家发展和改革委员会", "中国人民银行", "卫生部"]
    years = ["2014年", "2021年", ""]
    ranked = 0
    for _trial in range(12):
        docs = []
        for k in range(rng.randint(30, 80)):
            issuer = rng.choice(issuers)
            number = f"{issuer}令{rng.choice(years)}第{rng.randint(1, 3)}号"
            docs.append(
                Document(
                    id=f"d{k}",
                    issue=f"i{rng.randint(0, 4)}",
                    order=k,
                    section="",
                    title=f"规定{k}",
                    doc_number=rng.choice([number, f"第{rng.randint(1, 3)}号"]),
                    issuer=issuer,
                    kind="令",
                    date=rng.choice(["2014-03-01", "2021-05-01", ""]),
                )
            )
        resolver = Resolver(docs)
        cited = {docnumber.first(d.doc_number) for d in docs} - {None}
        numbers = sorted(n.key for n in cited if n is not None)
        numbers += [f"{i}令{y}第{s}号" for i in issuers for y in years for s in (1, 2)]
        for citing in rng.sample(docs, 8):
            for number in numbers:
                found = _scan_by_number(resolver, number)
                assert resolver.by_cited_number(number) == found
                expected = _pick(found, citing).id if found else None
                got = resolver.resolve(Citation(0, 0, 1, number, doc_number=number), citing)
                assert got == expected
        ranked += sum(1 for p in resolver._numbers.values() if not isinstance(p, list))
    assert ranked > 20  # the indexed path was taken, not only the short lists


def test_rjieba_finds_the_words_jieba_finds_in_the_seeds() -> None:
    import logging

    import jieba
    import rjieba

    from corpus.index import corpus_vocabulary

    jieba.setLogLevel(logging.WARNING)
    docs = [d for s in bundled_sources() for d in process_file(s.path)[1]]
    rust = corpus_vocabulary(docs, lambda t: rjieba.cut_for_search(t, True))
    python = corpus_vocabulary(docs, lambda t: jieba.cut_for_search(t, HMM=True))
    assert len(python) > 5000 and rust == python


def test_the_progress_line_fits_its_width_and_says_what_is_left() -> None:
    line = bar_line("building", 25, 100, 575, 10.0, 60)
    assert len(line) == 60 and "25/100" in line
    full = bar_line("building", 25, 100, 575, 10.0, 200)
    assert "575 documents" in full and "2.5 files/s" in full and "ETA 30s" in full
    assert "ETA 30s" in bar_line("building", 25, 100, 575, 10.0, 64)  # the end is cut first
    assert "ETA 0s" in bar_line("building", 4, 4, 9, 2.0, 200)
    assert duration(185) == "3m05s" and duration(7300) == "2h01m"


def test_the_progress_line_redraws_in_place_with_no_escape_sequences(tmp_path: Path) -> None:
    out = tmp_path / "err.txt"
    with out.open("w", encoding="utf-8") as fh:
        bar = TerminalProgress(fh)
        for k in range(1, 4):
            bar.files(k, 3, k * 23)
        bar("提取引用关系")
    text = out.read_bytes().decode("utf-8")  # read_text would turn \r into \n
    assert text.startswith("\r") and "3/3 files, ETA 0s" in text
    assert text.endswith("\ngongbao: 提取引用关系\n") and "\x1b" not in text


def _build_on(
    stderr_tty: bool, seeds: Path, home: Path, term: str, command: str = "build"
) -> tuple[str, str]:
    """`gongbao build --seeds DIR` (or `add DIR`) with stderr on a pseudo-terminal or a
    pipe: (stdout, stderr)."""
    env = dict(os.environ, GONGBAO_HOME=str(home), TERM=term, COLUMNS="100")
    cmd = [sys.executable, "-m", "corpus.cli", "--db", str(home / "store.json"), command]
    cmd += ["--seeds", str(seeds)] if command == "build" else [str(seeds)]
    if not stderr_tty:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
        return done.stdout, done.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    stdout = proc.communicate(timeout=300)[0].decode("utf-8")
    os.close(master)
    return stdout, b"".join(chunks).decode("utf-8", "replace")


def test_build_shows_one_progress_line_on_a_terminal_and_plain_lines_elsewhere(
    tmp_path: Path,
) -> None:
    seeds = tmp_path / "seeds"
    for name, text in (("c.txt", CENTRAL), ("p.txt", PROVINCIAL), ("h.txt", HEADED)):
        write_issue(seeds, name, text)
    out, err = _build_on(True, seeds, tmp_path / "tty", "xterm")
    assert out.startswith("built ")
    redrawn = re.compile("\r(?!\n)")  # a carriage return that is no line end (the tty's \r\n)
    assert redrawn.search(err) and "3/3 files" in err and "ETA" in err and "\x1b" not in err
    assert "读取" not in err  # the per-file lines became the one line
    out, err = _build_on(True, seeds, tmp_path / "dumb", "dumb")
    assert not redrawn.search(err) and "读取 c.txt" in err
    out, err = _build_on(False, seeds, tmp_path / "pipe", "xterm")
    assert out.startswith("built ") and "\r" not in err
    lines = [ln for ln in err.splitlines() if "读取" in ln or " 篇" in ln]
    assert lines[0] == "gongbao: 读取 c.txt" and lines[1].startswith("gongbao:   ")
    assert lines[1].endswith(" 篇") and len(lines) == 6
    assert json.loads(
        subprocess.run(
            [sys.executable, "-m", "corpus.cli", "--db", str(tmp_path / "pipe" / "store.json")]
            + ["list", "--json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=dict(os.environ, GONGBAO_HOME=str(tmp_path / "pipe")),
            timeout=120,
        ).stdout
    )


def test_add_of_a_directory_shows_the_progress_line_beside_its_lines(tmp_path: Path) -> None:
    folder = tmp_path / "more"
    for name, text in (("c.txt", CENTRAL), ("p.txt", PROVINCIAL), ("h.txt", HEADED)):
        write_issue(folder, name, text)
    out, err = _build_on(True, folder, tmp_path / "tty", "xterm", command="add")
    assert "3/3 files" in err and "ETA" in err and "\x1b" not in err
    # stdout keeps its line per file, whatever stderr shows
    assert [ln for ln in out.splitlines() if "read as" in ln] and "added 3 file(s)" in out
    out, err = _build_on(False, folder, tmp_path / "pipe", "xterm", command="add")
    assert "\r" not in err and "added 3 file(s)" in out
