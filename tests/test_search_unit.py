"""Search over a few hand-made documents: matching, hits, snippets, filters, stored index."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.errors import QueryError
from corpus.fold import fold
from corpus.index import build_index, decode_postings, encode_postings
from corpus.model import Document, Paragraph
from corpus.search import SearchIndex
from corpus.snippet import columns

LONG = (
    "各地区各部门要"
    + "认真贯彻落实党中央国务院决策部署，" * 6
    + "推进生育保险和职工基本医疗保险合并实施。"
)


def doc(i: int, title: str, paras: list[str], **kw: str) -> Document:
    return Document(
        id=f"d{i}",
        issue="2017-1",
        order=i,
        section=kw.pop("section", "国务院文件"),
        title=title,
        paragraphs=[Paragraph("body", p) for p in paras],
        **kw,
    )


DOCS = [
    doc(
        0,
        "国务院办公厅关于印发生育保险和职工基本医疗保险合并实施试点方案的通知",
        [
            "各省、自治区、直辖市人民政府：",
            "《生育保险和职工基本医疗保险合并实施试点方案》已经国务院同意。",
        ],
        doc_number="国办发〔2017〕6号",
        issuer="国务院办公厅",
        date="2017-01-19",
        kind="通知",
    ),
    doc(
        1,
        "中共中央 国务院关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见",
        [
            "打赢脱贫攻坚战后，要巩固拓展脱贫攻坚成果，接续推动脱贫地区发展和乡村全面振兴。",
            "参照国办发[2017]6号执行。推广PPP模式。",
            LONG,
        ],
        issuer="中共中央 国务院",
        date="2020-12-16",
        kind="意见",
    ),
    doc(
        2,
        "四川省人民政府办公厅关于做好春耕生产工作的通知",
        ["各市（州）人民政府：", "做好2021年春耕生产。"],
        doc_number="川办发〔2021〕3号",
        issuer="四川省人民政府办公厅",
        date="2021-02-03",
        kind="通知",
        section="省政府办公厅文件",
    ),
    doc(
        3,
        "国务院令",
        ["《医疗保障基金使用监督管理条例》已经国务院第123次常务会议通过，现予公布。"],
        doc_number="第735号",
        issuer="国务院",
        date="2021-01-15",
        kind="令",
    ),
]


@pytest.fixture(scope="module")
def ix() -> SearchIndex:
    data = json.loads(json.dumps(build_index(DOCS), ensure_ascii=False))
    return SearchIndex.from_data(data, DOCS)


def ids(ix: SearchIndex, q: str) -> list[str]:
    return [r.id for r in ix.search(q)]


def test_postings_round_trip() -> None:
    for ids_, n in [
        ([], 5),
        ([0], 1),
        ([3, 4, 100, 5000], 6000),
        (list(range(0, 900, 2)), 1000),
        (list(range(1000)), 1000),
        ([7, 8, 9], 10),
    ]:
        assert decode_postings(encode_postings(ids_, n), n) == ids_


def test_substrings_of_words_are_found(ix: SearchIndex) -> None:
    assert ids(ix, "振兴") == ["d1"]
    assert set(ids(ix, "人民政府")) == {"d0", "d2"}
    assert ids(ix, "2021年") == ["d2"]
    assert ids(ix, "２０２１年") == ["d2"]
    assert ids(ix, "ppp") == ["d1"]


def test_no_false_hits(ix: SearchIndex) -> None:
    assert ids(ix, "保险乡村") == []
    assert ids(ix, '"有效 衔接"') == []


def test_and_and_exclude(ix: SearchIndex) -> None:
    assert ids(ix, "国务院 脱贫") == ["d1"]
    assert "d1" not in ids(ix, "国务院 -脱贫")
    assert ids(ix, "国务院 -脱贫 -保险 -第735号") == []


def test_title_outranks_body(ix: SearchIndex) -> None:
    assert ids(ix, "生育保险")[0] == "d0"


@pytest.mark.parametrize(
    "q",
    [
        "国办发〔2017〕6号",
        "国办发[2017]6号",
        "国办发(2017)6号",
        "国办发（２０１７）６号",
        "国办发 〔2017〕 6 号",
    ],
)
def test_doc_number_first(ix: SearchIndex, q: str) -> None:
    assert ids(ix, q) == ["d0", "d1"]


def test_order_number(ix: SearchIndex) -> None:
    assert ids(ix, "国务院令第735号")[0] == "d3"
    assert ids(ix, "第735号")[0] == "d3"


def test_filters(ix: SearchIndex) -> None:
    assert ids(ix, "type:通知 人民政府") == ["d2", "d0"] or set(ids(ix, "type:通知 人民政府")) == {
        "d0",
        "d2",
    }
    assert ids(ix, "type:意见") == ["d1"]
    assert ids(ix, "year:2021") == ["d2", "d3"]
    assert ids(ix, "date:2021-02..2021-03") == ["d2"]
    assert ids(ix, "section:办公厅") == ["d2"]
    assert ids(ix, "issuer:四川") == ["d2"]
    assert ids(ix, "-type:通知 -type:意见") == ["d3"]


def test_hits_are_real_offsets(ix: SearchIndex) -> None:
    for q, needle in [("脱贫", "脱贫"), ("ppp", "PPP"), ("国办发[2017]6号", "国办发[2017]6号")]:
        for r in ix.search(q):
            d = next(x for x in DOCS if x.id == r.id)
            for h in r.hits:
                assert d.paragraphs[h.para].text[h.start : h.end].lower() == needle.lower()


def test_snippet_is_one_line_around_best_passage(ix: SearchIndex) -> None:
    (r,) = ix.search("生育保险 实施 -试点 type:意见")
    assert r.snippet.count("\n") == 0
    assert columns(r.snippet) <= 72
    assert r.snippet.startswith("…")
    marked = [r.snippet[s:e] for s, e in r.snippet_marks]
    assert "生育保险" in marked and "实施" in marked


def test_snippet_without_body_hit(ix: SearchIndex) -> None:
    r = ix.search("国办发〔2017〕6号")[0]
    assert r.snippet and r.snippet_marks == [] and r.hits == []


def test_title_marks(ix: SearchIndex) -> None:
    r = ix.search("春耕")[0]
    assert [r.title[s:e] for s, e in r.title_marks] == ["春耕"]


def test_to_dict_is_json(ix: SearchIndex) -> None:
    d = ix.search("脱贫")[0].to_dict()
    assert {"id", "title", "doc_number", "date", "score", "snippet", "hits"} <= set(d)
    assert d["hits"][0] == {"para": 0, "start": 2, "end": 4}
    json.dumps(d)


def test_unspaced_words_get_a_suggestion_not_loose_results(ix: SearchIndex) -> None:
    resp = ix.run("乡村振兴衔接 type:意见")
    assert resp.results == [] and resp.total == 0
    assert resp.suggestion.startswith("乡村") and "衔接" in resp.suggestion
    assert resp.suggestion.endswith("type:意见")
    assert [r.id for r in ix.search(resp.suggestion)] == ["d1"]
    assert "乡村振兴衔接" in resp.notes[0]
    assert ix.run('"乡村振兴衔接"').suggestion == ""
    assert ix.run("乡村振兴衔接 type:通知").suggestion == ""


def test_limit_and_total(ix: SearchIndex) -> None:
    resp = ix.run("国务院", limit=1)
    assert len(resp.results) == 1 and resp.total == 3


def test_stale_or_missing_index_is_rebuilt() -> None:
    data = build_index(DOCS[:2], vocabulary=False)
    for stale in (None, {}, data, {**build_index(DOCS, vocabulary=False), "version": 0}):
        ix = SearchIndex.from_data(stale, DOCS)
        assert [r.id for r in ix.search("春耕")] == ["d2"]


@pytest.mark.parametrize(
    "q", ["[bold]", "[bold]x[/bold]", "\x1b[31m", "？？？", "\\", "-", "--", "'"]
)
def test_odd_queries_give_results_or_nothing(ix: SearchIndex, q: str) -> None:
    assert isinstance(ix.search(q), list)


@pytest.mark.parametrize("q", ["", "  ", '"abc', "foo:bar", "x" * 10_000])
def test_bad_queries_raise_query_error(ix: SearchIndex, q: str) -> None:
    with pytest.raises(QueryError):
        ix.search(q)


@given(st.text())
def test_fold_keeps_length_and_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded


def test_width_forms_find_each_other() -> None:
    docs = [doc(0, "甲", ["第33．项为20．90吨，（一）ＡＢＣ"]), doc(1, "乙", ["第33.项(二)abc"])]
    ix = SearchIndex.from_data(None, docs)
    assert set(ids(ix, "33.")) == {"d0", "d1"}
    assert ids(ix, "(一)") == ["d0"]
    assert ids(ix, "（二）") == ["d1"]
    assert set(ids(ix, "abc")) == {"d0", "d1"}
    r = next(r for r in ix.search("abc") if r.id == "d0")
    assert docs[0].paragraphs[0].text[r.hits[0].start : r.hits[0].end] == "ＡＢＣ"


def test_filter_that_matches_nothing_says_so(ix: SearchIndex) -> None:
    resp = ix.run("type:通告")
    assert resp.total == 0 and "通告" in resp.notes[0] and "通知" in resp.notes[0]
    assert "1999" in ix.run("year:1999 人民政府").notes[0]
