"""The bulk build's links and facts (citations found in the workers, resolved at the end,
relations and quoted paragraphs one issue at a time with each shard read once) are
exactly those of the whole-corpus functions over every document held in memory, on the
seeds, the fake gazettes and every fixture format; and the search index's token strings
are the ones the plain character loops give.
"""

from __future__ import annotations

import operator
import os
import re
from pathlib import Path

import pytest
from fake_gazettes import CENTRAL, HEADED, PROVINCIAL, write_issue

from corpus import bulk, store
from corpus.facts import stored
from corpus.fold import fold
from corpus.links import extract_links
from corpus.model import Document
from corpus.pipeline import build_store, process_file
from corpus.sources import Source, bundled_sources
from corpus.tantivy_index import GAP, SPACE, bigram_tokens, unigram_tokens

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"


def _sources(tmp_path: Path) -> list[Source]:
    made = [
        write_issue(tmp_path / "src", name, text)
        for name, text in (("c.txt", CENTRAL), ("p.txt", PROVINCIAL), ("h.txt", HEADED))
    ]
    fixtures = sorted(p for p in FIXTURES.rglob("*") if p.is_file())
    return [*bundled_sources(), *(Source("file", str(p)) for p in [*made, *fixtures])]


def _stored_facts(db: Path) -> dict[str, object]:
    """The facts as `corpus.facts.stored` shaped them, read back from the store's files."""
    index = store.read_catalog(db)["meta"]["facts"]
    return {
        "version": index["version"],
        "issues": {i: store.read_facts(db, name) for i, name in index["issues"].items()},
        "rest": store.read_facts(db, index["file"]),
    }


@pytest.mark.parametrize("parallel", [True, False])
def test_bulk_links_and_facts_are_the_whole_corpus_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    sources = _sources(tmp_path)
    monkeypatch.setattr(bulk, "PARALLEL_MIN", 2 if parallel else len(sources) + 1)
    assert (bulk.workers(len(sources)) > 1) == (parallel and (os.cpu_count() or 1) > 1)
    db = tmp_path / "db" / "store.json"
    build_store(db, sources)

    docs: list[Document] = []
    for src in sources:
        docs.extend(process_file(src.path)[1])
    links = extract_links(docs)
    catalog = store.read_catalog(db)
    assert store.read_links(db, catalog) == links
    # something to compare: citations resolved, a parent read from the text, 施行 dates
    assert sum(len(v) for v in links["citations"].values()) > 50
    assert links["parents"] and links["effective"] and links["checks"] is not None
    facts = _stored_facts(db)
    assert facts == stored(docs, links)
    assert any(rec.get("text") for part in facts["issues"].values() for rec in part.values())


_WS = re.compile(r"\s")


def _plain(text: str) -> str:
    t = fold(text)
    return _WS.sub(lambda m: SPACE if m.group() == " " else GAP, t)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "乡",
        "乡村",
        "乡村振兴 战略\n第二段\u3000全角\t制表\u2028行",
        "Ａ（B）,: 2021年",
        "lone \ud800 surrogate",
        "\u3000\u3000",
    ],
)
def test_token_strings_are_the_character_loops(text: str) -> None:
    t = _plain(text)
    assert bigram_tokens(text) == " ".join(map(operator.add, t, t[1:]))
    assert unigram_tokens(text) == " ".join(t.replace(GAP, ""))


def test_token_strings_of_the_seeds_are_the_character_loops() -> None:
    for src in bundled_sources():
        for d in process_file(src.path)[1]:
            for text in (d.title, d.text):
                t = _plain(text)
                assert bigram_tokens(text) == " ".join(map(operator.add, t, t[1:]))
                assert unigram_tokens(text) == " ".join(t.replace(GAP, ""))
