"""Stage 4, split: an issue's paragraphs cut into documents, each issued text under its issuer.

The issues are small made-up ones (tests/fake_gazettes.py) with one document of each kind
the seeds print: a dated opinion, a 新华社 item and the text it announces, a numbered opinion,
a 印发 notice and its plan, a 转发 notice and the text it forwards, an order and its
regulation, an appointments list.
"""

from __future__ import annotations

import pytest
from fake_gazettes import CENTRAL, HEADED, PROVINCIAL, layout

from corpus.clean import clean
from corpus.reflow import RawParagraph, reflow
from corpus.split import DocPart, find_starts, head_title, is_title_like, split


def paragraphs(text: str) -> list[RawParagraph]:
    return reflow(clean(text.split("\n")).lines)


def parts_of(text: str) -> list[DocPart]:
    return split(paragraphs(text))


@pytest.fixture(scope="module")
def central() -> list[DocPart]:
    return parts_of(CENTRAL)


def _titles(parts: list[DocPart]) -> list[str]:
    return [head_title(p) for p in parts]


def test_central_issue_is_cut_into_its_documents(central: list[DocPart]) -> None:
    assert _titles(central) == [
        "中共中央 国务院关于深化体育改革的意见",
        "中共中央办公厅 国务院办公厅印发《关于构建更高水平的全民健身公共服务体系的意见》",
        "关于构建更高水平的全民健身公共服务体系的意见",
        "国务院关于加强全民健身场地设施建设的意见",
        "国务院办公厅关于印发全民健身场地设施建设试点方案的通知",
        "全民健身场地设施建设试点方案",
        "国务院办公厅转发国家体育总局关于推进体育公园建设指导意见的通知",
        "关于推进体育公园建设的指导意见",
        "中华人民共和国国家体育总局令",
        "体育场馆运营管理办法",
        "中华人民共和国国务院任免人员",
    ]
    assert [p.anchor for p in central] == [
        "dated",
        "news",
        "fulltext",
        "number",
        "number",
        "attached",
        "number",
        "number",
        "order",
        "attached",
        "appointments",
    ]


def test_issued_texts_point_at_their_issuer(central: list[DocPart]) -> None:
    parents = {
        head_title(p): (head_title(central[p.parent]) if p.parent is not None else None)
        for p in central
    }
    assert (
        parents["全民健身场地设施建设试点方案"]
        == "国务院办公厅关于印发全民健身场地设施建设试点方案的通知"
    )
    assert (
        parents["关于推进体育公园建设的指导意见"]
        == "国务院办公厅转发国家体育总局关于推进体育公园建设指导意见的通知"
    )
    assert parents["体育场馆运营管理办法"] == "中华人民共和国国家体育总局令"
    assert parents["关于构建更高水平的全民健身公共服务体系的意见"].endswith("公共服务体系的意见》")
    # documents that issue nothing and are issued by nothing stand alone
    for title in (
        "中共中央 国务院关于深化体育改革的意见",
        "国务院关于加强全民健身场地设施建设的意见",
        "中华人民共和国国务院任免人员",
    ):
        assert parents[title] is None


def test_heads_and_bodies(central: list[DocPart]) -> None:
    by_title = {head_title(p): p for p in central}
    notice = by_title["国务院办公厅关于印发全民健身场地设施建设试点方案的通知"]
    assert [p.text for p in notice.head] == [
        "国务院办公厅关于印发全民健身场地设施",
        "建设试点方案的通知",
        "国办发〔2021〕15号",
    ]
    assert [p.text for p in notice.body][-2:] == ["国务院办公厅", "2021年4月6日"]
    order = by_title["中华人民共和国国家体育总局令"]
    assert [p.text for p in order.head] == ["中华人民共和国国家体育总局令", "第\u300028\u3000号"]
    # a bracketed date stays in the body, where it is printed
    dated = central[0]
    assert dated.body[0].text == "（2021年3月20日）"
    # the announced text starts with its own first paragraph, the announcement stays with the news item
    news, text = central[1], central[2]
    assert news.body[-1].text.endswith("全文如下。")
    assert text.head == [] and text.body[0].text.startswith("全民健身公共服务体系是实施")
    assert text.body[-1].text == "（新华社北京2021年4月12日电）"


def test_no_paragraph_is_lost_or_repeated(central: list[DocPart]) -> None:
    assert [p for part in central for p in part.paragraphs] == paragraphs(CENTRAL)


def test_a_forwarded_text_with_its_own_number_is_a_child_when_the_notice_names_it() -> None:
    parts = parts_of(PROVINCIAL)
    assert _titles(parts) == [
        "国务院办公厅关于做好春季农业生产工作的通知",
        "四川省人民政府转发国务院关于促进乡村产业振兴的指导意见的通知",
        "国务院关于促进乡村产业振兴的指导意见",
        "四川省人民政府办公厅关于做好春季森林草原防火工作的通知",
    ]
    assert [p.parent for p in parts] == [None, None, 1, None]


