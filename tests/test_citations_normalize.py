"""normalize_doc_number: the forms citations added, and the behaviour they must keep."""

from __future__ import annotations

import pytest

from corpus.normalize import normalize_doc_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # added for citations: prefixes without 发/函/字/令
        ("财税〔2019〕13号", "财税〔2019〕13号"),
        ("财税[2019]13号", "财税〔2019〕13号"),
        ("国办发明电〔2020〕1号", "国办发明电〔2020〕1号"),
        # unchanged
        ("国办发[2017]6号", "国办发〔2017〕6号"),
        ("国办发〔２０１７〕６号", "国办发〔2017〕6号"),
        ("国发 (2016) 49号", "国发〔2016〕49号"),
        ("京政发[2019]1号", "京政发〔2019〕1号"),
        ("粤府办〔2020〕3号", "粤府办〔2020〕3号"),
        ("第　４０　号", "第40号"),
        ("〔2021〕第1号", "2021年第1号"),
        ("2021年 第1号", "2021年第1号"),
        ("卫生部令第59号", "卫生部令第59号"),
        ("国家发展和改革委员会令2014年第15号", "国家发展和改革委员会令2014年第15号"),
        ("没有文号", ""),
    ],
)
def test_normalize_doc_number(text: str, expected: str) -> None:
    assert normalize_doc_number(text) == expected
