"""`gongbao add` updates the links instead of recomputing them: the result must be exactly what
a full extraction over the whole store gives, on the real seeds and real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from corpus import links as links_module
from corpus import store
from corpus.api import Library
from corpus.cli import main
from corpus.links import LINKS_VERSION, extract_links, refs_for

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
SICHUAN, STATE_COUNCIL = "000_d5f3b22cfb2f0cfd.txt", "003_3e333828b05b8474.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    return out


def seed_dir(tmp_path: Path, name: str, files: list[Path]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def add_in_place(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path, file: Path
) -> None:
    """`gongbao add FILE`, failing if it falls back to a rebuild (a full extraction)."""

    def no_full_extraction(_docs: object) -> object:
        raise AssertionError("add recomputed the links of the whole store")

    with monkeypatch.context() as m:
        m.setattr(links_module, "extract_links", no_full_extraction)
        run(capsys, "add", str(file), "--db", str(db))


def refs_json(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, Any]:
    """`gongbao refs --json` of every document of the store."""
    ids = [d.id for d in Library.open(db, build=False).documents()]
    return {i: json.loads(run(capsys, "refs", i, "--json", "--db", str(db))) for i in ids}


def assert_links_are_a_full_extraction(db: Path) -> None:
    """The stored links equal `extract_links` over every document, in the store's order,
    and so does what `refs` makes of them for each document."""
    lib = Library.open(db, build=False)
    docs = lib.documents()
    stored = store.load(db)["links"]
    full = extract_links(docs)
    assert set(stored) == set(full)
    for key in full:
        assert stored[key] == full[key], key
    by_id = {d.id: d for d in docs}
    for d in docs:
        assert refs_for(stored, d.id, by_id).to_dict() == refs_for(full, d.id, by_id).to_dict()


@pytest.mark.parametrize(("first", "then"), [(SICHUAN, STATE_COUNCIL), (STATE_COUNCIL, SICHUAN)])
def test_adding_a_seed_to_the_other_links_as_a_full_build(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    first: str,
    then: str,
) -> None:
    db = tmp_path / "inc" / "store.json"
    run(
        capsys, "build", "--seeds", str(seed_dir(tmp_path, "one", [SEEDS / first])), "--db", str(db)
    )
    add_in_place(capsys, monkeypatch, db, SEEDS / then)
    assert_links_are_a_full_extraction(db)
    stored = store.load(db)["links"]
    assert stored["cited_by"] and stored["parents"] and stored["repeals"]
    if first == SICHUAN:  # same order as a build of both: the same refs, document by document
        both = tmp_path / "full" / "store.json"
        folder = seed_dir(tmp_path, "both", [SEEDS / first, SEEDS / then])
        run(capsys, "build", "--seeds", str(folder), "--db", str(both))
        assert refs_json(capsys, db) == refs_json(capsys, both)


@pytest.mark.parametrize(
    "fixture",
    ["govdoc-cn_397.txt", "cee_gdsxzzfgsbf.md", "pkulaw_CLI.12.4638041_皖政办秘2021-82.txt"],
)
def test_adding_a_file_to_the_seeds_links_as_a_full_build(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fixture: str,
) -> None:
    db = tmp_path / "inc" / "store.json"
    seeds = seed_dir(tmp_path, "seeds", [SEEDS / SICHUAN, SEEDS / STATE_COUNCIL])
    run(capsys, "build", "--seeds", str(seeds), "--db", str(db))
    before = store.load(db)["links"]
    add_in_place(capsys, monkeypatch, db, FORMATS / fixture)
    assert_links_are_a_full_extraction(db)
    after = store.load(db)["links"]
    assert len(after["citations"]) > len(before["citations"])  # the file's own citations
    both = tmp_path / "full" / "store.json"
    run(capsys, "build", "--seeds", str(seeds), "--db", str(both))
    run(capsys, "add", str(FORMATS / fixture), "--db", str(both))
    run(capsys, "build", "--db", str(both), "--seeds", str(seeds))  # a full build of all three
    assert refs_json(capsys, db) == refs_json(capsys, both)


def test_an_add_to_a_store_with_damaged_links_rebuilds_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "inc" / "store.json"
    run(
        capsys,
        "build",
        "--seeds",
        str(seed_dir(tmp_path, "one", [SEEDS / SICHUAN])),
        "--db",
        str(db),
    )
    (links_file,) = store.shards_dir(db).glob("links.*.json")
    damaged = {"version": LINKS_VERSION, "citations": 7}  # of this version, but no mapping
    links_file.write_text(json.dumps({"documents": {"1": {"data": damaged}}}))
    run(capsys, "add", str(SEEDS / STATE_COUNCIL), "--db", str(db))
    assert_links_are_a_full_extraction(db)
