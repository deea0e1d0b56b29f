"""The command line and the browser answer a search the same way: both call
`Library.run_search` and word it with `describe`, so the headline and every note (a filter
that matches nothing, a suggested split of a word no document contains) are the same."""

from __future__ import annotations

import argparse

import pytest

from corpus.api import Library
from corpus.commands import search as search_cmd
from tui.app import GongbaoApp

QUERIES = [
    "医疗保险合并试点工作方案",  # found nowhere: a split is suggested
    "脱贫 year:1999",  # a filter no document passes
    "生育保险 section:不存在的栏目",
    "生育保险",  # found, no notes
]


def cli_says(lib: Library, query: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    args = argparse.Namespace(query=query.split(), json=False, limit=100, db=str(lib.path))
    search_cmd.run(args)
    err = capsys.readouterr().err.splitlines()
    notes = [line.removeprefix("note: ") for line in err if line.startswith("note: ")]
    return err[-1], notes


@pytest.mark.parametrize("query", QUERIES)
async def test_cli_and_browser_say_the_same(
    seed_library: Library, query: str, capsys: pytest.CaptureFixture[str], home: object
) -> None:
    headline, notes = cli_says(seed_library, query, capsys)
    assert headline.startswith(("No documents match", "1 document", "2 documents"))
    if query != "生育保险":
        assert notes  # the case is worth comparing
    app = GongbaoApp(library=seed_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main.run_search(query)  # what Enter in the search box does
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.results.notes == notes
        assert app.main.query_one("#status").left == headline  # type: ignore[attr-defined]
        shown = [r.id for r in app.main.results.results]
    assert shown == [r.id for r in seed_library.run_search(query, limit=100).results]
