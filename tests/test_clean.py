"""Stage 2, clean: page furniture goes (and is remembered), the rest of each line is repaired.

Every input here is a small snippet in the style of the seeds: fixed-width lines with blank
lines between them, full-width digits, page numbers, running heads and margin letters.
"""

from __future__ import annotations

import re

import pytest

from corpus.clean import (
    _repair_parens,
    clean,
    em_width,
    is_letter_spaced,
    join_letter_spacing,
    normalize_line,
    repair_punctuation,
    uses_ascii_punctuation,
)


def page(*lines: str) -> list[str]:
    """Raw lines as the extraction gives them: a blank line after each."""
    out: list[str] = []
    for line in lines:
        out += [line, ""]
    return out


def texts(raw: list[str]) -> list[str]:
    return [ln.text for ln in clean(raw).lines]


# -- page furniture --------------------------------------------------------------------


@pytest.mark.parametrize("number", ["６", "２３", "—９４—", "—１２３—", "- 7 -", "１０２"])
def test_page_numbers_are_removed_and_the_break_remembered(number: str) -> None:
    raw = page("各地要加强组织领导，认真贯彻执行，确保试点", number, "工作顺利推进。")
    cleaned = clean(raw)
    assert [ln.text for ln in cleaned.lines] == [
        "各地要加强组织领导，认真贯彻执行，确保试点",
        "工作顺利推进。",
    ]
    assert [ln.page_start for ln in cleaned.lines] == [False, True]
    assert cleaned.lines[1].no == 5  # source line numbers survive the removal


def test_numbers_inside_text_are_not_page_numbers() -> None:
    raw = page("（二）主要目标。２０１７年６月底前启动试", "２０１７年", "点，试点期限为一年左右。")
    assert "2017年" in texts(raw)


@pytest.mark.parametrize(
    ("head", "gazette", "year", "number", "section"),
    [
        (
            "国务院公报２０２１１０　　　　　　　　 　　　　　　　　　　 部门文件",
            "国务院公报",
            2021,
            10,
            "部门文件",
        ),
        (
            "国务院文件　　　　　　　　 　　　　　　国务院公报２０２１１０",
            "国务院公报",
            2021,
            10,
            "国务院文件",
        ),
        (
            "四川省人民政府公报２０１７年第３期　　　　　　上级文件",
            "四川省人民政府公报",
            2017,
            3,
            "上级文件",
        ),
        ("国务院公报２０２１０５", "国务院公报", 2021, 5, ""),
    ],
)
def test_running_heads_are_removed_and_parsed(
    head: str, gazette: str, year: int, number: int, section: str
) -> None:
    raw = page(
        "的监控。执行职工基本医疗保险、工伤保险、生育",
        head,
        "保险药品目录以及基本医疗保险诊疗项目。",
    )
    cleaned = clean(raw)
    assert [ln.text for ln in cleaned.lines] == [
        "的监控。执行职工基本医疗保险、工伤保险、生育",
        "保险药品目录以及基本医疗保险诊疗项目。",
    ]
    assert cleaned.lines[1].page_start
    assert len(cleaned.heads) == 1
    h = cleaned.heads[0]
    assert (h.line, h.gazette, h.year, h.number, h.section) == (3, gazette, year, number, section)


@pytest.mark.parametrize("section", ["上级文件", "部门文件", "人事任免", "省政府办公厅文件"])
def test_a_lone_section_head_is_removed(section: str) -> None:
    raw = page("认真贯彻执行，确保试点", section, "工作顺利推进。")
    cleaned = clean(raw)
    assert [ln.text for ln in cleaned.lines] == ["认真贯彻执行，确保试点", "工作顺利推进。"]
    assert [(h.section, h.gazette, h.year) for h in cleaned.heads] == [(section, "", None)]
    assert cleaned.lines[1].page_start


def test_a_title_naming_a_gazette_is_not_a_running_head() -> None:
    # a sentence that merely mentions the gazette stays
    raw = page("本决定在国务院公报上刊登。")
    assert texts(raw) == ["本决定在国务院公报上刊登。"]
    assert clean(raw).heads == []


