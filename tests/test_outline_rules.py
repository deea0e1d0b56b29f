"""Outline rules on real text: 编/章/节/条, 目录 blocks, cited chapters, glued and EM-SPACE headings.

Snippets: 中华人民共和国统计法 (flk docx in ../shared/formats, its first paragraphs), 北京市经济和
信息化局 京经信发〔2022〕87号 (北大法宝 export there), 濮政办〔2011〕19号 (a web copy).
"""

from __future__ import annotations

import pytest
from test_issuers import build

from corpus.structure import _paragraph_kind, split_glued_heading, table_of_contents

STATISTICS_LAW = """中华人民共和国统计法
（1983年12月8日第六届全国人民代表大会常务委员会第三次会议通过　根据1996年5月15日第八届全国人民代表大会常务委员会第十九次会议《关于修改〈中华人民共和国统计法〉的决定》第一次修正　2009年6月27日第十一届全国人民代表大会常务委员会第九次会议修订　根据2024年9月13日第十四届全国人民代表大会常务委员会第十一次会议《关于修改〈中华人民共和国统计法〉的决定》第二次修正）
目　　录
第一章　总　　则
第二章　统计调查管理
第三章　统计资料的管理和公布
第四章　统计机构和统计人员
第五章　监督检查
第六章　法律责任
第七章　附　　则
第一章　总　　则
第一条　为了科学、有效地组织统计工作，保障统计资料的真实性、准确性、完整性和及时性，加强统计监督，发挥统计在了解国情国力、服务经济社会高质量发展中的重要作用，推动全面建设社会主义现代化国家，制定本法。
第二条　本法适用于各级人民政府、县级以上人民政府统计机构和有关部门组织实施的统计活动。
统计的基本任务是对经济社会发展情况进行统计调查、统计分析，提供统计资料和统计咨询意见，实行统计监督。
第三条　统计工作坚持中国共产党的领导。
国家建立集中统一的统计系统，实行统一领导、分级负责的统计管理体制。
第四条　国务院和地方各级人民政府、各有关部门应当加强对统计工作的组织领导，为统计工作提供必要的保障。
第五条　国家加强统计科学研究，根据经济社会发展的新情况，健全科学合理的统计标准和统计指标体系，将新经济新领域纳入统计调查范围，并不断改进统计调查方法，提高统计的科学性。
国家有计划地加强统计信息化建设，推动现代信息技术与统计工作深度融合，促进统计信息搜集、处理、传输、共享、存储技术和统计数据库体系的现代化。
第六条　国家构建系统完整、协同高效、约束有力、权威可靠的统计监督体系。
统计机构根据统计调查制度和经批准的计划安排，对各地区、各部门贯彻落实国家重大经济社会政策措施情况、履行统计法定职责情况等进行统计监督。
第七条　统计机构和统计人员依照本法规定独立行使统计调查、统计报告、统计监督的职权，不受侵犯。"""


def test_a_contents_block_is_not_outline() -> None:
    (law,) = build(STATISTICS_LAW)
    headings = [h.text for h in law.outline if not h.text.startswith("第") or "章" in h.text]
    assert headings == ["第一章　总则"]  # once: the 目录 entry above it is not a heading
    assert [h.text for h in law.outline if "条" in h.text][:3] == ["第一条", "第二条", "第三条"]
    toc = [p for p in law.paragraphs if p.text.startswith("第七章")]
    assert [p.kind for p in toc] == ["note"]


def test_table_of_contents_stops_at_the_first_repeated_entry() -> None:
    texts = STATISTICS_LAW.split("\n")[2:12]
    block = table_of_contents(texts)
    assert block == set(range(0, 8))  # 目录 and its 7 entries; the real 第一章 is not in it


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("第四章第八节的规定", "body"),  # the example: cited inside a sentence
        ("第十四条的规定一并报经审批", "body"),  # 统计法 第十六条: 依照本法第十四条的规定…
        ("第三章　统计资料的管理和公布", "heading"),
        ("第一章总则", "heading"),  # copies that lost the space
        ("第一条　为了科学、有效地组织统计工作", "article"),
        ("第一条为了科学、有效地组织统计工作", "article"),
    ],
)
def test_a_chapter_cited_in_a_sentence_is_not_a_heading(text: str, kind: str) -> None:
    assert _paragraph_kind(text, "", 5, True)[0] == kind


