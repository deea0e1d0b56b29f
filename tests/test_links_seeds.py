"""Links on the real seeds: the acceptance of issue 5."""

from __future__ import annotations

import copy
import json

import pytest

from corpus import store
from corpus.api import Library
from corpus.cli import main
from corpus.links import LINKS_VERSION, extract_links
from corpus.model import Document


def get(lib: Library, ref: str) -> Document:
    doc = lib.document(ref)
    assert doc is not None, ref
    return doc


def test_links_are_stored_at_build_time(seed_store) -> None:
    links = store.load(seed_store)["links"]
    assert links["version"] == LINKS_VERSION
    assert links["checks"] == []  # every pipeline parent link is confirmed by the text


def test_forwarding_notice_and_forwarded_guidance_linked_both_ways(seed_library: Library) -> None:
    notice, guide = get(seed_library, "川府发〔2017〕4号"), get(seed_library, "国发〔2016〕49号")
    n, g = seed_library.refs(notice.id), seed_library.refs(guide.id)
    assert n.children == [guide.id] and g.parent == notice.id
    assert {c.target for c in n.cites} == {guide.id}
    assert n.cites[0].doc_number == "国发〔2016〕49号"
    assert [d["id"] for d in g.cited_by] == [notice.id]


def test_every_issuing_pair_is_linked_both_ways(
    seed_library: Library, seed_docs: list[Document]
) -> None:
    pairs = [(d.parent, d.id) for d in seed_docs if d.parent]
    assert len(pairs) >= 12
    for parent, child in pairs:
        p, c = seed_library.refs(parent), seed_library.refs(child)
        assert child in p.children and c.parent == parent
        assert child in {x.target for x in p.cites}, (parent, child)
        assert parent in {x["id"] for x in c.cited_by}, (parent, child)


def test_印发_转发_pairs_are_found_from_the_text_alone(seed_docs: list[Document]) -> None:
    """Without the pipeline's parent links, the notices' and orders' own words give them back
    (all but a 修改决定's republished texts, which are not 印发/转发)."""
    truth = {d.id: d.parent for d in seed_docs if d.parent}
    bare = [copy.deepcopy(d) for d in seed_docs]
    for d in bare:
        d.parent, d.children = None, []
    found = extract_links(bare)["parents"]
    assert found.items() <= truth.items()
    missed = {c for c in truth if c not in found}
    by_id = {d.id: d for d in seed_docs}
    assert all(by_id[truth[c]].kind == "决定" for c in missed)
    for d in seed_docs:
        if d.kind == "令" or "印发" in d.title or "转发" in d.title:
            assert d.children and all(found.get(k) == d.id for k in d.children), d.title


def test_citation_of_国办发_2016_70_is_unresolved(seed_library: Library) -> None:
    notice = get(seed_library, "川办发〔2017〕9号")
    refs = seed_library.refs(notice.id)
    (plan,) = refs.children
    cited = [c for c in seed_library.refs(plan).cites if c.doc_number == "国办发〔2016〕70号"]
    assert len(cited) == 1 and cited[0].target is None
    assert cited[0].title.startswith("国务院办公厅转发民政部等部门")
    assert ("国办发〔2016〕70号", None) in {(c.doc_number, c.target) for _, c in refs.child_cites}


@pytest.mark.parametrize(
    ("order", "effective", "title", "number", "text_has"),
    [
        (
            "卫健委令第6号",
            "2021-01-04",
            "职业病诊断与鉴定管理办法",
            "",
            "原卫生部2013年2月19日公布",
        ),
        (
            "银保监会令2021年第1号",
            "2021-03-01",
            "保险公司偿付能力管理规定",
            "中国保险监督管理委员会令2008年第1号",
            "同时废止",
        ),
        (
            "国家发展改革委令第40号",
            "2021-03-01",
            "西部地区鼓励类产业目录",
            "国家发展和改革委员会令2014年第15号",
            "2014年发布",
        ),
        (
            "中国人民银行令〔2021〕第1号",
            "2021-03-01",
            "支付机构客户备付金存管办法",
            "中国人民银行公告2013年第6号",
            "同时废止",
        ),
        (
            "生态环境部令第22号",
            "2021-07-01",
            "核电厂操纵人员执照颁发和管理程序",
            "",
            "国家核安全局发布",
        ),
        (
            "卫健委令第7号",
            "2021-01-08",
            "禁止食品加药卫生管理办法",
            "",
            "废止原卫生部1987年10月22日公布",
        ),
    ],
)
def test_orders_repeal_clauses_and_effective_dates(
    seed_library: Library, order: str, effective: str, title: str, number: str, text_has: str
) -> None:
    refs = seed_library.refs(get(seed_library, order).id)
    assert refs.effective == effective
    (rep,) = refs.repeals
    assert (rep.title, rep.doc_number, rep.target, rep.when) == (title, number, None, effective)
    assert text_has in rep.text


def test_revised_text_takes_effect_from_its_original_publication(seed_library: Library) -> None:
    (doc,) = [
        d
        for d in seed_library.documents()
        if d.title == "母婴保健专项技术服务许可及人员资格管理办法"
    ]
    assert seed_library.refs(doc.id).effective == "1995-08-07"


def test_offsets_point_at_the_citation_text(
    seed_library: Library, seed_docs: list[Document]
) -> None:
    total = 0
    for d in seed_docs:
        for c in seed_library.refs(d.id).cites:
            assert d.paragraphs[c.para].text[c.start : c.end] == c.text
            total += 1
    assert total > 150


def test_every_resolved_citation_has_a_cited_by(
    seed_library: Library, seed_docs: list[Document]
) -> None:
    for d in seed_docs:
        for c in seed_library.refs(d.id).cites:
            if c.target:
                assert d.id in {x["id"] for x in seed_library.refs(c.target).cited_by}


def test_refs_command_text_and_json(seed_store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(seed_store), "refs", "川府发[2017]4号"]) == 0
    out = capsys.readouterr().out
    assert "国发〔2016〕49号" in out and "转发 forwards (1)" in out  # it forwards, not issues
    assert main(["--db", str(seed_store), "refs", "--json", "银保监会令2021年第1号"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["effective"] == "2021-03-01"
    assert data["repeals"][0]["doc_number"] == "中国保险监督管理委员会令2008年第1号"


def test_refs_command_for_a_cited_document_not_in_the_store(
    seed_store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(seed_store), "refs", "国办发(2016)70号"]) == 0
    assert "not in the store" in capsys.readouterr().out
    assert main(["--db", str(seed_store), "refs", "国办发〔2099〕1号"]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_show_json_carries_the_references(seed_store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(seed_store), "show", "--json", "国发〔2016〕49号"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"cites", "cited_by", "repeals", "effective"} <= data.keys()
    assert data["cited_by"][0]["doc_number"] == "川府发〔2017〕4号"