def test_vertical_margin_letters_are_removed_inside_a_sentence() -> None:
    raw = [
        "３７．农产品贮存、保鲜、烘干、加工设备研",
        "",
        "—９４—",
        "",
        "国务院公报２０２１１０　　　　　　　　 　　　　　　　　　　 部门文件",
        "",
        "国",
        "　",
        "务",
        "　",
        "院",
        "　",
        "公",
        "　",
        "报",
        "",
        "发生产，设施建设与运营",
    ]
    cleaned = clean(raw)
    assert [ln.text for ln in cleaned.lines] == [
        "37．农产品贮存、保鲜、烘干、加工设备研",
        "发生产，设施建设与运营",
    ]
    assert cleaned.lines[1].page_start
    assert [h.section for h in cleaned.heads] == ["部门文件"]


def test_margin_letters_alone_are_removed_too() -> None:
    raw = page("加工设备研", "国", "务", "院", "公", "报", "发生产")
    cleaned = clean(raw)
    assert [ln.text for ln in cleaned.lines] == ["加工设备研", "发生产"]
    assert cleaned.lines[1].page_start


def test_one_or_two_single_characters_are_text_not_margin() -> None:
    # an order's lone `令` line must survive
    raw = page("中华人民共和国生态环境部", "令", "第　２２　号")
    assert texts(raw) == ["中华人民共和国生态环境部", "令", "第　22　号"]


def test_a_leading_space_marks_a_page_start() -> None:
    raw = page("云南省昆明市开展两项保险合并实施试点。未纳", " 入试点地区不得自行开展试点工作。")
    lines = clean(raw).lines
    assert [ln.text for ln in lines] == [
        "云南省昆明市开展两项保险合并实施试点。未纳",
        "入试点地区不得自行开展试点工作。",
    ]
    assert [ln.page_start for ln in lines] == [False, True]


def test_indent_is_recorded() -> None:
    lines = clean(page("　　为贯彻落实党的十八届五中全会精神和《中华", "人民共和国国民经济")).lines
    assert [ln.indent for ln in lines] == [True, False]
    assert lines[0].text.startswith("为贯彻")


# -- letter spacing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "joined"),
    [
        ("总 则", "总则"),
        ("第一章　总 则", "第一章　总则"),
        ("李　忠", "李忠"),
        ("肖　　捷", "肖捷"),
        ("重 点 工 作 分 工 的 意 见", "重点工作分工的意见"),
        ("中 国 人 民 银 行 令", "中国人民银行令"),
        ("国办发 〔２０１７〕 ６ 号", "国办发〔２０１７〕６号"),
    ],
)
def test_letter_spacing_is_joined(raw: str, joined: str) -> None:
    assert join_letter_spacing(raw) == joined


def test_a_signature_keeps_one_space_between_title_and_name() -> None:
    out = join_letter_spacing("主 任　　何立峰")
    assert out.startswith("主任")  # the letter-spaced title is joined
    assert out.endswith("何立峰")
    assert out == "主任\u3000何立峰"  # title and name stay apart, as printed


@pytest.mark.parametrize(
    "text", ["中共中央 国务院关于实现巩固拓展脱贫攻坚", "国家发展改革委 交通运输部"]
)
def test_a_space_between_words_stays(text: str) -> None:
    assert join_letter_spacing(text) == text


def test_letter_spaced_lines_are_flagged_in_clean() -> None:
    lines = clean(page("重 点 工 作 分 工 的 意 见", "中共中央 国务院关于实现巩固拓展")).lines
    assert [ln.text for ln in lines] == ["重点工作分工的意见", "中共中央 国务院关于实现巩固拓展"]
    assert [ln.spaced for ln in lines] == [True, False]
    # a letter-spaced line is measured without its spaces
    assert lines[0].width == pytest.approx(9.0)


def test_is_letter_spaced() -> None:
    assert is_letter_spaced("中 华 人 民 共 和 国 生 态 环 境 部")
    assert not is_letter_spaced("中共中央 国务院关于实现巩固拓展")
    assert not is_letter_spaced("各地要加强组织领导")


# -- punctuation repair ----------------------------------------------------------------

