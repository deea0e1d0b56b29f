"""Dates: 成文日期 in any numerals, and the 公布 and 施行 dates the text gives."""

from __future__ import annotations

import json

import pytest

from corpus.api import Library
from corpus.cli import main
from corpus.dates import effective_date, is_date_line, iso_date, promulgated_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("二○一二年一月九日", "2012-01-09"),  # ○ U+25CB, as typeset
        ("二〇一二年一月九日", "2012-01-09"),  # 〇 U+3007
        ("二零一二年十二月三十一日", "2012-12-31"),
        ("二〇二一年十月二十日", "2021-10-20"),
        ("2017年1月19日", "2017-01-19"),
        ("２０２１年３月１日", "2021-03-01"),
        ("2021年 3 月 1 日", "2021-03-01"),
        ("（2020年12月16日）", "2020-12-16"),
        ("2021年3月", ""),
        ("2021年13月1日", ""),
        ("", ""),
    ],
)
def test_iso_date(text: str, iso: str) -> None:
    assert iso_date(text) == iso


@pytest.mark.parametrize(
    ("line", "is_date"),
    [
        ("二○一二年一月九日", True),
        ("2019年8月20日", True),
        ("（2020年12月16日）", True),
        ("2019年1月1日起全面施行的《中华人民共和国个人所得税法》", False),
        ("截至2020年底", False),
    ],
)
def test_date_lines(line: str, is_date: bool) -> None:
    assert is_date_line(line) is is_date


def test_promulgated_from_the_title_note() -> None:
    # 护士执业注册管理办法's 题注 in the 2021 seed
    note = "（2008年5月6日卫生部令第59号公布　根据2021年1月8日《国家卫生健康委关于修改和废止〈母婴保健专项技术服务许可及人员资格管理办法〉等3件部门规章的决定》修订）"
    assert promulgated_date(note) == "2008-05-06"
    assert (
        promulgated_date("（2019年12月28日第十三届全国人民代表大会常务委员会第十五次会议通过）")
        == ""
    )


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("本办法自2021年3月1日起施行。", "2021-03-01"),
        ("本规定自2021年3月1日起施行。", "2021-03-01"),
        ("本办法自公布之日起施行。", ""),
    ],
)
def test_effective_clause(text: str, iso: str) -> None:
    assert effective_date(text) == iso


@pytest.mark.parametrize(
    ("title", "promulgated", "effective"),
    [
        ("护士执业注册管理办法", "2008-05-06", "2008-05-12"),
        ("母婴保健专项技术服务许可及人员资格管理办法", "1995-08-07", "1995-08-07"),  # 自发布之日
        ("保险公司偿付能力管理规定", "2021-01-15", "2021-03-01"),
        ("非银行支付机构客户备付金存管办法", "2021-01-19", "2021-03-01"),
        ("国务院关于落实《政府工作报告》重点工作分工的意见", "", ""),
    ],
)
def test_seed_documents_dates(
    seed_library: Library, title: str, promulgated: str, effective: str
) -> None:
    (doc,) = [d for d in seed_library.documents() if d.title == title]
    assert (doc.promulgated, doc.effective) == (promulgated, effective)


def test_show_json_has_issuers_dates_and_jurisdiction(
    seed_store: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(seed_store), "show", "--json", "生态环境部令第22号"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["issuers"] == ["中华人民共和国生态环境部", "中华人民共和国国家发展和改革委员会"]
    assert data["issuer"] == "中华人民共和国生态环境部、中华人民共和国国家发展和改革委员会"
    assert data["promulgated"] == data["date"] == "2021-01-27"
    assert data["jurisdiction"] == "中央"
    assert main(["--db", str(seed_store), "show", "--json", "川办函〔2017〕12号"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["issuers"], data["jurisdiction"]) == (["四川省人民政府办公厅"], "四川省")
