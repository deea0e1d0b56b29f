"""Stage 2, clean: drop what the PDF's page furniture left in the text, repair the rest.

What goes: blank lines, page numbers (`６`, `—９４—`), running heads
(`国务院公报２０２１１０ … 部门文件`, a lone `上级文件`), vertical margin text (`国` `务` `院` one
per line). What they told us is kept as data: a running head names the gazette, its issue and
the section of the page, and a removed page break is remembered so reflow can join across it.

What is repaired, line by line: letter-spaced words (`重 点 工 作` → `重点工作`), spaces the
extraction put beside punctuation, ASCII punctuation where print had Chinese (`,` `.` `«»` in
one of the seeds: only when the file as a whole uses them), full-width digits and letters
(shown half-width, see `corpus.normalize`), control characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.docnumber import number_line
from corpus.normalize import fold_width, strip_controls


@dataclass
class Line:
    """A cleaned source line and what reflow needs to know about it."""

    no: int  # 1-based line number in the source file
    text: str
    width: float  # printed width in em of the original line (see `em_width`)
    indent: bool = False  # the line kept its first-line indent (`　　`)
    page_start: bool = False  # first line of a PDF page, or right after removed furniture
    spaced: bool = False  # the line was letter-spaced (a display title or signature)
    justified: bool = False  # spread over the full column by spaces between characters


@dataclass
class RunningHead:
    """A running head: which gazette and issue the page belongs to, and its section."""

    line: int
    gazette: str = ""
    year: int | None = None
    number: int | None = None
    section: str = ""


@dataclass
class CleanText:
    lines: list[Line]
    heads: list[RunningHead] = field(default_factory=list)
    ascii_punct: bool = False  # the file's punctuation was repaired from ASCII


# -- widths ----------------------------------------------------------------------------

#: Digits are full-width in the file; measured against full lines of the seeds they print
#: between ½ and 1 em wide.
DIGIT_EM = 0.75


def em_width(text: str) -> float:
    """Printed width of a line in ems: Chinese characters and punctuation 1, Latin letters
    ½, digits `DIGIT_EM` (full-width in the file, narrower in print), extraction spaces 0.

    Reflow compares a line to the column width to tell a paragraph's last line (short) from
    a full one. Print compresses some punctuation, so a full line can measure a little over
    the column; a first line measures about two ems under it (its indent was lost).
    Counted by class rather than character by character (every line of every file is
    measured); the widths are quarters, so the sum is exact in any order.
    """
    s = text.strip(" ")
    ascii_n = len(s.encode("ascii", "ignore"))
    spaces = s.count(" ")
    punct = len(_NARROW_PUNCT.findall(s)) if ascii_n > spaces else 0
    digits = letters = 0
    if ascii_n < len(s) and _FULL_WIDTH_ALNUM.search(s):
        digits = len(_FULL_WIDTH_DIGIT.findall(s))
        letters = len(_FULL_WIDTH_LETTER.findall(s))
    other = len(s) - ascii_n - digits - letters
    return (ascii_n - spaces - punct) * 0.5 + punct + digits * DIGIT_EM + letters * 0.5 + other


_NARROW_PUNCT = re.compile(r"[,.;:?!()]")
_FULL_WIDTH_ALNUM = re.compile("[\uff10-\uff5a]")
_FULL_WIDTH_DIGIT = re.compile("[\uff10-\uff19]")
_FULL_WIDTH_LETTER = re.compile("[\uff21-\uff5a]")


# -- furniture -------------------------------------------------------------------------

_DIGITS = "0-9０-９"
_PAGE_NUMBER = re.compile(rf"^[—\-－–~～\s]*[{_DIGITS}]{{1,4}}[—\-－–~～\s]*$")
_SECTION_WORDS = r"(?:[\u4e00-\u9fff]{1,10}文件|人事任免|政府公报|公告|其他|专载|法规|规章)"
_LONE_SECTION = re.compile(rf"^\s*(?P<section>{_SECTION_WORDS})\s*$")
#: 国务院公报２０２１１０ …… 部门文件 (or the section first, on even pages).
_HEAD = re.compile(
    rf"^\s*(?:(?P<s1>{_SECTION_WORDS})[\s\u3000]+)?"
    rf"(?P<gazette>[\u4e00-\u9fff]{{2,16}}(?:公报|政报))\s*"
    rf"(?P<year>[{_DIGITS}]{{4}})\s*(?:年\s*第?\s*)?(?P<number>[{_DIGITS}]{{1,3}})?\s*期?"
    rf"(?:[\s\u3000]+(?P<s2>{_SECTION_WORDS}))?\s*$"
)
_CJK = re.compile(r"[\u3400-\u9fff]")


def _is_single_cjk(s: str) -> bool:
    s = s.strip(" \u3000")
    return len(s) == 1 and bool(_CJK.match(s))


def _may_be_head(text: str) -> bool:
    """Whether `_HEAD` can match at all: it needs a gazette's name (…公报, …政报), and most
    lines have none, which a substring test tells faster than the pattern."""
    return "公报" in text or "政报" in text


def _running_head(text: str, no: int, *, lone: bool = True) -> RunningHead | None:
    """A running head with the gazette's name, or (with `lone`) a section name alone."""
    m = _HEAD.match(text) if _may_be_head(text) else None
    if m and (m["s1"] or m["s2"] or m["number"]):
        return RunningHead(
            line=no,
            gazette=m["gazette"],
            year=int(fold_width(m["year"])),
            number=int(fold_width(m["number"])) if m["number"] else None,
            section=m["s1"] or m["s2"] or "",
        )
    m = _LONE_SECTION.match(text) if lone else None
    if m and "\u3000" not in text.strip():
        return RunningHead(line=no, section=m["section"])
    return None


