"""The search query language, parsed into terms and filters before any document is read.

    乡村振兴 衔接            every word must occur (AND)
    "巩固拓展脱贫攻坚成果"     the quoted text must occur as written
    -试点                    documents containing 试点 are left out
    section:国务院文件 issuer:办公厅 type:通知 year:2017 date:2021-01..2021-03
    国办发[2017]6号          a 发文字号 in any form finds that document first

Parsing is separate from matching so that a bad query fails with one clear line
(`QueryError`) before any work, and so the browser can show what was understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from corpus import docnumber
from corpus.errors import QueryError
from corpus.fold import clean_query_text, fold

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32

#: Filter names as typed (folded: lower-case) → the field they test.
FILTER_KEYS = {
    "section": "section",
    "栏目": "section",
    "issuer": "issuer",
    "机关": "issuer",
    "发文机关": "issuer",
    "type": "type",
    "kind": "type",
    "文种": "type",
    "类型": "type",
    "year": "year",
    "年份": "year",
    "date": "date",
    "日期": "date",
    "status": "status",
    "时效性": "status",
    "时效": "status",
    "效力": "status",
}
FILTER_HELP = "section: issuer: type: year: date: status:"

# Folding turns ':' into '：', so the colon after a filter name is always the full-width one.
_FILTER_RE = re.compile(
    r"([a-z][a-z0-9_]*|栏目|发文机关|机关|文种|类型|年份|日期|时效性|时效|效力)："
)
_DATE_RE = re.compile(r"(\d{4})(?:(?:年|[-./])(\d{1,2})(?:(?:月|[-./])(\d{1,2})日?)?月?)?年?")
_RANGE_SEP = re.compile(r"\.\.|…|~|～|至")
_NUMBER_TAIL = re.compile(rf"[\d{re.escape(docnumber.OPEN + docnumber.CLOSE)}第号]")


@dataclass(frozen=True)
class Term:
    """Something that must (or, excluded, must not) occur: any one of `alts`, folded."""

    text: str
    alts: tuple[str, ...]
    phrase: bool = False
    number: str = ""  # the canonical 发文字号 when the term is one

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "alts": list(self.alts),
            "phrase": self.phrase,
            "number": self.number,
        }


@dataclass(frozen=True)
class Filter:
    """A test on a document's metadata; `lo`/`hi` are ISO date prefixes ("" = open end)."""

    key: str  # section | issuer | type | year | date
    value: str = ""
    lo: str = ""
    hi: str = ""
    negate: bool = False

    def accepts(self, section: str, issuer: str, kind: str, date: str, status: str = "") -> bool:
        """Whether a document with these (folded) fields passes, ignoring `negate`."""
        if self.key == "status":
            from corpus.status import matches

            return matches(status, self.value)
        if self.key == "section":
            return self.value in section
        if self.key == "issuer":
            return self.value in issuer
        if self.key == "type":
            return self.value in kind
        if not date:
            return False
        if self.lo and date[: len(self.lo)] < self.lo:
            return False
        return not (self.hi and date[: len(self.hi)] > self.hi)


@dataclass
class Query:
    """A parsed query: required terms, excluded terms and metadata filters."""

    raw: str
    terms: list[Term] = field(default_factory=list)
    excludes: list[Term] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)

    def accepts(self, section: str, issuer: str, kind: str, date: str, status: str = "") -> bool:
        """Filters of one key are alternatives (OR); different keys must all hold (AND)."""
        by_key: dict[str, bool] = {}
        for f in self.filters:
            ok = f.accepts(section, issuer, kind, date, status)
            if f.negate:
                if ok:
                    return False
                continue
            by_key[f.key] = by_key.get(f.key, False) or ok
        return all(by_key.values())


def parse_query(text: str) -> Query:
    """Parse `text`; raises QueryError with a one-line message for what cannot be understood."""
    if not isinstance(text, str):
        raise QueryError("the query must be text")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    s = clean_query_text(text)
    query = Query(raw=text)
    words: list[str] = []  # plain positive words, kept in order to spot a spaced-out 文号
    tokens = _tokens(s)
    if len(tokens) > MAX_TERMS:
        raise QueryError(f"too many words and filters ({len(tokens)}; at most {MAX_TERMS})")
    for kind, value, negate in tokens:
        if kind == "filter":
            key, _, val = value.partition("：")
            query.filters.append(_make_filter(key, val, negate))
        elif negate:
            query.excludes.append(_make_term(value, phrase=kind == "phrase"))
        elif kind == "phrase":
            query.terms.append(_make_term(value, phrase=True))
        else:
            words.append(value)
    query.terms[:0] = _words_to_terms(words)
    query.terms = _dedupe(query.terms)
    query.excludes = _dedupe(query.excludes)
    if not (query.terms or query.excludes or query.filters):
        raise QueryError(
            "empty query: type words to find, e.g. 乡村振兴, or a 文号 such as 国办发〔2017〕6号"
        )
    return query


def filter_tokens(text: str) -> list[str]:
    """The filters of a query as typed (key：value), e.g. to carry them into a new query."""
    out = []
    for kind, value, negate in _tokens(clean_query_text(text)):
        if kind == "filter":
            key, _, val = value.partition("：")
            out.append(
                f'{"-" if negate else ""}{key}:"{val}"'
                if " " in val
                else f"{'-' if negate else ''}{key}:{val}"
            )
    return out


