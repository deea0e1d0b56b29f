"""DocNumber: every printed form of a number parses to one key, and every module agrees."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import docnumber
from corpus.api import Library
from corpus.citations import find_numbers
from corpus.docnumber import DocNumber, find, parse
from corpus.normalize import normalize_doc_number
from corpus.query import parse_query

# prefixes as real documents print them (seeds, ../shared/formats, the issue's examples)
PREFIXES = [
    "国办发",
    "国发",
    "川办函",
    "发改办财金规",
    "穗府办规",
    "皖政办秘",
    "国信办发文",
    "阿府办发",
    "包府办发",
    "京经信发",
    "皖开放办",
    "丽政发",
    "退役军人部发",
    "浙委退役军人办",
    "财税",
    "国办发明电",
]
ORDER_ISSUERS = ["卫健委", "银保监会", "中国人民银行", "国家发展改革委", "卫生部", "生态环境部"]
BRACKETS = [
    ("〔", "〕"),
    ("[", "]"),
    ("(", ")"),
    ("【", "】"),
    ("［", "］"),
    ("（", "）"),
    ("﹝", "﹞"),
]
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
SPACES = ["", " ", "\u3000", "  "]


@st.composite
def printed_doc_number(draw: st.DrawFn) -> tuple[str, str]:
    prefix = draw(st.sampled_from(PREFIXES))
    year = draw(st.integers(1980, 2030))
    serial = draw(st.integers(1, 9999))
    left, right = draw(st.sampled_from(BRACKETS))
    sp = [draw(st.sampled_from(SPACES)) for _ in range(4)]
    di = draw(st.sampled_from(["", "第"]))
    digits = f"{left}{sp[1]}{year}{sp[2]}{right}{sp[3]}{di}{serial}{sp[0]}号"
    if draw(st.booleans()):
        digits = digits.translate(FULL)
    return f"{prefix}{sp[0]}{digits}", f"{prefix}〔{year}〕{serial}号"


@st.composite
def printed_order_number(draw: st.DrawFn) -> tuple[str, str]:
    issuer = draw(st.sampled_from(ORDER_ISSUERS))
    year = draw(st.integers(1980, 2030))
    serial = draw(st.integers(1, 999))
    form = draw(st.sampled_from(["bracket", "year", "none"]))
    sp = draw(st.sampled_from(SPACES))
    left, right = draw(st.sampled_from(BRACKETS))
    if form == "bracket":
        tail, key = f"{left}{year}{right}{sp}第{sp}{serial}{sp}号", f"{year}年第{serial}号"
    elif form == "year":
        tail, key = f"{year}年{sp}第{serial}号", f"{year}年第{serial}号"
    else:
        tail, key = f"第{sp}{serial}{sp}号", f"第{serial}号"
    if draw(st.booleans()):
        tail = tail.translate(FULL)
    return f"{issuer}令{sp}{tail}", f"{issuer}令{key}"


#: Characters organ prefixes are made of (places, organs, kinds), none of them a word that
#: running text puts before a number (按照, 和, 及 …).
PREFIX_CHARS = "国办发川府函皖政秘穗规信文京经开放财税卫健委粤湘鄂阿包沪苏浙闽赣鲁豫桂琼渝黔滇藏陕甘青新人社资环建交水农商医保监字明电"
ENDINGS = ["发", "函", "规", "字", "秘", "办", "文", "发文", "明电", ""]


@st.composite
def any_prefix_number(draw: st.DrawFn) -> tuple[str, str]:
    """Any organ prefix, not only the ones listed: 1–10 characters and a usual ending."""
    body = draw(st.text(alphabet=PREFIX_CHARS, min_size=1, max_size=10))
    prefix = body + draw(st.sampled_from(ENDINGS))
    year = draw(st.integers(1980, 2030))
    serial = draw(st.integers(1, 999))
    left, right = draw(st.sampled_from(BRACKETS))
    sp = draw(st.sampled_from(SPACES))
    return f"{prefix}{sp}{left}{year}{right}{sp}{serial}{sp}号", f"{prefix}〔{year}〕{serial}号"


@given(any_prefix_number())
@settings(max_examples=300, deadline=None)
def test_any_organ_prefix(case: tuple[str, str]) -> None:
    printed, key = case
    assert docnumber.canonical(printed) == key
    assert [h.value for h in find_numbers(f"根据{printed}要求")] == [key]


@given(printed_doc_number())
@settings(max_examples=300, deadline=None)
def test_every_printed_doc_number_has_one_key(case: tuple[str, str]) -> None:
    printed, key = case
    assert docnumber.canonical(printed) == key
    assert normalize_doc_number(printed) == key
    n = parse(printed)
    assert n is not None and not n.series and n.key == key
    # the same number in running text is found with the same key, at the printed place
    text = f"按照{printed}要求"
    (hit,) = find_numbers(text)
    assert hit.value == key
    assert text[hit.start : hit.end] == printed.lstrip()
    # a query typed in that form looks the number up by the same key
    (term,) = parse_query(printed).terms
    assert term.number == key


@given(printed_order_number())
@settings(max_examples=200, deadline=None)
def test_every_printed_order_number_has_one_key(case: tuple[str, str]) -> None:
    printed, key = case
    n = parse(printed)
    assert n is not None and n.series and n.key == key and n.kw == "令"
    assert normalize_doc_number(printed) == key
    assert [h.value for h in find_numbers(f"根据{printed}规定")] == [key]


@given(st.sampled_from(BRACKETS), st.integers(1980, 2030), st.integers(1, 99))
def test_bare_order_numbers(bracket: tuple[str, str], year: int, serial: int) -> None:
    left, right = bracket
    for printed in (f"{left}{year}{right}第{serial}号", f"{year}年 第{serial}号"):
        n = parse(printed)
        assert n == DocNumber("", year, serial, True)
        assert find(printed) == []  # no issuer: an order's own head, not a citation
    assert parse(f"第　{serial}　号") == DocNumber("", None, serial, True)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("卫健委令第6号", "卫健委令第6号"),
        ("银保监会令2021年第1号", "银保监会令2021年第1号"),
        ("中国人民银行令〔2021〕第1号", "中国人民银行令2021年第1号"),
        ("中国人民银行令〔2021〕1号", "中国人民银行令2021年第1号"),
        ("（皖政办秘〔2021〕82号）", "皖政办秘〔2021〕82号"),
        ("国家税务总局公告2021年第1号", "国家税务总局公告2021年第1号"),
    ],
)
def test_forms(text: str, key: str) -> None:
    assert docnumber.canonical(text) == key


@pytest.mark.parametrize(
    "text",
    ["没有文号", "〔2021〕1号", "国发〔16〕49号", "第四章第八节", "2021年", "关于印发的通知"],
)
def test_not_a_number(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("卫健委令第6号", "国家卫生健康委员会令第6号", True),
        ("第6号", "卫健委令第6号", True),
        ("保监会令2021年第1号", "银保监会令2021年第1号", False),
        ("银保监会令2021年第1号", "中国银行保险监督管理委员会令2021年第1号", True),
        ("银保监会令2021年第1号", "银保监会令2020年第1号", False),
        ("国办发〔2017〕6号", "国办发[2017]6号", True),
        ("国办发〔2017〕6号", "国发〔2017〕6号", False),
        ("国家税务总局公告2021年第1号", "国家税务总局令2021年第1号", False),
    ],
)
def test_matches(a: str, b: str, same: bool) -> None:
    na, nb = parse(a), parse(b)
    assert na is not None and nb is not None
    assert na.matches(nb) is same
    assert nb.matches(na) is same


def test_forms_are_all_parsed_back() -> None:
    for text in ("国办发〔2017〕6号", "中国人民银行令2021年第1号", "穗府办规〔2021〕7号"):
        n = parse(text)
        assert n is not None
        assert {parse(f) for f in n.forms()} == {n}


@pytest.mark.parametrize(
    "ref",
    [
        "国办发〔2017〕6号",
        "国办发﹝2017﹞6号",
        "国办发【２０１７】６号",
        "卫健委令第6号",
        "国家卫生健康委员会令第6号",
        "中国人民银行令〔2021〕第1号",
        "中国人民银行令2021年第1号",
    ],
)
def test_show_and_search_agree(seed_library: Library, ref: str) -> None:
    """`show REF` and searching REF put the same document first."""
    doc = seed_library.document(ref)
    assert doc is not None
    (first, *_rest) = seed_library.search(ref)
    assert first.id == doc.id


def test_show_search_and_links_agree_on_every_seed_number(seed_library: Library) -> None:
    """Each seed document's own number, in every printed form, finds that document by `show`,
    first by search, and by the resolver that links citations."""
    from corpus.resolve import Resolver

    docs = seed_library.documents()
    resolver = Resolver(docs)
    numbered = [d for d in docs if d.doc_number]
    assert len(numbered) >= 15
    for d in numbered:
        own = docnumber.of_document(d.doc_number, d.issuer, d.kind, d.date)
        assert own is not None
        if own.series:
            cited = DocNumber(f"{d.issuer.split('、')[0]}令", own.year, own.serial, True)
        else:
            cited = own
        for form in cited.forms():
            assert seed_library.document(form) is d, form
            assert seed_library.search(form)[0].id == d.id, form
        assert d in resolver.by_cited_number(cited.key)
