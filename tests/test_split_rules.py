"""Split rules on real exports: long titles over a 文号, and the second text a notice issues.

Snippets from ../shared/formats: pkulaw_CLI.12.6476457 (皖开放办〔2022〕6号, an 88-character
title) and pkulaw_CLI.12.4638041 (皖政办秘〔2021〕82号, which issues two texts; abridged to the
first and last paragraphs of the first text), without the database's own header lines.
"""

from __future__ import annotations

from test_issuers import build

LONG_TITLE = """安徽省推进“三地一区”建设领导小组改革开放新高地执行小组办公室关于印发安徽省关于加快对接区域全面经济伙伴关系协定（RCEP）经贸新规则扎实推进高水平开放实施意见的通知

（皖开放办〔2022〕6号）

省有关单位：

　　《安徽省关于加快对接〈区域全面经济伙伴关系协定〉（RCEP）经贸新规则 扎实推进高水平开放实施意见》现印发给你们，请认真贯彻执行。
安徽省推进“三地一区”建设领导小组改革开放新高地执行小组办公室

　　2022年3月23日"""


def test_a_long_title_over_a_number_heads_its_document() -> None:
    (notice,) = build(LONG_TITLE)
    assert notice.doc_number == "皖开放办〔2022〕6号"
    assert notice.title.startswith("安徽省推进“三地一区”建设领导小组") and notice.title.endswith(
        "实施意见的通知"
    )
    assert notice.issuers == ["安徽省推进“三地一区”建设领导小组改革开放新高地执行小组办公室"]
    assert notice.jurisdiction == "安徽省"
    assert notice.date == "2022-03-23"
    assert notice.addressees == ["省有关单位"]


TWO_TEXTS = """安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划(2021—2023年)的通知

（皖政办秘〔2021〕82号）

各市人民政府，省政府各部门，各直属机构：

　　《支持工业互联网发展若干政策》《安徽省工业互联网创新发展行动计划（2021-2023年）》已经省政府同意，现印发给你们，请认真抓好落实。
安徽省人民政府办公厅

　　2021年9月2日
支持工业互联网发展若干政策

　　为充分运用市场的逻辑、资本的力量，更好发挥政府作用，加快我省工业互联网发展，促进我省制造业数字化、网络化、智能化转型，制定和实施以下政策。
　　本政策自2021年开始执行，由省经济和信息化厅负责解释。
安徽省工业互联网创新发展行动计划（2021-2023年）

　　为深入实施工业互联网创新发展战略，推动工业互联网赋能制造强省，助力经济社会数字化转型和高质量发展，特制定本行动计划。
　　一、总体要求"""


def test_the_second_text_a_notice_names_is_split_off() -> None:
    notice, policy, plan = build(TWO_TEXTS)
    assert notice.doc_number == "皖政办秘〔2021〕82号"
    assert policy.title == "支持工业互联网发展若干政策"
    assert plan.title == "安徽省工业互联网创新发展行动计划（2021-2023年）"
    assert policy.parent == notice.id and plan.parent == notice.id
    assert set(notice.children) == {policy.id, plan.id}
    assert policy.paragraphs[-1].text.startswith("本政策自2021年开始执行")
    assert [h.text for h in plan.outline] == ["一、总体要求"]
    assert plan.issuers == ["安徽省人民政府办公厅"] and plan.date == "2021-09-02"


# 克政办发〔2007〕81号 as a law database's web page prints it (law494.infoeach.com): the title,
# the issuer on a line of its own, the title again, the number; a 二○ date, no signature
KIZILSU = """关于印发克孜勒苏柯尔克孜自治州散装水泥管理办法的通知

新疆维吾尔自治区克孜勒苏柯尔克孜自治州人民政府办公室


关于印发克孜勒苏柯尔克孜自治州散装水泥管理办法的通知

克政办发〔2007〕81号


各县(市)人民政府,自治州人民政府各部门、各直属机构:

  发展散装水泥和预拌混凝土是一项全面落实科学发展观,构建资源节约型、环境友好型社会的重要工作,对促进节能减排、拉动经济增长、推动城市建设、提高工程质量具有十分重要的意义。为加快我州散装水泥和预拌混凝土工作发展步伐,州经贸委根据《新疆维吾尔自治区散装水泥管理办法》(新疆维吾尔自治区政府令第107号)和《散装水泥管理办法》(中华人民共和国商务部、财政部、铁道部、交通部、质量监督检验检疫总局、环境保护总局等七部委部长令第5号),结合实际制定了《克孜勒苏柯尔克孜自治州散装水泥管理办法》,已经自治州人民政府同意,现予印发,请各县(市)、各部门认真贯彻落实。





                           二○○七年八月三十日





克孜勒苏柯尔克孜自治州散装水泥管理办法



  第一条 为加快发展散装水泥和预拌混凝土,节约资源,减少环境污染,提高社会、经济效益,根据《新疆维吾尔自治区散装水泥管理办法》(新疆维吾尔自治区政府令第107号)和《散装水泥管理办法》(中华人民共和国商务部、财政部、建设部、铁道部、交通部、质量监督检验检疫总局、环境保护总局部长令第5号),结合实际,制定本办法。"""


def test_a_web_copys_head_gives_title_issuer_and_date() -> None:
    notice, measures = build(KIZILSU)
    assert notice.title == "关于印发克孜勒苏柯尔克孜自治州散装水泥管理办法的通知"
    assert notice.doc_number == "克政办发〔2007〕81号"
    assert notice.issuers == ["新疆维吾尔自治区克孜勒苏柯尔克孜自治州人民政府办公室"]
    assert notice.jurisdiction == "克孜勒苏柯尔克孜自治州"
    assert notice.date == "2007-08-30"
    assert measures.title == "克孜勒苏柯尔克孜自治州散装水泥管理办法"
    assert measures.parent == notice.id
