"""Absurd input stays cheap and whole (corpus.limits); hostile characters never reach the
terminal or the store (corpus.escape, the one definition every message and view uses).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fake_gazettes import CENTRAL, HEADED, write_issue

from corpus import limits
from corpus.cli import main
from corpus.errors import InputError
from corpus.escape import UNSAFE, blank, escape, strip_invisible
from corpus.model import Document, Heading, Paragraph
from corpus.pipeline import process_file

HOSTILE = "\x1b[2J\x1b]0;T\x07\u2028\u2029\ufeff\u202e\u2066\u200b\U000e0041\x85\x9b"


# -- escape ----------------------------------------------------------------------------


def test_escape_makes_every_unsafe_character_visible_on_one_line() -> None:
    shown = escape("a" + HOSTILE + "\n\t\\中")
    assert not UNSAFE.search(shown) and "\n" not in shown
    assert shown == (
        "a\\e[2J\\e]0;T\\x07\\u2028\\u2029\\ufeff\\u202e\\u2066\\u200b\\U000e0041\\x85\\x9b"
        "\\n\\t\\\\中"
    )
    assert escape("国务院公报 2021.txt") == "国务院公报 2021.txt"  # ordinary names untouched


def test_blank_keeps_offsets_and_strip_keeps_tabs_and_newlines() -> None:
    text = "甲" + HOSTILE + "乙"
    assert len(blank(text)) == len(text) and not UNSAFE.search(blank(text))
    assert strip_invisible("甲\t乙\n" + HOSTILE + "丙") == "甲\t乙\n[2J]0;T丙"


def test_no_module_keeps_its_own_unsafe_character_class() -> None:
    root = Path(__file__).resolve().parent.parent
    own = []
    for path in [*root.glob("corpus/**/*.py"), *root.glob("tui/**/*.py")]:
        if path.name == "escape.py":
            continue
        for line in path.read_text("utf-8").splitlines():
            if re.search(r"re\.compile\(.*\\x00-|\\x7f-\\x9f|\\u202a-\\u202e", line):
                own.append(f"{path.name}: {line.strip()}")
    assert own == []


def test_documents_carry_no_invisible_or_bidi_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = CENTRAL.replace("体育是提高", "体育\u2028是\ufeff提\u202e高\U000e0041").replace(
        "深化体育改革", "深化\u2066体育\u2069改革\u200b"
    )
    src = write_issue(tmp_path / "in", "hostile.txt", hostile)
    db = tmp_path / "home" / "store.json"
    assert main(["build", "--seeds", str(src.parent), "--db", str(db)]) == 0
    capsys.readouterr()
    invisible = re.compile(
        "[\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069\u200b\U000e0000-\U000e007f]"
    )
    assert not invisible.search(db.read_text("utf-8"))
    for argv in (["list", "--json"], ["list"], ["show", "国发〔2021〕12号", "--json"]):
        assert main([*argv, "--db", str(db)]) == 0
        out = capsys.readouterr().out
        assert not invisible.search(out) and "\x1b" not in out
    # the characters are gone, the words around them joined up again
    from corpus.api import Library

    docs = Library.open(db, build=False).documents()
    assert any("深化体育改革" in d.title for d in docs)
    assert any("体育是提高" in p.text for d in docs for p in d.paragraphs)


# -- limits ----------------------------------------------------------------------------


def test_split_text_cuts_at_sentence_ends_and_loses_nothing() -> None:
    text = ("一二三四五六七八九十。" * 30) + "无标点" * 100
    pieces = limits.split_text(text, 64)
    assert "".join(pieces) == text
    assert all(len(p) <= 64 for p in pieces)
    assert all(p.endswith("。") for p in pieces[:-1] if "。" in p[-12:])


def test_a_file_on_one_huge_line_gives_a_short_title_and_whole_text(tmp_path: Path) -> None:
    sentence = (
        "国务院办公厅关于进一步加强行政规范性文件管理工作的通知要求各地区各部门认真贯彻执行。"
    )
    line = sentence * 2000  # 90,000 characters on one line, then a body
    path = tmp_path / "one-line.txt"
    body = "　　各省、自治区、直辖市人民政府：\n\n　　现将有关事项通知如下。" + sentence * 500
    path.write_text(line + "\n\n" + body + "\n", encoding="utf-8")
    _issue, docs, _sha = process_file(path)
    assert all(len(d.title) <= limits.MAX_TITLE for d in docs)
    assert all(len(p.text) <= limits.MAX_PARAGRAPH for d in docs for p in d.paragraphs)
    text = "".join(p.text for d in docs for p in d.paragraphs if p.kind != "note")
    assert text.count(sentence) >= 2499  # the whole text is still there, in pieces
    assert any(p.kind == "note" and "标题过长" in p.text for d in docs for p in d.paragraphs)


def test_splitting_a_paragraph_keeps_the_outline_pointing_at_its_heading() -> None:
    long = "一二三四五。" * 3000
    doc = Document(
        id="x",
        issue="i",
        order=0,
        section="",
        title="短标题",
        paragraphs=[Paragraph("body", long), Paragraph("heading", "二、工作要求", 1)],
        outline=[Heading(1, "二、工作要求", 1)],
    )
    (out,) = limits.bound_documents([doc])
    assert len(out.paragraphs) > 2
    assert out.paragraphs[out.outline[0].para].text == "二、工作要求"
    assert "".join(p.text for p in out.paragraphs[:-1]) == long


def test_text_far_beyond_an_issue_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_CHARS", len(HEADED))
    path = write_issue(tmp_path, "big.txt", HEADED * 3)
    with pytest.raises(InputError) as info:
        process_file(path)
    assert "more than any gazette issue" in str(info.value) and "\n" not in str(info.value)


def test_an_export_is_an_ordinary_readable_file(tmp_path: Path) -> None:
    import os

    from tui.export import export
    from tui.testing import sample_documents

    _issues, docs = sample_documents()
    old = os.umask(0o022)
    try:
        written = export(docs[0], tmp_path / "doc.md")
    finally:
        os.umask(old)
    assert oct(written.stat().st_mode & 0o777) == "0o644"
    assert written.read_text("utf-8").startswith("# ")
