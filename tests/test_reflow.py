"""Stage 3, reflow: fixed-width lines become paragraphs.

Each case is a small made-up page in the seeds' layout: lines cut at a column of about 22
ems, the first-line indent mostly lost, a blank line after every line.
"""

from __future__ import annotations

from corpus.clean import clean
from corpus.reflow import RawParagraph, reflow


def page(*lines: str) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += [line, ""]
    return out


def paras(*lines: str) -> list[RawParagraph]:
    return reflow(clean(page(*lines)).lines)


def texts(*lines: str) -> list[str]:
    return [p.text for p in paras(*lines)]


BODY = (
    "根据工作需要和人员变动情况，国务院决定对全国",
    "政务公开领导小组组成人员进行调整，请各地区各",
    "部门结合实际认真贯彻落实，确保各项工作落到实",
    "处，不断提高政务公开工作的质量和实效。",
)
JOINED_BODY = "".join(BODY)


def test_full_lines_join_into_one_paragraph() -> None:
    assert texts(*BODY) == [JOINED_BODY]


def test_a_sentence_continues_across_a_page_break() -> None:
    out = paras(
        "　　打赢脱贫攻坚战、全面建成小康社会后，要在巩",
        "固拓展脱贫攻坚成果的基础上，做好乡村振兴这篇",
        "大文章，接续推进脱贫地区发展和群众生活改善。",
        "做好巩固拓展脱贫攻坚成果同乡村振兴有效衔接，",
        "关系到构建以国内大循环为主体、国内国际双循环",
        "—４—",
        "国务院公报２０２１１０　　　　　　　　 　　　　　　　　　国务院文件",
        "国",
        "　",
        "务",
        "　",
        "院",
        "　",
        "公",
        "　",
        "报",
        " 相互促进的新发展格局，关系到全面建设社会主义",
        "现代化国家全局和实现第二个百年奋斗目标。",
        "二、总体要求",
    )
    assert [p.text for p in out] == [
        "打赢脱贫攻坚战、全面建成小康社会后，要在巩固拓展脱贫攻坚成果的基础上，做好乡村振兴这篇"
        "大文章，接续推进脱贫地区发展和群众生活改善。做好巩固拓展脱贫攻坚成果同乡村振兴有效衔接，"
        "关系到构建以国内大循环为主体、国内国际双循环相互促进的新发展格局，关系到全面建设社会主义"
        "现代化国家全局和实现第二个百年奋斗目标。",
        "二、总体要求",
    ]
    assert out[0].span == (1, 35)  # the furniture lines in between are not part of it


def test_a_sentence_continues_across_a_bare_page_number() -> None:
    out = texts(
        "云南省昆明市开展两项保险合并实施试点工作，未纳",
        "６",
        " 入试点地区不得自行开展试点工作，确保平稳推进。",
    )
    assert out == [
        "云南省昆明市开展两项保险合并实施试点工作，未纳入试点地区不得自行开展试点工作，确保平稳推进。"
    ]


def test_a_short_last_line_ends_the_paragraph() -> None:
    out = texts(
        *BODY,
        "职工基本医疗保险基金严格执行社会保险基金财务",
        "制度，两项保险合并实施的统筹地区，不再单列生育",
        "保险基金收入，确保基金安全运行。",
    )
    assert out == [
        JOINED_BODY,
        "职工基本医疗保险基金严格执行社会保险基金财务制度，两项保险合并实施的统筹地区，不再单列生育"
        "保险基金收入，确保基金安全运行。",
    ]


def test_a_full_line_ending_a_sentence_goes_on_when_the_next_is_full() -> None:
    out = texts(
        "根据工作需要和人员变动情况，国务院决定对全国",
        "政务公开领导小组组成人员进行调整，现予公布。",
        "请各地区各部门结合实际认真贯彻落实，确保各项",
        "工作落到实处。",
    )
    assert len(out) == 1


def test_unit_starts_open_paragraphs() -> None:
    out = texts(
        "一、总体要求",
        "（一）指导思想。以习近平新时代中国特色社会主义",
        "思想为指导，坚持以人民为中心的发展思想，全面",
        "提升基层医疗卫生服务能力和水平，不断满足群众",
        "（二）主要目标。到２０２５年，基层医疗卫生服务",
        "体系更加健全，服务能力明显增强，群众就医便捷",
        "１．加强县级医院能力建设，提升县域医疗服务水",
        "平和综合能力，推动优质资源下沉到基层医疗机构",
        "（１）完善县级医院设施设备，改善就医环境和条",
        "件，提升县级医院综合服务能力和诊疗服务水平",
        "二、保障措施",
    )
    assert [t[:4] for t in out] == [
        "一、总体",
        "（一）指",
        "（二）主",
        "1．加强",
        "（1）完",
        "二、保障",
    ]
    assert out[1].endswith("不断满足群众")  # wrapped lines joined up to the next unit


