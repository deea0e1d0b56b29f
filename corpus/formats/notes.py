"""A law's or rule's 题注 — the bracketed history under its title — read for its fields.

`（1983年12月8日第六届全国人民代表大会常务委员会第三次会议通过　根据…第二次修正）`,
`（2008年5月6日卫生部令第59号公布　根据…修订）`, `(2011年1月4日交通运输部令第1号公布 自2011年3月1日起施行)`,
and, in Markdown copies, the same without brackets (`2022年6月6日 中华人民共和国国家安全部令第2号公布`):
the first event names the body that made it (the 常务委员会, the ministry of the 令, whose
令 number is the 文号) and, where it says 公布/发布, the date it was promulgated; the last event
but a 施行 dates the text as it now reads; `自…起施行` is the date it takes effect.
"""

from __future__ import annotations

import re

from corpus.formats.base import DocMeta

_EVENT = re.compile(
    r"(?P<date>\d{4}年\d{1,2}月\d{1,2}日)[ \u3000]?(?P<what>[^　\s；;，,()（）]*?)"
    r"(?P<verb>通过|公布|发布|修订|修正|批准|施行)"
)
_MEETING = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+届)?(?P<organ>.+?)第[一二三四五六七八九十百零〇\d]+次(?:全体)?会议"
)
_ORDER = re.compile(r"^(?P<organ>.+?)令(?:〔\d{4}〕|\d{4}年)?第?\d+号$")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_DATE_PREFIX = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日[ \u3000]?")
_BRACKETED = re.compile(r"^[（(](?P<inner>.*)[）)]$")
#: An unbracketed 题注: nothing but dated events (a date first, a verb last, no sentence).
_BARE = re.compile(
    r"^\d{4}年\d{1,2}月\d{1,2}日[^。；]{0,300}(?:通过|公布|发布|修订|修正|批准|施行)$"
)
_NATIONAL = "中华人民共和国"
#: `最高人民法院审判委员会`, `最高人民检察院第十四届检察委员会`: the court's or procuratorate's
#: committee adopts; the court or procuratorate issues.
_COMMITTEE = re.compile(r"(?:第[一二三四五六七八九十百零〇\d]+届)?(?:审判|检察)委员会$")
#: Joint adoption: `…第1930次会议、2024年6月27日最高人民检察院…会议通过`.
_NEXT_MEETING = re.compile(r"、(?=\d{4}年\d{1,2}月\d{1,2}日)")


def is_history_note(text: str) -> bool:
    t = text.strip(" \u3000")
    m = _BRACKETED.match(t)
    if m:
        return bool(_EVENT.search(m["inner"]))
    return bool(_BARE.match(t)) and bool(_EVENT.match(t))


def _iso(text: str) -> str:
    m = _DATE.search(text)
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else ""


def read_note(text: str) -> DocMeta:
    """Fields a 题注 gives (issuer, 令 number, date of the current text, promulgation and
    effective dates)."""
    meta = DocMeta()
    events = list(_EVENT.finditer(text))
    if not events:
        return meta
    first = events[0]
    what = first["what"]
    order = _ORDER.match(what)
    if order:
        organ = order["organ"]
        if organ.startswith(_NATIONAL) and len(organ) > len(_NATIONAL) + 1:
            organ = organ[len(_NATIONAL) :]  # 中华人民共和国国家安全部令 is 国家安全部's
        meta.issuers = [organ]
    else:
        for part in _NEXT_MEETING.split(what):
            m = _MEETING.match(_DATE_PREFIX.sub("", part))
            if m:
                organ = _COMMITTEE.sub("", m["organ"]) or m["organ"]
                if organ not in meta.issuers:
                    meta.issuers.append(organ)
    if order:
        meta.doc_number = what[order.start("organ") :].removeprefix(_NATIONAL)
    dated = [ev for ev in events if ev["verb"] != "施行"]
    meta.date = _iso((dated or events)[-1]["date"])
    for ev in events:
        if ev["verb"] in ("公布", "发布"):
            meta.promulgated = _iso(ev["date"])
            break
    for ev in events:
        if ev["verb"] == "施行":
            meta.effective = _iso(ev["date"])
    return meta
