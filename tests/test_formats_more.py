"""More real documents (tests/fixtures/formats/more, sources in its SOURCES.md): Markdown
laws and rules from public repositories, each as a careful reader records it from the file.

They cover what the first fixtures did not: a 题注 without brackets or in ASCII brackets
(its 令 number, 公布 and 施行 dates), chapters spaced out a character at a time, a 文号 in
square brackets, an article ending in a colon, and a Markdown heading that is a bare number.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.model import Document, Issue
from corpus.pipeline import process_file

MORE = Path(__file__).parent / "fixtures" / "formats" / "more"
SP = "\u3000"

#: file → (collection, title, 文号, issuers, 成文日期, 公布, 施行, level-1 outline, 第X条 count)
EXPECTED: dict[str, tuple[str, str, str, tuple[str, ...], str, str, str, tuple[str, ...], int]] = {
    "lawrefbook_上海市授予荣誉市民称号规定.md": (
        "lawrefbook_上海市授予荣誉市民称号规定",  # the text names no issuer: the file name
        "上海市授予荣誉市民称号规定",
        "",
        (),
        "",
        "",
        "1997-01-15",  # 第六条 本规定自1997年1月15日起施行。
        (),
        6,
    ),
    "lawrefbook_公民举报危害国家安全行为奖励办法.md": (
        "国家安全部",
        "公民举报危害国家安全行为奖励办法",
        "国家安全部令第2号",
        ("国家安全部",),
        "2022-06-06",
        "2022-06-06",
        "",
        (
            f"第一章{SP}总则",
            f"第二章{SP}奖励条件、方式和标准",
            f"第三章{SP}奖励程序",
            f"第四章{SP}法律责任",
            f"第五章{SP}附则",
        ),
        24,
    ),
    "lawrefbook_关于办理袭警刑事案件适用法律若干问题的解释.md": (
        "最高人民法院",
        "最高人民法院、最高人民检察院关于办理袭警刑事案件适用法律若干问题的解释",
        "高检发释字〔2025〕1号",
        (
            "最高人民法院",
            "最高人民检察院",
        ),  # the committees adopt, the court and procuratorate issue
        "2024-11-04",
        "",
        "2025-01-18",
        (),
        13,
    ),
    "waystowork_交通运输行政执法证件管理规定.md": (
        "交通运输部",
        "交通运输行政执法证件管理规定",
        "交通运输部令第1号",
        ("交通运输部",),
        "2011-01-04",
        "2011-01-04",
        "2011-03-01",
        (
            f"第一章{SP}总则",
            f"第二章{SP}证件申领",
            f"第三章{SP}证件发放与管理",
            f"第四章{SP}监督检查与责任追究",
            f"第五章{SP}附则",
        ),
        37,
    ),
}

_cache: dict[str, tuple[Issue, list[Document]]] = {}


def _read(name: str) -> tuple[Issue, list[Document]]:
    if name not in _cache:
        issue, docs, _sha = process_file(MORE / name)
        _cache[name] = (issue, docs)
    return _cache[name]


def test_every_document_here_is_tested() -> None:
    names = {p.name for p in MORE.iterdir()} - {"SOURCES.md"}
    assert names == set(EXPECTED) | set(WEB) | {
        "lawrefbook_关于职工全年月平均工作时间和工资折算问题的通知.md",
        "infoeach_济南市文化娱乐市场管理规定_excerpt.txt",
        "zb_镇政发2024-7_excerpt.txt",
    }
    sources = (MORE / "SOURCES.md").read_text("utf-8")
    assert all(f"`{n}`" in sources for n in names)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_law_or_rule_as_a_careful_reader_records_it(name: str) -> None:
    collection, title, number, issuers, date, promulgated, effective, chapters, articles = EXPECTED[
        name
    ]
    issue, docs = _read(name)
    assert [d.title for d in docs] == [title]
    doc = docs[0]
    assert (issue.kind, issue.name) == ("collection", collection)
    assert doc.doc_number == number
    assert doc.issuers == list(issuers)
    assert (doc.date, doc.promulgated, doc.effective) == (date, promulgated, effective)
    assert tuple(h.text for h in doc.outline if h.level == 1) == chapters
    assert len([h for h in doc.outline if h.level == 3 and h.text.endswith("条")]) == articles
    assert doc.format == "markdown"
    text = doc.title + "\n" + doc.text
    for junk in ("<!--", "INFO END", "#"):
        assert junk not in text
    # every 第X条 paragraph is an article (one ending in a colon addresses no one)
    assert all(
        p.kind == "article"
        for p in doc.paragraphs
        if p.text.startswith("第") and "条 " in p.text[:7]
    )


@pytest.mark.parametrize(
    "name",
    [
        "lawrefbook_公民举报危害国家安全行为奖励办法.md",
        "waystowork_交通运输行政执法证件管理规定.md",
    ],
)
def test_a_history_note_with_or_without_brackets_is_a_note_not_the_title(name: str) -> None:
    _issue, docs = _read(name)
    first = docs[0].paragraphs[0]
    assert first.kind == "note" and "令第" in first.text and first.text.endswith(("公布", "施行)"))


def test_a_title_printed_again_under_its_history_notes_is_no_text() -> None:
    _issue, docs = _read("lawrefbook_关于办理袭警刑事案件适用法律若干问题的解释.md")
    paras = docs[0].paragraphs
    assert [p.kind for p in paras[:2]] == ["note", "note"]
    assert paras[2].text.startswith("为依法惩治袭警犯罪")
    assert not any("高检发释字" in p.text or "若干问题的解释" == p.text[-9:] for p in paras)


def test_a_notice_with_a_bracketed_number_and_a_bare_numbered_heading() -> None:
    _issue, docs = _read("lawrefbook_关于职工全年月平均工作时间和工资折算问题的通知.md")
    assert len(docs) == 1
    doc = docs[0]
    assert (doc.title, doc.doc_number, doc.kind) == (
        "关于职工全年月平均工作时间和工资折算问题的通知",
        "劳社部发〔2008〕3号",
        "通知",
    )
    assert doc.addressees == ["各省、自治区、直辖市劳动和社会保障厅（局）"]
    # the text names no issuer; the 文号 prefix of a ministry since merged still does
    assert (doc.issuer, doc.issuers) == ("劳动和社会保障部", ["劳动和社会保障部"])
    assert doc.date == ""  # the text dates nothing; the file name's date is no 成文日期
    top = [h.text for h in doc.outline if h.level == 1]
    assert top[:2] == ["一、制度工作时间的计算", "二、日工资、小时工资的折算"]
    # `## 三` over its text: the number opens the paragraph, not a heading of its own
    assert doc.paragraphs[-1].text.startswith("三、2000年3月17日劳动保障部发布的")
    assert not any(p.text == "三" for p in doc.paragraphs)


# -- 时效性 / 效力级别 as sources state them ------------------------------------------------------

FIXTURES = MORE.parent


def test_status_and_level_a_database_states_reach_show_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """北大法宝 exports with the status block print `【时效性】` and `【效力级别】` in the header:
    both become fields, as the database words them, and `show --json` prints them."""
    import json

    from corpus.cli import main

    real = (FIXTURES / "pkulaw_CLI.12.5679380_京经信发2022-87.txt").read_text("utf-8")
    head, link, rest = real.partition("\n原文链接")
    line_end = rest.index("\n")
    with_status = (
        head
        + link
        + rest[: line_end + 1]
        + "【时效性】 现行有效\n【效力级别】 地方规范性文件\n"
        + rest[line_end + 1 :]
    )
    src = tmp_path / "pkulaw.txt"
    src.write_text(with_status, "utf-8")
    db = tmp_path / "store.json"
    assert main(["add", str(src), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "--db", str(db)]) == 0
    rows = [r for r in json.loads(capsys.readouterr().out) if r["doc_number"]]
    notice = next(r for r in rows if r["doc_number"] == "京经信发〔2022〕87号")
    assert main(["show", notice["id"], "--json", "--db", str(db)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["source_status"], doc["source_level"]) == ("现行有效", "地方规范性文件")
    assert "时效性" not in doc["text"] and "效力级别" not in doc["text"]
    # the same file without the block states neither
    _issue, docs, _sha = process_file(FIXTURES / "pkulaw_CLI.12.5679380_京经信发2022-87.txt")
    assert (docs[0].source_status, docs[0].source_level) == ("", "")


def test_status_and_level_from_markdown_front_matter() -> None:
    from corpus.formats import read_data
    from corpus.pipeline import process_extract

    text = (MORE / "lawrefbook_上海市授予荣誉市民称号规定.md").read_text("utf-8")
    for front, status, level in (
        ("status: 现行有效\nlegal_level: 地方性法规\n", "现行有效", "地方性法规"),
        ("时效性: 已废止\n效力级别: 地方性法规\n", "已废止", "地方性法规"),
        ("", "", ""),
    ):
        data = (f"---\n{front}---\n" if front else "") + text
        extract = read_data(data.encode(), "x.md", "x.md", ".md")
        _issue, docs = process_extract(extract, "x.md")
        assert (docs[0].source_status, docs[0].source_level) == (status, level)
        assert docs[0].title == "上海市授予荣誉市民称号规定"


def test_build_seeds_reads_every_supported_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`build --seeds DIR` reads a directory as `add` does: each file's format from its content."""
    import json
    import shutil

    from corpus.cli import main

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    names = {
        "lishui_detail.html": "html",
        "flk_种子法授权决定_20250430.docx": "docx",
        "cee_gyecqtcbpfflsyygwtdfh.md": "markdown",
        "pkulaw_CLI.12.4638041_皖政办秘2021-82.txt": "pkulaw",
        "govdoc-cn_397.txt": "webtext",
    }
    for name in names:
        shutil.copy(FIXTURES / name, seeds / name)
    shutil.copy(MORE / "waystowork_交通运输行政执法证件管理规定.md", seeds / "law.md")
    (seeds / "notes.json").write_text('{"not": "a source"}', "utf-8")  # no reader: left out
    (seeds / ".hidden.txt").write_text("隐藏文件", "utf-8")
    db = tmp_path / "store.json"
    assert main(["build", "--seeds", str(seeds), "--db", str(db)]) == 0
    assert "built" in capsys.readouterr().out
    assert main(["list", "--json", "--db", str(db)]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_file: dict[str, set[str]] = {}
    for row in rows:
        assert main(["show", row["id"], "--json", "--db", str(db)]) == 0
        doc = json.loads(capsys.readouterr().out)
        by_file.setdefault(doc["source_file"], set()).add(doc["format"])
    assert by_file == {**{n: {f} for n, f in names.items()}, "law.md": {"markdown"}}
    law = next(r for r in rows if r["title"] == "交通运输行政执法证件管理规定")
    assert (law["doc_number"], law["issuer"]) == ("交通运输部令第1号", "交通运输部")


# -- web copies from government and policy sites ----------------------------------------------

#: file → (collection, [(title, 文号, issuers, date, parent title)], 时效性)
WEB: dict[str, tuple[str, list[tuple[str, str, tuple[str, ...], str, str | None]], str]] = {
    "pingjiang_岳办发2017-2_excerpt.txt": (
        "中共岳阳市委办公室",
        [
            (
                "中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知",
                "岳办发〔2017〕2号",
                ("中共岳阳市委办公室", "岳阳市人民政府办公室"),
                "2017-01-10",
                None,
            ),
            (
                "关于全面推进政务公开工作的实施意见",
                "",
                ("中共岳阳市委办公室", "岳阳市人民政府办公室"),
                "2017-01-10",
                "中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知",
            ),
        ],
        "",
    ),
    "0798ci_晋政办发2017-55_excerpt.txt": (
        "山西省人民政府办公厅",
        [
            (
                "山西省人民政府办公厅关于印发山西省贯彻落实《促进中部地区崛起“十三五”规划》工作方案",
                "晋政办发〔2017〕55号",
                ("山西省人民政府办公厅",),
                "2017-05-15",
                None,
            ),
            (
                "山西省贯彻落实《促进中部地区崛起“十三五”规划》工作方案",
                "",
                ("山西省人民政府办公厅",),
                "2017-05-15",
                "山西省人民政府办公厅关于印发山西省贯彻落实《促进中部地区崛起“十三五”规划》工作方案",
            ),
        ],
        "",
    ),
    "laodongfa_晋政发2018-13_excerpt.txt": (
        "山西省人民政府",
        [
            ("（无标题）", "晋政发〔2018〕13号", ("山西省人民政府",), "2018-03-27", None),
            (
                "山西省激发重点群体活力带动城乡居民增收的实施方案",
                "",
                ("山西省人民政府",),
                "2018-03-27",
                "（无标题）",
            ),
        ],
        "现行有效",
    ),
    "infoeach_科工法字2000-851_excerpt.txt": (
        "国防科学技术工业委员会",
        [
            (
                "关于印发《国防科技工业标准制定工作程序（试行）》的通知",
                "科工法字〔2000〕851号",
                ("国防科学技术工业委员会",),
                "2000-11-13",
                None,
            ),
            (
                "国防科技工业标准制定工作程序（试行）",
                "",
                ("国防科学技术工业委员会",),
                "2000-11-13",
                "关于印发《国防科技工业标准制定工作程序（试行）》的通知",
            ),
        ],
        "",
    ),
    "guanganqu_广安区府办发2020_excerpt.txt": (
        "广安市广安区人民政府办公室",
        [
            (
                "广安市广安区人民政府办公室关于印发广安市广安区城市精细化管理实施细则的通知",
                "",  # the page mangled it: `广安区府办发〔202026`
                ("广安市广安区人民政府办公室",),
                "2020-10-28",
                None,
            ),
            (
                "广安市广安区城市精细化管理实施细则",
                "",
                ("广安市广安区人民政府办公室",),
                "2020-10-28",
                "广安市广安区人民政府办公室关于印发广安市广安区城市精细化管理实施细则的通知",
            ),
        ],
        "",
    ),
}

SITE_FURNITURE = (
    "归档时间",
    "当前位置",
    "首页 >",
    "来源:",
    "视力保护色",
    "浏览量",
    "字号",
    "发文机关:",
    "时效性",
    "此件公开发布",
    "<p",
    "</p>",
    "<strong>",
    "text-align",
    "热门站点",
    "设为首页",
    "法律资料网",
    "下载地址",
    "点击此处下载",
    "所在位置",
    "分享到",
    "•",
    "202026",
)


@pytest.mark.parametrize("name", sorted(WEB))
def test_a_site_s_copy_as_a_careful_reader_records_it(name: str) -> None:
    collection, expected, status = WEB[name]
    issue, docs = _read(name)
    assert (issue.kind, issue.name) == ("collection", collection)
    by_id = {d.id: d for d in docs}
    got = [
        (
            d.title,
            d.doc_number,
            tuple(d.issuers),
            d.date,
            by_id[d.parent].title if d.parent else None,
        )
        for d in docs
    ]
    assert got == expected
    assert docs[0].format == "webtext" and docs[0].source_status == status
    notice = docs[0]
    assert notice.paragraphs[-1].kind == "date"
    for doc in docs:
        text = doc.title + "\n" + doc.text
        for junk in SITE_FURNITURE:
            assert junk not in text, (doc.title, junk)
    # the attached text's outline: its 一、 or 第X章 headings, in Chinese punctuation
    top = [h.text for h in docs[1].outline if h.level == 1]
    assert top and all(h[1] == "、" or h[3] == SP for h in top) and not any("," in h for h in top)


def test_a_site_copy_of_a_rule_with_its_history_note() -> None:
    issue, docs = _read("infoeach_济南市文化娱乐市场管理规定_excerpt.txt")
    assert [d.title for d in docs] == ["济南市文化娱乐市场管理规定"]
    rule = docs[0]
    assert (issue.name, rule.issuers) == ("山东省济南市人民政府", ["山东省济南市人民政府"])
    assert (rule.doc_number, rule.date, rule.promulgated) == (
        "济南市人民政府令第19号",
        "1991-03-26",
        "1991-03-26",
    )
    assert rule.paragraphs[0].kind == "note" and rule.paragraphs[1].text.startswith("第一条")
    assert [h.text for h in rule.outline] == [f"第{n}条" for n in "一二三四五六"]
    text = rule.title + rule.text
    assert not any(junk in text for junk in SITE_FURNITURE)


def test_chapters_and_articles_without_gaps() -> None:
    _issue, docs = _read("guanganqu_广安区府办发2020_excerpt.txt")
    rules = docs[1]
    assert [h.text for h in rules.outline] == [f"第一章{SP}总则"] + [f"第{n}条" for n in "一二三四"]
    assert docs[0].paragraphs[0].text == "各街道办事处，区级各部门，官盛新区管委会"


def test_an_info_list_with_values_under_their_labels() -> None:
    issue, docs = _read("zb_镇政发2024-7_excerpt.txt")
    assert [d.title for d in docs] == ["镇巴县人民政府工作规则"]
    rules = docs[0]
    assert (rules.doc_number, rules.date, rules.promulgated) == (
        "镇政发〔2024〕7号",
        "2024-04-06",
        "2024-04-06",
    )
    assert (
        rules.issuers == [] and rules.source_status == ""
    )  # `县政府网站` is no body; 有效性 empty
    assert issue.name == "zb_镇政发2024-7_excerpt"  # no issuer stated: named after the file
    text = rules.title + "\n" + rules.text
    for junk in (
        "返回顶部",
        "索引号",
        "6107280000",
        "发文机构",
        "县政府网站",
        "有效性",
        "内容概述",
        "16:40",
    ):
        assert junk not in text
    top = [h.text for h in rules.outline if h.level == 1]
    assert top == [f"第一章{SP}总则", f"第二章{SP}组成人员和政府职能"]
    assert rules.paragraphs[1].text.startswith("一、根据《中华人民共和国宪法》")
    assert "，" in rules.paragraphs[2].text and "," not in rules.text


def test_site_fields_dates_and_html_in_a_web_copy() -> None:
    _issue, docs = _read("laodongfa_晋政发2018-13_excerpt.txt")
    notice = docs[0]
    assert (notice.promulgated, notice.effective) == ("2018-03-27", "2018-03-27")
    assert notice.addressees == ["各市、县人民政府", "省人民政府各委、办、厅、局"]
    assert [p.text for p in notice.paragraphs if p.kind == "signature"] == ["山西省人民政府"]


def test_items_of_a_copy_with_ascii_punctuation_keep_their_numbers() -> None:
    _issue, docs = _read("0798ci_晋政办发2017-55_excerpt.txt")
    plan = docs[1]
    assert plan.paragraphs[-1].text.startswith("1．加快推进综合交通运输网络建设。")
    assert [h.text for h in plan.outline][:2] == ["一、总体要求", "二、重点任务与分工"]


def test_unbracketed_database_fields_around_the_title() -> None:
    """Exports that print `时效性：现行有效` after the title (and `URL:` for 原文链接) give the
    same fields as the bracketed header; none of it reaches the text."""
    from corpus.formats import read_data
    from corpus.pipeline import process_extract

    name = "pkulaw_CLI.12.4638041_皖政办秘2021-82.txt"
    lines = (FIXTURES / name).read_text("utf-8").splitlines()
    i = next(k for k, x in enumerate(lines) if x.startswith("原文链接"))
    lines[i] = lines[i].replace("原文链接：", "URL: ")
    lines[i + 3 : i + 3] = ["时效性：现行有效", "效力级别：地方规范性文件", "施行日期：2021.12.31"]
    extract = read_data("\n".join(lines).encode(), name, name, ".txt")
    _issue, docs = process_extract(extract, name)
    _issue, plain = process_extract(read_data((FIXTURES / name).read_bytes(), name, name), name)
    assert [d.title for d in docs] == [d.title for d in plain]
    notice = docs[0]
    assert (notice.source_status, notice.source_level, notice.effective) == (
        "现行有效",
        "地方规范性文件",
        "2021-12-31",
    )
    assert notice.doc_number == plain[0].doc_number == "皖政办秘〔2021〕82号"
    for d in docs:
        assert not any(x in d.text for x in ("时效性", "效力级别", "施行日期：", "URL", "pkulaw"))
