"""Resolution, relations and refs on small corpora built by hand."""

from __future__ import annotations

import json

import pytest

from corpus.errors import NotFound
from corpus.links import extract_links, refs_for
from corpus.model import Document, Paragraph


def doc(id: str, title: str, *texts: str, **kw: object) -> Document:
    kinds = kw.pop("kinds", None)
    paras = [Paragraph(kinds[i] if kinds else "body", t) for i, t in enumerate(texts)]
    return Document(
        id=id,
        issue=str(kw.pop("issue", "i1")),
        order=0,
        section="",
        title=title,
        paragraphs=paras,
        **kw,
    )  # type: ignore[arg-type]


def refs(docs: list[Document], doc_id: str):
    data = extract_links(docs)
    json.dumps(data, ensure_ascii=False)  # the store must be able to hold it
    return refs_for(data, doc_id, {d.id: d for d in docs})


@pytest.fixture
def forwarding() -> list[Document]:
    notice = doc(
        "n",
        "四川省人民政府转发国务院关于推进财政事权改革的指导意见的通知",
        "现将《国务院关于推进财政事权改革的指导意见》（国发〔2016〕49号，以下简称《指导意见》）转发你们，请遵照执行。",
        "各地要认真学习《指导意见》精神。",
        doc_number="川府发〔2017〕4号",
        date="2017-01-17",
        children=["g"],
    )
    guide = doc(
        "g",
        "国务院关于推进财政事权改革的指导意见",
        "各省人民政府：",
        doc_number="国发〔2016〕49号",
        date="2016-08-16",
        parent="n",
    )
    plan = doc(
        "p",
        "关于做好农村低保的实施方案",
        "为贯彻落实《国务院办公厅转发民政部等部门关于做好农村低保的通知》（国办发〔2016〕70号）精神，制定本方案。",
        parent="m",
    )
    notice2 = doc(
        "m",
        "四川省人民政府办公厅转发民政厅等部门关于做好农村低保的实施方案的通知",
        "民政厅等《关于做好农村低保的实施方案》已经省政府同意，现转发给你们。",
        doc_number="川办发〔2017〕9号",
        children=["p"],
    )
    return [notice, guide, notice2, plan]


def test_forwarding_notice_and_forwarded_text_are_linked_both_ways(
    forwarding: list[Document],
) -> None:
    n = refs(forwarding, "n")
    g = refs(forwarding, "g")
    assert n.children == ["g"] and g.parent == "n"
    assert [c.target for c in n.cites] == ["g", "g"]  # the citation and the later alias use
    assert [d["id"] for d in g.cited_by] == ["n"]
    assert g.cited_by[0]["doc_number"] == "川府发〔2017〕4号"


def test_citation_of_a_document_not_in_the_store_stays_unresolved(
    forwarding: list[Document],
) -> None:
    p = refs(forwarding, "p")
    (c,) = p.cites
    assert c.target is None and c.doc_number == "国办发〔2016〕70号"
    assert p.unresolved == [c]
    m = refs(forwarding, "m")  # the notice shows what the text it forwards cites
    assert [(kid, c.doc_number) for kid, c in m.child_cites] == [("p", "国办发〔2016〕70号")]


def test_no_checks_when_pipeline_and_text_agree(forwarding: list[Document]) -> None:
    assert extract_links(forwarding)["checks"] == []


def test_issued_text_found_from_notice_when_pipeline_set_no_parent() -> None:
    notice = doc(
        "n",
        "关于印发试点方案的通知",
        "《试点方案》已经国务院同意，现印发给你们，请认真贯彻执行。",
        doc_number="国办发〔2017〕6号",
    )
    plan = doc("p", "试点方案", "为贯彻落实精神，制定本方案。")
    data = extract_links([notice, plan])
    assert data["parents"] == {"p": "n"}
    assert data["checks"] and "p" in data["checks"][0]
    assert refs_for(data, "n", {"n": notice, "p": plan}).children == ["p"]


def test_pipeline_child_the_text_does_not_name_is_reported() -> None:
    notice = doc("n", "关于印发方案的通知", "请认真贯彻执行。", children=["p"])
    plan = doc("p", "另一方案", "正文。", parent="n")
    (check,) = extract_links([notice, plan])["checks"]
    assert "does not name" in check


def test_title_citation_resolves_but_not_to_the_citing_document() -> None:
    law = doc("law", "中华人民共和国测试法", "第一条 为了测试。")
    reg = doc(
        "reg",
        "测试办法",
        "根据《中华人民共和国测试法》，制定本办法。",
        "此前的《测试办法》同时废止。",
    )
    found = refs([law, reg], "reg").cites
    assert [c.target for c in found] == ["law", None]


def test_number_decides_over_a_matching_title() -> None:
    new = doc(
        "new",
        "保险公司偿付能力管理规定",
        "本规定自2021年3月1日起施行。《保险公司偿付能力管理规定》（中国保险监督管理委员会令2008年第1号）同时废止。",
    )
    old = doc("other", "保险公司偿付能力管理规定", "旧文。", issue="i0")
    (c,) = refs([new, old], "new").cites
    assert c.doc_number == "中国保险监督管理委员会令2008年第1号" and c.target is None


