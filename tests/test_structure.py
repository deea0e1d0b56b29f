"""Stage 5, structure: made-up issues become an Issue and described Documents.

What each document should be was decided from the made-up text (tests/fake_gazettes.py),
the way a reader would: its title, 文号, issuer, date, kind, addressees, section, parent.
"""

from __future__ import annotations

import hashlib

import pytest
from fake_gazettes import CENTRAL, HEADED, PROVINCIAL

from corpus.clean import clean
from corpus.model import Document, Issue
from corpus.reflow import reflow
from corpus.split import split
from corpus.structure import SourceInfo, document_kind, iso_date, structure


def build(
    text: str, name: str = "issue.txt", *, heads: bool = True
) -> tuple[Issue, list[Document]]:
    cleaned = clean(text.split("\n"))
    parts = split(reflow(cleaned.lines))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return structure(parts, SourceInfo(name=name, sha256=sha, heads=cleaned.heads if heads else []))


@pytest.fixture(scope="module")
def central() -> tuple[Issue, list[Document]]:
    return build(CENTRAL)


@pytest.fixture(scope="module")
def provincial() -> tuple[Issue, list[Document]]:
    return build(PROVINCIAL)


def doc(docs: list[Document], title: str) -> Document:
    found = [d for d in docs if d.title == title]
    assert len(found) == 1, (title, [d.title for d in docs])
    return found[0]


# -- issue -----------------------------------------------------------------------------


def test_issue_named_from_its_running_head(central: tuple[Issue, list[Document]]) -> None:
    issue, docs = central
    assert (issue.gazette, issue.year, issue.number) == ("国务院公报", 2021, 12)
    assert issue.name == "国务院公报 2021年第12期"
    assert issue.id == "gwy-2021-12"
    assert issue.source == "issue.txt"
    assert "页眉" in issue.inferred
    assert all(d.issue == issue.id and d.source == "issue.txt" for d in docs)


def test_issue_inferred_when_no_running_head_names_it(
    provincial: tuple[Issue, list[Document]],
) -> None:
    issue, docs = provincial
    # named after its own 川… documents; the year of the latest document date; number unknown
    assert issue.gazette == "四川省人民政府公报"
    assert max(d.date for d in docs) == "2019-03-02"
    assert issue.year == 2019
    assert issue.number is None
    assert "期号不详" in issue.name and "期号不详" in issue.inferred
    assert issue.id.startswith("sc-2019-")


def test_a_central_issue_without_heads_is_a_state_council_gazette() -> None:
    issue, _docs = build(CENTRAL, heads=False)
    assert issue.gazette == "国务院公报"
    assert issue.number is None and issue.year == 2021  # latest date: 2021-04-16
    assert "期号不详" in issue.name


def test_issue_sections_in_order_of_appearance(central: tuple[Issue, list[Document]]) -> None:
    issue, docs = central
    assert issue.sections == list(dict.fromkeys(d.section for d in docs))
    assert issue.sections == [
        "中共中央 国务院文件",
        "中共中央办公厅 国务院办公厅文件",
        "国务院文件",
        "国务院办公厅文件",
        "部门文件",
        "人事任免",
    ]


# -- documents -------------------------------------------------------------------------

