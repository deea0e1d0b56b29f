"""`gongbao add` reads and writes only what the added issues change; what the store holds
afterwards must be exactly what a full build of the same files stores: every issue's
catalog, text, links and facts, the look-ups (文号 numbers, vocabulary, citable documents,
waiting citations), the facts about documents outside the store, and the search answers.
Real seeds and real files, in several orders and splits."""

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

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
SICHUAN = SEEDS / "000_d5f3b22cfb2f0cfd.txt"
STATE_COUNCIL = SEEDS / "003_3e333828b05b8474.txt"
GOVDOC = FORMATS / "govdoc-cn_397.txt"
PKULAW = FORMATS / "pkulaw_CLI.12.4638041_皖政办秘2021-82.txt"
MARKDOWN = FORMATS / "cee_gdsxzzfgsbf.md"
#: Real documents in every form `add` reads (北大法宝 exports, Markdown, Word, web copies).
MANY = sorted(
    [
        *FORMATS.glob("pkulaw_*.txt"),
        *FORMATS.glob("cee_*.md"),
        *FORMATS.glob("flk_*.docx"),
        *(FORMATS / "more").glob("*.md"),
        *(FORMATS / "more").glob("*_excerpt.txt"),
    ]
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def contents(db: Path) -> dict[str, Any]:
    """Everything the store holds, file by file, by what each file is for."""
    catalog = store.read_catalog(db)
    meta = catalog["meta"]
    out: dict[str, Any] = {
        "issues": catalog["issues"],
        "sources": [s["sha256"] for s in meta["sources"]],
        "documents": meta["documents"],
        "strays": meta["strays"],
    }
    for issue in catalog["issues"]:
        i = issue["id"]
        out[f"catalog {i}"] = store.read_tables(db, meta["catalogs"][i])
        out[f"text {i}"] = store.read_tables(db, meta["shards"][i])
        out[f"links {i}"] = store.read_refs(db, meta["refs"].get(i))
        out[f"facts {i}"] = store.read_facts(db, meta["facts"]["issues"][i])
    for key, name in meta["files"].items():
        out[key] = store.read_tables(db, name)
    out["facts outside"] = store.read_facts(db, meta["facts"]["file"])
    names = ("shards", "catalogs", "refs", "files", "facts")
    out["file names"] = {k: meta[k] for k in names}  # content-addressed: same content, same name
    return out


def answers(db: Path) -> dict[str, Any]:
    lib = Library.open(db, build=False)
    out: dict[str, Any] = {}
    for q in ("护士", "国务院 通知", "偿付能力", "废止", "医疗机构执业许可证"):
        out[q] = [(r.id, round(r.score, 4)) for r in lib.search(q, limit=20)]
    today = "2026-01-01"
    for d in lib.documents():
        out[d.id] = (lib.status(d.id, today), lib.history(d.id), lib.refs(d.id).to_dict())
    return out


@pytest.mark.parametrize(
    ("files", "built", "batches"),
    [
        ([SICHUAN, STATE_COUNCIL, GOVDOC], 1, [[2], [3]]),
        ([STATE_COUNCIL, SICHUAN, PKULAW, MARKDOWN], 1, [[2], [3, 4]]),
        ([PKULAW, GOVDOC, STATE_COUNCIL, SICHUAN], 2, [[3], [4]]),
        (
            [SICHUAN, STATE_COUNCIL, *MANY],
            2,
            [list(range(3, 3 + len(MANY) // 2)), list(range(3 + len(MANY) // 2, 3 + len(MANY)))],
        ),
    ],
)
def test_a_store_added_to_holds_what_a_full_build_holds(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    files: list[Path],
    built: int,
    batches: list[list[int]],
) -> None:
    named = tmp_path / "files"
    named.mkdir()
    paths = []
    for k, f in enumerate(files, 1):  # names sort in the order given: the build's order
        paths.append(named / f"{k:02d}_{f.name}")
        shutil.copy(f, paths[-1])
    first, every = tmp_path / "first", tmp_path / "every"
    first.mkdir()
    every.mkdir()
    for k, p in enumerate(paths, 1):
        shutil.copy(p, every / p.name)
        if k <= built:
            shutil.copy(p, first / p.name)
    db = tmp_path / "inc" / "store.json"
    run(capsys, "--db", str(db), "build", "--seeds", str(first))

    def no_full_extraction(_docs: object) -> object:
        raise AssertionError("add recomputed the links of the whole store")

    for batch in batches:
        with monkeypatch.context() as m:
            m.setattr(links_module, "extract_links", no_full_extraction)
            run(capsys, "--db", str(db), "add", *(str(paths[k - 1]) for k in batch))
    full = tmp_path / "full" / "store.json"
    run(capsys, "--db", str(full), "build", "--seeds", str(every))
    got, want = contents(db), contents(full)
    assert got.keys() == want.keys()
    for key in want:
        if key != "file names":
            assert got[key] == want[key], key
    assert got["file names"] == want["file names"]
    assert answers(db) == answers(full)


@pytest.mark.parametrize("damage", ["citables", "waiting"])
def test_an_add_to_a_store_with_a_damaged_look_up_rebuilds_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, damage: str
) -> None:
    """A look-up `add` relies on that is gone or does not fit the catalog: the add rebuilds
    the store instead, which then holds what a full build holds."""
    first, every = tmp_path / "first", tmp_path / "every"
    first.mkdir()
    every.mkdir()
    for k, f in enumerate([SICHUAN, STATE_COUNCIL], 1):
        shutil.copy(f, every / f"{k}_{f.name}")
    shutil.copy(SICHUAN, first / f"1_{SICHUAN.name}")
    db = tmp_path / "inc" / "store.json"
    run(capsys, "--db", str(db), "build", "--seeds", str(first))
    name = store.read_catalog(db)["meta"]["files"][damage]
    if damage == "citables":  # one document short: of another store
        rows = store.read_single(db, name)
        data = {"documents": {"1": {"data": rows[:-1]}}}
        (store.shards_dir(db) / name).write_text(json.dumps(data, ensure_ascii=False))
    else:
        (store.shards_dir(db) / name).unlink()
    run(capsys, "--db", str(db), "add", str(every / f"2_{STATE_COUNCIL.name}"))
    full = tmp_path / "full" / "store.json"
    run(capsys, "--db", str(full), "build", "--seeds", str(every))
    assert contents(db) == contents(full)