def test_parts_chapters_sections_articles_nest() -> None:
    text = "\n".join(
        [
            "中华人民共和国民法典",
            "（2020年5月28日第十三届全国人民代表大会第三次会议通过）",
            "第一编　总　　则",
            "第一章　基本规定",
            "第一条　为了保护民事主体的合法权益，调整民事关系，维护社会和经济秩序，"
            "适应中国特色社会主义发展要求，弘扬社会主义核心价值观，根据宪法，制定本法。",
            "第二章　自然人",
            "第一节　民事权利能力和民事行为能力",
            "第十三条　自然人从出生时起到死亡时止，具有民事权利能力，依法享有民事权利，承担民事义务。",
        ]
    )
    (code,) = build(text)
    assert [(h.level, h.text) for h in code.outline] == [
        (1, "第一编　总则"),
        (2, "第一章　基本规定"),
        (4, "第一条"),
        (2, "第二章　自然人"),
        (3, "第一节　民事权利能力和民事行为能力"),
        (4, "第十三条"),
    ]


def test_a_glued_heading_is_split_off() -> None:
    glued = "现印发给你们，请结合实际认真贯彻落实。一、总体要求"
    assert split_glued_heading(glued) == ["现印发给你们，请结合实际认真贯彻落实。", "一、总体要求"]
    assert split_glued_heading("第七条　统计机构和统计人员依照本法规定独立行使职权。") == [
        "第七条　统计机构和统计人员依照本法规定独立行使职权。"
    ]
    # a list in a sentence is no heading: 一、二、三 inside running text
    assert len(split_glued_heading("包括以下三类：一、国家统计调查项目")) == 1


# 京经信发〔2022〕87号 as a web page copies it: one paragraph a line, EM-SPACE indents
BEIJING = [
    "北京市经济和信息化局印发《关于推进北京市数据专区建设的指导意见》的通知",
    "京经信发〔2022〕87号",
    "各区政府,各相关单位：",
    "\u2003\u2003为促进政企数据融合应用，充分释放数据要素价值，培育和带动数字经济产业发展，"
    "结合本市实际情况，现就推进北京市数据专区建设提出如下意见。",
    "\u2003\u2003一、总体要求",
    "\u2003\u2003（一）指导思想",
    "\u2003\u2003以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。",
]


def test_em_space_indented_headings_are_headings() -> None:
    (doc,) = build("\n".join(BEIJING))
    assert [(h.level, h.text) for h in doc.outline] == [(1, "一、总体要求"), (2, "（一）指导思想")]
    assert doc.doc_number == "京经信发〔2022〕87号"
    assert doc.jurisdiction == "北京市"


# 濮政办〔2011〕19号 as a web page prints it: no signature line, a 二〇 date
PUYANG = """濮阳市人民政府办公室关于印发濮阳市城市道路窨井设施管理暂行办法的通知
濮政办〔2011〕19号
各县(区)人民政府,高新区、工业园区管委会,市人民政府各部门:
市市政园林管理局制定的《濮阳市城市道路窨井设施管理暂行办法》已经市政府同意,现印发给你们,请认真贯彻执行。
二〇一一年三月三十日
濮阳市城市道路窨井设施管理暂行办法
第一条 为加强城市道路窨井设施的监督、维护和管理,保障城市道路完好、畅通,根据《国务院城市道路管理条例》和《河南省市政设施管理办法》等有关规定,结合我市实际,制定本办法。
第二条 本办法所称城市道路窨井设施是指城市建成区道路范围内的供水、排水、燃气、热力、电力、通信、有线电视、交通信号、消防等地下管线的检查井、进水井、阀门井、消防井、接线井的井体、井盖等设施。"""


def test_chinese_numeral_signature_date_and_city() -> None:
    notice, measures = build(PUYANG)
    assert notice.doc_number == "濮政办〔2011〕19号"
    assert notice.date == "2011-03-30"
    assert notice.issuers == ["濮阳市人民政府办公室"]
    assert notice.jurisdiction == "濮阳市"
    assert measures.parent == notice.id and measures.date == "2011-03-30"
    assert [h.text for h in measures.outline] == ["第一条", "第二条"]