CENTRAL_DOCS = [
    # title, 文号, issuer, date, kind, section
    (
        "中共中央 国务院关于深化体育改革的意见",
        "",
        "中共中央 国务院",
        "2021-03-20",
        "意见",
        "中共中央 国务院文件",
    ),
    (
        "中共中央办公厅 国务院办公厅印发《关于构建更高水平的全民健身公共服务体系的意见》",
        "",
        "中共中央办公厅 国务院办公厅",
        "2021-04-12",
        "消息",
        "中共中央办公厅 国务院办公厅文件",
    ),
    (
        "关于构建更高水平的全民健身公共服务体系的意见",
        "",
        "中共中央办公厅 国务院办公厅",
        "2021-04-12",
        "意见",
        "中共中央办公厅 国务院办公厅文件",
    ),
    (
        "国务院关于加强全民健身场地设施建设的意见",
        "国发〔2021〕12号",
        "国务院",
        "2021-04-02",
        "意见",
        "国务院文件",
    ),
    (
        "国务院办公厅关于印发全民健身场地设施建设试点方案的通知",
        "国办发〔2021〕15号",
        "国务院办公厅",
        "2021-04-06",
        "通知",
        "国务院办公厅文件",
    ),
    ("全民健身场地设施建设试点方案", "", "国务院办公厅", "2021-04-06", "方案", "国务院办公厅文件"),
    (
        "国务院办公厅转发国家体育总局关于推进体育公园建设指导意见的通知",
        "国办发〔2021〕16号",
        "国务院办公厅",
        "2021-04-08",
        "通知",
        "国务院办公厅文件",
    ),
    (
        "关于推进体育公园建设的指导意见",
        "体发〔2021〕7号",
        "国家体育总局",
        "2021-03-25",
        "意见",
        "国务院办公厅文件",
    ),
    (
        "中华人民共和国国家体育总局令（第28号）",
        "第28号",
        "中华人民共和国国家体育总局",
        "2021-03-10",
        "令",
        "部门文件",
    ),
    ("体育场馆运营管理办法", "", "中华人民共和国国家体育总局", "2021-03-10", "办法", "部门文件"),
    ("中华人民共和国国务院任免人员", "", "国务院", "2021-04-14", "任免", "人事任免"),
]


def test_central_documents(central: tuple[Issue, list[Document]]) -> None:
    _issue, docs = central
    got = [(d.title, d.doc_number, d.issuer, d.date, d.kind, d.section) for d in docs]
    assert got == CENTRAL_DOCS
    assert [d.order for d in docs] == list(range(len(docs)))


PARENTS = {
    "关于构建更高水平的全民健身公共服务体系的意见": "中共中央办公厅 国务院办公厅印发《关于构建更高水平的全民健身公共服务体系的意见》",
    "全民健身场地设施建设试点方案": "国务院办公厅关于印发全民健身场地设施建设试点方案的通知",
    "关于推进体育公园建设的指导意见": "国务院办公厅转发国家体育总局关于推进体育公园建设指导意见的通知",
    "体育场馆运营管理办法": "中华人民共和国国家体育总局令（第28号）",
}


def test_parents_and_children_are_ids(central: tuple[Issue, list[Document]]) -> None:
    _issue, docs = central
    by_id = {d.id: d for d in docs}
    for d in docs:
        if d.title in PARENTS:
            assert d.parent is not None and by_id[d.parent].title == PARENTS[d.title]
            assert by_id[d.parent].children == [d.id]
        else:
            assert d.parent is None
    assert sum(len(d.children) for d in docs) == len(PARENTS)


def test_ids_are_unique_and_stable(central: tuple[Issue, list[Document]]) -> None:
    _issue, docs = central
    assert len({d.id for d in docs}) == len(docs)
    assert all(d.id.startswith("gwy-2021-12-") for d in docs)
    _again_issue, again = build(CENTRAL)
    assert [d.id for d in again] == [d.id for d in docs]


def test_document_number_is_normalised_from_any_printed_form() -> None:
    for printed in ("国发 〔２０２１〕 １２ 号", "国发〔2021〕12号", "国发 〔２０２１〕１２号　"):
        _issue, docs = build(CENTRAL.replace("国发〔２０２１〕１２号", printed))
        assert (
            doc(docs, "国务院关于加强全民健身场地设施建设的意见").doc_number == "国发〔2021〕12号"
        ), printed


def test_addressees(
    central: tuple[Issue, list[Document]], provincial: tuple[Issue, list[Document]]
) -> None:
    _issue, docs = central
    opinion = doc(docs, "国务院关于加强全民健身场地设施建设的意见")
    assert opinion.addressees == ["各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"]
    assert doc(docs, "全民健身场地设施建设试点方案").addressees == []
    _issue, pdocs = provincial
    notice = pdocs[1]
    assert notice.addressees == ["各市（州）人民政府", "省政府各部门、各直属机构"]


