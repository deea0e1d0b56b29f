"""The 时效性 rules on small documents written for the purpose: a later decision that
amends, repeals, or repeals some articles of an earlier document in the store."""

from __future__ import annotations

from corpus.facts import collect
from corpus.history import history_for
from corpus.links import extract_links
from corpus.model import Document, Paragraph
from corpus.status import outside_documents, status_of

TODAY = "2026-01-01"


def _doc(did: str, title: str, number: str, date: str, *texts: str) -> Document:
    paras = [Paragraph("article" if t.startswith("第") else "body", t) for t in texts]
    return Document(did, "x", 0, "部门文件", title, number, "某部", date, "决定", paragraphs=paras)


def _store() -> dict[str, Document]:
    docs = [
        _doc(
            "old",
            "某部关于某事的办法",
            "某发〔2015〕1号",
            "2015-01-01",
            "第一条　为了规范某事，制定本办法。",
            "第二条　本办法自2015年3月1日起施行。",
        ),
        _doc(
            "gone", "某部关于另一事的通知", "某发〔2014〕2号", "2014-01-01", "现就另一事通知如下。"
        ),
        _doc(
            "part",
            "某部关于第三事的规定",
            "某发〔2013〕3号",
            "2013-01-01",
            "第五条　某事由某处负责。",
        ),
        _doc(
            "amend",
            "某部关于修改《某部关于某事的办法》的决定",
            "某发〔2020〕4号",
            "2020-01-01",
            "某部决定对《某部关于某事的办法》（某发〔2015〕1号）作如下修改：",
            "一、将第一条修改为：“为了规范某事，根据《某法》，制定本办法。”",
            "本决定自公布之日起施行。",
        ),
        _doc(
            "repeal",
            "某部关于废止和修改部分文件的决定",
            "某发〔2021〕5号",
            "2021-01-01",
            "某部决定废止《某部关于另一事的通知》（某发〔2014〕2号）。",
            "《某部关于第三事的规定》（某发〔2013〕3号）第五条同时废止。",
            "《某部关于旧事的办法》（某发〔2010〕9号）同时废止。",
            "本决定自2021年2月1日起施行。",
        ),
    ]
    return {d.id: d for d in docs}


def test_amended_repealed_and_partly_repealed_documents() -> None:
    docs = _store()
    facts = collect(docs, extract_links(list(docs.values())))
    amended = status_of(docs["old"], facts, TODAY)
    assert (amended.value, amended.since) == ("已修改", "2020-01-01")
    assert amended.evidence[0].id == "amend" and amended.evidence[0].para == 0
    gone = status_of(docs["gone"], facts, TODAY)
    assert (gone.value, gone.since) == ("已废止", "2021-02-01")
    assert gone.evidence[0].id == "repeal" and "废止" in gone.evidence[0].text
    part = status_of(docs["part"], facts, TODAY)
    assert part.value == "部分失效" and part.evidence[0].para == 1
    # the decisions themselves are in force from their 施行 clause
    assert status_of(docs["repeal"], facts, TODAY).value == "现行有效"
    # before the repeal takes effect, the repealed text is still in force
    assert status_of(docs["gone"], facts, "2021-01-15").value != "已废止"


def test_history_lists_the_later_amendment_and_outside_documents_are_known() -> None:
    docs = _store()
    facts = collect(docs, extract_links(list(docs.values())))
    events = [e.to_dict() for e in history_for(docs["old"], facts)]
    assert [(e["date"], e["action"]) for e in events] == [
        ("2015-01-01", "公布"),
        ("2015-03-01", "施行"),
        ("2020-01-01", "修改"),
    ]
    assert events[-1]["id"] == "amend"
    outside = {o.doc_number: o for o in outside_documents(facts)}
    assert outside["某发〔2010〕9号"].status.value == "已废止"
    assert outside["某发〔2010〕9号"].status.evidence[0].id == "repeal"


def test_a_quoted_citation_in_new_wording_is_not_amended() -> None:
    docs = _store()
    facts = collect(docs, extract_links(list(docs.values())))
    assert not [c for c in facts.changes if c.title == "某法"]