def _tokens(s: str) -> list[tuple[str, str, bool]]:
    """(kind, text, negated) for each word, "phrase" or key：value filter in `s`."""
    out: list[tuple[str, str, bool]] = []
    i, n = 0, len(s)
    while i < n:
        if s[i].isspace():
            i += 1
            continue
        negate = s[i] == "-" and i + 1 < n and not s[i + 1].isspace()
        if negate:
            i += 1
        m = _FILTER_RE.match(s, i)
        if m:
            value, i = _read_value(s, m.end(), m.group(1))
            out.append(("filter", f"{m.group(1)}：{value}", negate))
        elif s[i] == '"':
            phrase, i = _read_quoted(s, i)
            if phrase:
                out.append(("phrase", phrase, negate))
        else:
            j = i
            while j < n and not s[j].isspace() and s[j] != '"':
                j += 1
            out.append(("word", s[i:j], negate))
            i = j
    return out


def _read_quoted(s: str, i: int) -> tuple[str, int]:
    """The text between the quote at `i` and the next one, whitespace collapsed."""
    j = s.find('"', i + 1)
    if j < 0:
        raise QueryError('unbalanced quote: close the phrase with a second " (or remove the ")')
    return " ".join(s[i + 1 : j].split()), j + 1


def _read_value(s: str, i: int, key: str) -> tuple[str, int]:
    if i < len(s) and s[i] == '"':
        value, i = _read_quoted(s, i)
    else:
        j = i
        while j < len(s) and not s[j].isspace():
            j += 1
        value, i = s[i:j], j
    if key not in FILTER_KEYS:
        raise QueryError(
            f'unknown filter "{key}:"; filters are {FILTER_HELP} (put text with a colon in quotes)'
        )
    if not value:
        raise QueryError(f"{key}: needs a value, e.g. {_EXAMPLES[FILTER_KEYS[key]]}")
    return value, i


_EXAMPLES = {
    "section": "section:国务院文件",
    "issuer": "issuer:国务院办公厅",
    "type": "type:通知",
    "year": "year:2017 or year:2016..2018",
    "date": "date:2021-03 or date:2021-01..2021-03",
    "status": "status:有效 or status:废止",
}


def _make_filter(key: str, value: str, negate: bool) -> Filter:
    field_ = FILTER_KEYS[key]
    if field_ in ("section", "issuer", "type"):
        return Filter(field_, value=fold(value), negate=negate)
    if field_ == "status":
        from corpus.status import ALIASES, VALUES

        wanted = ALIASES.get(value.lower(), value)
        if not any(wanted in v for v in VALUES):
            raise QueryError(
                f'{key}: cannot read "{value}"; expected one of {" ".join(VALUES)} (or a part: 有效, 废止)'
            )
        return Filter(field_, value=value, negate=negate)
    lo, hi = _parse_range(value, field_, key)
    return Filter(field_, lo=lo, hi=hi, negate=negate)


def _parse_range(value: str, field_: str, key: str) -> tuple[str, str]:
    parts = _RANGE_SEP.split(value, maxsplit=1)
    if field_ == "year" and len(parts) == 1 and re.fullmatch(r"\d{4}-\d{4}", value):
        parts = value.split("-")
    bounds = [_parse_date(p, field_, key) if p else "" for p in parts]
    if len(bounds) == 1:
        if not bounds[0]:
            raise QueryError(f"{key}: needs a value, e.g. {_EXAMPLES[field_]}")
        return bounds[0], bounds[0]
    lo, hi = bounds
    if not (lo or hi):
        raise QueryError(f"{key}: needs at least one end, e.g. {_EXAMPLES[field_]}")
    if lo and hi and lo[: len(hi)] > hi:
        raise QueryError(f"{key}: range runs backwards ({lo} after {hi})")
    return lo, hi


def _parse_date(text: str, field_: str, key: str) -> str:
    m = _DATE_RE.fullmatch(text)
    bad = QueryError(f'{key}: cannot read "{text}"; expected e.g. {_EXAMPLES[field_]}')
    if not m or (field_ == "year" and m.group(2)):
        raise bad
    year, month, day = m.group(1), m.group(2), m.group(3)
    out = year
    if month:
        if not 1 <= int(month) <= 12:
            raise bad
        out += f"-{int(month):02d}"
    if day:
        if not 1 <= int(day) <= 31:
            raise bad
        out += f"-{int(day):02d}"
    return out


def _words_to_terms(words: list[str]) -> list[Term]:
    """Plain words → terms; consecutive words that together spell a 文号 become one term."""
    terms: list[Term] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 6), i + 1, -1):
            if not all(_NUMBER_TAIL.match(w) for w in words[i + 1 : j]):
                continue
            joined = "".join(words[i:j])
            if _is_doc_number(joined):
                terms.append(_make_term(joined, spaced=" ".join(words[i:j])))
                i = j
                break
        else:
            terms.append(_make_term(words[i]))
            i += 1
    return terms


def _is_doc_number(text: str) -> bool:
    return docnumber.parse(text) is not None


def _make_term(text: str, *, phrase: bool = False, spaced: str = "") -> Term:
    """A term; an unquoted 文号 also matches its other bracket styles and is looked up exactly."""
    compact = re.sub(r"\s+", "", text)
    if phrase or not _is_doc_number(compact):  # quoted text must occur as written
        return Term(text=text, alts=(text,), phrase=phrase)
    parsed = docnumber.parse(compact)
    number = parsed.key if parsed else ""
    alts = [text, compact, spaced, *(parsed.forms() if parsed else [])]
    folded = tuple(dict.fromkeys(fold(a) for a in alts if a))
    return Term(text=text, alts=folded, phrase=phrase, number=number)


def _dedupe(terms: list[Term]) -> list[Term]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for t in terms:
        if t.alts not in seen:
            seen.add(t.alts)
            out.append(t)
    return out