def test_paragraph_kinds_of_a_notice(central: tuple[Issue, list[Document]]) -> None:
    _issue, docs = central
    notice = doc(docs, "国务院办公厅关于印发全民健身场地设施建设试点方案的通知")
    assert [p.kind for p in notice.paragraphs] == ["addressee", "body", "signature", "date"]
    assert notice.paragraphs[-1].text == "2021年4月6日"
    order = doc(docs, "中华人民共和国国家体育总局令（第28号）")
    assert [(p.kind, p.text) for p in order.paragraphs][-2:] == [
        ("signature", "局长\u3000苟仲文"),
        ("date", "2021年3月10日"),
    ]


def test_headings_and_outline(central: tuple[Issue, list[Document]]) -> None:
    _issue, docs = central
    opinion = doc(docs, "国务院关于加强全民健身场地设施建设的意见")
    kinds = [(p.kind, p.level, p.text[:6]) for p in opinion.paragraphs]
    assert ("heading", 1, "一、总体要求") in kinds
    assert ("heading", 1, "二、保障措施") in kinds
    # a run-in head (（一）指导思想。…) is body text, but it is in the outline at level 2
    assert [(h.level, h.text) for h in opinion.outline] == [
        (1, "一、总体要求"),
        (2, "（一）指导思想"),
        (2, "（二）主要目标"),
        (1, "二、保障措施"),
    ]
    for h in opinion.outline:
        assert opinion.paragraphs[h.para].text.startswith(h.text)
    assert "人均体育场地面积达到2.6平方米" in opinion.text  # a decimal across a line break


def test_articles_items_and_chapters(central: tuple[Issue, list[Document]]) -> None:
    _issue, docs = central
    reg = doc(docs, "体育场馆运营管理办法")
    assert [(p.kind, p.level) for p in reg.paragraphs] == [
        ("heading", 1),  # 第一章　总则
        ("article", 0),  # 第一条
        ("article", 0),  # 第二条 …：
        ("item", 0),  # （一）公共体育场馆；
        ("item", 0),
        ("heading", 1),  # 第二章　附则
        ("article", 0),
    ]
    assert [(h.level, h.text) for h in reg.outline] == [
        (1, "第一章\u3000总则"),
        (3, "第一条"),
        (3, "第二条"),
        (1, "第二章\u3000附则"),
        (3, "第三条"),
    ]


def test_numbered_items_in_a_plan(central: tuple[Issue, list[Document]]) -> None:
    _issue, docs = central
    plan = doc(docs, "全民健身场地设施建设试点方案")
    items = [p.text for p in plan.paragraphs if p.kind == "item"]
    assert items == [
        "1．统筹规划建设社区健身中心，完善城市社区健身设施网络，提高健身设施使用效率。",
        "2．推动学校体育场地设施向社会开放。",
    ]


def test_notes_and_dates(central: tuple[Issue, list[Document]]) -> None:
    _issue, docs = central
    dated = doc(docs, "中共中央 国务院关于深化体育改革的意见")
    assert (dated.paragraphs[0].kind, dated.paragraphs[0].text) == ("date", "（2021年3月20日）")
    assert (dated.paragraphs[-1].kind, dated.paragraphs[-1].text) == (
        "note",
        "（新华社北京2021年3月22日电）",
    )
    announced = doc(docs, "关于构建更高水平的全民健身公共服务体系的意见")
    assert announced.paragraphs[-1].kind == "note"
    appointments = doc(docs, "中华人民共和国国务院任免人员")
    assert [p.kind for p in appointments.paragraphs] == ["date", "body", "body", "date", "body"]
    assert (
        appointments.paragraphs[1].text
        == "任命张三为国家体育总局副局长；免去李四的国家体育总局副局长职务。"
    )


