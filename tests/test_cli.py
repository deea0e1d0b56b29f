"""The command line: `gongbao build/list/show/add`, their output, exit codes and one-line errors.

Most tests call `corpus.cli.main` in-process; one runs the installed `gongbao` script. The
seed store (conftest's `seed_store`) is only read; every build and add goes to a temp path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fake_gazettes import CENTRAL, HEADED, PROVINCIAL, write_issue

from corpus.api import Library
from corpus.cli import main

REQUIRED = ("id", "issue", "section", "title", "doc_number", "issuer", "date", "kind", "parent")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `gongbao ARGV…` in-process: (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own exits (usage errors, --help)
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith("gongbao")  # `gongbao: …`, or `gongbao show: …` for usage
    return lines[0]


@pytest.fixture(scope="module")
def fake_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("fake-seeds")
    write_issue(directory, "central.txt", CENTRAL)
    write_issue(directory, "provincial.txt", PROVINCIAL)
    (directory / "notes.json").write_text(
        "not a source: files no reader exists for are left out\n", encoding="utf-8"
    )
    return directory


@pytest.fixture()
def fake_db(tmp_path: Path, fake_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A store built by `gongbao build --seeds` from two made-up issues."""
    db = tmp_path / "db" / "store.json"
    code, out, _err = run(capsys, "build", "--seeds", str(fake_dir), "--db", str(db))
    assert code == 0
    assert out.startswith(f"built {db}: 2 issues, ")
    return db


# -- list ------------------------------------------------------------------------------


def test_list_json_has_every_document_with_its_fields(
    capsys: pytest.CaptureFixture[str], seed_store: Path, seed_library: Library
) -> None:
    code, out, err = run(capsys, "list", "--json", "--db", str(seed_store))
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [d.id for d in seed_library.documents()]
    for row in rows:
        assert set(REQUIRED) <= set(row)
        assert row["title"] and row["issue"] and row["section"]
        assert row["date"] == "" or len(row["date"]) == 10 and row["date"][4] == "-"
    ids = {r["id"] for r in rows}
    children = [r for r in rows if r["parent"]]
    assert children and all(r["parent"] in ids for r in children)
    by_number = {r["doc_number"]: r for r in rows}
    assert by_number["国办发〔2017〕6号"]["issuer"] == "国务院办公厅"
    assert by_number["国办发〔2017〕6号"]["date"] == "2017-01-19"


def test_list_plain_indents_attached_texts(
    capsys: pytest.CaptureFixture[str], fake_db: Path
) -> None:
    code, out, _ = run(capsys, "list", "--db", str(fake_db))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "国务院公报 2021年第12期  [gwy-2021-12]"
    notice = next(ln for ln in lines if "国办发〔2021〕15号" in ln)
    plan = lines[lines.index(notice) + 1]
    assert plan.endswith("全民健身场地设施建设试点方案")
    indent = len(notice) - len(notice.lstrip())
    assert len(plan) - len(plan.lstrip()) == indent + 2
    assert "  【部门文件】" in lines


def test_list_one_issue(capsys: pytest.CaptureFixture[str], fake_db: Path) -> None:
    code, out, _ = run(capsys, "list", "--json", "--issue", "gwy-2021-12", "--db", str(fake_db))
    assert code == 0
    rows = json.loads(out)
    assert rows and {r["issue"] for r in rows} == {"gwy-2021-12"}


# -- show ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [
        "国办发〔2017〕6号",
        "国办发[2017]6号",
        "国办发〔２０１７〕６号",
        "国办发(2017)6号",
        "国办发 〔2017〕 6 号",
    ],
)
def test_show_accepts_every_form_of_a_doc_number(
    capsys: pytest.CaptureFixture[str], seed_store: Path, ref: str
) -> None:
    code, out, err = run(capsys, "show", ref, "--json", "--db", str(seed_store))
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["doc_number"] == "国办发〔2017〕6号"
    assert doc["title"].endswith("生育保险和职工基本医疗保险合并实施试点方案的通知")


@pytest.mark.parametrize(
    ("ref", "number"),
    [
        ("卫健委令第6号", "第6号"),
        ("银保监会令2021年第1号", "2021年第1号"),
        ("中国人民银行令〔2021〕第1号", "〔2021〕第1号"),
    ],
)
def test_show_finds_orders(
    capsys: pytest.CaptureFixture[str], seed_store: Path, ref: str, number: str
) -> None:
    code, out, _ = run(capsys, "show", ref, "--json", "--db", str(seed_store))
    assert code == 0
    doc = json.loads(out)
    assert (doc["kind"], doc["doc_number"]) == ("令", number)


