"""`update_stored` gives the facts an `add` changes without collecting them over the whole
store: on issues built by hand where the added documents are amended, repealed or named by
number as a revised text's earlier version, and older decisions now point at them, the parts
it writes (and the parts it keeps) equal what `stored` gives over every document."""

from __future__ import annotations

import json
from itertools import permutations
from typing import Any

import pytest
from hand_docs import doc

from corpus.facts import stored, update_stored
from corpus.links import extract_links, held_links, merge_update, update_links
from corpus.model import Document
from corpus.resolve import DocMeta, Resolver


def issues() -> list[list[Document]]:
    """An order that repeals 《丁办法》, a decision amending 《丙条例》, a revised text whose
    题注 names its first version by number, and the documents those name."""
    return [
        [
            doc(
                "a-order",
                "A",
                "某某部令",
                "《甲规定》已经部务会议通过，依据《丙条例》，现予公布，自公布之日起施行。"
                "《丁办法》同时废止。",
                doc_number="某部令第1号",
                date="2020-06-01",
            ),
            doc("a-rule", "A", "甲规定", "第一条 为了规范管理，制定本规定。", date="2020-06-01"),
        ],
        [
            doc(
                "d-decision",
                "D",
                "国务院关于修改《丙条例》的决定",
                "国务院决定对《丙条例》作如下修改：",
                "一、将《丙条例》第一条修改为：“为了加强管理，制定本条例。”",
                "本决定自2021年3月1日起施行。",
                date="2021-02-01",
            ),
        ],
        [
            doc("b-law", "B", "丙条例", "第一条 本条例自2019年1月1日起施行。", date="2019-01-01"),
            doc("b-old", "B", "丁办法", "第一条 …", date="2010-01-01"),
            doc(
                "b-first",
                "B",
                "护士执业注册管理办法",
                "第一条 为了规范护士执业注册管理，制定本办法。",
                doc_number="卫生部令第59号",
                issuer="卫生部",
                kind="令",
                date="2008-05-06",
            ),
        ],
        [
            doc(
                "e-revised",
                "E",
                "护士执业注册管理办法",
                "（2008年5月6日卫生部令第59号公布；根据2021年1月8日《国务院关于修改《丙条例》"
                "的决定》修订）",
                "第一条 为了规范护士执业注册管理，根据《丙条例》，制定本办法。",
                date="2021-01-08",
            ),
        ],
    ]


def meta(d: Document) -> DocMeta:
    return DocMeta(d.id, d.issue, d.title, d.doc_number, d.issuer, d.kind, d.date)


def rows_of(links: dict[str, Any], docs: list[Document]) -> dict[str, dict[str, Any]]:
    full = Resolver(docs)
    refs_of, _waiting = held_links(links, docs, full)
    out: dict[str, dict[str, Any]] = {}
    for issue in dict.fromkeys(d.issue for d in docs):
        out.update(refs_of(issue)[0])
    return out


def plain(data: Any) -> Any:
    return json.loads(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("order", list(permutations(range(4))))
def test_updated_facts_are_those_of_the_whole_store(order: tuple[int, ...]) -> None:
    parts = [issues()[k] for k in order]
    everyone = [d for part in parts for d in part]
    for cut in range(1, len(parts)):
        old = [d for part in parts[:cut] for d in part]
        new = everyone[len(old) :]
        old_links = plain(extract_links(old))
        old_facts = plain(stored(old, old_links))
        full = Resolver([*(meta(d) for d in old), *new])
        refs_of, waiting = held_links(old_links, [meta(d) for d in old], full)
        by_issue: dict[str, list[Document]] = {}
        for d in old:
            by_issue.setdefault(d.issue, []).append(d)
        update = update_links(refs_of, waiting, full, new, by_issue.__getitem__)
        issue_of = {d.id: d.issue for d in everyone}
        links = merge_update(old_links, update, issue_of, [d.id for d in everyone])
        assert links == plain(extract_links(everyone))
        before, after = rows_of(old_links, old), rows_of(links, everyone)
        by_id = {d.id: d for d in everyone}
        touched = [d for issue in update.touched for d in by_issue[issue]]
        got = update_stored(
            [*touched, *new],
            {d.id for d in new},
            by_id.get,
            lambda i, after=after: after.get(i, {}),
            lambda i, before=before: before.get(i, {}),
            lambda issue, parts=old_facts["issues"]: parts.get(issue, {}),
            old_facts["rest"],
            full,
        )
        want = plain(stored(everyone, links))
        assert plain(got["rest"]) == want["rest"], (order, cut)
        for issue, part in want["issues"].items():
            have = got["issues"].get(issue, old_facts["issues"].get(issue))
            assert plain(have) == part, (order, cut, issue)


def test_the_cases_happen() -> None:
    """The issues above do what they are for: changes to added documents from older ones,
    by amendment, by repeal and by an earlier version's number."""
    everyone = [d for part in issues() for d in part]
    facts = stored(everyone, extract_links(everyone))
    changes = {
        (c["action"], c["source"], c["target"])
        for part in facts["issues"].values()
        for rec in part.values()
        for c in rec.get("changes", [])
    }
    assert ("废止", "a-order", "b-old") in changes
    assert ("修改", "d-decision", "b-law") in changes
    assert ("修改", "e-revised", "b-first") in changes