def test_a_news_item_is_dated_by_the_dateline_of_the_text_it_announces(
    central: tuple[Issue, list[Document]],
) -> None:
    _issue, docs = central
    news = next(d for d in docs if d.kind == "消息")
    assert news.date == "2021-04-12"
    assert not any(p.kind == "date" for p in news.paragraphs)  # the date came from the dateline


# -- sections --------------------------------------------------------------------------


def test_sections_by_rule_in_a_provincial_issue(provincial: tuple[Issue, list[Document]]) -> None:
    issue, docs = provincial
    got = [(d.doc_number, d.issuer, d.section) for d in docs]
    assert got == [
        ("国办发〔2019〕5号", "国务院办公厅", "上级文件"),  # central, in a provincial issue
        ("川府发〔2019〕3号", "四川省人民政府", "省政府文件"),
        ("国发〔2019〕12号", "国务院", "省政府文件"),  # forwarded: printed with its notice
        ("川办发〔2019〕8号", "四川省人民政府办公厅", "省政府办公厅文件"),
    ]
    assert docs[2].parent == docs[1].id
    assert docs[2].date == "2019-01-18"  # its own bracketed date, not its notice's
    assert issue.sections == ["上级文件", "省政府文件", "省政府办公厅文件"]


def test_a_running_head_names_the_section_of_the_whole_family() -> None:
    # as in the 2017 seed: the forwarded 国发 text carries the running head 上级文件
    text = PROVINCIAL.replace(
        "各地要以农业农村资源为依托，以农民为主体，\n\n",
        "各地要以农业农村资源为依托，以农民为主体，\n\n—３—\n\n上级文件\n\n",
    )
    assert text != PROVINCIAL
    _issue, docs = build(text)
    assert [d.section for d in docs] == ["上级文件", "上级文件", "上级文件", "省政府办公厅文件"]
    assert "以农民为主体，推动乡村产业高质量发展。" in docs[2].text  # the page break is joined


def test_sections_from_running_heads() -> None:
    issue, docs = build(HEADED)
    assert (issue.name, issue.id) == ("国务院公报 2021年第13期", "gwy-2021-13")
    assert [(d.title, d.section) for d in docs] == [
        ("国务院办公厅关于印发全民健身赛事活动管理办法的通知", "国务院办公厅文件"),
        ("全民健身赛事活动管理办法", "国务院办公厅文件"),
        ("国家体育总局关于加强体育赛事活动安全管理的意见", "部门文件"),
    ]
    assert docs[2].issuer == "国家体育总局"
    assert docs[2].date == "2021-04-20"
    # without its running heads no rule knows where a ministry's opinion belongs
    _issue, bare = build(HEADED, heads=False)
    assert bare[2].section == "其他"
    assert bare[0].section == "国务院办公厅文件"


def test_every_document_has_a_title_and_paragraphs(central: tuple[Issue, list[Document]]) -> None:
    _issue, docs = central
    for d in docs:
        assert d.title
        assert d.paragraphs
        assert d.lines[0] <= d.lines[1]
    starts = [d.lines[0] for d in docs]
    assert starts == sorted(starts)


# -- helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2017年1月19日", "2017-01-19"),
        ("（2020年12月16日）", "2020-12-16"),
        ("2021年3月", ""),
        ("", ""),
    ],
)
def test_iso_date(text: str, iso: str) -> None:
    assert iso_date(text) == iso


@pytest.mark.parametrize(
    ("title", "anchor", "kind"),
    [
        ("国务院办公厅关于印发试点方案的通知", "number", "通知"),
        ("西部地区鼓励类产业目录（2020年本）", "attached", "目录"),
        ("中华人民共和国生态环境部令（第22号）", "order", "令"),
        ("中华人民共和国国务院任免人员", "appointments", "任免"),
        ("中共中央办公厅 国务院办公厅印发《关于…的意见》", "news", "消息"),
        ("关于进一步做好铁路规划建设工作的意见", "number", "意见"),
        ("全国政务公开领导小组组成人员名单表", "attached", ""),
    ],
)
def test_document_kind(title: str, anchor: str, kind: str) -> None:
    assert document_kind(title, anchor) == kind
