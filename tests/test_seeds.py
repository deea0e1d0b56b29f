"""The whole pipeline on the real seeds: every document whole, clean and correctly described.

The expectations below were read off the seed files by hand (titles, 文号, issuers, dates and
which text each notice or order issues); the pipeline has to find them from the text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus.api import Library
from corpus.clean import clean
from corpus.model import Document
from corpus.normalize import fold_width
from corpus.paths import bundled_seeds
from corpus.read import read_file

SICHUAN = "000_d5f3b22cfb2f0cfd.txt"
STATE_COUNCIL = "003_3e333828b05b8474.txt"

# (文号 or order number, issuer contains, ISO date, title contains)
NUMBERED = [
    (
        "国办发〔2017〕6号",
        "国务院办公厅",
        "2017-01-19",
        "生育保险和职工基本医疗保险合并实施试点方案的通知",
    ),
    ("国办发〔2017〕7号", "国务院办公厅", "2017-01-19", "关于促进开发区改革和创新发展的若干意见"),
    ("国办发〔2017〕8号", "国务院办公厅", "2017-01-19", "艾滋病“十三五”行动计划的通知"),
    ("国办发〔2017〕11号", "国务院办公厅", "2017-01-20", "关于规范发展区域性股权市场的通知"),
    ("国办发〔2017〕15号", "国务院办公厅", "2017-01-26", "困难群众基本生活保障有关工作的通知"),
    ("川府发〔2017〕4号", "四川省人民政府", "2017-01-17", "转发国务院关于推进中央与地方财政事权"),
    (
        "国发〔2016〕49号",
        "国务院",
        "2016-08-16",
        "推进中央与地方财政事权和支出责任划分改革的指导意见",
    ),
    (
        "川办发〔2017〕9号",
        "四川省人民政府办公厅",
        "2017-01-26",
        "转发民政厅等部门关于做好农村最低生活保障",
    ),
    (
        "川办函〔2017〕12号",
        "四川省人民政府办公厅",
        "2017-01-18",
        "2017年一季度工业经济良好开局的意见",
    ),
    ("国发〔2021〕6号", "国务院", "2021-03-19", "国务院关于落实《政府工作报告》重点工作分工的意见"),
    ("国办函〔2021〕26号", "国务院办公厅", "2021-03-14", "全国政务公开领导小组组成人员的通知"),
    (
        "国办函〔2021〕27号",
        "国务院办公厅",
        "2021-03-15",
        "关于进一步做好铁路规划建设工作意见的通知",
    ),
    ("国办函〔2021〕29号", "国务院办公厅", "2021-03-16", "货币政策委员会组成人员的通知"),
]
ORDERS = [
    ("国家发展改革委令第40号", "第40号", "国家发展和改革委员会", "2021-01-18"),
    ("生态环境部令第22号", "第22号", "生态环境部", "2021-01-27"),
    ("卫健委令第6号", "第6号", "国家卫生健康委员会", "2021-01-04"),
    ("卫健委令第7号", "第7号", "国家卫生健康委员会", "2021-01-08"),
    ("中国人民银行令〔2021〕第1号", "〔2021〕第1号", "中国人民银行", "2021-01-19"),
    ("银保监会令2021年第1号", "2021年第1号", "中国银行保险监督管理委员会", "2021-01-15"),
]
# (parent REF, child title) for every 印发/转发 notice, order and amending decision
ISSUED = [
    ("国办发〔2017〕6号", "生育保险和职工基本医疗保险合并实施试点方案"),
    ("国办发〔2017〕8号", "中国遏制与防治艾滋病“十三五”行动计划"),
    ("川府发〔2017〕4号", "国务院关于推进中央与地方财政事权和支出责任划分改革的指导意见"),
    ("川办发〔2017〕9号", "关于做好农村最低生活保障制度与扶贫开发政策有效衔接的实施方案"),
    ("国办函〔2021〕27号", "关于进一步做好铁路规划建设工作的意见"),
    ("国家发展改革委令第40号", "西部地区鼓励类产业目录（2020年本）"),
    ("生态环境部令第22号", "民用核设施操作人员资格管理规定"),
    ("卫健委令第6号", "职业病诊断与鉴定管理办法"),
    (
        "卫健委令第7号",
        "国家卫生健康委关于修改和废止《母婴保健专项技术服务许可及人员资格管理办法》等3件部门规章的决定",
    ),
    ("中国人民银行令〔2021〕第1号", "非银行支付机构客户备付金存管办法"),
    ("银保监会令2021年第1号", "保险公司偿付能力管理规定"),
]


def by_title(docs: list[Document], fragment: str) -> Document:
    found = [d for d in docs if fragment in d.title]
    assert len(found) == 1, f"{fragment!r}: {[d.title for d in found]}"
    return found[0]


def test_issues_are_named_from_their_running_heads_or_documents(seed_library: Library) -> None:
    issues = {i.source: i for i in seed_library.issues()}
    gwy = issues[STATE_COUNCIL]
    assert (gwy.gazette, gwy.year, gwy.number) == ("国务院公报", 2021, 10)
    assert gwy.name == "国务院公报 2021年第10期"
    sc = issues[SICHUAN]
    assert (sc.gazette, sc.year, sc.number) == ("四川省人民政府公报", 2017, None)
    assert "期号不详" in sc.inferred


@pytest.mark.parametrize(("number", "issuer", "date", "title"), NUMBERED)
def test_numbered_documents(
    seed_library: Library, number: str, issuer: str, date: str, title: str
) -> None:
    doc = seed_library.document(number)
    assert doc is not None, number
    assert doc.doc_number == number
    assert issuer == doc.issuer
    assert doc.date == date
    assert title in doc.title


@pytest.mark.parametrize(("ref", "number", "issuer", "date"), ORDERS)
def test_orders(seed_library: Library, ref: str, number: str, issuer: str, date: str) -> None:
    doc = seed_library.document(ref)
    assert doc is not None, ref
    assert (doc.kind, doc.doc_number, doc.date, doc.section) == ("令", number, date, "部门文件")
    assert issuer in doc.issuer


def test_joint_order_names_both_ministries(seed_library: Library) -> None:
    doc = seed_library.document("生态环境部令第22号")
    assert doc is not None
    assert doc.issuer == "中华人民共和国生态环境部、中华人民共和国国家发展和改革委员会"


@pytest.mark.parametrize(("parent_ref", "child_title"), ISSUED)
def test_issued_texts_are_documents_of_their_own_with_their_parent(
    seed_library: Library, seed_docs: list[Document], parent_ref: str, child_title: str
) -> None:
    parent = seed_library.document(parent_ref)
    assert parent is not None
    child = next(d for d in seed_docs if d.title == child_title)
    assert child.parent == parent.id
    assert child.id in parent.children
    assert child.paragraphs, "the issued text has a body"


def test_amended_regulations_hang_under_the_amending_decision(seed_docs: list[Document]) -> None:
    decision = by_title(seed_docs, "关于修改和废止《母婴保健")
    for title in ("母婴保健专项技术服务许可及人员资格管理办法", "护士执业注册管理办法"):
        doc = next(d for d in seed_docs if d.title == title)
        assert doc.parent == decision.id
        assert doc.paragraphs[0].kind == "note" and "修订" in doc.paragraphs[0].text


def test_news_item_and_the_text_it_announces(seed_docs: list[Document]) -> None:
    news = by_title(seed_docs, "印发《关于进一步深化税收征管改革的意见》")
    text = next(d for d in seed_docs if d.title == "关于进一步深化税收征管改革的意见")
    assert text.parent == news.id
    assert news.date == "2021-03-24"  # from the 新华社 dateline
    assert text.paragraphs[0].text.startswith("近年来，我国税收制度改革不断深化")


def test_appointments_are_a_document(seed_docs: list[Document]) -> None:
    doc = by_title(seed_docs, "任免人员")
    assert (doc.kind, doc.section) == ("任免", "人事任免")
    assert any("任命左力（女）为司法部副部长" in p.text for p in doc.paragraphs)


def test_sections(seed_docs: list[Document], seed_library: Library) -> None:
    lib = seed_library
    assert lib.document("国办发〔2017〕6号").section == "上级文件"  # type: ignore[union-attr]
    assert lib.document("川办函〔2017〕12号").section == "省政府办公厅文件"  # type: ignore[union-attr]
    # the forwarded 国发〔2016〕49号 carries the running head 上级文件; its notice goes with it
    assert lib.document("川府发〔2017〕4号").section == "上级文件"  # type: ignore[union-attr]
    assert lib.document("国发〔2021〕6号").section == "国务院文件"  # type: ignore[union-attr]
    assert lib.document("国办函〔2021〕29号").section == "国务院办公厅文件"  # type: ignore[union-attr]
    assert by_title(seed_docs, "中共中央 国务院关于实现巩固拓展").section == "中共中央 国务院文件"


def test_addressees(seed_library: Library) -> None:
    doc = seed_library.document("川办函〔2017〕12号")
    assert doc is not None
    assert doc.addressees == ["各市（州）人民政府", "省政府各部门、各直属机构", "有关单位"]
    doc = seed_library.document("国办函〔2021〕29号")
    assert doc is not None and doc.addressees == ["人民银行"]


def test_letter_spaced_titles_are_joined(seed_library: Library, seed_docs: list[Document]) -> None:
    assert (
        seed_library.document("国发〔2021〕6号").title
        == "国务院关于落实《政府工作报告》重点工作分工的意见"
    )  # type: ignore[union-attr]
    assert seed_library.document("国办函〔2021〕26号").title.startswith(
        "国务院办公厅关于调整全国政务公开"
    )  # type: ignore[union-attr]
    assert any(d.title == "护士执业注册管理办法" for d in seed_docs)
    assert seed_library.document("国办函〔2021〕27号").title.endswith("铁路规划建设工作意见的通知")  # type: ignore[union-attr]


def _all_text(doc: Document) -> str:
    return doc.title + doc.doc_number + doc.issuer + "".join(p.text for p in doc.paragraphs)


FURNITURE = [
    re.compile(r"^[—\-]*\d{1,3}[—\-]*$"),  # a page number as a paragraph
    re.compile(r"国务院公报\s*\d{6}"),  # a running head
    re.compile(r"^(上级文件|部门文件|国务院文件)$"),
    re.compile(r"^[国务院公报]$"),  # one margin letter
]


def test_no_page_furniture_survives(seed_docs: list[Document]) -> None:
    for doc in seed_docs:
        for p in doc.paragraphs:
            for pattern in FURNITURE:
                assert not pattern.search(p.text), (doc.title, p.text)
            assert "国务院公报" not in p.text or "国务院公报" in p.text[:0]
            assert not re.search(r"[\x00-\x1f]", p.text)


def test_every_line_of_the_seeds_lands_in_a_document(seed_docs: list[Document]) -> None:
    """Nothing is lost: every cleaned source line is inside some document's text."""
    text = "".join(_all_text(d) for d in seed_docs)
    squeezed = re.sub(r"[\s\u3000．]", "", text)  # ． may be restored after a point number
    for path in bundled_seeds():
        for line in clean(read_file(path).lines).lines:
            needle = re.sub(r"[\s\u3000．]", "", line.text)
            assert needle in squeezed, (path.name, line.no, line.text)