# -- letter spacing and spaces ---------------------------------------------------------

_OPENING = "“‘（《〈「『【〔(«‹"
_CLOSING = "”’）》〉」』】〕)»›"
_CJK_PUNCT = set("，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕—…·．,.;:?!()«»‹›")


def _kind(ch: str) -> str:
    if _CJK.match(ch):
        return "han"
    if ch in _CJK_PUNCT:
        return "punct"
    if ch.isascii() and ch.isalnum() or "\uff10" <= ch <= "\uff5a":
        return "alnum"
    return "other"


def _ends_lone(token: str) -> bool:
    """Does the token end in a character that stands alone (`肖`, `：肖`)?"""
    return bool(_CJK.match(token[-1])) and (len(token) == 1 or _kind(token[-2]) == "punct")


def _starts_lone(token: str) -> bool:
    """Does the token start with a character that stands alone (`捷`, `长：`)?"""
    return bool(_CJK.match(token[0])) and (len(token) == 1 or _kind(token[1]) == "punct")


def join_letter_spacing(text: str) -> str:
    """Remove the spaces that letter-spacing and extraction put between characters.

    A single space next to a lone Chinese character is letter-spacing (`总 则`, `卫 妇 发`);
    a single ideographic space between two lone characters pads a name (`李　忠`). A space
    touching punctuation, or between Chinese and a digit, is an extraction artefact. A space
    between two words of several characters (`中共中央 国务院`) is real and stays.
    """
    if " " not in text and "\u3000" not in text:
        return text  # most lines: nothing to join
    # a gap that mixes ideographic and ASCII spaces is an ideographic gap
    text = re.sub(r"[ \u3000]*\u3000[ \u3000]*", lambda m: "\u3000" * m[0].count("\u3000"), text)
    tokens = re.split(r"( +|\u3000+)", text)
    if len(tokens) == 1:
        return text
    # a line with several lone characters is letter-spaced throughout (`卫 妇 发 … 公 布;根 据`)
    spaced_line = sum(1 for t in tokens[::2] if _is_single_cjk(t)) >= 3
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if i % 2 == 0:
            out.append(tok)
            continue
        left, right = tokens[i - 1], tokens[i + 1] if i + 1 < len(tokens) else ""
        if not left or not right:
            out.append(tok)  # leading/trailing: handled by the caller
            continue
        lone_l, lone_r = _is_single_cjk(left), _is_single_cjk(right)
        # `罗　平 省科技厅厅长`: a character padded to its neighbour by an ideographic space
        # ends (or starts) a name; the ASCII space after it separates the name from the post
        lone_l = lone_l and not (i >= 2 and tokens[i - 2][:1] == "\u3000")
        lone_r = lone_r and not (i + 2 < len(tokens) and tokens[i + 2][:1] == "\u3000")
        a, b = _kind(left[-1]), _kind(right[0])
        if tok[0] == "\u3000":
            # `李　忠`, `肖　　捷`, `组　　长：`: padding inside a short name or label; but in
            # `行 长　　易 纲` the gap separates two letter-spaced words
            before = tokens[i - 2] if i >= 2 else ""
            after = tokens[i + 2] if i + 2 < len(tokens) else ""
            padding = (
                _ends_lone(left) and _starts_lone(right) and " " not in (before[:1], after[:1])
            )
            out.append("" if padding else "\u3000")
            continue
        if (
            len(tok) == 1
            and (lone_l or lone_r or spaced_line)
            and a in ("han", "punct")
            and b in ("han", "punct")
        ):
            out.append("")
        elif "punct" in (a, b) and not (a == "alnum" and b == "alnum"):
            out.append("")
        elif {a, b} == {"han", "alnum"}:
            out.append("")
        else:
            out.append(" ")
    return "".join(out)


