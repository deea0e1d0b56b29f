"""`add_links` on small corpora built by hand: every way an added issue changes the links of
the issues already stored, compared with a full `extract_links` over all of them."""

from __future__ import annotations

import json
from itertools import permutations
from typing import Any

import pytest
from hand_docs import doc

from corpus.links import add_links, extract_links
from corpus.model import Document
from corpus.resolve import DocMeta


def meta(d: Document) -> DocMeta:
    return DocMeta(d.id, d.issue, d.title, d.doc_number, d.issuer, d.kind, d.date)


def incremental(old_docs: list[Document], new_docs: list[Document]) -> dict[str, object]:
    """What `add` stores: the old store's links updated with `new_docs`, reading old text
    only through the issue reader (which counts what it reads)."""
    stored = json.loads(json.dumps(extract_links(old_docs), ensure_ascii=False))
    by_issue: dict[str, list[Document]] = {}
    for d in old_docs:
        by_issue.setdefault(d.issue, []).append(d)
    return add_links(stored, [meta(d) for d in old_docs], new_docs, by_issue.__getitem__)


def old_issue() -> list[Document]:
    """Two issues whose citations the added issues can answer better."""
    return [
        doc(
            "a-order",
            "A",
            "某某部令",
            "《甲规定》已经部务会议通过，依据《丙条例》，现予公布，自公布之日起施行。"
            "《丁办法》同时废止。",
            "申请人应当填写《企业登记表》，参照《关于加强安全生产工作的意见》执行。",
            "按照国发〔2020〕5号文件和《关于改进督查工作的通知》办理。",
            doc_number="某部令第1号",
            date="2020-06-01",
        ),
        doc("a-rule", "A", "甲规定", "第一条 为了规范管理，制定本规定。", date="2020-06-01"),
        doc("a-notice", "A", "国务院关于改进督查工作的通知", "各部门：", date="2019-01-01"),
        doc(
            "a-late",
            "Z",
            "国务院关于推进某项改革的意见",
            "各省人民政府：",
            doc_number="国发〔2020〕5号",
            date="2020-09-01",
        ),
    ]


def new_issue() -> list[Document]:
    """Documents that answer the old issue's citations: an unresolved title, a form name,
    a title found before only by its subject, a number whose old target was dated too late,
    and the 《丙条例》 that now takes the order's 现予公布 from 《甲规定》."""
    return [
        doc("b-law", "B", "丙条例", "第一条 本条例自2019年1月1日起施行。", date="2019-01-01"),
        doc("b-old", "B", "丁办法", "第一条 …", date="2010-01-01"),
        doc("b-form", "B", "企业登记表", "表格", date="2019-02-01"),
        doc("b-opinion", "B", "关于加强安全生产工作的意见", "各地：", date="2019-03-01"),
        doc("b-exact", "B", "关于改进督查工作的通知", "各地：", date="2018-01-01"),
        doc(
            "b-early",
            "B",
            "国务院关于某事的通知",
            "各省人民政府：",
            doc_number="国发〔2020〕5号",
            date="2020-02-01",
        ),
    ]


def test_an_added_issue_changes_older_links_exactly_as_a_full_extraction() -> None:
    old, new = old_issue(), new_issue()
    got = incremental(old, new)
    assert got == extract_links(old + new)
    cites = {c["text"]: c["target"] for c in got["citations"]["a-order"]}  # type: ignore[index]
    assert cites["《丙条例》"] == "b-law" and cites["《企业登记表》"] == "b-form"
    assert cites["《关于加强安全生产工作的意见》"] == "b-opinion"
    assert cites["《关于改进督查工作的通知》"] == "b-exact"  # the exact title beats the subject
    assert cites["国发〔2020〕5号"] == "b-early"  # dated on or before the order
    before = extract_links(old)
    assert before["parents"] == {"a-rule": "a-order"}
    assert "a-rule" not in got["parents"]  # type: ignore[operator]
    assert got["repeals"]["a-order"][0]["target"] == "b-old"  # type: ignore[index]


def test_nothing_changes_for_issues_the_added_documents_do_not_answer() -> None:
    old, new = old_issue(), [doc("c", "C", "无关的通知", "各地：", date="2021-01-01")]
    read: list[str] = []
    stored = extract_links(old)
    by_issue = {"A": old[:3], "Z": old[3:]}

    def reader(issue: str) -> list[Document]:
        read.append(issue)
        return by_issue[issue]

    got = add_links(stored, [meta(d) for d in old], new, reader)
    assert got == extract_links(old + new) and read == []


