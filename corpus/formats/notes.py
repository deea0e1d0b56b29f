"""A law's or rule's 题注 — the bracketed history under its title — read for its fields.

`（1983年12月8日第六届全国人民代表大会常务委员会第三次会议通过　根据…第二次修正）`,
`（2008年5月6日卫生部令第59号公布　根据…修订）`, `（2025年4月30日第十四届…会议通过）`: the first
event names the body that made it (the 常务委员会, the ministry of the 令) and, where it says
公布/发布, the date it was promulgated; the last event dates the text as it now reads.
"""

from __future__ import annotations

import re

from corpus.formats.base import DocMeta

_EVENT = re.compile(
    r"(?P<date>\d{4}年\d{1,2}月\d{1,2}日)(?P<what>[^　\s；;，,]*?)(?P<verb>通过|公布|发布|修订|修正|批准|施行)"
)
_MEETING = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+届)?(?P<organ>.+?)第[一二三四五六七八九十百零〇\d]+次(?:全体)?会议"
)
_ORDER = re.compile(r"^(?P<organ>.+?)令(?:〔\d{4}〕|\d{4}年)?第\d+号$")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def is_history_note(text: str) -> bool:
    return text.startswith("（") and text.endswith("）") and bool(_EVENT.search(text))


def _iso(text: str) -> str:
    m = _DATE.search(text)
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else ""


def read_note(text: str) -> DocMeta:
    """Fields a 题注 gives (issuer, date of the current text, promulgation date)."""
    meta = DocMeta()
    events = list(_EVENT.finditer(text))
    if not events:
        return meta
    first = events[0]
    what = first["what"]
    m = _MEETING.match(what) or _ORDER.match(what)
    if m:
        meta.issuers = [m["organ"]]
    meta.date = _iso(events[-1]["date"])
    for ev in events:
        if ev["verb"] in ("公布", "发布"):
            meta.promulgated = _iso(ev["date"])
            break
    return meta
