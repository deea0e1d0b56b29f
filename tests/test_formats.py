"""Every real document in tests/fixtures/formats (copied from ../shared/formats), read as users
hold them: PDF, web pages, a crawler's SQL dump, Word, Markdown, 北大法宝 exports, a web copy.

For each file the expected documents are what a careful reader records from the file itself
(title, 文号, issuers lead first, date, which text each attached text belongs to, the top
level of the outline); none of the sites' or databases' furniture may reach any text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus.formats import read_source
from corpus.model import Document, Issue
from corpus.pipeline import process_file

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
SP = "\u3000"


@dataclass(frozen=True)
class Expect:
    title: str
    number: str = ""
    issuers: tuple[str, ...] = ()
    date: str = ""
    parent: str | None = None  # the title of the document that issues it
    outline1: tuple[str, ...] | None = None  # level-1 headings in order (None: not checked)
    articles: int | None = None  # how many 第X条 the outline lists


GUANGDONG = [
    Expect(
        "广东省行政执法公示办法",
        "",
        ("广东省人民政府",),
        "2021-05-21",
        outline1=tuple(
            f"{c}{SP}{t}"
            for c, t in zip(
                ("第一章", "第二章", "第三章", "第四章", "第五章"),
                ("总则", "公示的范围", "公示管理", "责任追究", "附则"),
                strict=True,
            )
        ),
        articles=29,
    )
]
ODOUR = [
    Expect(
        "关于恶臭气体超标排放法律适用有关问题的复函",
        "",
        ("生态环境部办公厅",),
        "2020-03-20",
        outline1=("一、相关法律规定", "二、法律适用意见"),
        articles=0,
    )
]
INVESTMENT = [
    Expect(
        "关于生态环境执法中建设项目“总投资额”认定问题的指导意见（试行）",
        "",
        ("生态环境部", "发展改革委"),
        "2018-08-27",
        articles=0,
    )
]
STATISTICS = [
    Expect(
        "中华人民共和国统计法",
        "",
        ("全国人民代表大会常务委员会",),
        "2024-09-13",  # the 题注's last event: the second 修正
        outline1=(
            f"第一章{SP}总则",
            f"第二章{SP}统计调查管理",
            f"第三章{SP}统计资料的管理和公布",
            f"第四章{SP}统计机构和统计人员",
            f"第五章{SP}监督检查",
            f"第六章{SP}法律责任",
            f"第七章{SP}附则",
        ),
        articles=53,
    )
]
SEED_DECISION = "全国人民代表大会常务委员会关于授权国务院在中国（新疆）自由贸易试验区暂时调整适用《中华人民共和国种子法》有关规定的决定"
SEEDS_LAW = [
    Expect(SEED_DECISION, "", ("全国人民代表大会常务委员会",), "2025-04-30", articles=0),
    Expect(
        "授权国务院在中国（新疆）自由贸易试验区暂时调整适用《中华人民共和国种子法》有关规定目录",
        "",
        ("全国人民代表大会常务委员会",),
        "2025-04-30",
        parent=SEED_DECISION,
        articles=0,  # `第三十一条第一款` in the table quotes the law; it is no article
    ),
]
CULTURE = "国务院办公厅关于印发文化体制改革中经营性文化事业单位转制为企业和进一步支持文化企业发展两个规定的通知"
QUAKE = "国务院办公厅转发国家地震局关于我国地震重点监视防御区的确定和加强防震减灾工作意见报告的通知"
BADONG = "国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函"
GB = ("国务院办公厅",)
SQL = [
    Expect(
        "国务院关于在海南博鳌乐城国际医疗旅游先行区暂时调整实施《中华人民共和国药品管理法实施条例》有关规定的决定",
        "国发〔2018〕43号",
        ("国务院",),
        "2018-12-21",
        outline1=(),
    ),
    Expect(
        "国务院办公厅关于推进政务新媒体健康有序发展的意见",
        "国办发〔2018〕123号",
        GB,
        "2018-12-07",
        outline1=(
            "一、总体要求",
            "二、明确工作职责",
            "三、加强功能建设",
            "四、规范运维管理",
            "五、强化保障措施",
        ),
    ),
    Expect(CULTURE, "国办发〔2018〕124号", GB, "2018-12-18", outline1=()),
    Expect(
        "文化体制改革中经营性文化事业单位转制为企业的规定",
        "",
        GB,
        "2018-12-18",
        parent=CULTURE,
        outline1=(
            "一、关于公司制股份制改革",
            "二、关于国有文化资产管理",
            "三、关于资产和土地处置",
            "四、关于收入分配",
            "五、关于社会保障",
            "六、关于人员安置",
            "七、关于财政税收",
            "八、关于法人登记",
            "九、关于党的建设",
        ),
    ),
    Expect(
        "进一步支持文化企业发展的规定",
        "",
        GB,
        "2018-12-18",
        parent=CULTURE,
        outline1=(
            "一、关于财政税收",
            "二、关于投资和融资",
            "三、关于资产和土地处置",
            "四、关于工商管理",
        ),
    ),
    Expect(
        "国务院办公厅、中央军委办公厅关于加强对侵华日军遗弃化学武器调查和管理工作的通知",
        "国办发〔1996〕25号",
        ("国务院办公厅", "中央军委办公厅"),
        "1996-06-29",
    ),
    Expect(QUAKE, "国办发〔1996〕2号", GB, "1996-02-05", outline1=()),
    Expect(
        "关于我国地震重点监视防御区的确定和加强防震减灾工作意见的报告",
        "",
        ("国家地震局",),
        "1996-01-25",
        parent=QUAKE,
        outline1=(
            "一、关于我国地震重点监视防御区的确定",
            "二、关于1996年度地震重点危险区的判定",
            "三、关于进一步加强我国防震减灾工作的意见",
        ),
    ),
    Expect(
        "国务院办公厅关于辽宁省在曾培炎副总理考察工作时所提问题和建议办理情况的函",
        "国办函〔2004〕57号",
        GB,
        "2004-08-12",
    ),
    Expect(
        "国务院办公厅关于四川省在温家宝总理考察工作时所提问题和建议办理情况的函",
        "国办函〔2004〕71号",
        GB,
        "2004-10-15",
    ),
    Expect(BADONG, "国办函〔2004〕80号", GB, "2004-11-04", outline1=()),
    Expect(
        "关于湖北省巴东县官渡口镇马鬃山村地质险情调研情况的报告",
        "",
        ("国土资源部",),
        "2004-10-10",
        parent=BADONG,
        outline1=("一、基本情况", "二、地质险情成因分析", "三、处理情况", "四、建议意见"),
    ),
    Expect(
        "湖北省巴东县官渡口镇马鬃山村地质险情调查意见",
        "",
        ("湖北省巴东县官渡口镇马鬃山村地质险情调查专家组",),
        "2004-09-23",
        parent=BADONG,
    ),
    # the site's table says 2004年04月17日; the letter itself is dated 二〇〇四年四月二十七日
    Expect(
        "国务院办公厅关于同意以哈尔滨市名义申办2009年第二十四届世界大学生冬季运动会的复函",
        "国办函〔2004〕36号",
        GB,
        "2004-04-27",
    ),
    Expect("国务院办公厅关于科技节水建议的复函", "国办函〔2005〕21号", GB, "2005-03-03"),
    Expect(
        "国务院办公厅对全国政协十届四次会议第4626号提案的答复",
        "国办函〔2006〕82号",
        GB,
        "2006-10-18",
    ),
    Expect(
        "国务院办公厅对十届全国人大四次会议第7240号建议的答复",
        "国办函〔2006〕71号",
        GB,
        "2006-09-07",
    ),
    Expect(
        "国务院办公厅对十届全国人大四次会议第2996号建议的答复",
        "国办函〔2006〕70号",
        GB,
        "2006-09-07",
    ),
    Expect(
        "国务院办公厅对十届全国人大四次会议第7264号建议的答复",
        "国办函〔2006〕69号",
        GB,
        "2006-09-07",
    ),
    Expect(
        "国务院办公厅对全国政协十届三次会议第2741号提案的答复",
        "国办函〔2005〕69号",
        GB,
        "2005-07-14",
    ),
]
TAX = [
    Expect(
        "关于加强个人所得税纳税信用建设的通知",
        "发改办财金规〔2019〕860号",
        ("国家发展改革委办公厅", "税务总局办公厅"),  # as signed; the masthead abbreviates
        "2019-08-20",
        outline1=(
            "一、总体要求",
            "二、建立个人所得税纳税信用管理机制",
            "三、完善守信联合激励和失信联合惩戒机制",
            "四、加强信息安全和权益维护",
            "五、强化组织实施",
        ),
    )
]
LISHUI_NOTICE = (
    "丽水市人民政府关于下达2023年市区符合政府安排工作条件退役士兵和退出消防员安置任务的通知"
)
LISHUI = [
    Expect(LISHUI_NOTICE, "丽政发〔2023〕30号", ("丽水市人民政府",), "2023-10-16"),
    Expect(
        "2023年市区符合政府安排工作条件退役士兵和退出消防员安置任务",
        "",
        ("丽水市人民政府",),
        "2023-10-16",
        parent=LISHUI_NOTICE,
    ),
]
AH_NOTICE = "安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划（2021-2023年）的通知"
AH_PLAN = "安徽省工业互联网创新发展行动计划（2021-2023年）"
AH = ("安徽省人民政府办公厅",)
ANHUI_82 = [
    Expect(AH_NOTICE, "皖政办秘〔2021〕82号", AH, "2021-09-02", outline1=()),
    Expect(
        "支持工业互联网发展若干政策",
        "",
        AH,
        "2021-09-02",
        parent=AH_NOTICE,
        outline1=(
            "一、支持工业互联网平台建设",
            "二、支持企业数字化、网络化、智能化转型",
            "三、支持工业互联网基础设施建设",
            "四、支持新一代信息技术发展",
            "五、支持工业互联网场景应用",
            "六、支持工业互联网安全体系建设",
            "七、支持工业互联网人才培养",
            "八、支持工业互联网利用资本市场加快发展",
        ),
    ),
    Expect(
        AH_PLAN,
        "",
        AH,
        "2021-09-02",
        parent=AH_NOTICE,
        outline1=(
            "一、总体要求",
            "二、行动步骤",
            "三、发挥市场和企业的主体作用",
            "四、建立齐抓共管的工作机制",
        ),
    ),
    Expect("省推进工业互联网创新发展专项工作组名单", "", AH, "2021-09-02", parent=AH_PLAN),
]
ABA_NOTICE = "阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知"
ABA = ("阿坝州人民政府办公室",)
ABA_21 = [
    Expect(ABA_NOTICE, "阿府办发〔2021〕21号", ABA, "2021-10-11", outline1=()),
    Expect(
        "阿坝州政务数据资源管理暂行办法",
        "",
        ABA,
        "2021-10-11",
        parent=ABA_NOTICE,
        outline1=tuple(
            f"第{n}章{SP}{t}"
            for n, t in zip(
                "一二三四五六七八九",
                (
                    "总则",
                    "规划建设",
                    "目录管理",
                    "采集与汇聚",
                    "整合共享",
                    "开放应用",
                    "安全保障",
                    "法律责任",
                    "附则",
                ),
                strict=True,
            )
        ),
        articles=49,
    ),
]
BT_NOTICE = "包头市人民政府办公室关于印发《包头市2022年数字政府建设考评办法》的通知"
BT_RULES = "包头市2022年数字政府建设考评办法"
BT = ("包头市人民政府办公室",)
BAOTOU_43 = [
    Expect(BT_NOTICE, "包府办发〔2022〕43号", BT, "2022-04-14", outline1=()),
    Expect(
        BT_RULES,
        "",
        BT,
        "2022-04-14",
        parent=BT_NOTICE,
        outline1=("一、考评对象", "二、考评内容", "三、考评方式", "四、考评结果应用"),
    ),
    Expect(
        "包头市数字政府建设考评指标",
        "",
        BT,
        "2022-04-14",
        parent=BT_RULES,
        outline1=(
            '一、政务服务"一网通办"（25分）',
            '二、政府治理“一网统管"（25分）',
            "三、政府办公统一协同（20分）",
            "四、强化基础设施支撑（10分）",
            "五、释放数据要素价值（10分）",
            "六、筑牢安全防护体系（5分）",
            "七、加强统筹管理和工作保障（5分）",
        ),
    ),
]
BJ_NOTICE = "北京市经济和信息化局印发《关于推进北京市数据专区建设的指导意见》的通知"
BJ = ("北京市经济和信息化局",)
BEIJING_87 = [
    Expect(BJ_NOTICE, "京经信发〔2022〕87号", BJ, "2022-11-21", outline1=()),
    Expect(
        "关于推进北京市数据专区建设的指导意见",
        "",
        BJ,
        "2022-11-21",
        parent=BJ_NOTICE,
        outline1=(
            "一、总体要求",
            "二、基本原则",
            "三、建立健全组织管理体系",
            "四、完善专区数据供给机制",
            "五、提升专区运营服务能力",
            "六、加强专区数据使用管控",
            "七、强化专区安全管理能力",
            "八、保障措施",
        ),
    ),
]
RCEP_ISSUER = "安徽省推进“三地一区”建设领导小组改革开放新高地执行小组办公室"
RCEP_NOTICE = f"{RCEP_ISSUER}关于印发安徽省关于加快对接区域全面经济伙伴关系协定（RCEP）经贸新规则扎实推进高水平开放实施意见的通知"
ANHUI_6 = [
    # the 文号 prefix 皖…办 does not make it the 省政府办公厅's: the signature says who issued it
    Expect(RCEP_NOTICE, "皖开放办〔2022〕6号", (RCEP_ISSUER,), "2022-03-23", outline1=()),
    Expect(
        "安徽省关于加快对接《区域全面经济伙伴关系协定》（RCEP）经贸新规则扎实推进高水平开放实施意见",
        "",
        (RCEP_ISSUER,),
        "2022-03-23",
        parent=RCEP_NOTICE,
        outline1=("一、发展目标", "二、重点任务", "三、保障措施"),
    ),
]

#: file → (format it is read as, collection name, documents)
FILES: dict[str, tuple[str, str, list[Expect]]] = {
    "cee_gdsxzzfgsbf.md": ("markdown", "广东省人民政府", GUANGDONG),
    "cee_gyecqtcbpfflsyygwtdfh.md": ("markdown", "生态环境部办公厅", ODOUR),
    "cee_gysthjzfzjsxmztzerdwtdzdyj.md": ("markdown", "生态环境部", INVESTMENT),
    "flk_中华人民共和国统计法_20240913.docx": ("docx", "全国人民代表大会常务委员会", STATISTICS),
    "flk_种子法授权决定_20250430.docx": ("docx", "全国人民代表大会常务委员会", SEEDS_LAW),
    "ge_policy_raw-20190217.sql": ("sqldump", "中国政府网", SQL),
    "govdoc-cn_397.pdf": ("pdf", "国家发展改革委办公厅", TAX),
    "govdoc-cn_397.txt": ("webtext", "国家发展改革委办公厅", TAX),
    "lishui_detail.html": ("html", "丽水市人民政府", LISHUI),
    "pkulaw_CLI.12.4638041_皖政办秘2021-82.txt": ("pkulaw", "安徽省人民政府办公厅", ANHUI_82),
    "pkulaw_CLI.12.4792728_阿府办发2021-21.txt": ("pkulaw", "阿坝州人民政府办公室", ABA_21),
    "pkulaw_CLI.12.5115678_包府办发2022-43.txt": ("pkulaw", "包头市人民政府办公室", BAOTOU_43),
    "pkulaw_CLI.12.5679380_京经信发2022-87.txt": ("pkulaw", "北京市经济和信息化局", BEIJING_87),
    "pkulaw_CLI.12.6476457_皖开放办2022-6.txt": ("pkulaw", RCEP_ISSUER, ANHUI_6),
}

#: What sites and databases wrap documents in; none of it is document text.
FURNITURE = (
    "法宝引证码",
    "原文链接",
    "pkulaw",
    "相关解读",
    "一图读懂",
    "此件公开发布",
    "此件主动公开",
    "扫一扫",
    "检索关键词",
    "语言播报",
    "浏览次数",
    "发布时间：",
    "索引号",
    "索 引 号",
    "主题分类",
    "组配分类",
    "公开方式",
    ".pdf",
    "http",
    ":::",
    "@tab",
    "[[toc]]",
    "{align",
    "&emsp;",
    "&bsp;",
    "<p",
    "<br",
    "<b>",
    "shortTitle",
    "icon:",
    "**",
)

_cache: dict[str, tuple[Issue, list[Document]]] = {}


def _read(name: str) -> tuple[Issue, list[Document]]:
    if name not in _cache:
        issue, docs, _sha = process_file(FIXTURES / name)
        _cache[name] = (issue, docs)
    return _cache[name]


def test_every_fixture_is_covered() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_file()) == sorted(FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_document_as_a_careful_reader_records_it(name: str) -> None:
    fmt, collection, expected = FILES[name]
    issue, docs = _read(name)
    assert [d.title for d in docs] == [e.title for e in expected]
    by_id = {d.id: d for d in docs}
    for doc, exp in zip(docs, expected, strict=True):
        assert doc.doc_number == exp.number, doc.title
        assert doc.issuers == list(exp.issuers), doc.title
        assert doc.issuer == "、".join(exp.issuers), doc.title
        assert doc.date == exp.date, doc.title
        parent = by_id[doc.parent].title if doc.parent else None
        assert parent == exp.parent, doc.title
        if exp.outline1 is not None:
            assert tuple(h.text for h in doc.outline if h.level == 1) == exp.outline1, doc.title
        if exp.articles is not None:
            arts = [h for h in doc.outline if h.level == 3 and h.text.endswith("条")]
            assert len(arts) == exp.articles, doc.title
        assert doc.format == fmt and doc.source_file == name
    # a parent lists its children, and every child appears under its parent
    for doc in docs:
        for cid in doc.children:
            assert by_id[cid].parent == doc.id


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_file_that_is_no_gazette_is_a_collection_named_for_what_it_is(name: str) -> None:
    fmt, collection, _expected = FILES[name]
    issue, docs = _read(name)
    assert issue.kind == "collection"
    assert issue.name == issue.gazette == collection
    assert "国务院公报" not in issue.name
    assert issue.sections == [] and all(d.section == "" for d in docs)
    assert all(d.issue == issue.id for d in docs)
    assert read_source(FIXTURES / name).format == fmt


@pytest.mark.parametrize("name", sorted(FILES))
def test_no_furniture_in_any_text(name: str) -> None:
    _issue, docs = _read(name)
    for doc in docs:
        text = doc.title + "\n" + doc.text
        for junk in FURNITURE:
            assert junk not in text, (doc.title, junk)
        assert not any(p.text.startswith("#") for p in doc.paragraphs)


def test_metadata_dates_become_fields() -> None:
    # gov.cn's table: 成文日期 is the date, 发布日期 the promulgation
    _issue, docs = _read("ge_policy_raw-20190217.sql")
    assert (docs[0].date, docs[0].promulgated) == ("2018-12-21", "2018-12-29")
    _issue, docs = _read("lishui_detail.html")
    assert (docs[0].date, docs[0].promulgated) == ("2023-10-16", "2023-10-23")


def test_a_law_s_history_note_stays_a_note_and_its_contents_block_is_no_outline() -> None:
    _issue, docs = _read("flk_中华人民共和国统计法_20240913.docx")
    law = docs[0]
    assert law.paragraphs[0].text.startswith("（1983年12月8日第六届全国人民代表大会常务委员会")
    chapters = [h.text for h in law.outline if h.level == 1]
    assert len(chapters) == len(set(chapters)) == 7  # the 目录 lists them once more
    assert law.outline[-1].text == "第五十三条"


def test_a_web_copy_keeps_a_line_a_paragraph() -> None:
    # the web copy breaks 一、总体要求's text into one paragraph a line; the PDF, read by
    # geometry, has whole paragraphs: the same headings, fewer paragraphs
    _i, web = _read("govdoc-cn_397.txt")
    _i, pdf = _read("govdoc-cn_397.pdf")
    lines = [
        x for x in (FIXTURES / "govdoc-cn_397.txt").read_text("utf-8").splitlines() if x.strip()
    ]
    assert len(web[0].paragraphs) == len(lines) - 4  # masthead (2 lines), 文号 and title
    assert len(pdf[0].paragraphs) < len(web[0].paragraphs)
    assert [h.text for h in pdf[0].outline] == [h.text.rstrip("。") for h in web[0].outline]


def test_a_chapter_glued_to_its_first_article_is_cut_apart() -> None:
    # 北大法宝 prints `第一章　总则　　第一条 　为规范…` on one line
    _issue, docs = _read("pkulaw_CLI.12.4792728_阿府办发2021-21.txt")
    texts = [p.text for p in docs[1].paragraphs]
    i = texts.index(f"第一章{SP}总则")
    assert texts[i + 1].startswith("第一条")