ASCII_FILE = page(
    " 中共中央 国务院关于实现巩固拓展脱贫攻坚",
    "成果同乡村振兴有效衔接的意见",
    "(２０２０年１２月１６日)",
    "　　打赢脱贫攻坚战、全面建成小康社会后,要",
    "进一步巩固拓展脱贫攻坚成果,接续推动脱贫地",
    "区发展和乡村全面振兴.为实现巩固拓展脱贫攻",
    "坚成果同乡村振兴有效衔接,现提出如下意见.",
    "提前１０年实现 «联合国２０３０年可持续发展议程»减",
    "贫目标,感染率控制在０.３%以下,共１,０００人,",
    "会议于１０:３０开始;根据«关于修改‹母婴保健专项技术服",
    "务许可及人员资格管理办法›的决定»修订.",
    "民用核设施 (以下简称核设施)操作人员,由",
    "国家发展改革委负责解释,各地要认真执行,落实到位.",
    "各地区各部门要加强领导,压实责任,狠抓落实.",
    "各有关单位要密切配合,形成合力,确保实效.",
    "请结合实际,认真贯彻执行,遇到问题及时报告.",
)


def test_ascii_punctuation_is_detected_per_file() -> None:
    assert uses_ascii_punctuation(ASCII_FILE)
    assert clean(ASCII_FILE).ascii_punct


def test_ascii_punctuation_is_repaired_in_a_file_that_uses_it() -> None:
    out = texts(ASCII_FILE)
    body = "\n".join(out)
    assert "（2020年12月16日）" in out
    assert "打赢脱贫攻坚战、全面建成小康社会后，要" in out
    assert "区发展和乡村全面振兴。为实现巩固拓展脱贫攻" in out
    assert "《联合国2030年可持续发展议程》" in body
    assert "《关于修改〈母婴保健专项技术服" in body
    assert "务许可及人员资格管理办法〉的决定》修订。" in out
    assert "民用核设施（以下简称核设施）操作人员，由" in out
    assert not re.search(r"[\u4e00-\u9fff][,.;:«»‹›()]|[,.;:«»‹›()][\u4e00-\u9fff]", body)


def test_numbers_keep_their_ascii_separators() -> None:
    body = "\n".join(texts(ASCII_FILE))
    assert "0.3%以下" in body  # a decimal
    assert "1,000人" in body  # a thousands separator
    assert "10:30开始" in body  # a time


def test_a_file_in_chinese_punctuation_is_left_alone() -> None:
    raw = page(
        "　　各地要加强组织领导，认真贯彻执行。",
        "统筹推进“五位一体”总体布局，牢固树立新发展理念。",
        "参照ISO 9001.2015, 按step 1.执行;比值为3:1.",
        "产品型号(A型)与(B型)均适用。",
    )
    assert not uses_ascii_punctuation(raw)
    out = texts(raw)
    assert "参照ISO 9001.2015,按step 1.执行;比值为3:1." in out
    assert "产品型号(A型)与(B型)均适用。" in out


def test_repair_punctuation_rules() -> None:
    assert repair_punctuation("增长0.3%,共1,000人,10:30开会.") == "增长0.3%，共1,000人，10:30开会。"
    assert repair_punctuation("«办法»和‹条例›") == "《办法》和〈条例〉"
    assert repair_punctuation("(以下简称核设施)") == "（以下简称核设施）"
    assert repair_punctuation("目录 (2020年本)") == "目录 （2020年本）"
    assert repair_punctuation("见附表(a)") == "见附表（a）"  # touches Chinese text
    assert repair_punctuation("U.S.A. (b)") == "U.S.A. (b)"  # Latin all round: left alone


# -- widths, digits and controls -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("２０１７年实施ＰＰＰ模式", "2017年实施PPP模式"),
        ("增长１５％以上", "增长15%以上"),
        ("感染率控制在０．３％以下", "感染率控制在0.3%以下"),
        ("３３．偏析法生产精铝技术", "33．偏析法生产精铝技术"),
        ("２０．９０吨及以上非公路矿用自卸车制造", "20．90吨及以上非公路矿用自卸车制造"),
        ("国办发〔２０１７〕６号", "国办发〔2017〕6号"),
        ("Ｗｉｎｄｏｗｓ系统", "Windows系统"),
    ],
)
def test_width_folding(raw: str, folded: str) -> None:
    assert normalize_line(raw, ascii_punct=False) == folded
    assert texts(page(raw)) == [folded]