@pytest.mark.parametrize(
    "cited",
    [
        "国家发展改革委令第40号",
        "国家发展和改革委员会令第40号",
        "中华人民共和国国家发展和改革委员会令第40号",
        "国家发展改革委令2021年第40号",
        "国家发展改革委、商务部令第40号",
    ],
)
def test_order_numbers_resolve_across_issuer_spellings(cited: str) -> None:
    order = doc(
        "o40",
        "中华人民共和国国家发展和改革委员会令",
        "《目录》已经审议通过，现予发布。",
        doc_number="第40号",
        issuer="国家发展和改革委员会",
        kind="令",
        date="2021-01-18",
    )
    citing = doc("c", "某通知", f"按照{cited}要求执行。")
    (c,) = refs([order, citing], "c").cites
    assert c.target == "o40"


@pytest.mark.parametrize(
    "cited", ["国家发展改革委令2019年第40号", "卫生部令第40号", "国家发展改革委公告2021年第40号"]
)
def test_order_numbers_do_not_resolve_to_another_year_issuer_or_series(cited: str) -> None:
    order = doc(
        "o40",
        "令",
        "正文。",
        doc_number="第40号",
        issuer="国家发展和改革委员会",
        kind="令",
        date="2021-01-18",
    )
    citing = doc("c", "某通知", f"按照{cited}要求执行。")
    (c,) = refs([order, citing], "c").cites
    assert c.target is None


def test_year_numbered_order_resolves_by_issuer_alias() -> None:
    order = doc(
        "cbirc",
        "中国银行保险监督管理委员会令",
        "正文。",
        doc_number="2021年第1号",
        issuer="中国银行保险监督管理委员会",
        kind="令",
        date="2021-01-15",
    )
    citing = doc("c", "通知", "依据银保监会令2021年第1号。")
    (c,) = refs([order, citing], "c").cites
    assert c.target == "cbirc"


def test_order_header_number_is_not_a_self_citation() -> None:
    order = doc(
        "o",
        "中国人民银行令",
        "中国人民银行令〔2021〕第1号",
        "《办法》已经审议通过。",
        doc_number="2021年第1号",
        issuer="中国人民银行",
        kind="令",
    )
    assert [c.text for c in refs([order], "o").cites] == ["《办法》"]


def test_repeal_after_the_title_with_effective_date() -> None:
    order = doc(
        "o6",
        "中华人民共和国国家卫生健康委员会令",
        "《职业病诊断与鉴定管理办法》已经审议通过，现予公布，自公布之日起施行。",
        doc_number="第6号",
        issuer="国家卫生健康委员会",
        kind="令",
        date="2021-01-04",
        children=["r"],
    )
    reg = doc(
        "r",
        "职业病诊断与鉴定管理办法",
        "第一条 为了规范诊断。",
        "第六十三条 本办法自公布之日起施行。原卫生部2013年2月19日公布的《职业病诊断与鉴定管理办法》同时废止。",
        parent="o6",
    )
    r_order = refs([order, reg], "o6")
    assert r_order.effective == "2021-01-04" and r_order.effective_text == "自公布之日起施行"
    (rep,) = r_order.repeals  # the regulation's clause, shown on the order that issues it
    assert rep.title == "职业病诊断与鉴定管理办法" and rep.target is None
    assert rep.when == "2021-01-04" and rep.source == "r"
    assert rep.text == "原卫生部2013年2月19日公布的《职业病诊断与鉴定管理办法》同时废止"
    assert refs([order, reg], "r").effective == "2021-01-04"


def test_repeal_clause_after_comma_takes_only_its_own_clause() -> None:
    reg = doc(
        "r",
        "客户备付金存管办法",
        "第五十四条 本办法自2021年3月1日起施行，《支付机构客户备付金存管办法》（中国人民银行公告〔2013〕第6号公布）同时废止。",
    )
    (rep,) = refs([reg], "r").repeals
    assert rep.doc_number == "中国人民银行公告2013年第6号" and rep.when == "2021-03-01"
    assert rep.text.startswith("《支付机构")


def test_repeal_with_verb_first_and_several_objects() -> None:
    d = doc(
        "d",
        "决定",
        "三、废止原卫生部1987年10月22日公布的《禁止食品加药卫生管理办法》",
        "本决定自2021年1月8日起施行。《甲办法》、《乙办法》（财税〔2019〕13号）同时废止。",
        kinds=["heading", "body"],
    )
    found = refs([d], "d").repeals
    assert [(r.title, r.doc_number) for r in found] == [
        ("禁止食品加药卫生管理办法", ""),
        ("甲办法", ""),
        ("乙办法", "财税〔2019〕13号"),
    ]
    assert {r.when for r in found} == {"2021-01-08"}


