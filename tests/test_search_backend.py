"""The search backend seam: tantivy n-gram fields give exact substring semantics, per-source
updates, and an index directory beside the store that the library opens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fake_gazettes import CENTRAL, PROVINCIAL, write_issue

from corpus import store
from corpus.api import Library
from corpus.backend import SearchBackend, StoredDocument
from corpus.model import Document, Paragraph
from corpus.pipeline import build_store
from corpus.query import parse_query
from corpus.search import SearchIndex, index_documents
from corpus.sources import Source
from corpus.tantivy_index import TantivyBackend, index_dir


def doc(i: int, issue: str, title: str, paras: list[str], **kw: str) -> Document:
    return Document(
        id=f"{issue}-{i}",
        issue=issue,
        order=i,
        section=kw.pop("section", "国务院文件"),
        title=title,
        paragraphs=[Paragraph("body", p) for p in paras],
        **kw,
    )


DOCS = [
    doc(0, "a", "关于春耕的通知", ["甲乙", "乙丙丁"], kind="通知", date="2021-02-03"),
    doc(1, "a", "关于秋收的意见", ["有效 衔接", "有效衔接"], kind="意见", date="2020-12"),
    doc(2, "b", "国务院令", ["全文　空格", "乙丙"], doc_number="第735号", issuer="国务院"),
]


def backend(docs: list[Document] = DOCS) -> TantivyBackend:
    b = TantivyBackend.memory()
    index_documents(b, docs)
    b.commit()
    return b


def ids(b: SearchBackend, q: str) -> set[str]:
    return {c.id for c in b.search(parse_query(q), 100).candidates}


def test_tantivy_is_a_search_backend() -> None:
    b: SearchBackend = backend()  # mypy checks the protocol
    assert b.stats().n == 3 and b.stats().kinds == ["意见", "通知"]


def test_words_never_match_across_paragraphs_or_gaps() -> None:
    b = backend()
    assert ids(b, "乙丙") == {"a-0", "b-2"}
    assert ids(b, "甲乙丙") == set()  # 甲乙 and 乙丙 are adjacent bigrams, across a break
    assert ids(b, '"有效 衔接"') == {"a-1"}  # a quoted space is an ASCII space, nothing else
    assert ids(b, '"全文 空格"') == set()  # the text has an ideographic space there
    assert ids(b, "丁") == {"a-0"}


def test_filters_and_dates_of_unknown_day() -> None:
    b = backend()
    assert ids(b, "date:2020-12") == {"a-1"}
    assert ids(b, "date:2020-12-05..") == {"a-0"}  # 2020-12 (day unknown) is not after the 5th
    assert ids(b, "-year:2021") == {"a-1", "b-2"}  # no date: not excluded by a date filter
    assert ids(b, "type:通 -type:意见") == {"a-0"}


def test_delete_by_source_then_add_again() -> None:
    b = backend()
    b.delete_source("a")
    b.commit()
    assert ids(b, "乙丙") == {"b-2"} and b.stats().n == 1
    index_documents(b, DOCS[:2], start=10)
    b.commit()
    assert ids(b, "乙丙") == {"a-0", "b-2"} and b.stats().n == 3


def test_results_come_in_gazette_order_when_nothing_scores() -> None:
    b = backend()
    assert [c.id for c in b.search(parse_query("-type:意见"), 10).candidates] == ["a-0", "b-2"]


def test_order_number_owner() -> None:
    ix = SearchIndex(backend(), {d.id: d for d in DOCS}.get)
    assert [r.id for r in ix.search("国务院令第735号")] == ["b-2"]


def test_the_store_has_its_index_beside_it(tmp_path: Path) -> None:
    src = tmp_path / "src"
    sources = [Source("file", str(write_issue(src, n, t))) for n, t in (("a.txt", CENTRAL),)]
    db = tmp_path / "db" / "store.json"
    build_store(db, sources)
    meta = store.read_meta(db)
    assert meta is not None and index_dir(db).is_dir()
    lib = Library.open(db, build=False)
    found = lib.search("全民健身")
    assert found
    opened = TantivyBackend.open(index_dir(db))
    assert opened is not None and opened.token == meta["search"]
    # a lost index directory is rebuilt in memory: the same answers
    shutil.rmtree(index_dir(db))
    again = Library.open(db, build=False).search("全民健身")
    assert [r.id for r in again] == [r.id for r in found]


def test_add_changes_only_the_new_issue_and_equals_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus import changes, pipeline

    seeds = tmp_path / "seeds"
    write_issue(seeds, "central.txt", CENTRAL)
    extra = write_issue(tmp_path / "more", "provincial.txt", PROVINCIAL)
    db = tmp_path / "a" / "store.json"
    changes.build(db, [seeds / "central.txt"])

    def shards() -> set[Path]:
        corpus_wide = ("links.", "numbers.", "vocab.", "citables.", "waiting.")  # look-ups
        return {
            p for p in store.shards_dir(db).glob("*.json") if not p.name.startswith(corpus_wide)
        }

    shards_before = shards()

    def no_rebuild(*_a: object, **_k: object) -> None:
        raise AssertionError("add rebuilt the whole store")

    monkeypatch.setattr(pipeline, "build_store", no_rebuild)
    changes.add_files(db, [str(extra)])
    monkeypatch.undo()
    assert shards_before < shards()  # the old issue's shard is kept as it was

    full = tmp_path / "b" / "store.json"
    changes.build(full, [seeds / "central.txt", extra])
    from corpus.sourcelist import SourceList

    listed = SourceList.load(db)
    assert listed is not None and not changes.is_stale(db, listed)
    a, b = Library.open(db, build=False), Library.open(full, build=False)
    assert [i.id for i in a.issues()] == [i.id for i in b.issues()]
    assert [d.to_dict() for d in a.documents()] == [d.to_dict() for d in b.documents()]
    for d in b.documents():
        assert a.refs(d.id).to_dict() == b.refs(d.id).to_dict()
    for q in ("人民政府", "国务院 -体育", "type:通知", "year:2019", "健身"):
        assert [r.to_dict() for r in a.search(q)] == [r.to_dict() for r in b.search(q)]
    assert TantivyBackend.open(index_dir(db)) is not None
    assert a.index.backend.stats().n == len(b.documents())


def test_vocabulary_is_cached_per_source_and_the_same_on_two_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus import vocabulary
    from corpus.pipeline import process_file

    files = [
        write_issue(tmp_path / "src", "c.txt", CENTRAL),
        write_issue(tmp_path / "src", "p.txt", PROVINCIAL),
    ]
    parts = [process_file(f) for f in files]
    issues = [issue for issue, _docs, _sha in parts]
    docs = [d for _issue, ds, _sha in parts for d in ds]
    db = tmp_path / "db" / "store.json"
    serial = vocabulary.vocabulary(db, issues, docs)
    assert "健身" in serial and "场地" in serial
    cached = sorted(p.name for p in vocabulary.cache_dir(db).iterdir())
    assert cached == sorted(f"{i.sha256}.txt" for i in issues)
    shutil.rmtree(vocabulary.cache_dir(db))
    monkeypatch.setattr(vocabulary, "PARALLEL_MIN", 1)
    assert vocabulary.vocabulary(db, issues, docs) == serial
    monkeypatch.setattr(vocabulary, "_segment", lambda _docs: ["不该再分词"])
    assert vocabulary.vocabulary(db, issues, docs) == serial  # read back, not segmented


def test_the_engine_keeps_the_text_search_reads() -> None:
    b = backend()
    cands = b.search(parse_query("乙丙"), 10).candidates
    texts = b.texts(cands)
    by_id = {d.id: d for d in DOCS}
    for c, got in zip(cands, texts, strict=True):
        want = by_id[c.id]
        assert got is not None
        assert (got.title, got.doc_number, got.issuer, got.date) == (
            want.title,
            want.doc_number,
            want.issuer,
            want.date,
        )
        assert [(p.kind, p.text) for p in got.paragraphs] == [
            (p.kind, p.text) for p in want.paragraphs
        ]
    b.delete_source("a")
    b.commit()
    assert b.texts(cands) == [
        None if c.id.startswith("a-") else t for c, t in zip(cands, texts, strict=True)
    ]


def test_paragraph_layout_survives_newlines_and_empty_paragraphs() -> None:
    odd = doc(0, "c", "标题", ["第一行\n第二行", "", "乙丙　丁"])
    odd.paragraphs[1] = Paragraph("heading", "")
    b = backend([odd])
    (got,) = b.texts(b.search(parse_query("乙丙"), 10).candidates)
    assert isinstance(got, StoredDocument) and got.text == odd.text
    assert [got.paragraph_text(p) for p in range(3)] == [p.text for p in odd.paragraphs]
    assert [(p.kind, p.text) for p in got.paragraphs] == [
        ("body", "第一行\n第二行"),
        ("heading", ""),
        ("body", "乙丙　丁"),
    ]


def test_a_search_reads_no_issue_shard(seed_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranking, hits and snippets come from the engine's stored text: the same results as
    reading each document from its issue's shard, without parsing a shard."""
    from corpus import store as store_module

    queries = (
        "发展",
        "脱贫 衔接",
        '"职工基本医疗保险"',
        "国办发[2017]6号",
        "type:通知 -发展",
        "的",
    )
    from_shards = Library.open(seed_store, build=False)
    monkeypatch.setattr(TantivyBackend, "texts", lambda _self, cands: [None for _ in cands])
    expected = {q: [r.to_dict() for r in from_shards.search(q, 20)] for q in queries}
    monkeypatch.undo()
    assert all(expected.values()) and any(r["hits"] for r in expected["发展"])

    def no_shard(*_a: object, **_k: object) -> None:
        raise AssertionError("search read an issue shard")

    lib = Library.open(seed_store, build=False)
    monkeypatch.setattr(store_module, "read_shard", no_shard)
    for q in queries:
        assert [r.to_dict() for r in lib.search(q, 20)] == expected[q]