def test_chinese_punctuation_stays_full_width() -> None:
    out = normalize_line("根据《条例》（试行），“两不愁”：是；否！", ascii_punct=False)
    assert out == "根据《条例》（试行），“两不愁”：是；否！"


def test_control_characters_are_stripped() -> None:
    out = texts(page("文本\x07含\x1b控制\u202e字符\u200b和\x7f删除"))
    assert out == ["文本含控制字符和删除"]
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e]", out[0])


def test_tabs_and_nbsp_are_spaces() -> None:
    assert texts(page("国家发展改革委\t交通运输部")) == ["国家发展改革委 交通运输部"]
    assert texts(page("总\u00a0则")) == ["总则"]


def test_em_width() -> None:
    assert em_width("生育保险") == 4
    assert em_width("２０１７") == pytest.approx(3.0)  # full-width digits print narrower
    assert em_width("ＰＰＰ") == pytest.approx(1.5)
    assert em_width(" 国 务 院 ") == 3


def test_brackets_whose_partner_is_on_another_line() -> None:
    # the seeds wrap `(CNG汽车储气钢瓶、…)` and `(…温度等级10—85℃)` over two lines
    assert (
        repair_punctuation("成套设备及装置(CNG汽车储气钢瓶、压缩")
        == "成套设备及装置（CNG汽车储气钢瓶、压缩"
    )
    assert repair_punctuation("温度等级10—85℃)研发及制造") == "温度等级10—85℃）研发及制造"
    # a pair with Latin or digits only, away from Chinese, stays ASCII
    assert repair_punctuation("f(x) = 1") == "f(x) = 1"
    assert repair_punctuation("RV (2)") == "RV (2)"


def test_a_padded_name_keeps_its_space_before_the_post() -> None:
    """In a 名单 a two-character name is padded (`罗　平`); the space after it separates the
    name from the post, as after a three-character name (`张天培 省发展改革委主任`)."""
    from pathlib import Path

    from corpus.pipeline import process_file

    fixture = Path(__file__).parent / "fixtures/formats/pkulaw_CLI.12.4638041_皖政办秘2021-82.txt"
    _issue, docs, _sha = process_file(fixture)
    members = [
        p.text
        for d in docs
        for p in d.paragraphs
        if re.search(r"(厅长|主任)$", p.text) and "。" not in p.text and len(p.text) < 30
    ]
    padded = [m for m in members if m[1:2] == "\u3000"]
    assert len(members) >= 15 and len(padded) >= 5
    for line in members:
        assert re.match(r"^(?:[\u4e00-\u9fff]{3}|[\u4e00-\u9fff]\u3000[\u4e00-\u9fff]) 省", line), (
            line
        )


def _repair_by_position(text: str) -> str:
    """Stand-ins repaired one position at a time, each reading the line as it was (what
    `repair_punctuation` does, spelled out), for the comparison below."""
    simple = {",": "，", ";": "；", "?": "？", "!": "！"}
    digits = set("0123456789０１２３４５６７８９")
    chars = list(text)
    for i, ch in enumerate(text):
        if ch not in ",;?!.:":
            continue
        prev = text[i - 1] if i else ""
        between = prev in digits and text[i + 1 : i + 2] in digits
        if ch in simple and not between:
            chars[i] = simple[ch]
        elif ch == "." and not between and not (prev.isascii() and prev.isalpha()):
            chars[i] = "。"
        elif ch == ":" and not between:
            chars[i] = "："
    out = "".join(chars).replace("«", "《").replace("»", "》").replace("‹", "〈").replace("›", "〉")
    return _repair_parens(out)


def test_stand_ins_are_repaired_as_position_by_position() -> None:
    import random

    rng = random.Random(7)
    alphabet = ",;?!.:()«»‹› 0123456789０９aZx国务院《》（）"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert repair_punctuation(text) == _repair_by_position(text), text