def test_chapters_and_articles_open_paragraphs() -> None:
    out = texts(
        "第一章　总　则",
        "第一条　为了加强民用核设施操作人员的资格管",
        "理，根据《中华人民共和国核安全法》等有关法律",
        "法规和国家有关规定，结合工作实际，制定本规定",
        "第二条　本规定适用于下列核设施操作人员的资格",
        "管理，国家另有规定的从其规定，依照有关规定执",
        "第二章　申　请",
    )
    assert out == [
        "第一章\u3000总则",
        "第一条\u3000为了加强民用核设施操作人员的资格管理，根据《中华人民共和国核安全法》等有关法律"
        "法规和国家有关规定，结合工作实际，制定本规定",
        "第二条\u3000本规定适用于下列核设施操作人员的资格管理，国家另有规定的从其规定，依照有关规定执",
        "第二章\u3000申请",
    ]


def test_an_indented_line_opens_a_paragraph() -> None:
    out = texts(
        *BODY[:3],
        "　　为推进西部大开发形成新格局，促进西部地区产",
        "业结构调整和特色优势产业发展，制定本目录。",
    )
    assert out == [
        "".join(BODY[:3]),
        "为推进西部大开发形成新格局，促进西部地区产业结构调整和特色优势产业发展，制定本目录。",
    ]


def test_date_and_number_lines_stand_alone() -> None:
    out = texts(
        "国务院办公厅关于调整全国政务公开领导小组",
        "组成人员的通知",
        "国办函〔２０２１〕２６号",
        "各省、自治区、直辖市人民政府，国务院各部委：",
        *BODY,
        "国务院办公厅",
        "２０２１年３月１４日",
        "（２０２０年１２月１６日）",
        "为推进西部大开发形成新格局，促进西部地区产业",
    )
    assert "国办函〔2021〕26号" in out
    assert "国务院办公厅" in out
    assert "2021年3月14日" in out
    assert "（2020年12月16日）" in out
    assert (
        out[out.index("国办函〔2021〕26号") + 1] == "各省、自治区、直辖市人民政府，国务院各部委："
    )
    assert out[-1] == "为推进西部大开发形成新格局，促进西部地区产业"


def test_an_item_reference_at_a_line_start_does_not_break() -> None:
    out = texts(
        "（三）违反本办法第十条第一款第（四）项、第十二",
        "条第（一）项和第十三条第一款第（二）项、第（三）",
        "（四）项规定的情形，应当予以注销并向社会公告；",
        "（四）法律、法规规定的其他情形。",
    )
    assert out == [
        "（三）违反本办法第十条第一款第（四）项、第十二条第（一）项和第十三条第一款第（二）项、第（三）"
        "（四）项规定的情形，应当予以注销并向社会公告；",
        "（四）法律、法规规定的其他情形。",
    ]


def test_a_wrapped_numbered_heading_is_joined() -> None:
    out = texts(
        "三、加快推进脱贫地区乡村产业、人才、文化、生态",
        "和组织全面振兴",
        "脱贫地区要根据形势变化，理清工作思路，做好过",
        "渡期内领导体制、工作体系、发展规划、政策举措",
        "等有效衔接，不断提高工作水平和质量效益。",
    )
    assert out == [
        "三、加快推进脱贫地区乡村产业、人才、文化、生态和组织全面振兴",
        "脱贫地区要根据形势变化，理清工作思路，做好过渡期内领导体制、工作体系、发展规划、政策举措"
        "等有效衔接，不断提高工作水平和质量效益。",
    ]


def test_a_short_heading_is_not_joined_to_the_body_below() -> None:
    out = texts("一、总体要求", *BODY)
    assert out == ["一、总体要求", JOINED_BODY]


def test_table_rows_stand_alone() -> None:
    out = texts(
        "根据工作需要和人员变动情况，国务院决定对全国",
        "政务公开领导小组组成人员进行调整。现将调整后",
        "的名单通知如下：",
        "组　　长：肖　　捷　国务院副秘书长",
        "副组长：牛一兵　中央网信办副主任",
        "成　　员：许　　宏　最高人民法院副院长",
        "李　　忠　人力资源社会保障部副部长",
        "牛一兵　中央网信办副主任",
        "领导小组办公室设在国务院办公厅政府信息与政务",
        "公开办公室，承担领导小组日常工作。",
    )
    assert out == [
        "根据工作需要和人员变动情况，国务院决定对全国政务公开领导小组组成人员进行调整。现将调整后的名单通知如下：",
        "组长：肖捷\u3000国务院副秘书长",
        "副组长：牛一兵\u3000中央网信办副主任",
        "成员：许宏\u3000最高人民法院副院长",
        "李忠\u3000人力资源社会保障部副部长",
        "牛一兵\u3000中央网信办副主任",
        "领导小组办公室设在国务院办公厅政府信息与政务公开办公室，承担领导小组日常工作。",
    ]


def test_an_open_bracketed_note_continues_over_several_lines() -> None:
    out = texts(
        "护士执业注册管理办法",
        "（２００８年５月６日卫生部令第５９号公布　根据",
        "２０２１年１月８日《国家卫生健康委关于修改",
        "和废止〈母婴保健专项技术服务许可及人员资格",
        "管理办法〉等３件部门规章的决定》修订）",
        "第一条　为了规范护士执业注册管理，根据《护士条",
        "例》，制定本办法。",
    )
    assert out == [
        "护士执业注册管理办法",
        "（2008年5月6日卫生部令第59号公布\u3000根据2021年1月8日《国家卫生健康委关于修改"
        "和废止〈母婴保健专项技术服务许可及人员资格管理办法〉等3件部门规章的决定》修订）",
        "第一条\u3000为了规范护士执业注册管理，根据《护士条例》，制定本办法。",
    ]