def test_show_by_id_and_json_body(
    capsys: pytest.CaptureFixture[str], seed_store: Path, seed_library: Library
) -> None:
    docs = seed_library.documents()
    child = next(d for d in docs if d.parent and d.outline)
    order = next(d for d in docs if d.kind == "令")
    sample = {d.id: d for d in (docs[0], docs[-1], child, order)}
    assert len(sample) == 4
    for d in sample.values():
        code, out, _ = run(capsys, "show", d.id, "--json", "--db", str(seed_store))
        assert code == 0
        doc = json.loads(out)
        assert doc["id"] == d.id and doc["title"] == d.title
        assert doc["text"] == "\n".join(p["text"] for p in doc["paragraphs"])
        assert all(set(p) == {"kind", "level", "text"} for p in doc["paragraphs"])
        for h in doc["outline"]:
            assert doc["paragraphs"][h["para"]]["text"].startswith(h["text"][:3])
        assert doc["issue_name"]
        for key in ("addressees", "cites", "cited_by", "repeals", "effective", *REQUIRED):
            assert key in doc


def test_show_plain_reads_like_the_document(
    capsys: pytest.CaptureFixture[str], fake_db: Path
) -> None:
    code, out, _ = run(capsys, "show", "国发〔2021〕12号", "--db", str(fake_db))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "国务院关于加强全民健身场地设施建设的意见"
    assert lines[1] == "国发〔2021〕12号"
    assert "国务院 · 2021-04-02 · 国务院文件 · 国务院公报 2021年第12期" in out
    assert "\u3000\u3000一、总体要求" in lines


def test_unknown_ref_is_exit_4_and_one_line(
    capsys: pytest.CaptureFixture[str], seed_store: Path
) -> None:
    for ref in ("国办发〔2099〕1号", "no-such-id", "卫健委令第99号"):
        code, out, err = run(capsys, "show", ref, "--db", str(seed_store))
        assert code == 4 and out == ""
        assert ref in one_line(err)


# -- usage -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [("show",), ("frobnicate",), ("list", "--bogus"), ("show", "a", "b"), ("--db",)],
    ids=["missing-ref", "unknown-command", "unknown-option", "extra-arg", "missing-value"],
)
def test_bad_usage_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    one_line(err)


def test_help_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "--help")
    assert code == 0 and "REF" in out and err == ""


# -- build -----------------------------------------------------------------------------


def test_build_from_a_directory(capsys: pytest.CaptureFixture[str], fake_db: Path) -> None:
    lib = Library.open(fake_db, build=False)
    assert [i.source for i in lib.issues()] == ["central.txt", "provincial.txt"]  # notes.md ignored


def test_build_with_a_missing_directory(
    capsys: pytest.CaptureFixture[str], fake_db: Path, tmp_path: Path
) -> None:
    before = fake_db.read_bytes()
    missing = tmp_path / "no-such-dir"
    code, out, err = run(capsys, "build", "--seeds", str(missing), "--db", str(fake_db))
    assert code != 0 and out == ""
    assert str(missing) in one_line(err)
    assert fake_db.read_bytes() == before


def test_build_with_an_empty_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _out, err = run(capsys, "build", "--seeds", str(empty), "--db", str(tmp_path / "s.json"))
    assert code != 0 and str(empty) in one_line(err)
    assert not (tmp_path / "s.json").exists()


def test_build_with_a_bad_file_keeps_the_previous_store(
    capsys: pytest.CaptureFixture[str], fake_db: Path, tmp_path: Path
) -> None:
    before = fake_db.read_bytes()
    directory = tmp_path / "mixed"
    write_issue(directory, "a.txt", CENTRAL)
    bad = directory / "b.txt"
    bad.write_bytes(b"\x00\xff\xfe binary \x00" * 50)
    code, out, err = run(capsys, "build", "--seeds", str(directory), "--db", str(fake_db))
    assert code == 2
    last = err.strip().splitlines()[-1]  # progress lines come first, the error is the last
    assert str(bad) in last and last.startswith("gongbao: ")
    assert "built" not in out
    assert fake_db.read_bytes() == before


# -- add -------------------------------------------------------------------------------


