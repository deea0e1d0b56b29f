"""The query language: what each form means, and clear one-line errors for what it cannot."""

from __future__ import annotations

import pytest

from corpus.errors import GongbaoError, QueryError
from corpus.query import MAX_QUERY_CHARS, parse_query


def texts(q: str) -> list[str]:
    return [t.text for t in parse_query(q).terms]


def test_words_are_anded_in_order() -> None:
    assert texts("乡村振兴  有效衔接") == ["乡村振兴", "有效衔接"]


def test_full_width_and_case_fold() -> None:
    assert texts("ＰＰＰ ２０１７") == ["ppp", "2017"]


def test_quoted_phrase_keeps_spaces_collapsed() -> None:
    q = parse_query('"生育保险  和职工" 试点')
    assert [(t.text, t.phrase) for t in q.terms] == [("试点", False), ("生育保险 和职工", True)]


def test_exclusions() -> None:
    q = parse_query('脱贫 -乡村 -"有效衔接"')
    assert texts("脱贫 -乡村") == ["脱贫"]
    assert [t.text for t in q.excludes] == ["乡村", "有效衔接"]


def test_lone_dash_is_text() -> None:
    assert texts("- 脱贫") == ["-", "脱贫"]


@pytest.mark.parametrize(
    ("query", "key", "value"),
    [
        ("section:国务院文件", "section", "国务院文件"),
        ("issuer:办公厅", "issuer", "办公厅"),
        ("type:通知", "type", "通知"),
        ("Type：意见", "type", "意见"),
        ("文种:令", "type", "令"),
        ('issuer:"国务院 办公厅"', "issuer", "国务院 办公厅"),
    ],
)
def test_text_filters(query: str, key: str, value: str) -> None:
    (f,) = parse_query(query).filters
    assert (f.key, f.value) == (key, value)


@pytest.mark.parametrize(
    ("query", "lo", "hi"),
    [
        ("year:2017", "2017", "2017"),
        ("year:2016..2018", "2016", "2018"),
        ("year:2016-2018", "2016", "2018"),
        ("date:2021-01..2021-03", "2021-01", "2021-03"),
        ("date:2021-3", "2021-03", "2021-03"),
        ("date:2021-01-15..", "2021-01-15", ""),
        ("date:..2020-12-31", "", "2020-12-31"),
        ("日期:2021年3月", "2021-03", "2021-03"),
        ("date:2021.1.5", "2021-01-05", "2021-01-05"),
    ],
)
def test_date_filters(query: str, lo: str, hi: str) -> None:
    (f,) = parse_query(query).filters
    assert (f.lo, f.hi) == (lo, hi)


def test_date_range_semantics() -> None:
    q = parse_query("date:2021-01..2021-03")
    assert q.accepts("", "", "", "2021-03-31")
    assert q.accepts("", "", "", "2021-01-01")
    assert not q.accepts("", "", "", "2021-04-01")
    assert not q.accepts("", "", "", "")


def test_same_filter_twice_is_or_different_filters_and() -> None:
    q = parse_query("type:通知 type:意见 year:2017")
    assert q.accepts("", "", "通知", "2017-01-19")
    assert q.accepts("", "", "意见", "2017-05-01")
    assert not q.accepts("", "", "意见", "2018-05-01")
    assert not q.accepts("", "", "决定", "2017-05-01")


def test_negated_filter() -> None:
    q = parse_query("-type:通知")
    assert not q.accepts("", "", "通知", "")
    assert q.accepts("", "", "意见", "")


@pytest.mark.parametrize(
    "query",
    [
        "国办发〔2017〕6号",
        "国办发[2017]6号",
        "国办发(2017)6号",
        "国办发（２０１７）６号",
        "国办发 〔2017〕 6 号",
        "国办发 [ 2017 ] 06 号",
    ],
)
def test_doc_number_forms(query: str) -> None:
    (t,) = parse_query(query).terms
    assert t.number == "国办发〔2017〕6号"
    assert "国办发〔2017〕6号" in t.alts


def test_quoted_doc_number_is_literal() -> None:
    (t,) = parse_query('"国办发[2017]6号"').terms
    assert (t.alts, t.number, t.phrase) == (("国办发[2017]6号",), "", True)


def test_doc_number_beside_words_is_not_swallowed() -> None:
    terms = parse_query("通知 国办发[2017]6号").terms
    assert [t.number for t in terms] == ["", "国办发〔2017〕6号"]


def test_order_number() -> None:
    (t,) = parse_query("国务院令第40号").terms
    assert t.number == "国务院令第40号"


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("", "empty query"),
        ("   \t ", "empty query"),
        ('""', "empty query"),
        ('"乡村振兴', "unbalanced quote"),
        ('type:"通知', "unbalanced quote"),
        ("foo:bar", 'unknown filter "foo:"'),
        ("http://example.com", "unknown filter"),
        ("type:", "needs a value"),
        ("year:abc", "year:"),
        ("year:2017-03", "year:"),
        ("date:2021-13", "date:"),
        ("date:..", "at least one end"),
        ("date:2021-05..2021-01", "backwards"),
        ("x" * 10_000, "too long"),
        (" ".join(["词"] * 40), "too many"),
    ],
)
def test_bad_queries_raise_one_line(query: str, needle: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(query)
    message = str(info.value)
    assert needle in message
    assert "\n" not in message
    assert isinstance(info.value, GongbaoError)


def test_longest_accepted_query() -> None:
    assert parse_query("字" * MAX_QUERY_CHARS).terms


@pytest.mark.parametrize(
    "query",
    [
        "[bold]",
        "[bold]red[/bold]",
        "\\n\\t",
        "'; DROP TABLE",
        "？！。，",
        "\x1b[31m红\x1b[0m",
        "a\x00b",
        "\ud800x",
        "\u202e反转",
    ],
)
def test_odd_text_is_just_text(query: str) -> None:
    q = parse_query(query)
    for t in q.terms:
        assert all(c >= " " and c != "\x7f" for a in t.alts for c in a)
        assert not any("\ud800" <= c <= "\udfff" for a in t.alts for c in a)