#: A spaced-out line that is a numbered item or holds a sentence's punctuation was spread
#: to fill the column (justified); display titles and signatures are neither.
_ITEM_OR_SENTENCE = re.compile(
    r"^[0-9０-９]{1,3} ?[．.]|^[（(][一二三四五六七八九十0-9０-９]+[）)]|[，、；。,;]"
)


def _lone_tokens(text: str) -> int:
    """How many single characters stand alone between spaces (letter-spacing or justification)."""
    return sum(1 for p in re.split(r"[ \u3000]+", text.strip(" \u3000")) if _is_single_cjk(p))


def is_letter_spaced(text: str) -> bool:
    """A line whose characters stand one space apart: a display title or a signature."""
    text = text.strip(" \u3000")
    if " " not in text and "\u3000" not in text:
        return False  # one part: nothing stands apart
    parts = [p for p in re.split(r"[ \u3000]+", text) if p]
    lone = sum(1 for p in parts if _is_single_cjk(p))
    rest = sum(len(p) for p in parts if not _is_single_cjk(p))
    return len(parts) >= 2 and lone >= 2 and rest <= 4


# -- punctuation repair ----------------------------------------------------------------

_ASCII_COMMA_AFTER_HAN = re.compile(r"[\u4e00-\u9fff][,.;:]")
_FULL_COMMA_AFTER_HAN = re.compile(r"[\u4e00-\u9fff][，。；：]")


def uses_ascii_punctuation(lines: list[str]) -> bool:
    """True when the extraction left ASCII `,` `.` where print had `，` `。` (whole file)."""
    text = "\n".join(lines)
    ascii_n = len(_ASCII_COMMA_AFTER_HAN.findall(text))
    full_n = len(_FULL_COMMA_AFTER_HAN.findall(text))
    return ascii_n > 20 and ascii_n > 2 * full_n


_SIMPLE = {",": "，", ";": "；", "?": "？", "!": "！", ":": "："}
_DIGIT = re.compile(r"[0-9０-９]")
_STAND_IN = re.compile(r"[,;?!.:]")
_PAREN = re.compile(r"[()]")
#: Each stand-in but the point, where it is not between two digits (`1,000`, `10:30`).
_STAND_INS = [
    (c, re.compile(rf"(?<![0-9０-９]){re.escape(c)}|{re.escape(c)}(?![0-9０-９])"), full)
    for c, full in _SIMPLE.items()
]
#: A point, neither between two digits (`0.3`) nor after a Latin letter (`www.gov.cn`).
_POINT = re.compile(r"(?<![A-Za-z0-9０-９])\.|(?<![A-Za-z])\.(?![0-9０-９])")


def repair_punctuation(text: str) -> str:
    """Restore Chinese punctuation in a line whose file used ASCII stand-ins.

    Decimals, thousands separators and times between digits are left alone (`0.3`, `1,000`,
    `10:30`), as are numbered items, which the seeds print with a full-width `．`. What a
    stand-in becomes is neither a digit nor a letter, as it was not, so each kind can be
    replaced in turn: the neighbours the next one looks at count the same.
    """
    out = text
    if _STAND_IN.search(out):
        for c, pattern, full in _STAND_INS:
            if c in out:
                out = pattern.sub(full, out)
        if "." in out:
            out = _POINT.sub("。", out)
    out = out.replace("«", "《").replace("»", "》").replace("‹", "〈").replace("›", "〉")
    return _repair_parens(out)


