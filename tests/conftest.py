"""Shared fixtures: an isolated data directory, and one store built from the real seeds."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus.api import Library
from corpus.model import Document

# Never touch the user's real data directory, whatever a test does.
_HOME = tempfile.mkdtemp(prefix="gongbao-test-home-")
os.environ["GONGBAO_HOME"] = _HOME
os.environ.pop("GONGBAO_DB", None)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the bundled seeds (tests must not write to it)."""
    path = tmp_path_factory.mktemp("seed-store") / "store.json"
    Library.open(path)
    return path


@pytest.fixture(scope="session")
def seed_library(seed_store: Path) -> Library:
    return Library.open(seed_store, build=False)


@pytest.fixture(scope="session")
def seed_docs(seed_library: Library) -> list[Document]:
    return seed_library.documents()


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty data directory for one test."""
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GONGBAO_DB", raising=False)
    yield tmp_path / "home"