def test_repeal_from_an_explicit_date_and_from_a_list() -> None:
    d = doc(
        "d",
        "决定",
        "下列文件自2022年1月1日起废止：",
        "1.《甲规定》（国发〔2001〕1号）",
        "2.《乙规定》",
        "本决定自公布之日起施行。",
        kinds=["body", "item", "item", "body"],
        date="2021-06-01",
    )
    found = refs([d], "d").repeals
    assert [(r.title, r.when) for r in found] == [
        ("甲规定", "2022-01-01"),
        ("乙规定", "2022-01-01"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "《国家卫生健康委关于修改和废止〈母婴保健管理办法〉等3件部门规章的决定》已经审议通过。",
        "国家卫生健康委关于修改和废止《母婴保健管理办法》等3件部门规章的决定",
        "对不符合要求的，及时修改和废止。",
    ],
)
def test_废止_in_a_title_or_a_general_phrase_is_no_repeal(text: str) -> None:
    assert refs([doc("d", "决定", text)], "d").repeals == []


def test_repeal_never_targets_the_issuing_order() -> None:
    order = doc(
        "o",
        "办法令",
        "《甲办法》已经审议通过，现予公布。",
        doc_number="第1号",
        issuer="某部",
        kind="令",
        children=["r"],
    )
    reg = doc("r", "甲办法", "本办法自2021年3月1日起施行。《办法令》同时废止。", parent="o")
    (rep,) = refs([order, reg], "r").repeals
    assert rep.target is None


def test_repeal_target_in_store_is_linked() -> None:
    old = doc("old", "旧办法", "正文。", doc_number="国发〔2001〕1号", issue="i0")
    new = doc(
        "new", "新办法", "本办法自2021年3月1日起施行。《旧办法》（国发〔2001〕1号）同时废止。"
    )
    (rep,) = refs([old, new], "new").repeals
    assert rep.target == "old"
    assert [d["id"] for d in refs([old, new], "old").cited_by] == ["new"]


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        ("本办法自2021年3月1日起施行。", "", "2021-03-01"),
        ("本通知自印发之日起实施。", "2017-01-19", "2017-01-19"),
        ("本规定自发布之日起施行。", "", "自发布之日起施行"),
        ("第五十三条 自本办法施行之日起的6个月为过渡期。", "", ""),
        ("《关于自2020年起施行新标准的通知》", "", ""),
    ],
)
def test_effective(text: str, date: str, expected: str) -> None:
    assert refs([doc("d", "某文", text, date=date)], "d").effective == expected


def test_effective_of_a_revised_text_is_its_original_publication() -> None:
    d = doc(
        "d",
        "母婴保健专项技术服务许可及人员资格管理办法",
        "（1995年8月7日卫妇发〔1995〕第7号公布；根据2021年1月8日《决定》第二次修订）",
        "第十九条 本办法自发布之日起施行。",
        kinds=["note", "article"],
    )
    r = refs([d], "d")
    assert r.effective == "1995-08-07"
    assert [c.doc_number for c in r.cites if c.doc_number] == ["卫妇发〔1995〕7号"]


def test_effective_inherited_from_the_issuing_order() -> None:
    order = doc("o", "令", "《目录》已经审议通过，现予发布，自2021年3月1日起施行。", children=["t"])
    text = doc("t", "目录", "一、鼓励类产业", parent="o")
    assert refs([order, text], "t").effective == "2021-03-01"


def test_refs_to_dict_is_json_and_keeps_summary_types(forwarding: list[Document]) -> None:
    d = refs(forwarding, "n").to_dict()
    assert {"cites", "cited_by", "repeals", "effective"} <= d.keys()
    assert isinstance(d["children"], list) and all(isinstance(x, str) for x in d["children"])
    json.dumps(d, ensure_ascii=False)


def test_refs_for_unknown_id_raises_not_found(forwarding: list[Document]) -> None:
    with pytest.raises(NotFound):
        refs_for(extract_links(forwarding), "nope", {d.id: d for d in forwarding})


def test_refs_for_a_store_without_links_computes_them(forwarding: list[Document]) -> None:
    by_id = {d.id: d for d in forwarding}
    assert refs_for(None, "g", by_id).cited_by[0]["id"] == "n"
    assert refs_for({"version": -1}, "g", by_id).parent == "n"


@pytest.mark.parametrize(
    ("cited", "stored", "linked"),
    [
        (
            "关于进一步做好铁路规划建设工作的意见",
            "国家发展改革委关于进一步做好铁路规划建设工作的意见",
            True,
        ),
        ("国务院关于推进改革的意见", "关于推进改革的意见", True),
        ("中共中央办公厅 国务院办公厅关于推进改革的意见", "关于推进改革的意见", True),
        ("四川省人民政府关于推进改革的意见", "国务院关于推进改革的意见", False),
        ("推进改革的意见", "关于推进改革的意见", False),
    ],
)
def test_titles_that_differ_only_in_naming_the_issuer(
    cited: str, stored: str, linked: bool
) -> None:
    target = doc("t", stored, "正文。")
    citing = doc("c", "通知", f"按照《{cited}》要求。")
    (c,) = refs([target, citing], "c").cites
    assert (c.target == "t") is linked
