"""The real store and the browser's test double keep the same `LibraryAPI` contract
(mypy checks the signatures; this checks the behaviour the browser relies on)."""

from __future__ import annotations

import pytest

from corpus.api import (
    Document,
    GongbaoError,
    Library,
    LibraryAPI,
    NotFound,
    Query,
    SearchResponse,
)
from tui.testing import FakeLibrary


@pytest.fixture(params=["real", "fake"])
def lib(request: pytest.FixtureRequest, seed_library: Library) -> LibraryAPI:
    return seed_library if request.param == "real" else FakeLibrary()


def _with_number(lib: LibraryAPI) -> Document:
    return next(d for d in lib.documents() if d.doc_number)


def test_documents_and_issues_agree(lib: LibraryAPI) -> None:
    issues = lib.issues()
    docs = lib.documents()
    assert issues and docs
    assert {d.issue for d in docs} <= {i.id for i in issues}
    for issue in issues:
        assert lib.issue(issue.id) == issue
        assert lib.documents(issue.id) == [d for d in docs if d.issue == issue.id]
    assert lib.issue("no-such-issue") is None


def test_document_by_id_and_by_number(lib: LibraryAPI) -> None:
    doc = _with_number(lib)
    assert lib.document(doc.id) is doc
    found = lib.document(doc.doc_number)
    assert found is not None and found.doc_number == doc.doc_number
    assert lib.document("no-such-document") is None


def test_unknown_ids_raise_as_documented(lib: LibraryAPI) -> None:
    with pytest.raises(NotFound):
        lib.refs("no-such-document")
    for method in (lib.history, lib.chain, lib.versions):
        with pytest.raises(KeyError):
            method("no-such-document")


def test_run_search_answers_with_its_parsed_query(lib: LibraryAPI) -> None:
    response = lib.run_search("方案", limit=1)
    assert isinstance(response, SearchResponse) and isinstance(response.query, Query)
    assert [t.text for t in response.query.terms] == ["方案"]
    assert len(response.results) == 1 <= response.total
    assert [r.id for r in lib.search("方案", limit=1)] == [response.results[0].id]
    with pytest.raises(GongbaoError):
        lib.run_search('"abc')  # an unclosed quote


def test_refs_point_into_the_document(lib: LibraryAPI) -> None:
    for doc in lib.documents():
        refs = lib.refs(doc.id)
        assert refs.id == doc.id
        for c in refs.cites:
            assert doc.paragraphs[c.para].text[c.start : c.end] == c.text
            assert c.target is None or lib.document(c.target) is not None


def test_a_document_compared_with_itself_is_the_same(lib: LibraryAPI) -> None:
    doc = max(lib.documents(), key=lambda d: len(d.paragraphs))
    counts = lib.diff(doc.id, doc.id).counts()
    assert counts["same"] > 0
    assert not any(counts[k] for k in ("changed", "moved", "removed", "added", "renumbered"))
    chain = lib.chain(doc.id)
    assert chain.id == doc.id and chain.timeline()