def test_add_an_issue_and_add_it_again(
    capsys: pytest.CaptureFixture[str], fake_db: Path, tmp_path: Path
) -> None:
    new = write_issue(tmp_path / "incoming", "headed.txt", HEADED)
    code, out, _err = run(capsys, "add", str(new), "--db", str(fake_db))
    assert code == 0
    assert f"{new}: 国务院公报 2021年第13期, 3 documents" in out
    lib = Library.open(fake_db, build=False)
    ids = [i.id for i in lib.issues()]
    assert (
        len(ids) == 3
        and ids[0] == "gwy-2021-12"
        and ids[1].startswith("sc-2019-")
        and ids[2] == "gwy-2021-13"
    )
    assert lib.document("国办函〔2021〕30号") is not None

    before = fake_db.read_bytes()
    code, out, _err = run(capsys, "add", str(new), "--db", str(fake_db))
    assert code == 0
    assert "already in the store" in out
    assert fake_db.read_bytes() == before

    # the added issue is kept when the store is rebuilt from its recorded sources
    code, out, _ = run(capsys, "list", "--json", "--db", str(fake_db))
    assert "gwy-2021-13" in {r["issue"] for r in json.loads(out)}


def test_a_collection_lists_without_an_empty_section_and_counts_one_document(
    capsys: pytest.CaptureFixture[str], fake_db: Path
) -> None:
    """A collection has no sections: `list` prints no empty 【】 line, and `add` says
    `1 document`, not `1 documents`."""
    md = Path(__file__).parent / "fixtures" / "formats" / "cee_gdsxzzfgsbf.md"
    code, out, _err = run(capsys, "add", str(md), "--db", str(fake_db))
    assert code == 0
    assert f"{md}: 广东省人民政府, 1 document (read as Markdown; collection)" in out
    code, out, _ = run(capsys, "list", "--db", str(fake_db))
    assert code == 0
    lines = out.splitlines()
    assert "【】" not in out
    head = next(i for i, ln in enumerate(lines) if ln.startswith("广东省人民政府  [col-"))
    doc = next(ln for ln in lines[head + 1 :] if "广东省行政执法公示办法" in ln)
    assert doc.startswith("    col-") and "  2021-05-21  广东省行政执法公示办法" in doc


def test_add_a_bad_or_missing_file_changes_nothing(
    capsys: pytest.CaptureFixture[str], fake_db: Path, tmp_path: Path
) -> None:
    before = fake_db.read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for path in (empty, tmp_path / "missing.txt"):
        code, out, err = run(capsys, "add", str(path), "--db", str(fake_db))
        assert code == 2 and out == ""
        assert str(path) in one_line(err)
    assert fake_db.read_bytes() == before


# -- the store's location --------------------------------------------------------------


def test_gongbao_db_is_honoured_and_db_overrides_it(
    capsys: pytest.CaptureFixture[str],
    fake_db: Path,
    seed_store: Path,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GONGBAO_DB", str(fake_db))
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    assert {r["issue"] for r in json.loads(out)} == {
        i.id for i in Library.open(fake_db, build=False).issues()
    }
    for argv in (
        ("list", "--json", "--db", str(seed_store)),
        ("--db", str(seed_store), "list", "--json"),
    ):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and "gwy-2021-10" in {r["issue"] for r in json.loads(out)}
    assert not home.exists() or not (home / "store.json").exists()


def test_a_missing_store_is_built_from_the_seeds_and_says_so(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    code, out, err = run(capsys, "show", "国发〔2021〕6号", "--json")
    assert code == 0
    assert "首次使用" in err.splitlines()[0]
    assert json.loads(out)["doc_number"] == "国发〔2021〕6号"
    assert (home / "store.json").is_file()
    code, _out, err = run(capsys, "show", "国发〔2021〕6号")
    assert (code, err) == (0, "")  # built once, then only read


def test_a_corrupt_store_is_exit_3_and_left_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "store.json"
    db.write_bytes(b'{"meta": {"1": {"schema"')
    code, out, err = run(capsys, "list", "--db", str(db))
    assert code == 3 and out == ""
    assert str(db) in one_line(err)
    assert db.read_bytes() == b'{"meta": {"1": {"schema"'


# -- the installed script --------------------------------------------------------------


def _script() -> str:
    found = Path(sys.executable).with_name("gongbao")
    if found.exists():
        return str(found)
    which = shutil.which("gongbao")
    assert which, "the gongbao script is installed with the package"
    return which


def test_the_installed_script(seed_store: Path, tmp_path: Path) -> None:
    env = dict(os.environ, GONGBAO_HOME=str(tmp_path / "home"), LANG="C.UTF-8")
    env.pop("GONGBAO_DB", None)
    script = _script()
    done = subprocess.run(
        [script, "list", "--json", "--db", str(seed_store)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    rows = json.loads(done.stdout.decode("utf-8"))
    assert len(rows) == len(Library.open(seed_store, build=False).documents())
    done = subprocess.run(
        [script, "show", "国办发〔2099〕1号", "--db", str(seed_store)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 4 and done.stdout == b""
    err = done.stderr.decode("utf-8")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    done = subprocess.run([script, "frobnicate"], capture_output=True, env=env, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr.decode("utf-8")
