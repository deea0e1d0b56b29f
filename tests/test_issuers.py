"""Issuers and jurisdictions from data: provinces, central organs, cities learnt from the text.

Snippets are real text: the seeds, ../shared/formats (govdoc-cn_397, the 北大法宝 exports)
and a 广州市人民政府 notice (穗府〔2021〕3号, www.gz.gov.cn).
"""

from __future__ import annotations

import hashlib

import pytest

from corpus import issuers
from corpus.clean import clean
from corpus.issuers import (
    PROVINCES,
    issuer_of_prefix,
    jurisdiction_of_issuer,
    learn_place,
    split_issuers,
)
from corpus.model import Document
from corpus.reflow import reflow
from corpus.split import split
from corpus.structure import SourceInfo, _section_by_rule, structure


def build(text: str) -> list[Document]:
    cleaned = clean(text.split("\n"))
    parts = split(reflow(cleaned.lines))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return structure(parts, SourceInfo(name="t.txt", sha256=sha, heads=cleaned.heads))[1]


def test_all_31_provincial_regions() -> None:
    abbrs = "京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新"
    assert len(abbrs) == 31
    assert all(a in PROVINCES for a in abbrs)
    assert len({PROVINCES[a] for a in abbrs}) == 31


@pytest.mark.parametrize(
    ("prefix", "level", "place", "organ"),
    [
        ("国办发", "central", "", "国务院办公厅"),
        ("国发", "central", "", "国务院"),
        ("发改办财金规", "central", "", "国家发展和改革委员会办公厅"),
        ("国信办发文", "central", "", "国家互联网信息办公室"),
        ("皖政办秘", "province", "安徽省", "安徽省人民政府办公厅"),
        ("川府发", "province", "四川省", "四川省人民政府"),
        ("川办函", "province", "四川省", "四川省人民政府办公厅"),
        ("京经信发", "province", "北京市", ""),  # a department: the text names it
        ("皖开放办", "province", "安徽省", ""),
        ("穗府办规", "", "", ""),  # a city: only the text can say which
        # cited in lishui_detail.html
        ("退役军人部发", "central", "", "退役军人事务部"),
        ("浙委退役军人办", "province", "浙江省", ""),
    ],
)
def test_prefixes(prefix: str, level: str, place: str, organ: str) -> None:
    info = issuer_of_prefix(prefix)
    assert (info.jurisdiction.level, info.jurisdiction.province, info.organ) == (
        level,
        place,
        organ,
    )


@pytest.mark.parametrize(
    ("prefix", "issuer", "abbr", "city"),
    [
        ("穗府", "广州市人民政府", "穗", "广州市"),
        ("穗府办规", "广州市人民政府办公厅", "穗", "广州市"),
        ("阿府办发", "阿坝州人民政府办公室", "阿", "阿坝州"),
        ("包府办发", "包头市人民政府办公室", "包", "包头市"),
        ("丽政发", "丽水市人民政府", "丽", "丽水市"),  # lishui_detail.html: 丽政发〔2023〕30号
    ],
)
def test_city_abbreviations_are_learnt_from_the_issuer(
    prefix: str, issuer: str, abbr: str, city: str
) -> None:
    learnt = learn_place(prefix, issuer)
    assert learnt is not None and learnt[0] == abbr and learnt[1].city == city
    # and then read 文号 of the same city that name no issuer
    info = issuer_of_prefix(f"{abbr}府办规", dict([learnt]))
    assert info.jurisdiction.city == city
    assert info.section.endswith("政府办公厅文件")


def test_provincial_departments_teach_no_city() -> None:
    assert learn_place("京经信发", "北京市经济和信息化局") is None
    assert learn_place("皖政办秘", "安徽省人民政府办公厅") is None


@pytest.mark.parametrize(
    ("issuer", "level", "name"),
    [
        ("国务院办公厅", "central", "中央"),
        ("中华人民共和国生态环境部", "central", "中央"),
        ("税务总局办公厅", "central", "中央"),
        ("全国人民代表大会常务委员会", "central", "中央"),
        ("安徽省人民政府办公厅", "province", "安徽省"),
        ("北京市经济和信息化局", "province", "北京市"),
        ("内蒙古自治区人民政府", "province", "内蒙古自治区"),
        ("广州市人民政府", "city", "广州市"),
        ("阿坝州人民政府办公室", "city", "阿坝州"),
        ("包头市人民政府办公室", "city", "包头市"),
        ("四川省阿坝藏族羌族自治州人民政府", "city", "阿坝藏族羌族自治州"),
    ],
)
def test_jurisdiction_of_issuer(issuer: str, level: str, name: str) -> None:
    j = jurisdiction_of_issuer(issuer)
    assert (j.level, j.name) == (level, name)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("国家发展改革委 交通运输部 国家铁路局", ["国家发展改革委", "交通运输部", "国家铁路局"]),
        ("中共中央办公厅 国务院办公厅", ["中共中央办公厅", "国务院办公厅"]),
        (
            "民政厅、省扶贫移民局、省委农工委、财政厅、省统计局、省残联、国家统计局四川调查总队",
            [
                "民政厅",
                "省扶贫移民局",
                "省委农工委",
                "财政厅",
                "省统计局",
                "省残联",
                "国家统计局四川调查总队",
            ],
        ),
        ("四川省人民政府办公厅", ["四川省人民政府办公厅"]),
        ("", []),
    ],
)
def test_split_issuers_keeps_the_lead_first(text: str, names: list[str]) -> None:
    assert split_issuers(text) == names


