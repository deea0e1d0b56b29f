"""Clean rules by position and repetition, not seed constants.

Snippets: a 广州市人民政府 table flattened by a web copy (穗府〔2021〕3号, www.gz.gov.cn), the
2017 Sichuan seed (a bare page number before a lone running head), the masthead under which
川府发 documents are printed.
"""

from __future__ import annotations

from corpus.clean import clean


def texts(raw: list[str]) -> list[str]:
    return [ln.text for ln in clean(raw).lines]


# the responsibility table of 穗府〔2021〕3号 as a web page copies it: one cell a line
TABLE = [
    "序号",
    "",
    "重点工作",
    "",
    "市政府",
    "",
    "分管领导",
    "",
    "牵头单位",
    "",
    "(一)",
    "",
    "加强战略科技力量建设。",
    "",
    "1",
    "",
    "加快建设以中新知识城、南沙科学城为极点，链接全市域科技创新关键节点的科技创新轴。",
    "",
    "王 东",
    "",
    "市科技局",
    "",
    "黄埔区、南沙区政府",
    "",
    "",
    "2",
    "",
    "全力做好呼吸领域国家实验室筹建保障服务工作。",
    "",
    "王 东",
    "",
    "市科技局",
    "",
    "3",
    "",
    "加快建设大湾区国家技术创新中心。",
]


def test_a_column_of_numbers_in_a_table_survives() -> None:
    out = texts(TABLE)
    assert [t for t in out if t.isdigit()] == ["1", "2", "3"]


def test_a_page_number_before_a_lone_running_head_goes() -> None:
    # the 2017 Sichuan seed, lines 2385-2399: the page ends, its number, the next page's head
    raw = [
        "义市场经济体制不断完善，使市场在资源配置中的",
        "",
        "决定性作用得到充分发挥。",
        "",
        "３２",
        "",
        "",
        "",
        "上级文件",
        "",
        "４．坚持法治化规范化道路。要将中央与地方财",
    ]
    cleaned = clean(raw)
    assert [ln.text for ln in cleaned.lines] == [
        "义市场经济体制不断完善，使市场在资源配置中的",
        "决定性作用得到充分发挥。",
        "4．坚持法治化规范化道路。要将中央与地方财",
    ]
    assert [h.section for h in cleaned.heads] == ["上级文件"]
    assert cleaned.lines[2].page_start


def test_a_page_number_that_cuts_a_sentence_goes() -> None:
    # the 2017 Sichuan seed, lines 480-484
    raw = [
        "物资源化、能源低碳化。推进园区循环化改造，按",
        "",
        "６",
        "",
        " 照循环经济“减量化、再利用、资源化”的理念，推动",
    ]
    assert texts(raw) == [
        "物资源化、能源低碳化。推进园区循环化改造，按",
        "照循环经济“减量化、再利用、资源化”的理念，推动",
    ]


def test_a_documents_masthead_is_not_a_running_head() -> None:
    # the end of 国办发〔2017〕15号 in the Sichuan seed (lines 2022-2030), then the masthead that
    # the printed gazette sets over 川府发 documents and the 文号 of 川府发〔2017〕4号
    raw = [
        "国务院办公厅",
        "",
        "2017年1月26日",
        "",
        "四川省人民政府文件",
        "",
        "川府发〔2017〕4号",
    ]
    cleaned = clean(raw)
    assert "四川省人民政府文件" in [ln.text for ln in cleaned.lines]
    assert cleaned.heads == []


def test_a_lone_section_repeated_through_the_file_is_a_running_head() -> None:
    raw = [
        "决定性作用得到充分发挥。",
        "上级文件",
        "４．坚持法治化规范化道路。",
        "上级文件",
        "５．坚持积极稳妥统筹推进。要从积极稳妥推进",
    ]
    assert texts(raw) == [
        "决定性作用得到充分发挥。",
        "4．坚持法治化规范化道路。",
        "5．坚持积极稳妥统筹推进。要从积极稳妥推进",
    ]