def _chinese(ch: str) -> bool:
    """A Chinese character or Chinese punctuation: what makes a bracket Chinese."""
    return bool(ch) and (bool(_CJK.match(ch)) or ch in "，。、；：？！“”‘’《》〈〉（）")


def _repair_parens(text: str) -> str:
    """`(…)` → `（…）` where the bracket touches Chinese text or holds some."""
    if "(" not in text and ")" not in text:
        return text
    chars = list(text)
    stack: list[int] = []
    paired: set[int] = set()
    where = [m.start() for m in _PAREN.finditer(text)]  # only brackets change or decide
    for i in where:
        ch = text[i]
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            paired.update((i, j))
            inner = "".join(chars[j + 1 : i])
            before = chars[j - 1] if j else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if _CJK.search(inner) or _chinese(before) or _chinese(after):
                chars[j], chars[i] = "（", "）"
    # a bracket whose partner is on another line: decide by its neighbours
    for i in where:
        if i in paired:
            continue
        ch = chars[i]
        before = chars[i - 1] if i else ""
        after = chars[i + 1] if i + 1 < len(chars) else ""
        if ch == "(" and (_chinese(before) or _chinese(after) or _DIGIT.match(after or "x")):
            chars[i] = "（"
        elif ch == ")" and (_chinese(before) or _chinese(after)):
            chars[i] = "）"
    return "".join(chars)


_DECIMAL_POINT = re.compile(r"(?<!^)(?<!^\d)(?<!^\d\d)(?<=\d)．(?=\d)")


def normalize_line(text: str, ascii_punct: bool) -> str:
    """All per-line repairs, in the order that keeps each one safe."""
    text = strip_controls(text).replace("\t", " ").replace("\u00a0", " ")
    text = join_letter_spacing(text.strip(" \u3000"))
    if ascii_punct:
        text = repair_punctuation(text)
    text = fold_width(text)
    # a 发文字号 standing alone on its line, in whatever brackets: 国发［2021］12号 → 国发〔2021〕12号
    number = number_line(text)
    if number is not None and not number.series:
        text = number.key  # 国发［2021］12号, （皖政办秘〔2021〕82号） → 国发〔2021〕12号
    # a full-width point between digits is a decimal point (0．3% → 0.3%), except in an
    # item number at the start of a line (20．90吨及以上… is item 20)
    return _DECIMAL_POINT.sub(".", text) if "．" in text else text


# -- the stage -------------------------------------------------------------------------


_DECORATED_PAGE = re.compile(rf"^[—\-－–~～]+\s*[{_DIGITS}]{{1,4}}\s*[—\-－–~～]+$")
_BARE_NUMBER = re.compile(rf"^[{_DIGITS}]{{1,4}}$")
_SENTENCE_END = re.compile(r"[。；！？：;:.!?”’）)》]$")
#: Spaces that indent or pad as the ideographic space does: EM SPACE (web copies indent
#: with `\u2003\u2003`), EN SPACE and FIGURE SPACE.
_WIDE_SPACES = str.maketrans({"\u2003": "\u3000", "\u2002": " ", "\u2007": " "})
_WIDE = re.compile("[\u2003\u2002\u2007]")  # most lines have none: a search is cheaper
#: How close (in non-blank lines) two bare numbers must be to be a column, not page numbers.
_COLUMN_REACH = 10


