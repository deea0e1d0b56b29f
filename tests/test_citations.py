"""Citation extraction on small inputs: each form of 发文字号, 令 number and 《》 title."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.citations import Citation, extract_citations, find_numbers, find_titles, title_key
from corpus.model import Paragraph


def cites(*texts: str) -> list[Citation]:
    return extract_citations([Paragraph("body", t) for t in texts])


def numbers(text: str) -> list[str]:
    return [h.value for h in find_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国办发〔2017〕6号", "国办发〔2017〕6号"),
        ("国办发〔２０１７〕６号", "国办发〔2017〕6号"),
        ("川办函[2017]12号", "川办函〔2017〕12号"),
        ("京政发[2019]1号", "京政发〔2019〕1号"),
        ("京政发［２０１９］１号", "京政发〔2019〕1号"),
        ("国发 (2016) 49号", "国发〔2016〕49号"),
        ("国发（2016）49 号", "国发〔2016〕49号"),
        ("国办函 〔2021〕26号", "国办函〔2021〕26号"),
        ("粤府办〔2020〕3号", "粤府办〔2020〕3号"),
        ("国函〔2021〕15号", "国函〔2021〕15号"),
        ("财税〔2019〕13号", "财税〔2019〕13号"),
        ("国办发明电〔2020〕1号", "国办发明电〔2020〕1号"),
        ("中发〔2015〕34号", "中发〔2015〕34号"),
        ("卫 妇 发〔1995〕第7号", "卫妇发〔1995〕7号"),
        ("国务院令第588号", "国务院令第588号"),
        ("卫生部令第59号", "卫生部令第59号"),
        ("卫生部令 第 59 号", "卫生部令第59号"),
        ("国家发展和改革委员会令2014年第15号", "国家发展和改革委员会令2014年第15号"),
        ("中国保险监督管理委员会令２００８年第１号", "中国保险监督管理委员会令2008年第1号"),
        ("国家发展改革委令2019年第29号", "国家发展改革委令2019年第29号"),
        ("中国人民银行令 〔2010〕第2号", "中国人民银行令2010年第2号"),
        ("中国人民银行令〔2021〕1号", "中国人民银行令2021年第1号"),
        ("国家发展改革委、商务部令2020年第38号", "国家发展改革委、商务部令2020年第38号"),
        ("中国人民银行公告 〔2013〕第6号", "中国人民银行公告2013年第6号"),
        ("国家税务总局公告2021年第1号", "国家税务总局公告2021年第1号"),
    ],
)
def test_number_forms(text: str, expected: str) -> None:
    assert numbers(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("按照国发〔2016〕49号要求", ["国发〔2016〕49号"]),
        ("根据国务院令第588号", ["国务院令第588号"]),
        ("国发〔2016〕49号和国办发[2016]70号", ["国发〔2016〕49号", "国办发〔2016〕70号"]),
        ("财税〔2019〕13号、财税〔2019〕14号", ["财税〔2019〕13号", "财税〔2019〕14号"]),
        ("发布的国发〔2016〕49号", ["国发〔2016〕49号"]),
        ("(2008年5月6日卫生部令第59号公布", ["卫生部令第59号"]),
        ("(1995年8月7日 卫 妇 发〔1995〕第7号 公 布", ["卫妇发〔1995〕7号"]),
        ("原卫生部令第59号", ["卫生部令第59号"]),
    ],
)
def test_number_prefix_stops_at_running_text(text: str, expected: list[str]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "〔2021〕第1号",  # an order's own header line, no issuer
        "2021年 第1号",
        "第　40　号",
        "目录（2020年本）",
        "有令不行、有禁不止",
        "责令改正，给予警告",
        "国发〔16〕49号",  # not a year
        "截至2020年底第3号文件",
    ],
)
def test_not_numbers(text: str) -> None:
    assert numbers(text) == []


def test_offsets_point_at_the_number_as_written() -> None:
    text = "现将国发［２０１６］４９号转发"
    (hit,) = find_numbers(text)
    assert text[hit.start : hit.end] == "国发［２０１６］４９号"


def test_titles_keep_nested_marks() -> None:
    text = "《国家卫生健康委关于修改和废止〈母婴保健专项技术服务许可及人员资格管理办法〉等3件部门规章的决定》已经通过"
    (t,) = find_titles(text)
    assert t.value.startswith("国家卫生健康委关于修改和废止〈母婴")
    assert text[t.start : t.end].endswith("决定》")


def test_titles_unclosed_is_skipped() -> None:
    assert find_titles("《没有闭合的标题") == []


def test_title_alone() -> None:
    (c,) = cites("根据《中华人民共和国社会保险法》，制定本办法。")
    assert (c.title, c.doc_number, c.text) == (
        "中华人民共和国社会保险法",
        "",
        "《中华人民共和国社会保险法》",
    )


def test_title_with_number_is_one_citation() -> None:
    (c,) = cites(
        "为贯彻落实《国务院办公厅转发民政部等部门关于做好农村最低生活保障制度与扶贫开发政策有效衔接指导意见的通知》（国办发〔2016〕70号）精神"
    )
    assert c.doc_number == "国办发〔2016〕70号"
    assert c.title.startswith("国务院办公厅转发民政部")
    assert c.text.startswith("《") and c.text.endswith("70号")


def test_title_with_order_number_and_spaces() -> None:
    (c,) = cites(
        "«非金融机构支付服务管理办法» (中国人民银行令 〔2010〕第2号发布)".replace(
            "«", "《"
        ).replace("»", "》")
    )
    assert (c.title, c.doc_number) == ("非金融机构支付服务管理办法", "中国人民银行令2010年第2号")


def test_number_alone_and_title_alone_in_one_sentence() -> None:
    found = cites(
        "全面落实《中共中央国务院关于打赢脱贫攻坚战的决定》（中发〔2015〕34号）、《中共四川省委关于制定…的建议》和川委发〔2015〕10号精神"
    )
    assert [(c.title != "", c.doc_number) for c in found] == [
        (True, "中发〔2015〕34号"),
        (True, ""),
        (False, "川委发〔2015〕10号"),
    ]


def test_alias_carries_full_title_and_number_to_later_paragraphs() -> None:
    found = cites(
        "现将《国务院关于推进中央与地方财政事权和支出责任划分改革的指导意见》（国发〔2016〕49号，以下简称《指导意见》）转发你们。",
        "《指导意见》明确了推进改革的指导思想。",
    )
    assert len(found) == 2  # the alias definition itself is not a second citation
    first, later = found
    assert later.para == 1 and later.text == "《指导意见》"
    assert (later.title, later.doc_number) == (first.title, "国发〔2016〕49号")


def test_alias_without_number() -> None:
    found = cites(
        "根据《中华人民共和国职业病防治法》（以下简称《职业病防治法》），制定本办法。按照《职业病防治法》规定"
    )
    assert [c.title for c in found] == ["中华人民共和国职业病防治法", "中华人民共和国职业病防治法"]


def test_title_key_ignores_spacing_and_bracket_width() -> None:
    assert title_key("西部地区鼓励类产业目录 (2020年本)") == title_key(
        "西部地区鼓励类产业目录（２０２０年本）"
    )
    assert title_key("关于修改〈办法〉的决定") == title_key("关于修改办法的决定")


def test_citation_round_trips_through_dict() -> None:
    (c,) = cites("国发〔2016〕49号")
    assert Citation.from_dict(c.to_dict()) == c


def test_back_reference_takes_the_last_matching_full_title() -> None:
    found = cites(
        "二、对《护士执业注册管理办法》作如下修改：", "此外，本《办法》的条文顺序作相应调整。"
    )
    assert [c.title for c in found] == ["护士执业注册管理办法", "护士执业注册管理办法"]
    assert found[1].text == "《办法》"


def test_back_reference_to_itself_is_no_citation() -> None:
    assert cites("本《办法》自公布之日起施行。") == []
    (c,) = cites("该《办法》另行规定。")  # 该 with nothing before: kept as written
    assert c.title == "办法"


def test_back_reference_prefers_the_text_being_amended() -> None:
    found = cites(
        "一、对《母婴保健专项技术服务许可及人员资格管理办法》作如下修改：",
        "（一）将“《中华人民共和国母婴保健法实施办法》”修改为“有关规定”。",
        "此外，本《办法》的条文顺序作相应调整。",
    )
    assert found[-1].title == "母婴保健专项技术服务许可及人员资格管理办法"


def test_back_reference_to_the_heading_it_sits_under() -> None:
    paras = [
        Paragraph("heading", "一、《母婴保健专项技术服务许可及人员资格管理办法》", 1),
        Paragraph("body", "（一）将“《中华人民共和国母婴保健法实施办法》”修改为“有关规定”。"),
        Paragraph("body", "此外，本《办法》还对个别文字表述作了修改。"),
    ]
    assert extract_citations(paras)[-1].title == "母婴保健专项技术服务许可及人员资格管理办法"


_PIECES = [
    "国发",
    "令",
    "第",
    "号",
    "〔",
    "〕",
    "[",
    "]",
    "（",
    "）",
    "2016",
    "49",
    "年",
    "《",
    "》",
    "〈",
    "〉",
    "以下简称",
    "本",
    "关于",
    "的",
    "，",
    "。",
    " ",
    "\u3000",
    "卫 妇 发",
    "公告",
    "、",
    "和",
    "办法",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join), min_size=1, max_size=4)
)
def test_any_text_gives_citations_whose_offsets_hold(texts: list[str]) -> None:
    for c in cites(*texts):
        assert 0 <= c.start < c.end <= len(texts[c.para])
        assert texts[c.para][c.start : c.end] == c.text
        assert c.title or c.doc_number