@pytest.mark.parametrize("order", list(permutations(range(3))))
def test_any_split_of_issues_gives_the_full_links(order: tuple[int, ...]) -> None:
    issues = [old_issue(), new_issue(), [doc("c", "C", "无关的通知", "依据《丙条例》。")]]
    docs = [d for k in order for d in issues[k]]
    for cut in range(1, len(order)):
        first = [d for k in order[:cut] for d in issues[k]]
        assert incremental(first, docs[len(first) :]) == extract_links(docs)


def test_resolving_again_equals_resolving_over_the_whole_store() -> None:
    """Every stored citation, resolved again once other issues join, against `resolve` over
    all documents: orders cited under another spelling of their issuer (matched by series),
    several candidates of one number or title in several issues and dates, titles found
    only by subject, in every order of the issues."""
    from corpus.citations import Citation
    from corpus.resolve import Resolver

    def order(id: str, issue: str, number: str, issuer: str, date: str) -> Document:
        return doc(id, issue, f"{id}办法", doc_number=number, issuer=issuer, kind="令", date=date)

    issues = [
        [
            order("p1", "P", "国家发展改革委令第1号", "国家发展改革委", "2019-05-01"),
            doc("p2", "P", "国务院关于改进督查工作的通知", date="2020-03-01"),
        ],
        [
            order("q1", "Q", "国家发展和改革委员会令第1号", "国家发展和改革委员会", "2019-05-01"),
            doc("q2", "Q", "关于改进督查工作的通知", date="2018-01-01"),
        ],
        [
            order("r1", "R", "国家发展改革委令第1号", "国家发展改革委", "2021-01-01"),
            order("r2", "R", "第1号", "国家发展和改革委员会", "2019-05-01"),
            doc("r3", "R", "国务院关于改进督查工作的通知", date="2017-01-01"),
        ],
        [doc("s1", "S", "无关", date="2020-01-01"), doc("s2", "S", "无关", date="2018-06-01")],
    ]
    cited = [
        Citation(0, 0, 1, "", doc_number=n)
        for n in (
            "国家发展改革委令第1号",
            "国家发展和改革委员会令第1号",
            "国家发展和改革委员会令2019年第1号",
        )
    ] + [
        Citation(0, 0, 1, "", title=t)
        for t in ("国务院关于改进督查工作的通知", "关于改进督查工作的通知", "无关")
    ]
    for perm in permutations(issues):
        everyone = [d for issue in perm for d in issue]
        full = Resolver(everyone)
        for cut in range(1, len(perm)):
            old = [d for issue in perm[:cut] for d in issue]
            before, added = Resolver(old), Resolver(everyone[len(old) :])
            for citing in old:
                for c in cited:
                    was = before.resolve(c, citing)
                    again = full.resolve_again(c.doc_number, c.title, citing, was, added)
                    assert again == full.resolve(c, citing), (perm, cut, citing.id, c)


def test_an_added_issue_reads_the_links_of_the_issues_it_answers_only() -> None:
    """`update_links` opens an older issue's links only where a waiting citation of it is
    answered by an added document (or an added document cites one of its documents)."""
    from corpus.links import held_links, update_links
    from corpus.resolve import Resolver

    old = old_issue()
    stored = json.loads(json.dumps(extract_links(old), ensure_ascii=False))
    for added, opened in (
        ([doc("c", "C", "无关的通知", "各地：", date="2021-01-01")], []),
        ([doc("c", "C", "无关的通知", "依据国发〔2020〕5号文件。", date="2021-01-01")], ["Z"]),
        (new_issue(), ["A", "Z"]),  # a-order now cites b-early, not a-late (in Z)
    ):
        full = Resolver([*(meta(d) for d in old), *added])
        refs_of, waiting = held_links(stored, [meta(d) for d in old], full)
        read: list[str] = []

        def counted(issue: str, refs_of: Any = refs_of, read: list[str] = read) -> Any:
            read.append(issue)
            return refs_of(issue)

        by_issue = {"A": old[:3], "Z": old[3:]}
        update = update_links(counted, waiting, full, added, by_issue.__getitem__)
        assert sorted(set(read) - {"B", "C"}) == opened, added[0].id
        assert sorted(set(update.rows) - {"B", "C"}) == opened
