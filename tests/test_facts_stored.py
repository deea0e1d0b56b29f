"""时效性 and 修订沿革 are read from the store's facts file: answering them opens no issue's
shard and not the links file, and gives the same answers as facts collected from the text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from corpus import store
from corpus.api import Library
from corpus.facts import DocText, Facts, collect, stored, stored_texts, texts_of
from corpus.history import history_for
from corpus.status import outside_documents, status_of

NURSES = "gwy-2021-10-31835e"  # 护士执业注册管理办法 (2008, revised 2021)
DECISION = "gwy-2021-10-48a667"  # 国家卫生健康委关于修改和废止〈…〉等3件部门规章的决定
SOLVENCY = "gwy-2021-10-bab35c"  # 保险公司偿付能力管理规定 (2021)
TODAY = "2026-01-01"


def _from_text(lib: Library) -> Facts:
    """The facts as collected from the documents' own text (every shard read)."""
    return collect({d.id: d for d in lib.documents()}, lib.links_data())


@pytest.fixture()
def no_reads(seed_store: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    """A freshly opened seed store whose shards and links file cannot be read."""

    def refuse(path: Path, name: str) -> object:
        raise AssertionError(f"read {name}")

    monkeypatch.setattr(store, "read_shard", refuse)
    monkeypatch.setattr(store, "read_links", refuse)
    return Library.open(seed_store, build=False)


def test_status_and_history_of_seeds_without_reading_a_shard(seed_library: Library) -> None:
    expected = _from_text(seed_library)
    docs = seed_library.documents()
    want_status = {d.id: status_of(d, expected, TODAY).to_dict() for d in docs}
    want_history = {d.id: [dataclasses.asdict(e) for e in history_for(d, expected)] for d in docs}
    want_outside = [o.to_dict() for o in outside_documents(expected)]
    assert any(v["value"] == "已修改" for v in want_status.values()) or want_outside

    with pytest.MonkeyPatch.context() as mp:

        def refuse(path: Path, name: str) -> object:
            raise AssertionError(f"read {name}")

        mp.setattr(store, "read_shard", refuse)
        mp.setattr(store, "read_links", refuse)
        lib = Library.open(seed_library.path, build=False)
        facts = lib.facts()
        for d in lib.documents():
            assert facts.changes_to(d.id) == expected.changes_to(d.id)
            assert facts.note(d.id) == expected.note(d.id)
        assert facts.changes_outside() == expected.changes_outside()
        assert facts.complete().notes == expected.notes
        assert sorted(map(repr, facts.changes)) == sorted(map(repr, expected.changes))
        for d in lib.documents():
            assert lib.status(d.id, TODAY).to_dict() == want_status[d.id], d.id
            assert [dataclasses.asdict(e) for e in lib.history(d.id)] == want_history[d.id]
        assert [o.to_dict() for o in outside_documents(facts)] == want_outside
        # every document's status for `status:` filters, as search computes them
        statuses = lib.index.statuses()
        assert statuses == {k: v["value"] for k, v in want_status.items()}


def test_known_seed_answers_without_reading_a_shard(no_reads: Library) -> None:
    lib = no_reads
    events = [e.to_dict() for e in lib.history(NURSES)]
    assert [(e["date"], e["action"]) for e in events] == [
        ("2008-05-06", "公布"),
        ("2008-05-12", "施行"),
        ("2021-01-08", "修订"),
    ]
    assert events[-1]["id"] == DECISION
    nurses = lib.status(NURSES, today=TODAY)
    assert (nurses.value, nurses.since) == ("现行有效", "2021-01-08")
    assert any(e.para == 0 and "修订" in e.text for e in nurses.evidence)
    solvency = lib.status(SOLVENCY, today=TODAY)
    assert (solvency.value, solvency.since) == ("现行有效", "2021-03-01")
    assert "自2021年3月1日起施行" in solvency.evidence[0].text
    out = lib.outside("保监会令2008年第1号")
    assert out is not None and (out.status.value, out.status.since) == ("已废止", "2021-03-01")
    assert out.status.evidence[0].id == SOLVENCY and "同时废止" in out.status.evidence[0].text
    amended = lib.outside("卫生部令第59号")
    assert amended is not None and amended.current == NURSES


def test_show_reads_only_the_shard_of_the_document_shown(
    seed_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from corpus.cli import main

    read: list[str] = []
    real = store.read_shard

    def counting(path: Path, name: str) -> dict[str, dict[str, object]]:
        read.append(name)
        return real(path, name)

    monkeypatch.setattr(store, "read_shard", counting)
    assert main(["--db", str(seed_store), "show", NURSES]) == 0
    assert "时效性: 现行有效" in capsys.readouterr().out
    assert len(read) == 1 and read[0].startswith("gwy-2021-10.")


def test_an_add_reads_the_text_of_new_documents_only(seed_library: Library) -> None:
    """`stored` with the texts already kept reads no old document, and equals a full pass."""
    docs = seed_library.documents()
    links = seed_library.links_data()
    full = stored(docs, links)
    kept = stored_texts(list(full["issues"].values()))
    assert kept and any(t.note >= 0 for t in kept.values())

    class Unread:
        """An old document whose text must not be read again."""

        def __init__(self, doc: object) -> None:
            self.__dict__["doc"] = doc

        def __getattr__(self, name: str) -> object:
            assert name not in ("paragraphs", "outline"), "an old document's text was read"
            return getattr(self.__dict__["doc"], name)

    old, new = docs[:20], docs[20:]
    again = stored([*(Unread(d) for d in old), *new], links, {d.id: kept[d.id] for d in old})  # type: ignore[misc]
    assert again == full
    assert texts_of(new, links) == {d.id: kept[d.id] for d in new}
    assert DocText.from_dict(kept[NURSES].to_dict()) == kept[NURSES]


def test_facts_after_an_add_are_those_of_the_whole_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Build from one seed, add the other: the stored facts answer as a full pass would."""
    from corpus.cli import main

    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    first = tmp_path / "first"
    first.mkdir()
    (first / seeds[0].name).write_bytes(seeds[0].read_bytes())
    db = tmp_path / "db" / "store.json"
    assert main(["--db", str(db), "build", "--seeds", str(first)]) == 0
    assert main(["--db", str(db), "add", str(seeds[1])]) == 0
    capsys.readouterr()
    whole = Library.open(db, build=False)
    expected = _from_text(whole)
    docs = whole.documents()
    want = {d.id: (status_of(d, expected, TODAY), history_for(d, expected)) for d in docs}
    assert any(expected.notes.values()) and expected.changes

    def refuse(path: Path, name: str) -> object:
        raise AssertionError(f"read {name}")

    monkeypatch.setattr(store, "read_shard", refuse)
    monkeypatch.setattr(store, "read_links", refuse)
    lib = Library.open(db, build=False)
    facts = lib.facts().complete()
    assert sorted(map(repr, facts.changes)) == sorted(map(repr, expected.changes))
    assert facts.notes == expected.notes
    got = {d.id: (lib.status(d.id, TODAY), lib.history(d.id)) for d in lib.documents()}
    assert got == want
