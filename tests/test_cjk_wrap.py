"""Chinese line breaking: the rules of tui.cjk_wrap, by example and by property."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cjk_wrap import NO_END, NO_START, can_break_before, cell_width, wrap, wrap_text

ARTICLE = (
    "第一条 为了规范生育保险和职工基本医疗保险合并实施试点工作，保障参保人员权益，制定本办法。"
)


def test_breaks_between_cjk_characters_not_only_at_spaces() -> None:
    lines = wrap_text(ARTICLE, 20)
    assert all(cell_width(line) <= 20 for line in lines)
    # Rich would leave "第一条 " alone on a line; we fill the line.
    assert lines[0].startswith("第一条 为了")
    assert "".join(lines).replace(" ", "") == ARTICLE.replace(" ", "")


def test_no_line_starts_with_closing_punctuation() -> None:
    text = "一二三四五六七八九。十一二三四五六七八，九十"
    for width in range(4, 24):
        for line in wrap_text(text, width)[1:]:
            assert line[0] not in NO_START, (width, line)


def test_no_line_ends_with_opening_punctuation() -> None:
    text = "根据《中华人民共和国社会保险法》和“两项保险”（以下简称）的规定"
    for width in range(4, 30):
        for line in wrap_text(text, width)[:-1]:
            assert line[-1] not in NO_END, (width, line)


def test_latin_words_and_numbers_stay_whole() -> None:
    lines = wrap_text("试点PPP项目2017年共计12345个，Hello world。", 10)
    assert "PPP" in "".join(lines)
    assert any("12345" in line for line in lines)
    assert any("Hello" in line for line in lines)


def test_ellipsis_and_dash_pairs_are_not_split() -> None:
    for width in range(4, 16):
        lines = wrap_text("一二三四五六七……八九十——一二三四五", width)
        for a, b in zip(lines, lines[1:], strict=False):
            assert not (a.endswith("…") and b.startswith("…"))
            assert not (a.endswith("—") and b.startswith("—"))


def test_indents_narrow_the_lines() -> None:
    spans = wrap(ARTICLE, 20, first_indent=4, rest_indent=0)
    first = ARTICLE[spans[0][0] : spans[0][1]]
    assert cell_width(first) <= 16
    assert all(cell_width(ARTICLE[s:e]) <= 20 for s, e in spans[1:])


def test_empty_text_is_one_empty_line() -> None:
    assert wrap("", 10) == [(0, 0)]


def test_a_character_wider_than_the_line_still_advances() -> None:
    assert wrap_text("中文", 1) == ["中", "文"]


CJK_TEXT = st.text(
    alphabet=st.sampled_from(
        list("中文字国务院办公厅关于印发通知。，、；：？！）》」”（《「“ abcXYZ0123…—")
    ),
    min_size=0,
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(CJK_TEXT, st.integers(min_value=2, max_value=60))
def test_wrap_properties(text: str, width: int) -> None:
    spans = wrap(text, width)
    # Nothing is lost or reordered except spaces at breaks.
    joined = "".join(text[s:e] for s, e in spans)
    assert joined.replace(" ", "") == text.replace(" ", "")
    for s, e in spans:
        assert cell_width(text[s:e]) <= width
    # Offsets increase, so highlights map onto lines.
    for (s1, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert s1 <= e1 <= s2


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("中文字国务院办公厅。，、）》”（《“")), max_size=120),
    st.integers(min_value=6, max_value=60),
)
def test_rules_hold_whenever_a_legal_break_exists(text: str, width: int) -> None:
    """Whenever every stretch between two legal break points fits on a line, no line breaks
    the rules (otherwise a forced break is the only way not to overflow)."""
    points = [0, *(i for i in range(1, len(text)) if can_break_before(text, i)), len(text)]
    if any(cell_width(text[a:b]) > width for a, b in zip(points, points[1:], strict=False)):
        return
    lines = wrap_text(text, width)
    for line in lines[1:]:
        assert line[:1] not in NO_START
    for line in lines[:-1]:
        assert line[-1:] not in NO_END


def test_a_document_number_is_never_split_across_lines() -> None:
    """A reader copies 国办发〔2017〕6号 from the screen to cite it: it stays on one line
    whenever it fits one, at every width, in every paragraph of the seeds and real pages that holds one."""
    import re
    from pathlib import Path

    from corpus.pipeline import process_file

    number = re.compile(r"[\u4e00-\u9fff]{1,6}[〔\[［][0-9０-９]{4}[〕\]］]第?[0-9０-９]{1,5}号")
    here = Path(__file__).parent
    files = [*(here.parent / "seeds").glob("*.txt"), *(here / "fixtures/formats").glob("*.md")]
    files += (here / "fixtures/formats").glob("*.html")
    paragraphs = [
        p.text
        for f in sorted(files)
        for d in process_file(f)[1]
        for p in d.paragraphs
        if number.search(p.text)
    ]
    assert len(paragraphs) >= 8
    checked = 0
    for text in paragraphs:
        for width in range(24, 81, 3):
            lines = wrap(text, width, first_indent=4)
            for m in number.finditer(text):
                if cell_width(m[0]) > width - 4:
                    continue
                assert any(s <= m.start() and m.end() <= e for s, e in lines), (m[0], width)
                checked += 1
    assert checked > 150
