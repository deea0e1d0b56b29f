"""The `Store` seam behind `corpus.api.Library`: every read of the store goes through the
object it was given, so a store kept elsewhere can stand in for the TinyDB files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from corpus import store
from corpus.api import Library
from corpus.pipeline import build_store

READS = ("read_catalog", "read_tables", "read_single", "read_shard", "read_facts", "read_links")


class Recording:
    """A `Store` that answers from the files through the functions captured before the test
    made them fail, and notes each read."""

    def __init__(self, path: Path, real: dict[str, Any]) -> None:
        self.path = path
        self.real = real
        self.calls: list[str] = []
        self.busy = 0  # inside one of its reads, which may call the module's others

    def _call(self, what: str, name: str, *args: Any) -> Any:
        self.calls.append(what)
        self.busy += 1
        try:
            return self.real[name](self.path, *args)
        finally:
            self.busy -= 1

    def catalog(self) -> dict[str, Any]:
        return self._call("catalog", "read_catalog")  # type: ignore[no-any-return]

    def tables(self, name: str) -> dict[str, list[dict[str, Any]]]:
        return self._call("tables", "read_tables", name)  # type: ignore[no-any-return]

    def single(self, name: str) -> Any:
        return self._call("single", "read_single", name)

    def shard(self, name: str) -> dict[str, dict[str, Any]]:
        return self._call("shard", "read_shard", name)  # type: ignore[no-any-return]

    def facts(self, name: str) -> Any:
        return self._call("facts", "read_facts", name)

    def links(self, catalog: dict[str, Any]) -> Any:
        return self._call("links", "read_links", catalog)


def test_the_library_reads_the_store_only_through_its_store_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.json"
    build_store(db)
    expected = Library.open(db, build=False)
    doc = expected.document("国办发〔2017〕6号")
    assert doc is not None
    want = (doc.id, [p.text for p in doc.paragraphs], expected.status(doc.id).value)
    want_refs = expected.refs(doc.id).to_dict()
    want_hits = [(r.id, r.snippet) for r in expected.search("乡村振兴")]

    real = {name: getattr(store, name) for name in READS}

    source = Recording(db, real)

    def refusing(name: str) -> Any:
        def read(*args: object) -> Any:
            if source.busy:  # the store object's own read, using the module's helpers
                return real[name](*args)
            raise AssertionError(f"{name}: read the files behind the Store's back")

        return read

    for name in READS:
        monkeypatch.setattr(store, name, refusing(name))
    lib = Library(db, source.catalog(), source)
    got = lib.document("国办发〔2017〕6号")
    assert got is not None
    assert (got.id, [p.text for p in got.paragraphs], lib.status(got.id).value) == want
    assert lib.refs(got.id).to_dict() == want_refs
    assert [(r.id, r.snippet) for r in lib.search("乡村振兴")] == want_hits
    assert {"catalog", "tables", "single", "shard", "facts"} <= set(source.calls)
