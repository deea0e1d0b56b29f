"""时效性, 修订沿革, chains, diffs and the cite-check, on the store built from the seeds."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from corpus.api import Library
from corpus.cli import main
from corpus.diff import chinese_number, diff_documents
from corpus.errors import QueryError
from corpus.history import parse_note
from corpus.model import Document, Paragraph
from corpus.status import VALUES, status_of

NURSES = "gwy-2021-10-31835e"  # 护士执业注册管理办法 (2008, revised 2021)
MATERNAL = "gwy-2021-10-05a48a"  # 母婴保健专项技术服务许可及人员资格管理办法
DECISION = "gwy-2021-10-48a667"  # 国家卫生健康委关于修改和废止〈…〉等3件部门规章的决定
SOLVENCY = "gwy-2021-10-bab35c"  # 保险公司偿付能力管理规定 (2021)


def _evidence_is_real(lib: Library, ev: dict) -> None:
    """Evidence quotes a paragraph that exists, in the document it names."""
    doc = lib.document(ev["id"])
    assert doc is not None
    if ev["para"] >= 0:
        para = doc.paragraphs[ev["para"]].text
        quoted = ev["text"].rstrip("…")
        assert quoted[:40] in para, (ev, para)


def test_every_seed_document_has_a_status_backed_by_evidence(seed_library: Library) -> None:
    seen = set()
    for doc in seed_library.documents():
        st = seed_library.status(doc.id).to_dict()
        assert st["value"] in VALUES
        seen.add(st["value"])
        if st["value"] == "未知":
            assert st["evidence"] == []
            continue
        assert st["evidence"], doc.id
        for ev in st["evidence"]:
            _evidence_is_real(seed_library, ev)
    assert "现行有效" in seen


def test_status_of_orders_and_revised_regulations(seed_library: Library) -> None:
    st = seed_library.status(SOLVENCY, today="2026-01-01")
    assert (st.value, st.since) == ("现行有效", "2021-03-01")
    assert "自2021年3月1日起施行" in st.evidence[0].text and st.evidence[0].para == 85
    nurses = seed_library.status(NURSES, today="2026-01-01")
    assert (nurses.value, nurses.since) == ("现行有效", "2021-01-08")
    assert any(e.para == 0 and "修订" in e.text for e in nurses.evidence)


def test_not_yet_in_force_against_today(seed_library: Library) -> None:
    st = seed_library.status(SOLVENCY, today="2021-02-01")
    assert (st.value, st.since) == ("尚未生效", "2021-03-01")


def test_imported_status_field_is_read_with_its_source(seed_library: Library) -> None:
    """`source_status` is what the formats readers take from 【时效性】, front matter, flk."""
    doc = dataclasses.replace(seed_library.document("国发〔2021〕6号"), source_status="失效")  # type: ignore[type-var]
    st = status_of(doc, seed_library.facts(), "2026-01-01")
    assert st.value == "已废止" and st.evidence[0].text == "时效性：失效"  # as the source says
    assert st.evidence[0].para == -1 and "imported" in st.evidence[0].note
    doc = dataclasses.replace(doc, source_status="现行有效")
    assert status_of(doc, seed_library.facts(), "2026-01-01").value == "现行有效"


def test_repealed_document_not_in_the_store_is_known(seed_library: Library) -> None:
    for ref in ("保监会令2008年第1号", "中国保险监督管理委员会令2008年第1号"):
        out = seed_library.outside(ref)
        assert out is not None
        assert out.status.value == "已废止" and out.status.since == "2021-03-01"
        ev = out.status.evidence[0]
        assert ev.id == SOLVENCY and ev.para == 85 and "同时废止" in ev.text
    # 银保监会 is not 保监会: a different issuer's order of that number is not it
    assert seed_library.outside("银保监会令2008年第1号") is None
    amended = seed_library.outside("卫生部令第59号")
    assert amended is not None and amended.status.value == "已修改"
    assert amended.status.since == "2021-01-08" and amended.current == NURSES


def test_show_answers_for_a_document_not_in_the_store(seed_store: Path, capsys) -> None:  # noqa: ANN001
    assert main(["--db", str(seed_store), "show", "保监会令2008年第1号"]) == 0
    out = capsys.readouterr().out
    assert "not in the store" in out and "已废止" in out and SOLVENCY in out
    assert main(["--db", str(seed_store), "show", "保监会令2008年第1号", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["in_store"] is False and data["status"]["value"] == "已废止"
    assert main(["--db", str(seed_store), "show", "保监会令2009年第9号"]) == 4


def test_show_json_has_status_and_history(seed_store: Path, capsys) -> None:  # noqa: ANN001
    assert main(["--db", str(seed_store), "show", NURSES, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["in_store"] is True
    assert set(data["status"]) == {"value", "since", "evidence"}
    assert data["history"][0] == {
        "date": "2008-05-06",
        "action": "公布",
        "by": "卫生部令第59号",
        "doc_number": "卫生部令第59号",
    }


def test_history_of_the_nurses_regulation(seed_library: Library) -> None:
    events = [e.to_dict() for e in seed_library.history(NURSES)]
    assert [(e["date"], e["action"]) for e in events] == [
        ("2008-05-06", "公布"),
        ("2008-05-12", "施行"),
        ("2021-01-08", "修订"),
    ]
    assert events[-1]["id"] == DECISION and events[-1]["by"].startswith(
        "国家卫生健康委关于修改和废止"
    )


def test_history_of_the_maternal_health_regulation(seed_library: Library) -> None:
    events = [e.to_dict() for e in seed_library.history(MATERNAL)]
    dated = [(e["date"], e["action"]) for e in events if e["action"] != "施行"]
    assert dated == [("1995-08-07", "公布"), ("2019-02-28", "修订"), ("2021-01-08", "修订")]
    assert events[0]["doc_number"] == "卫妇发〔1995〕7号"
    assert "id" not in events[2] and "职业健康检查管理办法" in events[2]["by"]
    assert events[-1]["id"] == DECISION


def test_note_with_a_space_between_events() -> None:
    note = (
        "（2008年5月6日卫生部令第59号公布　根据2021年1月8日《国家卫生健康委关于修改和废止"
        "〈母婴保健专项技术服务许可及人员资格管理办法〉等3件部门规章的决定》修订）"
    )
    events = parse_note(note)
    assert [(e.date, e.action, e.doc_number) for e in events] == [
        ("2008-05-06", "公布", "卫生部令第59号"),
        ("2021-01-08", "修订", ""),
    ]
    assert parse_note("（一）具有完全民事行为能力；") == []


def test_status_filter_in_search(seed_library: Library) -> None:
    found = seed_library.search("status:有效", limit=100)
    assert found and all(seed_library.status(r.id).value == "现行有效" for r in found)
    unknown = seed_library.search("-status:有效", limit=100)
    assert {r.id for r in found}.isdisjoint(r.id for r in unknown)
    assert seed_library.index.run("status:废止").total == 0
    with pytest.raises(QueryError):
        seed_library.search("status:永久")


def test_chain_from_the_central_text_through_the_provincial_forward(seed_library: Library) -> None:
    chain = seed_library.chain(seed_library.document("国发〔2016〕49号").id)  # type: ignore[union-attr]
    down = [x for x in chain.links if x.direction == "down"]
    assert [(x.relation, x.doc_number, x.date) for x in down] == [
        ("转发", "川府发〔2017〕4号", "2017-01-17")
    ]
    timeline = [x.date for x in chain.timeline()]
    assert timeline == sorted(timeline)
    back = seed_library.chain(down[0].id)  # type: ignore[arg-type]
    assert [(x.relation, x.doc_number) for x in back.links if x.direction == "up"] == [
        ("转发", "国发〔2016〕49号")
    ]


def test_chain_of_a_regulation_names_what_it_rests_on_and_repeals(seed_library: Library) -> None:
    chain = seed_library.chain(SOLVENCY).to_dict()
    ups = {(x["relation"], x["title"], x["in_store"]) for x in chain["upstream"]}
    assert ("依据", "中华人民共和国保险法", False) in ups
    assert ("废止", "保险公司偿付能力管理规定", False) in ups
    assert any(
        x["relation"] == "发布" and x["id"] == "gwy-2021-10-3dfe35" for x in chain["upstream"]
    )
    assert "中国银行保险监督管理委员会令2021年第1号" in {x["doc_number"] for x in chain["upstream"]}


def test_chain_command(seed_store: Path, capsys) -> None:  # noqa: ANN001
    assert main(["--db", str(seed_store), "chain", "国发[2016]49号", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["downstream"][0]["doc_number"] == "川府发〔2017〕4号"
    assert main(["--db", str(seed_store), "chain", "国发〔2016〕49号"]) == 0
    assert "↓ 转发 川府发〔2017〕4号" in capsys.readouterr().out


DRAFT = (
    "关于做好有关工作的通知\n"
    "各单位：\n"
    "　　根据《国务院关于推进中央与地方财政事权和支出责任划分改革的指导意见》（国发〔2016〕49号），"
    "结合《国务院关于落实〈政府工作报告〉重点工作分工的意见》（国发〔2021〕7号）要求，\n"
    "请参照《保险公司偿付能力管理规定》（保监会令2008年第1号）执行。\n"
)


def test_check_finds_a_mismatch_and_a_repealed_order(
    seed_store: Path, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    assert main(["--db", str(seed_store), "check", str(draft), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["kind"] for f in findings] == ["resolved", "mismatch", "repealed"]
    ok, wrong, repealed = findings
    assert ok["id"] == "sc-2017-3ca3f0-f5a48d" and (ok["line"], ok["column"]) == (3, 5)
    assert (
        wrong["suggestion"].endswith("（国发〔2021〕6号）") and wrong["id"] == "gwy-2021-10-292be7"
    )
    assert repealed["status"]["since"] == "2021-03-01" and "2021年第1号" in repealed["suggestion"]
    assert main(["--db", str(seed_store), "check", str(draft)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith(f"{draft}:3:") and "MISMATCH" in lines[1]
    assert lines[2].startswith(f"{draft}:4:4: REPEALED")


def test_check_clean_draft_exits_0_and_docx_is_read(
    seed_store: Path, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    import docx

    clean = tmp_path / "clean.txt"
    clean.write_text(DRAFT.splitlines()[2].split("，结合")[0] + "。\n", encoding="utf-8")
    assert main(["--db", str(seed_store), "check", str(clean)]) == 0
    assert "1 citations, 0 need attention" in capsys.readouterr().out
    document = docx.Document()
    for line in DRAFT.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "draft.docx"
    document.save(str(path))
    assert main(["--db", str(seed_store), "check", str(path), "--json"]) == 1
    kinds = [f["kind"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert kinds == ["resolved", "mismatch", "repealed"]
    assert main(["--db", str(seed_store), "check", str(tmp_path / "missing.txt")]) == 2
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    assert main(["--db", str(seed_store), "check", str(bad)]) == 2
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(b"%PDF-1.4\n\x00\x01binary")
    assert main(["--db", str(seed_store), "check", str(pdf)]) == 2
    assert "not a text file" in capsys.readouterr().err
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    assert main(["--db", str(seed_store), "check", str(empty)]) == 0
    assert "no citations found" in capsys.readouterr().out


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else digits[tens] + "十") + (digits[ones] if ones else "")


def test_chinese_numbers() -> None:
    assert [chinese_number(_chinese(n)) for n in range(1, 60)] == list(range(1, 60))
    assert chinese_number("一百零五") == 105


def test_diff_finds_the_inserted_article_and_the_renumbered_ones(seed_library: Library) -> None:
    """The 2021 text with the decision's "在第四条后增加一条" undone (the article removed and
    the later ones numbered back) against the real 2021 text."""
    new = seed_library.document(NURSES)
    assert new is not None
    inserted = next(i for i, p in enumerate(new.paragraphs) if p.text.startswith("第五条"))
    paras = []
    for i, p in enumerate(new.paragraphs):
        if i == inserted:
            continue
        text = p.text
        if text.startswith("第") and "条" in text[:6]:
            n = chinese_number(text[1 : text.index("条")])
            if n > 5:
                text = f"第{_chinese(n - 1)}条" + text[text.index("条") + 1 :]
        paras.append(Paragraph(p.kind, text, p.level))
    old = dataclasses.replace(new, id="older", paragraphs=paras)
    diff = diff_documents(old, new)
    counts = diff.counts()
    assert counts["added"] == 1 and counts["removed"] == 0 and counts["changed"] == 0
    added = next(c for c in diff.changes if c.kind == "added")
    assert added.new is not None and added.new.label == "第五条"
    renumbered = [c for c in diff.changes if c.kind == "renumbered"]
    assert renumbered[0].old.label == "第五条" and renumbered[0].new.label == "第六条"  # type: ignore[union-attr]
    later = [c for c in diff.changes if c.new is not None and c.new.number > 5]
    assert counts["same"] == 4 and counts["renumbered"] == len(later) > 15
    assert counts["moved"] == 0  # every article kept its order


def test_diff_finds_an_article_moved_out_of_order(seed_library: Library) -> None:
    """The real 2021 text with its last two articles (each with its paragraphs) swapped."""
    new = seed_library.document(NURSES)
    assert new is not None
    starts = [i for i, p in enumerate(new.paragraphs) if p.text.startswith("第")]
    a, b = starts[-2], starts[-1]
    paras = new.paragraphs[:a] + new.paragraphs[b:] + new.paragraphs[a:b]
    old = dataclasses.replace(new, id="older", paragraphs=paras)
    counts = diff_documents(old, new).counts()
    assert counts["moved"] == 1 and counts["same"] == len(starts) - 1


def test_diff_command_and_identity(seed_store: Path, capsys) -> None:  # noqa: ANN001
    assert main(["--db", str(seed_store), "diff", NURSES, NURSES, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by_article"] and data["counts"]["same"] > 20
    assert sum(data["counts"].values()) == data["counts"]["same"]
    assert main(["--db", str(seed_store), "diff", MATERNAL, NURSES]) == 0
    out = capsys.readouterr().out
    assert "articles:" in out and "\x1b" not in out
    assert main(["--db", str(seed_store), "diff", NURSES, "no-such-doc"]) == 4


def test_check_bare_numbers_orders_and_titles_alone(seed_library: Library, tmp_path: Path) -> None:
    draft = tmp_path / "d2.txt"
    draft.write_text(
        "按照国办发〔2017〕6号文件要求，参照卫生部令第59号和《护士执业注册管理办法》，"
        "依据《中华人民共和国保险法》，\n落实国发[2021]6号，并执行中国人民银行公告〔2013〕第6号。\n",
        encoding="utf-8",
    )
    found = [(f.line, f.column, f.kind, f.id) for f in seed_library.check(draft)]
    assert found == [
        (1, 3, "resolved", "sc-2017-3ca3f0-667268"),
        (1, 21, "amended", None),
        (1, 30, "resolved", NURSES),
        (1, 45, "not_in_store", None),
        (2, 3, "resolved", "gwy-2021-10-292be7"),
        (2, 17, "repealed", None),
    ]
    amended = seed_library.check(draft)[1]
    assert (
        "国家卫生健康委关于修改和废止" in amended.message
        and amended.status["since"] == "2021-01-08"
    )


def test_versions_are_same_titles_or_other_editions() -> None:
    from corpus.diff import versions_of

    def doc(did: str, title: str) -> Document:
        return Document(did, "x", 0, "", title)

    docs = [
        doc("a", "西部地区鼓励类产业目录（2020年本）"),
        doc("b", "西部地区鼓励类产业目录（2014年本）"),
        doc("c", "西部地区鼓励类产业目录（2020年本）"),
        doc("d", "国家发展和改革委员会令（第40号）"),
    ]
    assert [d.id for d in versions_of(docs[0], docs)] == ["c", "b"]


def test_chain_of_a_document_not_in_the_store(seed_store: Path, capsys) -> None:  # noqa: ANN001
    assert main(["--db", str(seed_store), "chain", "保监会令2008年第1号", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["in_store"] is False and data["id"] is None
    assert [(x["relation"], x["id"]) for x in data["downstream"]] == [("废止", SOLVENCY)]
    assert main(["--db", str(seed_store), "chain", "保监会令2008年第1号"]) == 0
    out = capsys.readouterr().out
    assert "[not in the store]" in out.splitlines()[0] and "↓ 废止 保险公司偿付能力管理规定" in out


def test_chain_of_an_amended_version_not_in_the_store(seed_library: Library) -> None:
    from corpus.chain import chain_outside

    outside = seed_library.outside("卫生部令第59号")
    assert outside is not None
    chain = chain_outside(seed_library, outside)
    assert [(x.relation, x.id, x.date) for x in chain.links] == [
        ("修订", DECISION, "2021-01-08"),
        ("印发", NURSES, "2021-01-08"),
    ]


def test_chain_of_an_implementing_plan_and_of_an_amending_decision(seed_library: Library) -> None:
    plan = seed_library.chain("sc-2017-3ca3f0-c8b048").to_dict()
    assert {(x["relation"], x["doc_number"]) for x in plan["upstream"]} == {
        ("依据", "国办发〔2016〕70号"),  # 为贯彻落实《…》（国办发〔2016〕70号）精神
        ("依据", "中发〔2015〕34号"),
    }
    decision = seed_library.chain(DECISION).to_dict()
    assert [(x["relation"], x["id"]) for x in decision["downstream"]] == [
        ("修订", MATERNAL),
        ("修订", NURSES),
    ]
    # 根据《中华人民共和国母婴保健法》 inside the quoted new wording is not the decision's basis
    assert "中华人民共和国母婴保健法" not in {x["title"] for x in decision["upstream"]}
    nurses = seed_library.chain(NURSES).to_dict()
    assert nurses["upstream"][0]["relation"] == "修订" and nurses["upstream"][0]["id"] == DECISION


FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def test_diff_of_one_notice_from_its_pdf_and_its_web_copy(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """Two real copies of 发改办财金规〔2019〕860号 — the PDF and the web page's text — break
    paragraphs differently; compared sentence by sentence they differ only where the web
    copy ends each run-in heading with 。."""
    db = tmp_path / "store.json"
    files = [str(FIXTURES / "govdoc-cn_397.pdf"), str(FIXTURES / "govdoc-cn_397.txt")]
    assert main(["--db", str(db), "add", *files]) == 0
    capsys.readouterr()
    lib = Library.open(db, build=False)
    pdf, web = (d for d in lib.documents() if d.doc_number == "发改办财金规〔2019〕860号")
    assert len(pdf.paragraphs) != len(web.paragraphs)
    diff = lib.diff(pdf.id, web.id)
    counts = diff.counts()
    assert not diff.by_article and counts["same"] > 30
    assert counts["moved"] == counts["removed"] == counts["added"] == 0
    changed = [c for c in diff.changes if c.kind == "changed"]
    assert changed and all(
        [op[:3] for op in c.ops if op[0] != "equal"] == [("insert", "", "。")] for c in changed
    )