def test_an_index_of_an_older_version_is_rebuilt_on_open(home: Path, tmp_path: Path) -> None:
    from corpus import reindex
    from corpus.tantivy_index import META_FILE, TANTIVY_VERSION

    src = tmp_path / "src"
    write_issue(src, "a.txt", CENTRAL)
    write_issue(src, "b.txt", PROVINCIAL)
    db = tmp_path / "db" / "store.json"
    from corpus import changes

    changes.build(db, sorted(src.iterdir()))
    queries = ("人民政府", "健身", "type:通知", "-year:2019")  # the last two: gazette order
    before = {q: [r.to_dict() for r in Library.open(db).search(q)] for q in queries}
    assert all(before.values())
    meta_file = index_dir(db) / META_FILE
    old = meta_file.read_text(encoding="utf-8").replace(
        f'"version": {TANTIVY_VERSION}', f'"version": {TANTIVY_VERSION - 1}'
    )
    meta_file.write_text(old, encoding="utf-8")
    assert reindex.outdated(db)
    catalog = db.read_bytes()
    said: list[str] = []
    lib = Library.open(db, progress=said.append)
    assert any("重建索引" in m for m in said)
    assert not reindex.outdated(db) and reindex.index_version(db) == TANTIVY_VERSION
    assert db.read_bytes() == catalog  # only the index was rebuilt, not the store
    assert TantivyBackend.open(index_dir(db)) is not None
    for q, results in before.items():
        assert [r.to_dict() for r in lib.search(q)] == results
    said.clear()
    Library.open(db, progress=said.append)
    assert said == []  # once


def test_counting_a_word_matches_exactly_what_ranking_matches() -> None:
    """Counts, filters and exclusions look a word up by every other bigram: the same
    documents as the phrase of all its bigrams, for words of odd and even length."""
    texts = ["乡村振兴战略", "乡村振", "村振兴", "乡村 振兴", "振兴乡村振兴", "兴乡村振"]
    docs = [doc(i, "a", f"标题{i}", [t]) for i, t in enumerate(texts)]
    b = backend(docs)
    for word in ("乡村振", "乡村振兴", "村振兴战", "乡村振兴战略", "兴乡村振", "振兴乡村振兴"):
        term = parse_query(word).terms[0]
        ranked = {c.id for c in b.search(parse_query(word), 100).candidates}
        assert b.count(term) == len(ranked), word
        want = {d.id for d in docs if word in d.paragraphs[0].text}
        assert ranked == want, word
        assert ids(b, f"标题 -{word}") == {d.id for d in docs} - want, word