def _furniture(numbered: list[tuple[int, str]]) -> set[int]:
    """Which bare page numbers and lone section heads are page furniture, by position.

    A decorated page number (`—94—`) always is. A bare number of 1–4 digits is one only at a
    page boundary — beside other furniture, at the file's first or last line, before a line
    the extraction starts with a space (a new page), or cutting a sentence in two — and never
    when another bare number stands near it (a column of a table, a numbered list). A lone
    section name (`上级文件`, `部门文件`) is a running head when it repeats through the file,
    stands beside a page number, or cuts a sentence; a single `四川省人民政府文件` over a
    document's 文号 is that document's masthead and stays.
    """
    texts = [t.strip(" \u3000\t") for _no, t in numbered]
    n = len(texts)
    bare = [i for i, t in enumerate(texts) if _BARE_NUMBER.match(t)]
    lone = [i for i, t in enumerate(texts) if _LONE_SECTION.match(t) and "\u3000" not in t]
    counts: dict[str, int] = {}
    for i in lone:
        counts[texts[i]] = counts.get(texts[i], 0) + 1
    decorated = {i for i, t in enumerate(texts) if _DECORATED_PAGE.match(t)}
    heads = {
        i for i, t in enumerate(texts) if _may_be_head(t) and _HEAD.match(t) and _running_head(t, 0)
    }
    fixed = decorated | heads

    def cuts_sentence(i: int) -> bool:
        prev = texts[i - 1] if i > 0 else ""
        return len(prev) >= 8 and not _SENTENCE_END.search(prev) and not _DATE_ONLY.match(prev)

    def new_page_after(i: int) -> bool:
        return (
            i + 1 < n
            and numbered[i + 1][1].startswith(" ")
            and not numbered[i + 1][1].startswith("  ")
        )

    out: set[int] = set(decorated)
    lone_set = set(lone)
    for k, i in enumerate(bare):  # `bare` is sorted: only its neighbours can be near
        near = [bare[j] for j in (k - 1, k + 1) if 0 <= j < len(bare)]
        if any(abs(j - i) <= _COLUMN_REACH for j in near):
            continue  # a column of numbers
        beside = {i - 1, i + 1} & (fixed | lone_set)
        if beside or i in (0, n - 1) or new_page_after(i) or cuts_sentence(i):
            out.add(i)
    for i in lone:
        beside = {i - 1, i + 1} & (fixed | out)
        next_is_number = i + 1 < n and number_line(texts[i + 1]) is not None
        if counts[texts[i]] >= 2 or beside or (cuts_sentence(i) and not next_is_number):
            out.add(i)
    return out


def _width(text: str, known: dict[str, float]) -> float:
    width = known.get(text)
    return em_width(text) if width is None else width


_DATE_ONLY = re.compile(rf"^[（(]?[{_DIGITS}〇○零一二三四五六七八九十]{{2,4}}年.{{1,6}}日[）)]?$")


def clean(raw_lines: list[str], widths: dict[str, float] | None = None) -> CleanText:
    """Run the clean stage over a file's raw lines. `widths`: `em_width` of lines already
    measured (format detection measures every line of the file): the same text, the same
    width, so it is looked up rather than measured again."""
    known = widths or {}
    raw_lines = [s.translate(_WIDE_SPACES) if _WIDE.search(s) else s for s in raw_lines]
    ascii_punct = uses_ascii_punctuation(raw_lines)
    numbered = [(i + 1, s) for i, s in enumerate(raw_lines) if s.strip(" \u3000\t")]
    furniture = _furniture(numbered)
    heads: list[RunningHead] = []
    lines: list[Line] = []
    pending_break = False
    k = 0
    while k < len(numbered):
        no, raw = numbered[k]
        stripped = raw.strip(" \u3000\t")
        # vertical margin text: three or more lines of one character each
        run = k
        while run < len(numbered) and _is_single_cjk(numbered[run][1]):
            run += 1
        if run - k >= 3:
            k = run
            pending_break = True
            continue
        if k in furniture and not _LONE_SECTION.match(stripped):  # a page number
            pending_break = True
            k += 1
            continue
        head = _running_head(stripped, no, lone=k in furniture)
        if head is not None:
            heads.append(head)
            pending_break = True
            k += 1
            continue
        if " " in stripped or "\u3000" in stripped:
            spaced = is_letter_spaced(stripped) and not _ITEM_OR_SENTENCE.search(stripped)
            justified = not spaced and _lone_tokens(stripped) >= 3
        else:  # one part: nothing stands apart (most lines)
            spaced = justified = False
        lines.append(
            Line(
                no=no,
                text=normalize_line(raw, ascii_punct),
                width=_width(raw.strip(" \u3000"), known)
                if not spaced
                else em_width(stripped.replace(" ", "")),
                indent=raw.startswith("\u3000\u3000") or raw.startswith(" \u3000\u3000"),
                page_start=raw.startswith(" ") or pending_break,
                spaced=spaced,
                justified=justified,
            )
        )
        pending_break = False
        k += 1
    return CleanText(lines=lines, heads=heads, ascii_punct=ascii_punct)