def test_a_news_dateline_stands_alone() -> None:
    out = texts(
        "（新华社北京３月２４日电）",
        "近日，中共中央办公厅、国务院办公厅印发了《关于",
        "进一步深化税收征管改革的意见》，并发出通知，要",
        "求各地区各部门结合实际认真贯彻落实。",
    )
    assert out[0] == "（新华社北京3月24日电）"
    assert len(out) == 2


def test_latin_words_across_a_wrap_keep_a_space() -> None:
    out = texts(
        "鼓励采用政府和社会资本合作模式，引导社会资本 public",
        "private partnership 参与建设运营，提高公共服务",
        "供给质量和效率，各地要结合实际认真落实到位。",
    )
    assert "public private partnership" in out[0]


def test_every_line_lands_in_exactly_one_paragraph() -> None:
    lines = clean(page(*BODY, "一、总体要求", *BODY, "国务院办公厅", "２０２１年３月１４日")).lines
    out = reflow(lines)
    nos = [ln.no for p in out for ln in p.lines]
    assert nos == [ln.no for ln in lines]


def test_a_title_after_a_full_last_line_stands_alone_before_its_revision_note() -> None:
    # the article's last line fills the column, so only what follows tells the title apart
    out = texts(
        "第九条　本办法自发布之日起施行，由国家体育总局",
        "负责解释，原有规定与本办法不一致的同时废止。",
        "经营高危险性体育项目许可管理办法",
        "（２０１３年５月１日国家体育总局令第１７号公布　根",
        "据２０２１年４月２２日国家体育总局令修订）",
        "第一条　为了规范高危险性体育项目经营活动，制定",
        "本办法。",
    )
    assert out == [
        "第九条\u3000本办法自发布之日起施行，由国家体育总局负责解释，原有规定与本办法不一致的同时废止。",
        "经营高危险性体育项目许可管理办法",
        "（2013年5月1日国家体育总局令第17号公布\u3000根据2021年4月22日国家体育总局令修订）",
        "第一条\u3000为了规范高危险性体育项目经营活动，制定本办法。",
    ]


def test_an_issuer_line_after_a_full_closing_line_stands_alone() -> None:
    out = texts(
        "部门结合实际认真贯彻落实，确保各项工作落到实",
        "处，不断提高政务公开工作的质量和实效为目标。",
        "四川省人民政府办公厅",
        "关于进一步做好全省政务公开工作的通知",
        "川办发〔２０１７〕２０号",
    )
    assert out[1:] == [
        "四川省人民政府办公厅",
        "关于进一步做好全省政务公开工作的通知",
        "川办发〔2017〕20号",
    ]


def test_a_title_with_an_ideographic_space_is_no_table_row() -> None:
    out = paras(
        "中共中央　国务院关于加强基层治理体系和治理",
        "能力现代化建设的意见",
        "（２０２１年４月２８日）",
    )
    # a row would stand alone; a title's lines join
    assert [p.text for p in out] == [
        "中共中央　国务院关于加强基层治理体系和治理能力现代化建设的意见",
        "（2021年4月28日）",
    ]


def test_doc_number_lines_in_any_bracket_become_the_standard_form() -> None:
    assert texts("国发［２０２１］１２号") == ["国发〔2021〕12号"]
    assert texts("国办发(２０２１)３号") == ["国办发〔2021〕3号"]


def test_the_column_quartile_is_the_statistics_one() -> None:
    import random
    from statistics import quantiles

    from corpus.reflow import upper_quartile

    rng = random.Random(4)
    for _ in range(2000):
        widths = [rng.choice([rng.uniform(4, 48), rng.randint(16, 192) / 4]) for _ in range(31)]
        window = widths[: rng.randint(4, 31)]
        assert upper_quartile(window) == quantiles(window, n=4)[2]


def test_the_sliding_column_widths_are_the_windowed_quartiles() -> None:
    import random
    from statistics import quantiles

    from corpus.clean import Line
    from corpus.reflow import column_widths

    def windowed(widths: list[float], radius: int = 15) -> list[float]:
        out = []
        for i in range(len(widths)):
            window = [w for w in widths[max(0, i - radius) : i + radius + 1] if w >= 4]
            out.append(
                quantiles(window, n=4)[2] if len(window) >= 4 else max(window or [widths[i]])
            )
        return out

    rng = random.Random(5)
    for _ in range(300):
        widths = [
            rng.choice([rng.randint(0, 200) / 4, rng.uniform(0, 45), 22.0, 3.75, 4.0])
            for _ in range(rng.randint(0, 80))
        ]
        lines = [Line(no=i + 1, text="", width=w) for i, w in enumerate(widths)]
        assert column_widths(lines) == windowed(widths)
