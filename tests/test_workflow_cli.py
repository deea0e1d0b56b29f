"""What a researcher takes away, from the command line: exports, citations, references.

All on the real seed store (conftest's `seed_store`, only read); exports go to temp dirs.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from corpus.api import Library
from corpus.cite import STYLES, cite
from corpus.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


# -- export --------------------------------------------------------------------------------
def test_export_holds_the_notice_and_the_plan_it_issues(
    capsys: pytest.CaptureFixture[str], seed_store: Path, seed_library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "notice.md"
    code, stdout, _ = run(
        capsys, "export", "国办发〔2017〕6号", "-o", str(out), "--db", str(seed_store)
    )
    assert code == 0 and stdout.strip() == str(out.resolve())
    body = out.read_text(encoding="utf-8")
    # the cover notice, then the 方案 it 印发 under its own title, each with a header
    assert body.startswith(
        "# 国务院办公厅关于印发生育保险和职工基本医疗保险合并实施试点方案的通知\n"
    )
    assert "\n## 生育保险和职工基本医疗保险合并实施试点方案\n" in body
    assert "- 发文字号：国办发〔2017〕6号" in body and "- 印发：国办发〔2017〕6号" in body
    assert "### 一、总体要求" in body
    notice = seed_library.document("国办发〔2017〕6号")
    assert notice is not None
    (plan,) = [seed_library.document(c) for c in notice.children]
    assert plan is not None
    for p in plan.paragraphs:  # the whole plan, not the 659-byte cover
        assert p.text.strip(" \u3000")[:30] in body
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_never_overwrites_unless_forced(
    capsys: pytest.CaptureFixture[str], seed_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "keep.txt"
    out.write_text("mine", encoding="utf-8")
    code, _, err = run(
        capsys, "export", "国发〔2016〕49号", "-o", str(out), "--db", str(seed_store)
    )
    assert code == 2 and "exists" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "mine"
    code, _, _ = run(
        capsys, "export", "国发〔2016〕49号", "-o", str(out), "--force", "--db", str(seed_store)
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("国务院关于推进中央与地方财政事权和支出责任划分改革的指导意见\n")
    assert "\n\u3000\u3000" in text  # paragraphs keep the print indent in plain text


def test_export_format_follows_the_suffix(
    capsys: pytest.CaptureFixture[str], seed_store: Path, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "export", "第6号", "-o", str(tmp_path / "x.html"), "--db", str(seed_store)
    )
    assert code == 2 and ".html" in err and not (tmp_path / "x.html").exists()
    code, _, err = run(
        capsys, "export", "第6号", "-o", str(tmp_path / "x.md"), "--format", "txt",
        "--db", str(seed_store),
    )  # fmt: skip
    assert code == 2
    code, stdout, _ = run(
        capsys, "export", "第6号", "--format", "docx", "-o", str(tmp_path), "--db", str(seed_store)
    )
    assert code == 0
    written = Path(stdout.strip())
    assert written.suffix == ".docx" and written.parent == tmp_path.resolve()
    import docx

    paragraphs = [p.text for p in docx.Document(str(written)).paragraphs]
    # the order, then the 办法 it 发布s, with the order's full number in its header
    assert paragraphs[0] == "中华人民共和国国家卫生健康委员会令（第6号）"
    assert "职业病诊断与鉴定管理办法" in paragraphs
    assert "发布：国家卫生健康委员会令第6号" in paragraphs
    assert "第一条\u3000为了规范职业病诊断与鉴定工作" in "\n".join(paragraphs).replace(
        "　", "\u3000"
    )
    assert len(paragraphs) > 150


def test_export_unknown_ref(capsys: pytest.CaptureFixture[str], seed_store: Path) -> None:
    code, _, err = run(capsys, "export", "国发〔1999〕1号", "--db", str(seed_store))
    assert code == 4 and len(err.strip().splitlines()) == 1


# -- cite --------------------------------------------------------------------------------------
def test_plain_citations_fit_the_kind(seed_library: Library) -> None:
    lib = seed_library

    def plain(ref: str) -> str:
        doc = lib.document(ref)
        assert doc is not None
        return cite(doc, lib.document, lib.issue)

    assert plain("国办发〔2017〕6号") == (
        "《国务院办公厅关于印发生育保险和职工基本医疗保险合并实施试点方案的通知》（国办发〔2017〕6号）"
    )
    rule = next(d for d in lib.documents() if d.title == "职业病诊断与鉴定管理办法")
    assert plain(rule.id) == "《职业病诊断与鉴定管理办法》（国家卫生健康委员会令第6号）"
    plan = next(
        d for d in lib.documents() if d.title == "生育保险和职工基本医疗保险合并实施试点方案"
    )
    assert plain(plan.id) == "《生育保险和职工基本医疗保险合并实施试点方案》（国办发〔2017〕6号）"
    for doc in lib.documents():
        text = plain(doc.id)
        assert "））" not in text and "期号不详" not in text and "《《" not in text, text
        assert text.count("《") == 1 or doc.kind == "令"


def test_cite_styles_for_reference_managers(
    capsys: pytest.CaptureFixture[str], seed_store: Path
) -> None:
    refs = ("国办发〔2017〕6号", "卫健委令第6号")
    db = ("--db", str(seed_store))
    code, out, _ = run(capsys, "cite", *refs, "--style", "gbt7714", *db)
    assert code == 0
    first, second = out.strip().splitlines()
    assert (
        first.startswith("[1] 国务院办公厅. 国务院办公厅关于印发")
        and "国办发〔2017〕6号[J]. 四川省人民政府公报, 2017" in first
    )
    assert second == "[2] 国家卫生健康委员会. 国家卫生健康委员会令第6号[J]. 国务院公报, 2021(10)."
    code, out, _ = run(capsys, "cite", *refs, "--style", "csl-json", *db)
    items = json.loads(out)
    assert [i["type"] for i in items] == ["document", "legislation"]
    assert items[0]["number"] == "国办发〔2017〕6号" and items[0]["author"] == [
        {"literal": "国务院办公厅"}
    ]
    assert items[1]["issued"] == {"date-parts": [[2021, 1, 4]]} and items[1]["issue"] == "10"
    code, out, _ = run(capsys, "cite", *refs, "--style", "ris", *db)
    records = out.strip("\n").split("\n\n")
    assert len(records) == 2
    for rec in records:
        lines = rec.splitlines()
        assert re.match(r"^TY  - (GOVDOC|STAT)$", lines[0]) and lines[-1] == "ER  - "
        assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines)
    code, out, _ = run(capsys, "cite", *refs, "--style", "bibtex", *db)
    assert out.count("@article{") == 2 and "author = {{国务院办公厅}}" in out
    code, _, err = run(capsys, "cite", "国办发〔2017〕6号", "--style", "apa", *db)
    assert code == 2
    code, _, err = run(capsys, "cite", "国发〔1999〕1号", *db)
    assert code == 4
    assert set(STYLES) == {"plain", "gbt7714", "bibtex", "csl-json", "ris"}


# -- refs ---------------------------------------------------------------------------------------
def refs_json(capsys: pytest.CaptureFixture[str], seed_store: Path, ref: str) -> dict:
    code, out, _ = run(capsys, "refs", ref, "--json", "--db", str(seed_store))
    assert code == 0
    return json.loads(out)


def test_forwarded_guidance_is_forwarded_not_issued(
    capsys: pytest.CaptureFixture[str], seed_store: Path
) -> None:
    guide = refs_json(capsys, seed_store, "国发〔2016〕49号")
    (entry,) = [e for e in guide["entries"] if e["doc_number"] == "川府发〔2017〕4号"]
    assert entry["relation"] == "forwarded_by" and entry["relation_zh"] == "转发于"
    notice = refs_json(capsys, seed_store, "川府发〔2017〕4号")
    same = [e for e in notice["entries"] if e["doc_number"] == "国发〔2016〕49号"]
    assert len(same) == 1  # once, with all its mentions
    assert same[0]["relation"] == "forwards" and len(same[0]["mentions"]) > 1
    assert same[0]["date"] == "2016-08-16"
    assert all("relation" in c for c in notice["cites"])


def test_refs_name_relations_and_drop_forms_and_self(
    capsys: pytest.CaptureFixture[str], seed_store: Path, seed_library: Library
) -> None:
    rule = next(d for d in seed_library.documents() if d.title == "职业病诊断与鉴定管理办法")
    data = refs_json(capsys, seed_store, rule.id)
    by_title = {e["title"]: e for e in data["entries"]}
    assert by_title["中华人民共和国职业病防治法"]["relation"] == "based_on"  # 根据《…》
    assert data["entries"][0]["relation"] == "published_by"
    assert data["entries"][0]["doc_number"] == "国家卫生健康委员会令第6号"
    # forms and certificates are no citations
    assert not [t for t in by_title if t.endswith(("许可证", "登记表"))]
    # its own title appears only as the old 办法 it repeals, never as a citation
    own = [e for e in data["entries"] if e["title"] == rule.title]
    assert [e["relation"] for e in own] == ["repeals"]
    assert rule.id not in {e["target"] for e in data["entries"]}
    decision = next(d for d in seed_library.documents() if "修改和废止" in d.title)
    relations = {e["relation"] for e in refs_json(capsys, seed_store, decision.id)["entries"]}
    assert {"published_by", "amends", "repeals"} <= relations


def test_refs_text_groups_by_relation(capsys: pytest.CaptureFixture[str], seed_store: Path) -> None:
    code, out, _ = run(capsys, "refs", "川府发〔2017〕4号", "--db", str(seed_store))
    assert code == 0
    assert "转发 forwards (1):" in out
    assert out.count("国发〔2016〕49号") == 1


# -- search arguments ---------------------------------------------------------------------------
def test_search_query_starting_with_a_dash(
    capsys: pytest.CaptureFixture[str], seed_store: Path
) -> None:
    db = ("--db", str(seed_store))
    code, out, _ = run(capsys, "search", "--limit", "50", "--json", *db, "--", "-乡村振兴")
    assert code == 0
    found = json.loads(out)
    assert found and not any("乡村振兴" in r["title"] for r in found)
    # without --, options may come first and an exclusion is still a query word
    code, plain_out, _ = run(capsys, "search", "-n", "50", "-乡村振兴", *db)
    assert code == 0 and plain_out.count("\n") >= len(found)
    code, out2, _ = run(capsys, "search", "--json", "脱贫", "-乡村", *db, "--limit", "5")
    assert code in (0, 1) and isinstance(json.loads(out2), list)
    code, out, _ = run(capsys, "search", "--help")
    assert "gongbao search -- -乡村振兴" in out


def test_default_export_names_tell_orders_apart(seed_library: Library) -> None:
    from corpus.export import default_filename

    orders = [d for d in seed_library.documents() if d.kind == "令"]
    names = [default_filename(d) for d in orders]
    assert len(orders) >= 5 and len(set(names)) == len(names)
    weijian = next(d for d in orders if d.doc_number == "第6号")
    assert default_filename(weijian) == "国家卫生健康委员会令第6号.md"
    notice = seed_library.document("国办发〔2017〕6号")
    assert notice is not None and default_filename(notice) == "国办发〔2017〕6号.md"