def test_sentences_continue_across_page_breaks(seed_library: Library) -> None:
    # ' 入试点地区不得…' starts a page in the raw text; ' 兴有效衔接,…' follows —４—
    doc = seed_library.document("国办发〔2017〕6号")
    child = seed_library.document(doc.children[0])  # type: ignore[union-attr]
    assert any("未纳入试点地区不得自行开展试点工作。" in p.text for p in child.paragraphs)  # type: ignore[union-attr]
    docs = seed_library.documents()
    first = by_title(docs, "实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见")
    assert any(
        "巩固拓展脱贫攻坚成果同乡村振兴有效衔接，关系到构建以国内大循环为主体" in p.text
        for p in first.paragraphs
    )


def test_margin_letters_inside_a_sentence_are_removed(seed_docs: list[Document]) -> None:
    catalogue = by_title(seed_docs, "西部地区鼓励类产业目录")
    # the vertical 国/务/院/公/报 sat between '…加工设备研' and '发生产,设施建设与运营'
    assert any("加工设备研发生产，设施建设与运营" in p.text for p in catalogue.paragraphs)


def test_punctuation_restored_in_the_2021_issue(seed_docs: list[Document]) -> None:
    gwy = [d for d in seed_docs if d.issue.startswith("gwy")]
    body = "".join(p.text for d in gwy for p in d.paragraphs)
    assert "。" in body and "，" in body and "《" in body
    assert not re.search(r"[\u4e00-\u9fff][,.;«»‹›]", body)
    assert "〈母婴保健专项技术服务许可及人员资格管理办法〉" in body
    # numbered items keep their dot; a list item is not a decimal
    assert "20．90吨及以上非公路矿用自卸车制造" in body