# the foot of govdoc-cn_397 (发改办财金规〔2019〕860号): two offices sign jointly
JOINT = """发展改革委办公厅  文件
税务总局办公厅
 发改办财金规〔2019〕860号
关于加强个人所得税纳税信用建设的通知
各省、自治区、直辖市、新疆生产建设兵团社会信用体系建设牵头部门，国家税务总局各省、自治区、直辖市和计划单列市税务局，社会信用体系建设部际联席会议成员单位办公厅（室）：
（二）加强纳税人诚信教育。
各地区、各部门要充分利用报纸、广播、电视、网络等渠道，做好个人所得税改革的政策解读和舆论引导，加大依法诚信纳税的宣传力度；
依托街道、社区、居委会，引导社会力量广泛参与，褒扬诚信、惩戒失信，提升全社会诚信意识，形成崇尚诚信、践行诚信的良好风尚。
国家发展改革委办公厅
税务总局办公厅
2019年8月20日"""


def test_joint_signature_gives_every_issuer_lead_first() -> None:
    (d,) = build(JOINT)
    assert d.doc_number == "发改办财金规〔2019〕860号"
    assert d.issuers == ["国家发展改革委办公厅", "税务总局办公厅"]
    assert d.issuer.startswith("国家发展改革委办公厅")
    assert d.jurisdiction == "中央"
    assert d.date == "2019-08-20"


# 穗府〔2021〕3号 as www.gz.gov.cn prints it
GUANGZHOU = """穗府〔2021〕3号
广州市人民政府关于印发2021年市政府工作报告部署工作责任分工的通知
各区人民政府，市政府各部门、各直属机构：
　　《2021年市政府工作报告部署工作责任分工》已经市政府第15届134次常务会议审议通过，现印发给你们。
广州市人民政府
2021年2月23日"""


def test_city_document_is_the_citys() -> None:
    (d,) = build(GUANGZHOU)
    assert d.doc_number == "穗府〔2021〕3号"
    assert d.issuers == ["广州市人民政府"]
    assert d.jurisdiction == "广州市"


def _doc(number: str, issuer: str, anchor_issuers: list[str] | None = None) -> Document:
    return Document(
        id="x",
        issue="i",
        order=0,
        section="",
        title="t",
        doc_number=number,
        issuer=issuer,
        issuers=anchor_issuers if anchor_issuers is not None else split_issuers(issuer),
    )


BEIJING = issuers.Jurisdiction("province", "北京市")
SICHUAN = issuers.Jurisdiction("province", "四川省")
GUANGZHOU_CITY = issuers.Jurisdiction("city", "广东省", "广州市")


@pytest.mark.parametrize(
    ("number", "issuer", "home", "section"),
    [
        # a provincial gazette: only higher levels are 上级文件
        ("国办发〔2017〕6号", "国务院办公厅", SICHUAN, "上级文件"),
        ("川府发〔2017〕4号", "四川省人民政府", SICHUAN, "省政府文件"),
        ("川办函〔2017〕12号", "四川省人民政府办公厅", SICHUAN, "省政府办公厅文件"),
        ("京经信发〔2022〕87号", "北京市经济和信息化局", BEIJING, "部门文件"),
        ("", "北京市经济和信息化局", BEIJING, "部门文件"),  # no 文号 at all: still its own
        ("", "", BEIJING, "其他"),  # nothing known: never guessed to be 上级文件
        # a city gazette: the province is 上级 too
        ("粤府〔2021〕13号", "广东省人民政府", GUANGZHOU_CITY, "上级文件"),
        ("穗府〔2021〕3号", "广州市人民政府", GUANGZHOU_CITY, "市政府文件"),
        # the central gazette
        ("国发〔2021〕6号", "国务院", issuers.CENTRAL, "国务院文件"),
        ("发改办财金规〔2019〕860号", "国家发展改革委办公厅", issuers.CENTRAL, "部门文件"),
    ],
)
def test_sections_by_jurisdiction(
    number: str, issuer: str, home: issuers.Jurisdiction, section: str
) -> None:
    places = {"穗": GUANGZHOU_CITY}
    assert _section_by_rule(_doc(number, issuer), "number", home, places) == section


# the seven bodies that jointly issue the 实施方案 of 川办发〔2017〕9号 (2017 Sichuan seed), here
# as a signature block signs them: one a line over the date, as joint documents print them
SEVEN = [
    "民政厅",
    "省扶贫移民局",
    "省委农工委",
    "财政厅",
    "省统计局",
    "省残联",
    "国家统计局四川调查总队",
]


def test_signature_block_is_the_issuer_when_the_title_names_none() -> None:
    text = "\n".join(
        [
            "关于做好农村最低生活保障制度与扶贫开发政策有效衔接的实施方案",
            "（2017年1月18日）",
            "　　为贯彻落实《中共中央 国务院关于打赢脱贫攻坚战的决定》精神，制定本实施方案。",
            *SEVEN,
            "2017年1月18日",
        ]
    )
    (d,) = build(text)
    assert d.issuers == SEVEN
    assert d.issuer == "、".join(SEVEN)
