"""A document's head as sources print it, taken off its paragraphs into fields.

Documents open in a few ways: the red masthead of a 公文 (`发展改革委办公厅 税务总局办公厅 文件`),
then the 文号, then the title; or the title (over one to three lines), then the 文号, bare or in
brackets (`（皖政办秘〔2021〕82号）`); or the title alone. A database may print the title
twice. Whatever the order, the head becomes fields and the body starts at what follows
(the addressee, a note, the first sentence).
"""

from __future__ import annotations

import re

from corpus.formats.base import DocMeta
from corpus.formats.fields import split_issuers
from corpus.formats.notes import is_history_note
from corpus.normalize import fold_width
from corpus.reflow import ARTICLE, DATE_LINE, MARKER

NUMBER = re.compile(
    r"^[（(]?\s*(?P<number>[\u4e00-\u9fff]{1,16}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号)\s*[）)]?$"
)
_INNER_NUMBER = (
    r"[\u4e00-\u9fff]{1,16}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号"
)
#: A site's heading for the page: the 文号 before the title (`晋政办发〔2017〕55号 山西省…`), or
#: after it in brackets (`…的通知(岳办发〔2017〕2号)`).
_NUMBERED_TITLE = re.compile(
    rf"^(?:(?P<before>{_INNER_NUMBER})[\s\u3000]+(?P<t1>\S.*)"
    rf"|(?P<t2>.+?)[\s\u3000]*[（(](?P<after>{_INNER_NUMBER})[）)])$"
)
_TERMINAL = re.compile(r"[。；！？：，、;:,][”’）》」]*$")
_NOTE = re.compile(r"^[（(].*[）)]$")
MAX_HEAD = 8


def number_of(text: str) -> str:
    """The 文号 a line consists of (`（皖政办秘〔2021〕82号）` → `皖政办秘〔2021〕82号`), or ""."""
    m = NUMBER.match(fold_width(text.strip(" \u3000")))
    if not m:
        return ""
    return re.sub(
        r"[\[［【(（]", "〔", re.sub(r"[\]］】)）]", "〕", re.sub(r"\s+", "", m["number"]))
    )


def title_like(text: str) -> bool:
    """A head line: no sentence end, no numbered heading, no date, no bracketed note."""
    t = text.strip(" \u3000")
    return (
        0 < len(t) <= 120
        and not _TERMINAL.search(t)
        and not MARKER.match(t)
        and not ARTICLE.match(t)
        and not DATE_LINE.match(t)
        and not _NOTE.match(t)
        and not is_history_note(t)  # `2022年6月6日 …令第2号公布` under a title is its 题注
    )


def _key(text: str) -> str:
    """Compare titles whatever their brackets, widths and spaces."""
    t = fold_width(text)
    t = t.translate(str.maketrans("()[]<>—－–", "（）〔〕〈〉---"))
    return re.sub(r"[\s\u3000\-《》〈〉“”\"'、]", "", t)  # `法院 检察院 关于` = `法院、检察院关于`


def _masthead_issuers(lines: list[str]) -> list[str]:
    """`发展改革委办公厅  文件` / `税务总局办公厅` → both bodies, lead first."""
    out: list[str] = []
    for line in lines:
        line = re.sub(r"[\s\u3000]*文件$", "", line.strip(" \u3000"))
        out.extend(
            split_issuers(re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", line))
            if "  " not in line and "\u3000" not in line
            else split_issuers(line)
        )
    return [x for x in out if x]


def take_head(paras: list[str], known: DocMeta) -> tuple[DocMeta, list[str]]:
    """(fields the head prints, the paragraphs after it).

    Where the source already names the title, only lines that are that title (or a
    repetition of it), the 文号 and a masthead are taken; otherwise the leading title-like
    lines are the title.
    """
    meta = DocMeta()
    head = paras[:MAX_HEAD]
    k = next((i for i, t in enumerate(head) if number_of(t)), -1)
    i = 0
    if k >= 0 and k + 1 < len(paras) and title_like(paras[k + 1]) and k <= 3:
        before = paras[:k]
        masthead = k == 0 or any(re.search(r"文件$", t.strip()) for t in before)
        if masthead or (known.title and not _is_title(before, known.title)):
            meta.issuers = _masthead_issuers(before)
            meta.doc_number = number_of(paras[k])
            i = k + 1
    title_lines: list[str] = []
    repeated = False
    while i < len(paras) and i < MAX_HEAD + 2:
        t = paras[i].strip(" \u3000")
        num = number_of(t)
        if num:
            if meta.doc_number and num != meta.doc_number:
                break
            meta.doc_number = num
            i += 1
            continue
        if not title_like(t):
            break
        nt = _NUMBERED_TITLE.match(fold_width(t))
        if nt and title_like(nt["t1"] or nt["t2"]):
            num = number_of(nt["before"] or nt["after"])
            if meta.doc_number and num != meta.doc_number:
                break
            meta.doc_number = num
            t = nt["t1"] or nt["t2"]
        if known.title:
            so_far = _key("".join(title_lines))
            whole = _key(known.title)
            if _key(t) == whole or (so_far + _key(t) and whole.startswith(so_far + _key(t))):
                title_lines = [] if _key(t) == whole else title_lines + [t]
                i += 1
                continue
            break
        if title_lines and _key(t) == _key("".join(title_lines)):
            title_lines = [t]  # printed twice (a database's spelling, then the document's)
            i += 1
            continue
        if title_lines:
            # the title printed again (a site's heading, then the document's own), over
            # several lines, or under the issuer's name (`山东省济南市人民政府`)
            end = _repeats(paras, i, "".join(title_lines))
            if end < 0 and _ORG_LINE.match(t):
                end = _repeats(paras, i + 1, "".join(title_lines))
                if end > 0 and not meta.issuers:
                    meta.issuers = split_issuers(t)
            if end > 0:
                i, repeated = end, True
                continue
            if repeated:
                break  # printed twice, the title is whole: what follows is the text
        if _BROKEN_NUMBER.match(fold_width(t)) and not meta.doc_number:
            i += 1  # `广安区府办发〔202026`: a 文号 the page mangled is no part of the title
            continue
        if len(title_lines) >= 3 or meta.title:
            break
        title_lines.append(t)
        i += 1
    if title_lines and not known.title:
        nxt = paras[i].strip(" \u3000") if i < len(paras) else ""
        if nxt or meta.doc_number:
            meta.title = "".join(title_lines)
        else:
            i -= len(title_lines)
    return meta, paras[i:]


_ORG_LINE = re.compile(
    r"^[\u4e00-\u9fff]{2,28}(?:人民政府|委员会|办公厅|办公室|政府|部|厅|局|署|委|院|会)$"
)
_BROKEN_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,16}[〔\[［【(（]\d{4}[^号\s]{0,6}$")


def _repeats(paras: list[str], start: int, title: str) -> int:
    """Where the title printed again from `start` (over up to four lines) ends, or -1."""
    whole, acc = _key(title), ""
    for j in range(start, min(start + 4, len(paras))):
        if not title_like(paras[j]):
            return -1
        acc += _key(paras[j])
        if acc == whole:
            return j + 1
        if not whole.startswith(acc):
            return -1
    return -1


def _is_title(lines: list[str], title: str) -> bool:
    return bool(lines) and _key("".join(lines)) == _key(title)