def test_decimal_points_are_ascii(seed_docs: list[Document]) -> None:
    body = "".join(p.text for d in seed_docs for p in d.paragraphs)
    assert "感染率控制在0.3%以下" in body


def test_digits_are_half_width_and_numbered_points_get_their_dot(seed_library: Library) -> None:
    doc = seed_library.document("国发〔2021〕6号")
    assert doc is not None
    text = doc.text
    assert not re.search(r"[０-９]", text)
    assert fold_width("２０２１") in text
    points = [p.text for p in doc.paragraphs if re.match(r"^\d{1,2}．", p.text)]
    assert [int(p.split("．")[0]) for p in points] == list(range(1, len(points) + 1))
    assert len(points) >= 40


def test_outline(seed_library: Library) -> None:
    doc = seed_library.document("卫健委令第6号")
    reg = seed_library.document(doc.children[0])  # type: ignore[union-attr]
    assert reg is not None
    chapters = [h.text for h in reg.outline if h.level == 1]
    assert chapters[0] == "第一章\u3000总则"
    assert len(chapters) == 7
    articles = [h for h in reg.outline if h.text.startswith("第") and h.text.endswith("条")]
    assert articles[0].text == "第一条" and len(articles) >= 60
    for h in reg.outline:
        assert reg.paragraphs[h.para].text.startswith(h.text[:3])
    plan = seed_library.document("国办发〔2017〕6号")
    child = seed_library.document(plan.children[0])  # type: ignore[union-attr]
    top = [h.text for h in child.outline if h.level == 1]  # type: ignore[union-attr]
    assert top == ["一、总体要求", "二、试点地区", "三、试点内容", "四、保障措施"]


def test_paragraph_kinds(seed_library: Library) -> None:
    doc = seed_library.document("国办发〔2017〕6号")
    assert doc is not None
    kinds = [p.kind for p in doc.paragraphs]
    assert kinds == ["addressee", "body", "signature", "date"]
    order = seed_library.document("生态环境部令第22号")
    assert [p.kind for p in order.paragraphs][-3:] == ["signature", "signature", "date"]  # type: ignore[union-attr]


def test_ids_are_stable_across_rebuilds(seed_docs: list[Document], tmp_path: Path) -> None:
    again = Library.open(tmp_path / "again.json").documents()
    assert [d.id for d in again] == [d.id for d in seed_docs]
    assert len({d.id for d in seed_docs}) == len(seed_docs)


@pytest.mark.parametrize(
    "ref", ["保监会令2021年第1号", "中国保险监督管理委员会令2021年第1号", "卫健委令第40号"]
)
def test_order_lookup_does_not_confuse_issuers(seed_library: Library, ref: str) -> None:
    # the old 保监会 is not the 银保监会 whose 2021年第1号 is in the store
    assert seed_library.document(ref) is None