def test_a_numbered_document_after_an_unrelated_notice_is_no_child() -> None:
    # the 国发 opinion follows a 印发 notice that names another text: it stands alone
    parts = parts_of(CENTRAL)
    opinion = next(p for p in parts if head_title(p) == "国务院关于加强全民健身场地设施建设的意见")
    assert opinion.parent is None
    # a notice that names a different text does not adopt the numbered document after it
    text = layout(
        "国务院办公厅关于印发体育强国建设纲要的通知",
        "国办发〔２０２１〕２０号",
        "　　《体育强国建设纲要》已经国务院同意，现印发",
        "给你们，请认真贯彻执行。",
        "国务院办公厅",
        "２０２１年４月２日",
        "国务院关于同意建立全民健身工作部际联席会议",
        "制度的批复",
        "国函〔２０２１〕４１号",
        "　　国家体育总局：你局关于建立全民健身工作部际",
        "联席会议制度的请示收悉。现批复如下：同意。",
    )
    parts = parts_of(text)
    assert [head_title(p) for p in parts] == [
        "国务院办公厅关于印发体育强国建设纲要的通知",
        "国务院关于同意建立全民健身工作部际联席会议制度的批复",
    ]
    assert parts[1].parent is None


def test_running_heads_do_not_start_documents() -> None:
    parts = parts_of(HEADED)
    assert [(head_title(p), p.anchor, p.parent) for p in parts] == [
        ("国务院办公厅关于印发全民健身赛事活动管理办法的通知", "number", None),
        ("全民健身赛事活动管理办法", "attached", 0),
        ("国家体育总局关于加强体育赛事活动安全管理的意见", "dated", None),
    ]
    regulation = parts[1]
    assert any(
        p.text
        == "第二条\u3000县级以上地方人民政府体育主管部门负责本行政区域内全民健身赛事活动的监督管理工作。"
        for p in regulation.body
    )


def test_revised_regulations_hang_under_the_amending_decision() -> None:
    text = layout(
        "国家体育总局关于修改《体育赛事活动管理办法》",
        "等２件部门规章的决定",
        "　　为贯彻落实国务院关于深化放管服改革的要求，",
        "国家体育总局决定对下列部门规章作出修改。",
        "本决定自公布之日起施行。",
        "２０２１年４月２２日",
        "体育赛事活动管理办法",
        "（２０２０年１月１日国家体育总局令第２５号公布　根",
        "据２０２１年４月２２日《国家体育总局关于修改〈体育",
        "赛事活动管理办法〉等２件部门规章的决定》修订）",
        "第一条　为了规范体育赛事活动，制定本办法。",
        "经营高危险性体育项目许可管理办法",
        "（２０１３年５月１日国家体育总局令第１７号公布　根",
        "据２０２１年４月２２日《国家体育总局关于修改〈体育",
        "赛事活动管理办法〉等２件部门规章的决定》修订）",
        "第一条　为了规范高危险性体育项目经营活动，制定",
        "本办法。",
    )
    parts = parts_of(text)
    assert [(head_title(p), p.anchor, p.parent) for p in parts] == [
        ("国家体育总局关于修改《体育赛事活动管理办法》等2件部门规章的决定", "fragment", None),
        ("体育赛事活动管理办法", "attached", 0),
        ("经营高危险性体育项目许可管理办法", "revised", 0),
    ]
    assert parts[2].body[0].text.startswith("（2013年5月1日国家体育总局令第17号公布")


def test_find_starts_anchors(central: list[DocPart]) -> None:
    paras = paragraphs(CENTRAL)
    starts = find_starts(paras)
    for start, (anchor, key) in starts.items():
        assert start <= key
        if anchor == "number":
            assert paras[key].text.endswith("号") and "〔" in paras[key].text
        if anchor == "order":
            assert paras[key].text.startswith("第") and paras[key - 1].text.endswith("令")


def test_is_title_like() -> None:
    def p(text: str) -> RawParagraph:
        return paragraphs(layout(text))[0]

    assert is_title_like(p("国务院办公厅关于印发试点方案的通知"))
    assert not is_title_like(p("现印发给你们，请认真贯彻执行。"))
    assert not is_title_like(p("２０２１年４月２日"))
    assert not is_title_like(p("国办发〔２０２１〕２０号"))
    assert not is_title_like(p("一、总体要求"))
    assert not is_title_like(p("牛一兵　中央网信办副主任"))


def test_empty_input() -> None:
    assert split([]) == []
